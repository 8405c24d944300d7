"""Engine benchmark (issue 9): on the same pages, in one run, the pipeline's full run with
WORKERS=1 and WORKERS=2, its no-op rerun, reruns after adding one article and after a codebook
edit, and the floor they are measured against: bare jieba.lcut over the pages' text.

Usage: .venv/bin/python bench/engine.py [--corpus DIR | --generate N] [--quick]

Reads the corpus (default ../shared/corpus-real) and writes only into a temp folder: a copy of
the corpus (files, never links), a snapshot of pipeline/ and config/ (so edits made to the
working tree while the benchmark runs cannot change what it measures), the codebook copy the
runs use, and a fresh OUT per full run. Prints a markdown table to stdout.
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import measure  # noqa: E402

from pipeline.parse.pages import page_files, sidecar_of  # noqa: E402

QUICK_PAGES = 300  # --quick: the first pages of the corpus, sorted
CODEBOOK_EDIT = "# bench edit\n"


def copy_pages(corpus: Path, dest: Path, limit: int | None = None) -> list[Path]:
    """Copy the first `limit` pages (sorted) of `corpus` and their sidecars into `dest`,
    keeping their relative paths; returns the copies."""
    out = []
    for page in page_files(corpus)[:limit]:
        for src in (page, sidecar_of(page)):
            if src.exists():
                target = dest / src.relative_to(corpus)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)
        out.append(dest / page.relative_to(corpus))
    return out


def add_copy(page: Path, corpus: Path, name: str, extra: bytes = b"") -> Path:
    """Copy `page` (and its sidecar) to `corpus`/`name` + its suffix, with `extra` appended."""
    target = corpus / (name + page.suffix)
    target.write_bytes(page.read_bytes() + extra)
    side = sidecar_of(page)
    if side.exists():
        shutil.copyfile(side, sidecar_of(target))
    return target


def snapshot(dest: Path) -> Path:
    """A copy of the project's pipeline/ and config/ to run the pipeline from."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("pipeline", "config"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    return dest


def git_state() -> str:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head


def pipeline_cmd(corpus: Path, out: Path, codebook: Path, workers: int, engine: str = "local") -> list[str]:
    return [sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--out", str(out),
            "--codebook", str(codebook), "--workers", str(workers), "--engine", engine]


def fmt(x: float, digits: int = 1) -> str:
    return f"{x:.{digits}f}"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"


