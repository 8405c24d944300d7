"""Runs the Makefile on a folder, for the end-to-end tests (not a test module)."""
from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import ROOT


def make(*targets: str, corpus: Path, out: Path, **variables: str) -> subprocess.CompletedProcess:
    cmd = ["make", "--no-print-directory", "-C", str(ROOT), *targets, f"CORPUS={corpus}", f"OUT={out}"]
    cmd += [f"{k}={v}" for k, v in variables.items()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def stages_run(result: subprocess.CompletedProcess) -> list[str]:
    """Names of the pipeline stages whose recipes ran (from make's echo of each command)."""
    out = []
    for line in result.stdout.splitlines():
        if " -m pipeline " in line:
            out.append(line.split(" -m pipeline ", 1)[1].split()[0])
    return out
