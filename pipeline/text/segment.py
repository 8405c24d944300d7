"""Article texts to sentences and jieba tokens (own Tokenizer, domain user dictionary)."""
from __future__ import annotations

import functools
import heapq
import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

import jieba

from ..records import Sentence
from . import resources as R
from .quotes import quote_spans

log = logging.getLogger(__name__)
jieba.setLogLevel(logging.WARNING)

# Names added to the tokenizer get this frequency: high enough that jieba keeps them whole
# against its own dictionary (双创双/高), low enough not to swallow neighbouring words.
USER_WORD_FREQ = 20000
# Quoted names longer than this are phrases, not words; adding them gains nothing.
MAX_USER_WORD_CHARS = 12
# Config this module's stage reads (the curated user dictionary, config.USERDICT); in the stage fingerprint (engine.fingerprint).
READS = ('config/userdict.txt',)



def split_sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence: ends at 。！？ outside quotes/titles, and at every newline.

    A closing quote or bracket right after the end mark belongs to the sentence. Leading and
    trailing whitespace is left out of the span.
    """
    spans: list[tuple[int, int]] = []
    start, i, n = 0, 0, len(text)
    quotes = quote_spans(text)
    # Characters inside quotes/titles cannot end a sentence.
    inside = bytearray(n)
    for q in quotes:
        for k in range(q.inner_start, q.inner_end):
            inside[k] = 1
    while i < n:
        ch = text[i]
        if ch == "\n":
            _add(spans, text, start, i)
            start = i + 1
        elif ch in R.SENTENCE_END and not inside[i]:
            j = i + 1
            while j < n and (text[j] in R.SENTENCE_END or text[j] in R.CLOSERS):
                j += 1
            _add(spans, text, start, j)
            start = i = j
            continue
        i += 1
    _add(spans, text, start, n)
    return spans


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start] in " \t\u3000\u00a0":
        start += 1
    while end > start and text[end - 1] in " \t\u3000\u00a0":
        end -= 1
    if end > start:
        spans.append((start, end))


def load_userdict(path: Path) -> list[tuple[str, str | None]]:
    """(word, tag) pairs of a jieba-style user dictionary: `word [tag]` per line, # comments."""
    words = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        parts = line.split(" #", 1)[0].split()
        if parts and not parts[0].startswith("#"):
            words.append((parts[0], parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None))
    return words


def quoted_names(texts: Iterable[str]) -> list[str]:
    """Short quoted or titled names in `texts`, for the tokenizer (sorted, unique)."""
    names = set()
    for text in texts:
        for q in quote_spans(text):
            name = text[q.inner_start : q.inner_end].strip()
            if 2 <= len(name) <= MAX_USER_WORD_CHARS and not R.SPEECH_PUNCT_RE.search(name) and " " not in name:
                names.add(name)
    return sorted(names)


def make_tokenizer(words: Iterable[tuple[str, str | None]] = ()) -> jieba.Tokenizer:
    """A fresh jieba.Tokenizer (never the global one) with (word, tag) pairs added whole."""
    tok = jieba.Tokenizer()
    tok.initialize()
    for word, tag in words:
        tok.add_word(word, freq=USER_WORD_FREQ, tag=tag)
    return tok


def curated_tokenizer(userdict: Path) -> tuple[jieba.Tokenizer, frozenset[str]]:
    """A fresh tokenizer with the curated user dictionary (untagged words as nouns), and the
    curated words, which an article's own names never override (article_words)."""
    words = load_userdict(userdict)
    return make_tokenizer([(w, t or "n") for w, t in words]), frozenset(w for w, _ in words)


_MISSING = object()


@contextmanager
def article_words(tok: jieba.Tokenizer, names: Iterable[str], *, tagger=None):
    """Within the block, `tok` (and the POS `tagger` built on it) keeps `names` whole as proper
    nouns (nz), as add_word would; afterwards both are exactly as before, so what one article
    quotes never changes how another is cut, whatever order or process they run in."""
    tok.check_initialized()
    freq, tags, total = {}, {}, tok.total
    table = tagger.word_tag_tab if tagger is not None else tok.user_word_tag_tab
    try:
        for name in names:
            for k in range(1, len(name) + 1):
                freq.setdefault(name[:k], tok.FREQ.get(name[:k], _MISSING))
            tags.setdefault(name, table.get(name, _MISSING))
            old = tok.FREQ.get(name, 0)
            tok.FREQ[name] = USER_WORD_FREQ
            tok.total += USER_WORD_FREQ - old if old else USER_WORD_FREQ
            for k in range(1, len(name)):
                tok.FREQ.setdefault(name[:k], 0)
            table[name] = "nz"
        yield tok
    finally:
        for key, value in freq.items():
            if value is _MISSING:
                tok.FREQ.pop(key, None)
            else:
                tok.FREQ[key] = value
        for key, value in tags.items():
            if value is _MISSING:
                table.pop(key, None)
            else:
                table[key] = value
        tok.total = total


