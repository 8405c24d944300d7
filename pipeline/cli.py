"""Command line: one subcommand per stage; the only place that prints and configures logging."""
from __future__ import annotations

import argparse
import hashlib
import logging
import sys
from pathlib import Path

from . import config as C

log = logging.getLogger("pipeline")


def _manifest(args) -> int:
    """Write OUT/corpus.tsv (page, sidecar and their sha256) only when the corpus changed."""
    from .parse.pages import page_files, sidecar_of
    from .storage import write_if_changed

    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(f"sansan: corpus folder {corpus} does not exist", file=sys.stderr)
        return 2
    lines = []
    for path in page_files(corpus):
        side = sidecar_of(path)
        digest = hashlib.sha256(path.read_bytes() + (side.read_bytes() if side.exists() else b"")).hexdigest()
        lines.append(f"{path.relative_to(corpus).as_posix()}\t{digest}\n")
    changed = write_if_changed(Path(args.out) / "corpus.tsv", "".join(lines).encode("utf-8"))
    if changed:
        log.info("manifest: %d pages in %s (changed)", len(lines), corpus)
    return 0


def _parse(args) -> int:
    from .parse import pages as parse

    n = parse.run(Path(args.corpus), Path(args.out))
    errors = _count_lines(Path(args.out) / "errors" / "parse.jsonl")
    if errors:
        print(f"sansan: {errors} page(s) could not be parsed; see {args.out}/errors.csv", file=sys.stderr)
    if n == 0 and errors:
        print("sansan: no article could be processed", file=sys.stderr)
        return 1
    return 0


def _count_lines(path: Path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()) if path.exists() else 0


def _segment(args) -> int:
    from .text import segment

    segment.run(Path(args.out), userdict=C.USERDICT)
    return 0


def _figures(args) -> int:
    from .extract import figures

    figures.run(Path(args.out))
    return 0


def _initiatives(args) -> int:
    from .extract import initiatives

    initiatives.run(Path(args.out), stoplist_path=C.STOPLIST)
    return 0


def _classify(args) -> int:
    from .classify import cells as classify

    classify.run(Path(args.out), codebook=C.load_codebook(Path(args.codebook)),
                 labels_path=Path(args.corpus) / "labels.csv")
    return 0


def _tables(args) -> int:
    from .report import tables

    tables.run(Path(args.out), codebook=C.load_codebook(Path(args.codebook)))
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
    """Every stage in order (what `make all` does, without make's change tracking)."""
    for step in (_manifest, _parse, _segment, _figures, _initiatives, _classify, _tables):
        code = step(args)
        if code:
            return code
    return 0


STEPS = {
    "manifest": _manifest, "parse": _parse, "segment": _segment, "figures": _figures,
    "initiatives": _initiatives, "classify": _classify, "tables": _tables, "evaluate": _evaluate,
    "score": _score, "pin": _pin, "models": _models,
    "all": _all,
}


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sansan", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    for name, fn in STEPS.items():
        sp = sub.add_parser(name, help=(fn.__doc__ or name).splitlines()[0])
        sp.add_argument("--corpus", default="corpus", help="folder of pages (default: corpus)")
        sp.add_argument("--out", default="outputs", help="output folder (default: outputs)")
        sp.add_argument("--codebook", default=str(C.CODEBOOK), help="framework codebook (TOML)")
        sp.add_argument("--gold", default=str(C.ROOT.parent / "shared" / "gold"), help="gold folder")
        sp.set_defaults(func=fn)
    # fetch takes the fetcher's own options (python -m pipeline fetch --help lists them).
    sub.add_parser("fetch", help="fetch new pages from config/sources.toml into the corpus", add_help=False)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["fetch"]:
        logging.basicConfig(level=logging.WARNING, format="sansan: %(message)s", stream=sys.stderr)
        return _fetch(None, argv[1:])
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="sansan: %(message)s", stream=sys.stderr)
    try:
        return args.func(args)
    except C.ConfigError as exc:
        print(f"sansan: configuration error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("sansan: interrupted; rerun to resume", file=sys.stderr)
        return 130