def table(floor: tuple[float, float, int, float], runs: dict[str, measure.Measured]) -> str:
    """The markdown table: one row per run, then the headline ratios."""
    cpu_floor, wall_floor, _, floor_other = floor
    full = runs["WORKERS=1 full run"]
    rows = ["| run | wall s | CPU s | CPU / jieba CPU | wall / WORKERS=1 full wall | peak RSS MB (largest process) "
            "| peak RSS MB (process tree, sampled) | stages run: " + "/".join(measure.STAGES) + " "
            "| other processes' CPU s meanwhile |",
            "|---|---:|---:|---:|---:|---:|---:|---|---:|",
            f"| jieba.lcut floor (in-process) | {fmt(wall_floor)} | {fmt(cpu_floor)} | 1.00 | - | - | - | - "
            f"| {fmt(floor_other)} |"]
    for name, m in runs.items():
        rows.append(f"| {name} | {fmt(m.wall)} | {fmt(m.cpu)} | {ratio(m.cpu, cpu_floor)} | {ratio(m.wall, full.wall)}"
                    f" | {m.rss_mb:.0f} | {m.tree_mb:.0f} | {measure.stage_work(m.log)} | {fmt(m.other_cpu)} |")
    w2 = runs["WORKERS=2 full run"]
    headline = [
        ("WORKERS=1 CPU / jieba CPU", ratio(full.cpu, cpu_floor)),
        ("WORKERS=1 wall / jieba CPU", ratio(full.wall, cpu_floor)),
        ("WORKERS=2 CPU / jieba CPU", ratio(w2.cpu, cpu_floor)),
        ("WORKERS=1 wall / WORKERS=2 wall", ratio(full.wall, w2.wall)),
        ("WORKERS=2 tree RSS / WORKERS=1 tree RSS", ratio(w2.tree_mb, full.tree_mb)),
    ] + [(f"{name} / full run (wall)", ratio(m.wall, full.wall)) for name, m in runs.items() if "rerun" in name]
    rows += ["", "| ratio | value |", "|---|---:|"] + [f"| {k} | {v} |" for k, v in headline]
    return "\n".join(rows)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus-real",
                   help="pages to measure on (default ../shared/corpus-real); with --generate, the sentence source")
    p.add_argument("--generate", type=int, metavar="N", help="measure on N articles generated by bench/generate.py")
    p.add_argument("--chars", type=int, default=500, help="with --generate: characters per article (default 500)")
    p.add_argument("--seed", type=int, default=0, help="with --generate: random seed (default 0)")
    p.add_argument("--dask", action="store_true", help="also a full run with ENGINE=dask on a 2-worker LocalCluster")
    p.add_argument("--quick", action="store_true", help=f"only the first {QUICK_PAGES} pages (sorted), a fast check")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    args = parse_args(argv)
    if not args.corpus.is_dir():
        print(f"engine bench: corpus folder {args.corpus} not found", file=sys.stderr)
        return 2
    limit = QUICK_PAGES if args.quick else None
    exe = os.path.relpath(sys.executable)
    command = shlex.join([sys.executable if exe.startswith("..") else exe, *sys.argv])
    started = datetime.datetime.now().astimezone()

    def note(msg: str) -> None:
        print(f"engine bench: {msg}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="sansan-bench-") as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus"
        if args.generate:
            n = min(args.generate, limit or args.generate)
            generate.write_corpus(args.corpus, corpus, n=n, chars=args.chars, seed=args.seed)
            pages = page_files(corpus)
            what = f"{n} articles generated from {args.corpus} (--chars {args.chars} --seed {args.seed})"
        else:
            pages = copy_pages(args.corpus, corpus, limit)
            what = f"{args.corpus}" + (f" (first {limit} pages)" if limit else "")
        texts = [generate.decode(p.read_bytes()) for p in pages]
        snap = snapshot(tmp / "project")
        codebook = tmp / "codebook.toml"
        shutil.copyfile(snap / "config" / "codebook.toml", codebook)
        env = {**os.environ, "PYTHONPATH": str(snap), "PYTHONDONTWRITEBYTECODE": "1"}
        note(f"{len(pages)} pages, {sum(map(len, texts))} characters; jieba floor ...")
        floor = measure.jieba_floor(texts)
        runs: dict[str, measure.Measured] = {}

        def step(name: str, out: str, workers: int = 1, engine: str = "local") -> None:
            note(f"{name} ...")
            runs[name] = m = measure.run_child(pipeline_cmd(corpus, tmp / out, codebook, workers, engine), cwd=snap, env=env)
            note(f"{name}: {m.wall:.1f} s wall, {m.cpu:.1f} s CPU, {measure.stage_work(m.log)}")

        try:
            step("WORKERS=1 full run", "out1")
            step("WORKERS=2 full run", "out2", workers=2)
            if args.dask:
                step("ENGINE=dask full run (LocalCluster of 2 workers)", "outd", workers=2, engine="dask")
            step("no-op rerun (WORKERS=1 OUT)", "out1")
            add_copy(pages[0], corpus, "zz_bench_added")
            step("rerun +1 article (byte-identical copy of a page, new name)", "out1")
            add_copy(pages[0], corpus, "zz_bench_changed", extra=b"\n")
            step("rerun +1 article (copy of a page + one newline)", "out1")
            with codebook.open("a", encoding="utf-8") as f:
                f.write(CODEBOOK_EDIT)
            step("rerun after codebook edit (comment line appended)", "out1")
            step("no-op rerun after all edits", "out1")
        except measure.ChildFailed as exc:
            print(f"engine bench: a pipeline run failed: {exc}", file=sys.stderr)
            return 1

    cpu_floor, _, tokens, _ = floor
    chars = sum(map(len, texts))
    print(f"# Engine benchmark\n\ncommand: `{command}`  ")
    finished = datetime.datetime.now().astimezone()
    print(f"date: {started.isoformat(timespec='seconds')} to {finished.isoformat(timespec='seconds')}  ")
    print(f"code: {git_state()} (pipeline/ and config/ snapshotted at start); Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs  ")
    print(f"corpus: {what}: {len(pages)} pages, {chars} characters; jieba.lcut: {tokens} tokens, "
          f"{chars / cpu_floor / 1000:.0f}k characters per CPU second  ")
    print(f"pipeline runs: `{shlex.join(pipeline_cmd(Path('CORPUS'), Path('OUT'), Path('CODEBOOK'), 1))}` "
          "(WORKERS=2: `--workers 2`), from the snapshot, into a fresh OUT per full run; reruns reuse "
          "the WORKERS=1 OUT\n")
    print(table(floor, runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
