"""One article through the per-article stages (parse, segment, figures, initiatives, features):
page bytes or cached stage outputs in, the missing stage outputs out (JSON-able dicts); pure
apart from the per-process tools it loads once."""
from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

from ..classify import cell_model
from ..classify.cells import CorpusView
from ..classify.labels import load_labels
from ..config import load_codebook
from ..extract import figure_model, initiatives
from ..extract.figures import extract as extract_figures
from ..extract.figures import quoted_numeral_names
from ..learn import LinearModel
from ..parse import dedupe
from ..parse.outline import find_sections
from ..parse.pages import PageError, check_meta, parse_page, read_meta, sidecar_of
from ..records import Article, Figure, Initiative, Section, Sentence, from_dict, to_dict
from ..text import segment
from . import codec
from .tasks import STAGES, Settings, Task

log = logging.getLogger(__name__)

class Tools:
    """The tokenizer, tagger, models and lists one process loads once (never the global jieba)."""

    def __init__(self, settings: Settings):
        import jieba.posseg

        self.tokenizer, self.curated = segment.curated_tokenizer(Path(settings.userdict))
        self.tagger = jieba.posseg.POSTokenizer(self.tokenizer)
        self.tagger.makesure_userdict_loaded()  # moves the curated tags into the tagger now
        self.figure_model = figure_model.load_model(Path(settings.figure_model))
        path = Path(settings.initiative_model)
        self.initiative_model = LinearModel.load(path) if path.exists() else None
        self.stoplist = initiatives.load_stoplist(settings.stoplist)
        self.codebook = load_codebook(Path(settings.codebook))
        self.cell_models = cell_model.load(Path(settings.models))
        self.labels, _ = load_labels(Path(settings.labels) if settings.labels else None, self.codebook)


_TOOLS: dict[Settings, Tools] = {}


def tools_for(settings: Settings) -> Tools:
    """This process's tools for `settings`, loaded on first use (a worker's initializer, or the
    first task a Dask worker runs)."""
    if settings not in _TOOLS:
        _TOOLS[settings] = Tools(settings)
    return _TOOLS[settings]


def run_tasks(tasks: list[Task], settings: Settings) -> list[dict]:
    """Results of a batch of tasks, in order (what every engine calls in its workers)."""
    tools = tools_for(settings)
    return [_encoded(process(t, tools)) for t in tasks]


def _encoded(new: dict) -> dict:
    """Outputs as codec bytes (encoded here, in the worker, not in the process that collects)."""
    return {s: v if s == "error" else codec.encode(s, v) for s, v in new.items()}


def process(task: Task, tools: Tools) -> dict:
    """The outputs of the stages in `task.need` for one article, by stage name. A stage that
    fails gives {"error": [stage, reason]} and the stages after it do not run. The task's
    inputs are codec bytes."""
    have = {s: codec.decode(s, b) for s, b in (task.inputs or {}).items()}
    new: dict = {}
    stage = "parse"
    try:
        if "parse" in task.need:
            new["parse"] = have["parse"] = _parse(task)
        if "error" in have["parse"]:
            return new
        art = from_dict(Article, have["parse"]["article"])
        body = have["parse"]["body"]
        sections = [from_dict(Section, s) for s in have["parse"]["sections"]]
        names = [n for n in segment.quoted_names([body]) if n not in tools.curated]
        with segment.article_words(tools.tokenizer, names, tagger=tools.tagger):
            for stage in STAGES[1:]:
                if stage in task.need:
                    new[stage] = have[stage] = STEPS[stage](tools, art, body, sections, have)
    except Exception as exc:  # one article never stops the run: its error is a row
        log.debug("%s: %s failed", task.rel, stage, exc_info=True)
        new["error"] = [stage, f"{type(exc).__name__}: {exc}"]
    return new


def _parse(task: Task) -> dict:
    try:
        side = sidecar_of(Path(task.rel))
        meta, warnings = check_meta(read_meta(side, task.meta_raw or b""), side)
        art, body = parse_page(task.raw or b"", rel=task.rel, meta=meta)
    except PageError as exc:
        return {"error": str(exc)}
    return {"article": to_dict(art), "body": body, "sections": [to_dict(s) for s in find_sections(art.article_id, body)],
            "signature": dedupe.signature(body, art.title).to_dict(), "warnings": warnings}


def sentences_of(have: dict) -> list[Sentence]:
    return [Sentence(**{**s, "tokens": tuple(s["tokens"])}) for s in have["segment"]["sentences"]]


def _segment(tools: Tools, art: Article, body: str, sections, have: dict) -> dict:
    tokenize = partial(segment.tokens, tools.tokenizer)
    return {"sentences": [to_dict(s) for s in segment.sentences(art.article_id, body, sections, tokenize=tokenize)]}


def _figures(tools: Tools, art: Article, body: str, sections, have: dict) -> dict:
    sents = sentences_of(have)
    names = quoted_numeral_names(s.text for s in sents)
    decide = partial(figure_model.keep, tools.figure_model)
    return {"figures": [to_dict(f) for s in sents for f in extract_figures(s, tagger=tools.tagger, names=names, decide=decide)]}


def _initiatives(tools: Tools, art: Article, body: str, sections, have: dict) -> dict:
    found = [initiatives.extract(s, model=tools.initiative_model, is_heading=s.heading, stoplist=tools.stoplist)
             for s in sentences_of(have)]
    return {"initiatives": [to_dict(i) for rows in found for i in rows]}


def view_of(art: Article, body: str, sections, have: dict) -> CorpusView:
    """The one-article CorpusView the cell decision reads."""
    return CorpusView({art.article_id: art}, {art.article_id: list(sections)}, sentences_of(have),
                      {art.article_id: body}, items(have, "figures"), items(have, "initiatives"))


def items(have: dict, kind: str) -> list:
    cls = Figure if kind == "figures" else Initiative
    return [from_dict(cls, d) for d in have[kind][kind]]


def _features(tools: Tools, art: Article, body: str, sections, have: dict) -> dict:
    view = view_of(art, body, sections, have)
    tokenize = segment.memoized(partial(segment.tokens, tools.tokenizer), ((s.text, s.tokens) for s in view.sentences))
    rows = [[kind, cell_model.item_features(view, kind, it, tokenize, tools.codebook)]
            for kind, its in (("figure", view.figures), ("initiative", view.initiatives)) for it in its]
    return {"features": rows}


def _cells(tools: Tools, art: Article, body: str, sections, have: dict) -> dict:
    from .decide import article_cells

    return {"cells": article_cells(art, body, sections, have, codebook=tools.codebook, models=tools.cell_models,
                                   labels=tools.labels)}


STEPS = {"segment": _segment, "figures": _figures, "initiatives": _initiatives, "features": _features,
         "cells": _cells}
