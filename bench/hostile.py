"""Benchmark (not a test): how one hostile page's cost grows with its size (issue 10). Each
input is made at size n and 2n and run through every per-article stage in process
(engine.work.process: parse, segment, figures, initiatives, features, cells); the ratio
t(2n) / t(n) is about 2 when the work is linear and about 4 when it is quadratic. The
baseline in the same run is jieba's cut of the same text. Usage: .venv/bin/python bench/hostile.py [--n N]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline import cli  # noqa: E402
from pipeline.engine.tasks import STAGES, Task  # noqa: E402
from pipeline.engine.work import Tools, process  # noqa: E402
from pipeline.text.segment import tokens  # noqa: E402

SENTENCE = "全区共有学校605所，其中党员教师1.5万余人次参加了培训"  # one sentence of seed-like prose


def inputs(n: int) -> dict[str, tuple[str, bytes]]:
    """name -> (file name, page bytes) of size about n (characters or elements)."""
    return {
        "digits": ("d.txt", ("标题\n" + "1" * n + "个。\n").encode()),
        "chinese numerals": ("c.txt", ("标题\n" + "一" * n + "个。\n").encode()),
        "nested divs": ("n.html", ("<html><body>" + "<div>" * n + "<p>正文共有3个。</p>" + "</div>" * n
                                   + "</body></html>").encode()),
        "long dump (many sections)": ("l.txt", ("标题\n" + "".join(f"{i + 1}. 第{i + 1}项工作\n{SENTENCE}。\n"
                                                                   for i in range(n // 40))).encode()),
        "one sentence, many figures": ("f.txt", ("标题\n" + "，".join(f"{i}个班级" for i in range(n // 6)) + "。\n").encode()),
        "long title": ("t.txt", ("学" * n + "\n" + SENTENCE + "。\n" + SENTENCE + "，共3个。\n").encode()),
    }


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=20_000, help="the smaller size (default 20000)")
    args = ap.parse_args(argv)
    tools = Tools(cli.settings(argparse.Namespace(codebook=str(ROOT / "config" / "codebook.toml"),
                                                  corpus=str(ROOT / "corpus"))))
    print(f"| input | t(n) s | t(2n) s | t(2n)/t(n) | jieba t(2n)/t(n) | errors |\n|---|---:|---:|---:|---:|---|")
    small, large = inputs(args.n), inputs(2 * args.n)
    for name in small:
        times, base, errs = [], [], []
        for rel, raw in (small[name], large[name]):
            task = Task(rel, STAGES, raw, b"", {})
            result = {}
            times.append(timed(lambda: result.update(process(task, tools))))
            text = raw.decode("utf-8")
            base.append(timed(lambda: tokens(tools.tokenizer, text)))
            errs.append(result.get("error", [""])[-1][:40])
        print(f"| {name} | {times[0]:.2f} | {times[1]:.2f} | {times[1] / max(times[0], 1e-6):.1f} | "
              f"{base[1] / max(base[0], 1e-6):.1f} | {' / '.join(e for e in errs if e)} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
