"""Reposts: reads parsed articles and their body texts, returns which article repeats which (article_id -> original's article_id); no I/O."""
from __future__ import annotations

import math
import unicodedata
from collections import Counter, defaultdict
from typing import Iterable
from urllib.parse import urlsplit

from ..records import Article

# Characters per shingle. Measured on the 18 dev articles (../shared/corpus-dev, none a repost of
# another) plus the seed: the largest pairwise similarity is 0.19 at k=3, 0.12 at k=4, 0.092 at k=5,
# 0.068 at k=6 (short k-grams are shared phrases of the topic: 党史学习教育, 立德树人 ...). 5 keeps
# same-topic articles far apart while one edited character spoils only 5 shingles of a repost.
K = 5
# Two bodies are the same article when this share of the smaller one's shingles is in the other.
# Our choice, from measurements at K=5: unrelated same-topic dev articles reach 0.092; the seed
# with chrome lines added scores 1.0, a 78% excerpt of it with other chrome lines 0.97, and a copy
# with one character in ten replaced at random still 0.55. 0.5 sits well clear of both sides.
THRESHOLD = 0.5
# Bodies with fewer shingles than this (about 55 characters, two short sentences) are too short to
# judge by overlap: templated notices that differ in one number share most of their shingles. They
# are grouped only when their normalised texts are identical. Our choice; the shortest dev article
# has 253 shingles.
MIN_SHINGLES = 50
# A body less than half the size of the other (in shingles) is a brief inside a digest, not a
# repost: marking either as the duplicate would drop the other's own figures. Our choice; an 80%
# excerpt (the case issue 5 names) passes easily.
MIN_SIZE_RATIO = 0.5
# Unicode general categories removed before shingling: punctuation, symbols, separators (spaces)
# and control/format characters, so reposts that re-punctuate or re-space still match.
_DROP_CATEGORIES = frozenset("PSZC")


class _Dropped(dict):
    """str.translate table built as characters come: None for a character of _DROP_CATEGORIES."""

    def __missing__(self, code: int) -> int | None:
        keep = unicodedata.category(chr(code))[0] not in _DROP_CATEGORIES
        self[code] = code if keep else None
        return self[code]