def sentences(article_id: str, text: str, sections, *, tokenize=None) -> list[Sentence]:
    """Sentences of one article, each tagged with the innermost section it starts in, whether it
    is a section's heading, and (given `tokenize`) its tokens."""
    out = []
    spans = split_sentences(text)
    codes, headings = section_codes(sections, [s for s, _ in spans]), heading_starts(sections)
    for idx, (start, end) in enumerate(spans):
        sent = text[start:end]
        heading = any(end <= s.heading_end + 1 for s in headings.get(start, ()))
        out.append(Sentence(article_id, idx, start, end, sent, codes[idx],
                            tuple(tokenize(sent)) if tokenize else (), heading))
    return out


def section_codes(sections, offsets: list[int]) -> list[str | None]:
    """The code of the innermost section holding each offset (ascending offsets; the deepest
    level wins, then the earlier section): a sweep that keeps only the sections open at the
    offset, so a long outline costs its length, not its length times the sentences."""
    order = sorted(range(len(sections)), key=lambda i: sections[i].start)
    open_: set[int] = set()
    ends: list[tuple[int, int]] = []
    k, out = 0, []
    for offset in offsets:
        while k < len(order) and sections[order[k]].start <= offset:
            i = order[k]
            heapq.heappush(ends, (sections[i].end, i))
            open_.add(i)
            k += 1
        while ends and ends[0][0] <= offset:
            open_.discard(heapq.heappop(ends)[1])
        best = min(open_, key=lambda i: (-sections[i].level, i)) if open_ else None
        out.append(sections[best].code if best is not None else None)
    return out


def heading_starts(sections) -> dict[int, list]:
    """Sections by the offset their heading starts at."""
    out: dict[int, list] = {}
    for s in sections:
        out.setdefault(s.start, []).append(s)
    return out


def remember_last(fn):
    """`fn`, keeping its result for the last first argument it was given (by identity; the other
    arguments must follow from it). For values asked once per candidate of one sentence: the
    sentence's spans, offsets and bisect lists are made once, not once per candidate (issue
    10: 2,000 figures in one sentence). The argument must not change: a frozen record, or a
    list nobody edits."""
    last: list = [_NOTHING, None]

    @functools.wraps(fn)
    def wrapper(first, *rest):
        if last[0] is not first:
            last[:] = [first, fn(first, *rest)]  # holding `first` keeps its id from being reused
        return last[1]
    return wrapper


_NOTHING = object()


def spans_of(text: str, toks: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, token) of `toks` found in order in `text` (whitespace tokens dropped)."""
    out, pos = [], 0
    for tok in toks:
        at = text.find(tok, pos)
        if at >= 0 and tok.strip():
            out.append((at, at + len(tok), tok))
            pos = at + len(tok)
    return out


@remember_last
def token_spans(sentence: Sentence) -> list[tuple[int, int, str]]:
    """(start, end, token) of a sentence's jieba tokens in its text (the segmenter drops
    whitespace, so offsets are found, not summed); made once per sentence."""
    return spans_of(sentence.text, sentence.tokens)


@remember_last
def span_index(spans: list) -> tuple[list[int], list[int]]:
    """(ends, starts) of (start, end, token) spans, for bisect; made once per span list."""
    return [e for _, e, _ in spans], [s for s, _, _ in spans]


def tokens(tokenizer: jieba.Tokenizer, text: str) -> list[str]:
    return [w for w in tokenizer.lcut(text) if w.strip()]


def memoized(tokenize, known: Iterable[tuple[str, Iterable[str]]] = ()):
    """`tokenize` remembering what it cut (seeded with `known` (text, tokens) pairs, e.g. an
    article's sentences), for texts that recur: a title or heading read with every item."""
    seen = {text: list(toks) for text, toks in known}

    def cut(text: str) -> list[str]:
        if text not in seen:
            seen[text] = tokenize(text)
        return seen[text]
    return cut
