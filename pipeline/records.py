"""Typed records passed between stages; each carries its article id and a character span."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Article:
    """One parsed page. `text` is stored separately in texts/<article_id>.txt."""

    article_id: str
    file: str  # path relative to the corpus folder
    sha256: str  # of the page's bytes as read
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601 date or date-time
    author: str | None = None
    source: str | None = None  # 来源
    site: str | None = None
    original_url: str | None = None  # 原文链接
    chars: int = 0
    duplicate_of: str | None = None
    framework: str | None = None  # the N×N framework the article states (“三个三”, “五大工程”)
    format: str = "text"  # "text" (page dump) or "html"


@dataclass(frozen=True)
class Section:
    """A heading or numbered item of the article's own outline; [start, end) is its extent."""

    article_id: str
    code: str  # e.g. "2", "2.1" (outline position), stable within an article
    level: int
    heading: str
    parent: str | None
    marker: str  # the numbering as written: 一是, 二、, （三）, 1., or "" for unnumbered headings
    start: int
    end: int
    heading_end: int  # end of the heading text itself (start..heading_end)


@dataclass(frozen=True)
class Sentence:
    article_id: str
    index: int
    start: int
    end: int
    text: str
    section: str | None  # code of the innermost section it stands in
    tokens: tuple[str, ...] = ()  # jieba words (user dictionary applied)
    heading: bool = False  # the sentence is the heading of a section


@dataclass(frozen=True)
class Figure:
    article_id: str
    text: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str
    counted: str
    sentence: str
    start: int
    end: int
    section: str | None
    claim: str
    item_id: str = ""  # stable: article id, "f", span (item_id()); joins figures to their cells



@dataclass(frozen=True)
class Initiative:
    article_id: str
    name: str
    kind: str
    mention: str
    sentence: str
    start: int
    end: int
    section: str | None
    item_id: str = ""  # stable: article id, "i", span (item_id()); joins initiatives to their cells


@dataclass(frozen=True)
class Cell:
    """The framework cell given to one figure or initiative (by `kind` and `start`)."""

    article_id: str
    item: str  # "figure" or "initiative"
    start: int
    end: int
    cell: str  # codebook code or "none"
    cell_source: str  # structure | label | rule | classifier
    confidence: float
    suggested: str = ""  # the classifier's best cell (also when below the threshold)
    runner_up: str = ""  # its second choice, for review
    item_id: str = ""  # the figure's or initiative's item_id


def item_id(article_id: str, kind: str, start: int, end: int) -> str:
    """The id of a figure ("f") or initiative ("i") mention: stable across runs and engines,
    unique within an article (one item per kind and span)."""
    return f"{article_id}:{kind[0]}{start}-{end}"


@dataclass(frozen=True)
class ErrorRow:
    file: str
    stage: str
    error: str


def to_dict(record: Any) -> dict[str, Any]:
    """The record's fields as a dict (shallow: records hold only scalars and tuples of str, so
    this is what dataclasses.asdict gives without its deep copy, a tenth of a run's time)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Build `cls` from a dict, ignoring keys the record does not have."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})
