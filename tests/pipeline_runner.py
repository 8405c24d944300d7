"""Runs the Makefile on a folder, for the end-to-end tests (not a test module)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from conftest import ROOT


def make(*targets: str, corpus: Path, out: Path, **variables: str) -> subprocess.CompletedProcess:
    cmd = ["make", "--no-print-directory", "-C", str(ROOT), *targets, f"CORPUS={corpus}", f"OUT={out}"]
    cmd += [f"{k}={v}" for k, v in variables.items()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


RUN_LINE = re.compile(r"sansan: run: .*?; (.*)$", re.M)
# The engine's per-article stage names as the make targets call them.
TARGET = {"features": "classify", "cells": "classify"}


def stages_run(result: subprocess.CompletedProcess) -> list[str]:
    """Names of the stages that did work, in pipeline order: the per-article stages that ran for
    at least one article (from the engine's `run:` line), after fetch when make called it, classify when cells were decided, and
    tables when they were written."""
    ran = ["fetch"] if " -m pipeline fetch" in result.stdout else []
    for m in RUN_LINE.finditer(result.stderr):
        for part in m.group(1).split(", "):
            stage, counts = part.split(" ", 1)
            if int(counts.split(" run/")[0]) > 0 and TARGET.get(stage, stage) not in ran:
                ran.append(TARGET.get(stage, stage))
    if "sansan: classify:" in result.stderr and "classify" not in ran:
        ran.append("classify")
    if "sansan: tables:" in result.stderr:
        ran.append("tables")
    return ran
