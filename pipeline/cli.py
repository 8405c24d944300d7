"""Command line: one subcommand per stage; the only place that prints and configures logging."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from . import config as C
from . import storage

log = logging.getLogger("pipeline")


def _manifest(args) -> int:
    """Write OUT/corpus.tsv (page, sidecar and their sha256) only when the corpus changed."""
    from .parse.files import page_digest, page_files, sidecar_bytes
    from .storage import write_if_changed

    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"sansan: corpus folder {corpus} does not exist", file=sys.stderr)
        return 2
    lines = []
    for path in page_files(corpus):
        try:
            digest = page_digest(path.read_bytes(), sidecar_bytes(path))
        except OSError as exc:  # the run gives the page its error row
            digest = f"unreadable: {exc.strerror}"
        lines.append(f"{path.relative_to(corpus).as_posix()}\t{digest}\n")
    labels = corpus / "labels.csv"  # the analyst's labels decide cells: a change reruns the tables
    if labels.is_file():
        lines.append(f"labels.csv\t{page_digest(labels.read_bytes(), b'')}\n")
    changed = write_if_changed(Path(args.out) / "corpus.tsv", "".join(lines).encode("utf-8"))
    if changed:
        log.info("manifest: %d pages in %s (changed)", len(lines), corpus)
    return 0


def settings(args):
    from .engine.tasks import Settings

    labels = Path(args.corpus) / "labels.csv"
    return Settings(userdict=str(C.USERDICT), stoplist=str(C.STOPLIST), codebook=str(args.codebook),
                    figure_model=str(C.FIGURE_MODEL), initiative_model=str(C.INITIATIVE_MODEL), models=str(C.MODELS),
                    labels=str(labels) if labels.exists() else "")


def _run(args, until: str | None = None, tables: bool = True) -> int:
    """The per-article stages (cached per page), the cell decisions, then the tables."""
    from .engine import runner

    if not Path(args.corpus).is_dir():
        print(f"sansan: corpus folder {args.corpus} does not exist", file=sys.stderr)
        return 2
    C.load_codebook(Path(args.codebook))  # a bad codebook is a one-line message, before any work
    summary = runner.run(Path(args.corpus), Path(args.out), settings=settings(args),
                         workers=args.workers, engine=args.engine,
                         scheduler=args.scheduler or None, until=until)
    if summary.up_to_date:
        log.info("run: %d articles, everything up to date in %s", summary.articles, args.out)
    else:
        log.info("run: %s", summary.line())
    if summary.errors:
        print(f"sansan: {summary.errors} page(s) could not be parsed; see {args.out}/errors.csv", file=sys.stderr)
    if summary.warnings:
        print(f"sansan: {summary.warnings} problem(s) in pages that were kept; see {args.out}/errors.csv", file=sys.stderr)
    if summary.articles == 0 and summary.errors:
        print("sansan: no article could be processed", file=sys.stderr)
        return 1
    if summary.articles == 0:
        log.warning("the corpus %s holds no page (*.html, *.htm, *.txt): the tables will be empty", args.corpus)
    if tables and until is None and (not summary.up_to_date or not (Path(args.out) / "report.html").exists()):
        return _tables(args)
    return 0


def _classify(args) -> int:
    """The per-article stages and the cell decisions (cells.jsonl), without the tables."""
    return _run(args, tables=False)


def _stage(name: str):
    def step(args) -> int:
        return _run(args, until=name)
    step.__doc__ = f"the per-article stages up to {name} (cached per page)"
    return step


def _tables(args) -> int:
    from .report import tables

    done = tables.run(Path(args.out), codebook=C.load_codebook(Path(args.codebook)), workers=args.workers)
    out, c = Path(args.out), done["counts"]
    lines = [f"sansan: {c['articles']:,} articles, {c['figures']:,} figures, {done['distinct_initiatives']:,} distinct "
             f"initiatives ({c['initiatives']:,} mentions), {c['errors']:,} error rows",
             f"sansan: tables in {out}/ (articles.csv, figures.csv, initiatives.csv, matrix.csv, sansan.xlsx ...)",
             f"sansan: report: {out / 'report.html'}"]
    if done["new"] is not None:
        n = done["new"]
        lines.append(f"sansan: new since the last run: {n['articles']:,} articles, {n['figures']:,} figures, "
                     f"{n['initiatives']:,} initiatives" if n["articles"] else "sansan: no new articles since the last run")
    if not getattr(args, "quiet", False):
        print("\n".join(lines), file=sys.stderr)
    return 0


def _score(args) -> int:
    """Score OUT's tables against the gold of the articles in OUT (in-sample where the models
    were trained on that gold: for regressions of parsing and metadata, not for accuracy)."""
    from .evaluate import score as evaluate

    gold = Path(args.gold)
    if not gold.is_dir():
        print(f"sansan: gold folder {gold} not found; nothing to score", file=sys.stderr)
        return 0
    print(evaluate.format_table(evaluate.run(Path(args.out), gold_dir=gold)))
    return 0


def _evaluate(args) -> int:
    """Article-grouped cross-validation over every gold article: scores per source group."""
    from .evaluate import cv

    gold = Path(args.gold)
    if not gold.is_dir():
        print(f"sansan: gold folder {gold} not found; nothing to evaluate", file=sys.stderr)
        return 0
    report = cv.run(gold, Path(args.out), codebook=C.load_codebook(Path(args.codebook)))
    print(cv.format_report(report))
    return 0


def _pin(args) -> int:
    """Raise the floors in tests/floors.json to the scores of the last `evaluate` in OUT."""
    from .evaluate import cv, gate

    measured = cv.read_measured(Path(args.out))
    if not measured:
        print(f"sansan: no evaluation.csv in {args.out}; run `make evaluate` first", file=sys.stderr)
        return 2
    try:
        floors = gate.repin(measured, gate.read_floors())
    except gate.FloorError as exc:
        print(f"sansan: refusing to lower a floor: {exc}", file=sys.stderr)
        return 1
    gate.write_floors(floors)
    print(f"sansan: {len(floors)} floors in {gate.FLOORS}")
    return 0


def _models(args) -> int:
    """Train the decision models on every gold article and write them to config/models/."""
    from .evaluate import cv

    for path in cv.train_models(Path(args.gold), codebook=C.load_codebook(Path(args.codebook))):
        print(f"sansan: wrote {path}")
    return 0


def _fetch(args, rest: list[str]) -> int:
    from .fetch import crawl as fetch

    return fetch.main(rest)


def _all(args) -> int:
    """Every stage in order: the manifest, the per-article stages, cells and the tables."""
    return _manifest(args) or _run(args)


STEPS = {
    "manifest": _manifest, "run": _run, "parse": _stage("parse"), "segment": _stage("segment"),
    "figures": _stage("figures"), "initiatives": _stage("initiatives"), "classify": _classify,
    "tables": _tables, "evaluate": _evaluate,
    "score": _score, "pin": _pin, "models": _models,
    "all": _all,
}


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("sansan")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sansan", description=__doc__)
    p.add_argument("--version", action="version", version=f"sansan {version()}")
    p.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    p.add_argument("-v", "--verbose", action="store_true", help="also debug messages")
    sub = p.add_subparsers(dest="command", required=True)
    for name, fn in STEPS.items():
        sp = sub.add_parser(name, help=(fn.__doc__ or name).splitlines()[0])
        sp.add_argument("--corpus", default="corpus", help="folder of pages (default: corpus)")
        sp.add_argument("--out", default="outputs", help="output folder (default: outputs)")
        sp.add_argument("--codebook", default=str(C.CODEBOOK), help="framework codebook (TOML)")
        sp.add_argument("--gold", default=str(C.ROOT.parent / "shared" / "gold"), help="gold folder")
        sp.add_argument("--workers", type=int, default=1, help="processes for the per-article stages (default 1)")
        sp.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local processes, or Dask (LocalCluster, or DASK_SCHEDULER's cluster)")
        sp.add_argument("--scheduler", default=os.environ.get("DASK_SCHEDULER", ""),
                        help="host:port of a running Dask scheduler (default: $DASK_SCHEDULER)")
        sp.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="only warnings and errors")
        sp.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="also debug messages")
        sp.set_defaults(func=fn)
    # fetch takes the fetcher's own options (python -m pipeline fetch --help lists them).
    sub.add_parser("fetch", help="fetch new pages from config/sources.toml into the corpus", add_help=False)
    return p


# OpenBLAS threads (numpy's and scipy's) spin on the other core between the many small fits and
# dot products sansan makes: `make evaluate` took 48 s with them and 25 s without (2 cores,
# identical evaluation.csv). Read when numpy loads, so set before any stage imports it; an
# explicit setting in the environment wins.
BLAS_THREADS = "1"


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", BLAS_THREADS)
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["fetch"]:
        logging.basicConfig(level=logging.WARNING, format="sansan: %(message)s", stream=sys.stderr)
        return _fetch(None, argv[1:])
    args = build_parser().parse_args(argv)
    level = logging.WARNING if args.quiet else logging.DEBUG if args.verbose else logging.INFO
    logging.basicConfig(level=level, format="sansan: %(message)s", stream=sys.stderr)
    logging.getLogger().setLevel(level)  # also when logging was set up before (a second call in one process)
    try:
        if getattr(args, "out", None):
            with storage.locked(Path(args.out)):  # one run at a time on an output folder
                return args.func(args)
        return args.func(args)
    except C.ConfigError as exc:
        print(f"sansan: configuration error: {exc}", file=sys.stderr)
        return 2
    except storage.Busy as exc:
        print(f"sansan: {exc}", file=sys.stderr)
        return 2
    except PermissionError as exc:
        print(f"sansan: cannot write {exc.filename or args.out}: permission denied; choose another OUT "
              "or make it writable", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("sansan: interrupted; rerun to resume", file=sys.stderr)
        return 130