_DROP_TABLE = _Dropped()


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII), then only letters, digits and CJK remain."""
    return unicodedata.normalize("NFKC", text).translate(_DROP_TABLE)


def shingles(text: str, *, k: int = K) -> set[str]:
    """The set of k-character substrings of `text` with whitespace and punctuation removed."""
    return _shingle_set(normalise(text), k)


def similarity(a: set, b: set) -> float:
    """Containment: the share of the smaller set found in the larger (0.0 for an empty set).

    Chosen over Jaccard because Jaccard falls with every line the copies do not share: an 80%
    excerpt scores at most 0.8 and less again with a repost's own chrome lines, while containment
    keeps such an excerpt near 1.0. Its weakness, a short text inside a long one, is held off by
    MIN_SHINGLES and MIN_SIZE_RATIO in find_duplicates.
    """
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small)


def same_article(a: set, b: set) -> bool:
    """Whether two bodies of at least MIN_SHINGLES shingles each are one article (shingle sets)."""
    if min(len(a), len(b)) < MIN_SHINGLES:
        return False
    if min(len(a), len(b)) < MIN_SIZE_RATIO * max(len(a), len(b)):
        return False
    return similarity(a, b) >= THRESHOLD


def candidate_pairs(sets: list[set]) -> set[tuple[int, int]]:
    """Index pairs (i < j) that may be `same_article`; every pair that is one lies among them.

    Prefix filtering (Chaudhuri et al. 2006; Bayardo et al. 2007, "All-pairs"): order shingles
    rarest first across the corpus. If |A & B| >= THRESHOLD * |A| with |A| <= |B|, A has at most
    |A| - ceil(THRESHOLD * |A|) shingles outside B, so any |A| - ceil(THRESHOLD * |A|) + 1 of A's
    shingles include one of B, whatever their order. Probing A's rarest ones in an inverted index
    reads short posting lists (shingles found once in the corpus need no probe at all), so on real
    articles the work grows with the corpus, not with its square.
    """
    seen: set = set()
    repeated: set = set()  # shingles of two sets or more: the only ones that can link two
    for s in sets:
        repeated |= s & seen
        seen |= s
    del seen
    shared = [s & repeated if len(s) >= MIN_SHINGLES else set() for s in sets]
    df: Counter = Counter()
    for s in shared:
        df.update(s)
    prefixes: list[list] = []
    probed: set = set()
    for s, common in zip(sets, shared):
        if len(s) < MIN_SHINGLES:
            prefixes.append([])
            continue
        # ceil, nudged down so a float just above an integer cannot shorten the prefix
        size = len(s) - math.ceil(THRESHOLD * len(s) - 1e-9) + 1
        # Rarest first, ties by the shingle itself (any fixed order works). Shingles seen once in
        # the corpus head the order and match nothing, so only the rest of the prefix is probed.
        size -= len(s) - len(common)
        prefix = sorted(sorted(common), key=df.__getitem__)[:size] if size > 0 else []
        prefixes.append(prefix)
        probed.update(prefix)
    postings: dict = defaultdict(list)
    for j, common in enumerate(shared):  # a probed shingle is a repeated one: in `shared` if at all
        for x in common & probed:
            postings[x].append(j)
    pairs: set[tuple[int, int]] = set()
    for i, prefix in enumerate(prefixes):
        n = len(sets[i])
        for x in prefix:
            for j in postings[x]:
                if j != i and n <= len(sets[j]) and n >= MIN_SIZE_RATIO * len(sets[j]):
                    pairs.add((i, j) if i < j else (j, i))
    return pairs


def normalise_url(url: str | None) -> str | None:
    """URL without scheme, fragment, default port and trailing slash, host in lower case."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if not parts.netloc:
        parts = urlsplit("//" + url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/")
    return host + path + (f"?{parts.query}" if parts.query else "")


def host_of(url: str | None) -> str | None:
    norm = normalise_url(url)
    return norm.split("/", 1)[0].split(":", 1)[0] if norm else None


def _self_published(a: Article) -> bool:
    """No 原文链接, or one on its own host, or a 来源 that is the site itself."""
    if not a.original_url:
        return True
    if a.url and host_of(a.url) == host_of(a.original_url):
        return True
    return bool(a.source and a.site and a.source.strip() == a.site.strip())


def original_order(group: Iterable[Article]) -> list[Article]:
    """Members of one group of copies, the most likely original first (see find_duplicates)."""
    group = list(group)
    cited = Counter(normalise_url(a.original_url) for a in group if a.original_url)
    cited_hosts = Counter(host_of(a.original_url) for a in group if a.original_url)

    def rank(a: Article) -> int:
        own = normalise_url(a.original_url) if a.original_url else None
        own_host = host_of(a.original_url) if a.original_url else None
        url, host = normalise_url(a.url), host_of(a.url)
        if url and cited[url] > (own == url):  # another member's 原文链接 is this page
            return 0
        if host and cited_hosts[host] > (own_host == host):  # ... or is on this page's host
            return 1
        return 2 if _self_published(a) else 3

    return sorted(group, key=lambda a: (rank(a), a.published is None, a.published or "", a.article_id))


def find_duplicates(articles: list[Article], texts: dict[str, str]) -> dict[str, str]:
    """article_id -> article_id of the original, for every article whose body repeats another's.

    Two bodies are one article when `same_article` says so; bodies too short to judge by overlap
    (under MIN_SHINGLES) must be identical after `normalise`, and so must their titles. Copies form
    groups (linked pairs). In each group the original is, in this order of preference: an article
    whose url is another's original_url (same URL up to scheme and trailing slash); one on the host
    of another's original_url; one with no original_url pointing elsewhere (or whose source is its
    own site); the earliest published; the smallest article_id. Each other member is marked a copy
    of the most preferred original it matches directly, so in a chain A~B~C where A and C do not
    match, A and C both stay. Articles without an entry in `texts` are left out.
    """
    arts = [a for a in articles if a.article_id in texts]
    norms = [normalise(texts[a.article_id]) for a in arts]
    sets = [_shingle_set(n) for n in norms]
    linked: set[tuple[int, int]] = set()
    short: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, n in enumerate(norms):
        if n and len(sets[i]) < MIN_SHINGLES:
            short[(n, normalise(arts[i].title or ""))].append(i)
    for same in short.values():
        linked.update((i, j) for x, i in enumerate(same) for j in same[x + 1:])
    linked.update(p for p in candidate_pairs(sets) if same_article(sets[p[0]], sets[p[1]]))

    parent = list(range(len(arts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in sorted(linked):
        ri, rj = root(i), root(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(arts)):
        groups[root(i)].append(i)
    index = {a.article_id: i for i, a in enumerate(arts)}
    out: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        leaders: list[int] = []
        for art in original_order(arts[i] for i in members):
            i = index[art.article_id]
            match = next((m for m in leaders if (min(i, m), max(i, m)) in linked), None)
            if match is None:
                leaders.append(i)
            else:
                out[art.article_id] = arts[match].article_id
    return out


def _shingle_set(norm: str, k: int = K) -> set[str]:
    """k-grams of an already normalised text; a text shorter than k is its own single shingle."""
    if len(norm) < k:
        return {norm} if norm else set()
    return {norm[i:i + k] for i in range(len(norm) - k + 1)}
