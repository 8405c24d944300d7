"""What the run sends to a worker: the stage names, the worker's settings and one article's task."""
from __future__ import annotations

from dataclasses import dataclass

# The per-article stages in the order they run; each reads the outputs of those before it.
STAGES = ("parse", "segment", "figures", "initiatives", "features", "cells")


@dataclass(frozen=True)
class Settings:
    """What a worker needs to build its tools: plain paths, so it pickles to any process."""

    userdict: str
    stoplist: str
    codebook: str
    figure_model: str
    initiative_model: str
    models: str  # folder of the stored cell models
    labels: str = ""  # the analyst's labels.csv ("" when there is none)


@dataclass(frozen=True)
class Task:
    """One article's work: its page (when parse must run) and the cached outputs the stages to
    run read. `need` lists the stages to compute."""

    rel: str
    need: tuple[str, ...]
    raw: bytes | None = None
    meta_raw: bytes | None = None
    inputs: dict | None = None  # stage -> its cached output as codec bytes
