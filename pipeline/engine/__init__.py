"""The stage engine: runs the per-article stages over a corpus with a per-article cache keyed by
page bytes and import-closure fingerprints, in one process, N processes or on Dask.

Entry point: `runner.run(corpus, out, settings=...)` (what `sansan run` and `make all` call)."""
