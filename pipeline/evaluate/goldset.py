"""Gold folder + the corpora it annotates to parsed, segmented gold articles (in memory), for
training the decision models and for article-grouped cross-validation."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..parse.outline import find_sections
from ..records import Article, Section, Sentence

log = logging.getLogger(__name__)

# The annotated corpora next to the gold folder (../shared/README.md), and the group name of
# the gold files that name none (SPEC §6: `group` is optional).
CORPORA = ("corpus-seed", "corpus-dev", "corpus-dev2")
DEFAULT_GROUP = {"corpus-seed": "seed", "corpus-dev": "dev"}


@dataclass(frozen=True)
class GoldArticle:
    """One annotated article as the pipeline sees it, with its gold annotation."""

    gold: dict
    group: str
    article: Article
    text: str
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]

    @property
    def article_id(self) -> str:
        return self.article.article_id


def default_corpora(gold_dir: Path) -> list[Path]:
    """The annotated corpora that sit next to `gold_dir` (those that exist)."""
    return [p for name in CORPORA if (p := Path(gold_dir).parent / name).is_dir()]


def read_gold(gold_dir: Path) -> dict[str, dict]:
    """Gold annotations by the file name they annotate."""
    out = {}
    for path in sorted(Path(gold_dir).glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        out[Path(gold["file"]).name] = gold
    return out


@dataclass(frozen=True)
class GoldSet:
    articles: tuple[GoldArticle, ...]
    missing: tuple[tuple[dict, str, str], ...]  # (gold, group, why) of pages that did not parse
    tokenizer: object = field(default=None, compare=False, repr=False)  # curated words only
    names: dict = field(default_factory=dict, compare=False, repr=False)  # article id -> its quoted names

    def tokenize(self, text: str) -> list[str]:
        from ..text.segment import tokens

        return tokens(self.tokenizer, text)

    def words(self, article_id: str, *, tagger=None):
        """The article's own quoted names kept whole within the block, as the pipeline keeps
        them for that article alone (engine.work, segment.article_words)."""
        from ..text.segment import article_words

        return article_words(self.tokenizer, self.names.get(article_id, ()), tagger=tagger)


def load(gold_dir: Path, corpora: list[Path] | None = None) -> GoldSet:
    """Parse and segment every page of `corpora` that a gold file annotates, in process, with
    the same functions as the parse and segment stages. A page that fails to parse is logged
    and kept in `missing`: its gold items count as misses."""
    from ..config import USERDICT
    from ..parse.pages import (
        PageError,
        check_meta,
        page_files,
        parse_page,
        read_meta,
        sidecar_bytes,
        sidecar_of,
    )
    from ..text.segment import curated_tokenizer, quoted_names, sentences

    golds = read_gold(gold_dir)
    pages, missing = [], []
    for corpus in corpora if corpora is not None else default_corpora(gold_dir):
        for path in page_files(corpus):
            gold = golds.get(path.name)
            if gold is None:
                continue
            side = sidecar_of(path)
            group = gold.get("group") or DEFAULT_GROUP.get(Path(corpus).name, Path(corpus).name)
            try:
                meta, _ = check_meta(read_meta(side, sidecar_bytes(path)), side)
                art, body = parse_page(path.read_bytes(), rel=path.name, meta=meta)
            except (PageError, OSError) as exc:
                log.warning("gold page %s not parsed: %s", path, exc)
                missing.append((gold, group, str(exc)))
                continue
            pages.append((gold, group, art, body))
    tokenizer, curated = curated_tokenizer(USERDICT)
    names = {art.article_id: tuple(n for n in quoted_names([body]) if n not in curated) for _, _, art, body in pages}
    gs = GoldSet((), tuple(missing), tokenizer, names)
    out = []
    for gold, group, art, body in pages:
        secs = tuple(find_sections(art.article_id, body))
        with gs.words(art.article_id):
            sents = tuple(sentences(art.article_id, body, secs, tokenize=gs.tokenize))
        out.append(GoldArticle(gold, group, art, body, secs, sents))
    return replace(gs, articles=tuple(out))
