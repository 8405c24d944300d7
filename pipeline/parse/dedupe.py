"""Reposts: parsed articles and fixed-size body signatures (MinHash) in, which article repeats which (article_id -> original's article_id) out; bodies are read again only to confirm a candidate pair."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable
from urllib.parse import urlsplit

from ..records import Article

# Characters per shingle. Measured on the 18 dev articles (../shared/corpus-dev, none a repost of
# another) plus the seed: the largest pairwise similarity is 0.19 at k=3, 0.12 at k=4, 0.092 at k=5,
# 0.068 at k=6 (short k-grams are shared phrases of the topic: 党史学习教育, 立德树人 ...). 5 keeps
# same-topic articles far apart while one edited character spoils only 5 shingles of a repost.
K = 5
# Two bodies are the same article when this share of the smaller one's shingles is in the other
# (and no number was filled in differently, below). Measured on ../shared/corpus-real (issue 10):
# the true reposts found there score 0.92-1.0 (a weekly study page that carries a whole
# regulation, two outlets' reports of one meeting, an essay inside the news of its prize); pages
# from one template score up to 0.94 (two 学习材料 of 2020 that differ in the month and the topic
# line) but change a number in a shared context; the seed with chrome lines added scores 1.0, a
# 78% excerpt of it with other chrome lines 0.947. Pages from one template without a changed
# number reach 0.92 (two careers talks of 2020 in one format): this is the least that keeps them apart.
THRESHOLD = 0.9
# Characters on each side of a number that make its context: a number between the same
# NUMBER_CONTEXT characters in both bodies (after `normalise`), with no value in common, is a
# template filled in again (开展3月份主题 / 开展4月份主题), not a repost. 2 is the least width at
# which the template pairs above show it and no true repost does (measured at 2 and 3).
NUMBER_CONTEXT = 2
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
# MinHash signature: BANDS bands of ROWS values each (Broder 1997; LSH banding, Leskovec et al.,
# "Mining of Massive Datasets" ch. 3). Two bodies land in one bucket of some band with probability
# 1 - (1 - J**ROWS)**BANDS for Jaccard J. The least Jaccard of a pair that can pass THRESHOLD and
# MIN_SIZE_RATIO is 0.9*0.5/(1.5-0.45) = 0.43, found with probability 0.97; same-topic articles
# (J about 0.05) pair with probability 0.005, unrelated ones (J < 0.01) almost never.
BANDS, ROWS = 42, 3
PERMUTATIONS = BANDS * ROWS
# Seed of the hash family: fixed, so signatures (and the cache that keeps them) are reproducible.
_SEED = 20261202
_HASHES: list = []  # (multipliers, addends) of the family, made on first use (numpy loads lazily)


def _family():
    """The PERMUTATIONS hash functions (a, b): x -> a*x + b mod 2**64, a odd; fixed by _SEED."""
    import numpy as np

    if not _HASHES:
        rng = np.random.default_rng(_SEED)
        _HASHES.append(rng.integers(1, 2**63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1))
        _HASHES.append(rng.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64))
    return _HASHES[0], _HASHES[1]
# Shingles hashed per block when signing, so a 50 MB page costs 50 MB of hashes at a time, not
# PERMUTATIONS times that.
_BLOCK = 4096
# Numbers a template changes, in a normalised text: Arabic runs and runs of Chinese numerals.
_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万亿]+")


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


def number_contexts(norm: str) -> dict[tuple[str, str], set[str]]:
    """(NUMBER_CONTEXT characters before, after) -> the numbers found between them, in a
    normalised text."""
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    w = NUMBER_CONTEXT
    for m in _NUMBER_RE.finditer(norm):
        if m.start() >= w and m.end() + w <= len(norm):
            out[(norm[m.start() - w:m.start()], norm[m.end():m.end() + w])].add(m.group())
    return out


def substituted_numbers(a: str, b: str) -> int:
    """Contexts that hold a number in both texts, never the same one: places a template was
    filled in differently."""
    return _substituted(normalise(a), normalise(b))


def _substituted(norm_a: str, norm_b: str) -> int:
    ca, cb = number_contexts(norm_a), number_contexts(norm_b)
    return sum(1 for key in ca.keys() & cb.keys() if not ca[key] & cb[key])


def similarity(a: set, b: set) -> float:
    """Containment: the share of the smaller set found in the larger (0.0 for an empty set).

    Chosen over Jaccard because Jaccard falls with every line the copies do not share: an 80%
    excerpt scores at most 0.8 and less again with a repost's own chrome lines, while containment
    keeps such an excerpt near 1.0. Its weakness, a short text inside a long one, is held off by
    MIN_SHINGLES and MIN_SIZE_RATIO.
    """
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small)


def same_article(a: str, b: str) -> bool:
    """Whether two bodies of at least MIN_SHINGLES shingles each are one article: sizes within
    MIN_SIZE_RATIO, shingle containment of THRESHOLD, and no number filled in differently."""
    na, nb = normalise(a), normalise(b)
    sa, sb = _shingle_set(na), _shingle_set(nb)
    if min(len(sa), len(sb)) < MIN_SHINGLES or min(len(sa), len(sb)) < MIN_SIZE_RATIO * max(len(sa), len(sb)):
        return False
    return similarity(sa, sb) >= THRESHOLD and _substituted(na, nb) == 0


@dataclass(frozen=True)
class Signature:
    """What repost detection keeps of one body: its shingle count, its MinHash values, and for a
    body too short to judge by overlap a digest of its normalised text and title."""

    size: int
    minhash: bytes  # PERMUTATIONS little-endian uint32, empty for a short body
    short: str | None = None

    def to_dict(self) -> dict:
        return {"size": self.size, "minhash": self.minhash.hex(), "short": self.short}

    @classmethod
    def from_dict(cls, d: dict) -> "Signature":
        return cls(int(d["size"]), bytes.fromhex(d["minhash"]), d.get("short"))


def signature(text: str, title: str | None = None) -> Signature:
    """The Signature of a body (and the title that identifies a short one)."""
    norm = normalise(text)
    hashes = _shingle_hashes(norm)
    if len(hashes) < MIN_SHINGLES:
        short = hashlib.sha256(f"{norm}\0{normalise(title or '')}".encode()).hexdigest() if norm else None
        return Signature(len(hashes), b"", short)
    import numpy as np

    mul, add = _family()
    low = np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    for i in range(0, len(hashes), _BLOCK):
        block = hashes[i:i + _BLOCK, None] * mul + add  # wraps modulo 2**64: multiply-shift hashing
        np.minimum(low, block.min(axis=0), out=low)
    return Signature(len(hashes), (low >> np.uint64(32)).astype("<u4").tobytes())


def _shingle_hashes(norm: str):
    """Distinct 64-bit hashes of the K-character shingles of a normalised text (a text shorter
    than K is one shingle), sorted (a numpy array)."""
    import numpy as np

    if not norm:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(norm.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    k = min(K, len(codes))
    n = len(codes) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    for j in range(k):  # polynomial hash of each window; wraps modulo 2**64
        h = h * np.uint64(0x100000001B3) + codes[j:j + n]
    return np.unique(h)


def candidate_pairs(signatures: list[Signature]) -> set[tuple[int, int]]:
    """Index pairs (i < j) of bodies that share a bucket in some LSH band, whose sizes are
    within MIN_SIZE_RATIO and whose estimated containment may reach THRESHOLD. Memory: the
    signatures (PERMUTATIONS * 4 bytes a body) and one band's keys at a time."""
    import numpy as np

    idx = [i for i, s in enumerate(signatures) if s.minhash]
    if len(idx) < 2:
        return set()
    sig = np.frombuffer(b"".join(signatures[i].minhash for i in idx), dtype="<u4").reshape(len(idx), PERMUTATIONS)
    sizes = np.array([signatures[i].size for i in idx], dtype=np.float64)
    pairs: set[tuple[int, int]] = set()
    for b in range(BANDS):
        band = sig[:, b * ROWS:(b + 1) * ROWS].astype(np.uint64)
        key = band[:, 0]
        for r in range(1, ROWS):
            key = (key << np.uint64(32)) ^ (key >> np.uint64(32)) ^ band[:, r]  # rows into one key
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]])
        ends = np.r_[starts[1:], len(order)]
        for s, e in zip(starts, ends):
            if e - s > 1:
                members = sorted(order[s:e].tolist())
                pairs.update((x, y) for n, x in enumerate(members) for y in members[n + 1:])
    out = set()
    for x, y in pairs:
        small, large = sorted((sizes[x], sizes[y]))
        if small < MIN_SIZE_RATIO * large:
            continue
        j = float(np.mean(sig[x] == sig[y]))
        # |A & B| from the Jaccard estimate and both sizes; a margin of 0.15 for the estimate's error
        if j * (small + large) / (1 + j) / small >= THRESHOLD - 0.15:
            out.add((idx[x], idx[y]))
    return out


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
    """find_reposts over bodies held in memory (articles without an entry in `texts` are left out)."""
    arts = [a for a in articles if a.article_id in texts]
    return find_reposts(arts, [signature(texts[a.article_id], a.title) for a in arts], texts.__getitem__)


