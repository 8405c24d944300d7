"""Reads a corpus folder's pages (.txt, .html); writes N .txt articles recombined from their sentences to OUT/NNN/."""
from __future__ import annotations

import argparse
import random
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from pipeline.parse.pages import page_files

# Lines shorter than this (characters) are titles, dates, bylines or menus, not body text.
MIN_LINE_CHARS = 15
# Sentences shorter than this after splitting are fragments (一、, 图为…) and are dropped.
MIN_SENTENCE_CHARS = 6
# Titles longer than this are not titles (a dump whose first line is already prose).
MAX_TITLE_CHARS = 60
# Generated articles per subfolder, so 100,000 articles never sit in one folder.
PER_FOLDER = 1000
# Sentences per paragraph (one line of the dump) of a generated article.
PARAGRAPH = (1, 4)

# After 。！？ (and the closing quote or bracket that follows one), not inside a run of them.
_SENTENCE_END = re.compile(r"(?<=[。！？])(?![”’」』）)。！？])|(?<=[。！？][”’」』）)])")
_STRIP = " \t\r\u3000\u00a0\ufeff"


class _TextOf(HTMLParser):
    """Visible text of an HTML page, one line per block; script and style left out."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "td"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The visible text of an HTML page (crude: every block element breaks a line)."""
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def decode(raw: bytes) -> str:
    """UTF-8 text of a page (BOM dropped; GB18030 when it is not UTF-8, as older sites are)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def page_text(name: str, raw: bytes) -> str:
    """A page's text: the dump itself, or the visible text of an HTML page."""
    text = decode(raw)
    return text if name.lower().endswith(".txt") else html_text(text)


def clean_lines(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [x.strip(_STRIP) for x in lines if x.strip(_STRIP)]


def title_of(text: str) -> str | None:
    """The first non-blank line of a page, when it is short enough for a title."""
    lines = clean_lines(text)
    return lines[0] if lines and len(lines[0]) <= MAX_TITLE_CHARS else None


def body_sentences(text: str) -> list[str]:
    """Sentences of a page's body: its lines after the first (the title), long lines only,
    split after 。！？; the short pieces left over are dropped."""
    out = []
    for line in clean_lines(text)[1:]:
        if len(line) < MIN_LINE_CHARS:
            continue
        out.extend(s for s in (p.strip(_STRIP) for p in _SENTENCE_END.split(line)) if len(s) >= MIN_SENTENCE_CHARS)
    return out


def pools(texts: list[str]) -> tuple[list[str], list[str]]:
    """(titles, sentences) of a list of page texts, each without repeats, in first-seen order
    (a footer repeated on every page of a site counts once)."""
    titles = dict.fromkeys(t for t in map(title_of, texts) if t)
    sentences = dict.fromkeys(s for text in texts for s in body_sentences(text))
    return list(titles), list(sentences)


def compose(rng: random.Random, titles: list[str], sentences: list[str], chars: int) -> str:
    """One article: a title line, a blank line, then random sentences, in paragraphs of a few,
    until the body holds at least `chars` characters."""
    drawn, size = [], 0
    while size < chars:
        drawn.append(rng.choice(sentences))
        size += len(drawn[-1])
    paragraphs = []
    while drawn:
        k = rng.randint(*PARAGRAPH)
        paragraphs.append("".join(drawn[:k]))
        drawn = drawn[k:]
    return f"{rng.choice(titles)}\n\n" + "\n".join(paragraphs) + "\n"


def article_path(i: int, per_folder: int = PER_FOLDER) -> str:
    """Relative path of the i-th generated article: 000/gen_000000.txt, 001/gen_001000.txt, ..."""
    return f"{i // per_folder:03d}/gen_{i:06d}.txt"


def generate(titles: list[str], sentences: list[str], *, n: int, chars: int, seed: int):
    """(relative path, text) of `n` articles; the same arguments always give the same articles."""
    rng = random.Random(seed)
    for i in range(n):
        yield article_path(i), compose(rng, titles, sentences, chars)


def load_pools(source: Path) -> tuple[list[str], list[str]]:
    return pools([page_text(p.name, p.read_bytes()) for p in page_files(source)])


def write_corpus(source: Path, out: Path, *, n: int, chars: int, seed: int) -> tuple[int, int]:
    """Generate `n` articles from `source` into `out`; returns (articles, characters) written."""
    titles, sentences = load_pools(source)
    if not titles or not sentences:
        raise ValueError(f"no titles or body sentences found in {source}")
    total = 0
    for rel, text in generate(titles, sentences, n=n, chars=chars, seed=seed):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        total += len(text)
    return n, total


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--source", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus-real",
                   help="corpus folder whose sentences are recombined (default: ../shared/corpus-real)")
    p.add_argument("--out", type=Path, required=True, help="folder to write the articles into")
    p.add_argument("--n", type=int, default=1000, help="articles to write (default 1000)")
    p.add_argument("--chars", type=int, default=500, help="body characters per article, about (default 500)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.source.is_dir():
        print(f"generate: source folder {args.source} not found", file=sys.stderr)
        return 2
    n, total = write_corpus(args.source, args.out, n=args.n, chars=args.chars, seed=args.seed)
    print(f"generate: {n} articles, {total} characters from {args.source} into {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
