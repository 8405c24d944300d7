"""Fetch stage: bureau sites named in config/sources.toml to corpus pages kept exactly as fetched.

Entry point: `run(sources, corpus)` (and `main(argv)` for the command line)."""
from .crawl import main, run

__all__ = ["main", "run"]