def find_reposts(articles: list[Article], signatures: list[Signature], text_of: Callable[[str], str]) -> dict[str, str]:
    """article_id -> article_id of the original, for every article whose body repeats another's.

    `signatures[i]` is the Signature of `articles[i]`'s body; `text_of(article_id)` reads a body
    again, only for the candidate pairs the signatures leave. Two bodies are one article when
    `same_article` says so; bodies too short to judge by overlap (under MIN_SHINGLES) must be
    identical after `normalise`, and so must their titles. Copies form groups (linked pairs). In
    each group the original is, in this order of preference: an article whose url is another's
    original_url (same URL up to scheme and trailing slash); one on the host of another's
    original_url; one with no original_url pointing elsewhere (or whose source is its own site);
    the earliest published; the smallest article_id. Each other member is marked a copy of the
    most preferred original it matches directly, so in a chain A~B~C where A and C do not match,
    A and C both stay.
    """
    arts = list(articles)
    linked: set[tuple[int, int]] = set()
    short: dict[str, list[int]] = defaultdict(list)
    for i, sig in enumerate(signatures):
        if sig.short:
            short[sig.short].append(i)
    for same in short.values():
        linked.update((i, j) for x, i in enumerate(same) for j in same[x + 1:])
    for i, j in sorted(candidate_pairs(signatures)):
        if same_article(text_of(arts[i].article_id), text_of(arts[j].article_id)):
            linked.add((i, j))
    return _originals(arts, linked)


def _originals(arts: list[Article], linked: set[tuple[int, int]]) -> dict[str, str]:
    """Copy -> original over the groups the linked pairs form (see find_reposts)."""
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
