"""Fetch configuration: reads config/sources.toml ([crawler] settings and [[source]] tables) into frozen records; writes nothing."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from . import profiles
from .http import DEFAULT_USER_AGENT, Policy

# Seconds between two requests to one host when a source sets no delay: a common polite-crawler pace.
DEFAULT_DELAY = 1.0
# List pages walked per start URL when a source sets no max_pages (an incremental run stops far sooner).
DEFAULT_MAX_PAGES = 50
# Hosts crawled at once (2 hosts in parallel, 1 request at a time per host: polite to each bureau).
DEFAULT_HOSTS_IN_PARALLEL = 2
# Keys accepted in [crawler] and [[source]]; anything else is a typo and stops the run.
_CRAWLER_KEYS = {"user_agent", "timeout", "tries", "backoff", "max_bytes", "max_redirects",
                 "hosts_in_parallel"}
_SOURCE_KEYS = {"name", "start_urls", "profile", "article_selector", "next_selector",
                "allowed_hosts", "delay", "max_pages"}


@dataclass(frozen=True)
class Source:
    name: str
    start_urls: tuple[str, ...]
    profile: str
    allowed_hosts: frozenset[str]
    delay: float
    max_pages: int
    article_selector: str | None = None
    next_selector: str | None = None


@dataclass(frozen=True)
class Config:
    user_agent: str
    policy: Policy
    hosts_in_parallel: int
    sources: tuple[Source, ...]


def _source(raw: dict[str, Any], where: str) -> Source:
    unknown = set(raw) - _SOURCE_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    name = raw.get("name")
    starts = raw.get("start_urls")
    if not isinstance(name, str) or not name:
        raise ValueError(f"{where}: needs a name")
    if not isinstance(starts, list) or not starts or not all(isinstance(u, str) for u in starts):
        raise ValueError(f"{where} ({name}): start_urls must be a non-empty list of URLs")
    for url in starts:
        if urlsplit(url).scheme not in ("http", "https"):
            raise ValueError(f"{where} ({name}): not an http(s) URL: {url}")
    profile = raw.get("profile", "generic")
    if profile not in profiles.PROFILES:
        raise ValueError(f"{where} ({name}): unknown profile {profile!r}")
    hosts = raw.get("allowed_hosts") or [urlsplit(u).hostname for u in starts]
    return Source(name=name, start_urls=tuple(starts), profile=profile,
                  allowed_hosts=frozenset(h.lower() for h in hosts),
                  delay=float(raw.get("delay", DEFAULT_DELAY)),
                  max_pages=int(raw.get("max_pages", DEFAULT_MAX_PAGES)),
                  article_selector=raw.get("article_selector"), next_selector=raw.get("next_selector"))


def load_config(path: Path) -> Config:
    """Read sources.toml: an optional [crawler] table and one [[source]] table per source."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    crawler = data.get("crawler", {})
    unknown = set(crawler) - _CRAWLER_KEYS
    if unknown:
        raise ValueError(f"{path}: [crawler] has unknown keys {sorted(unknown)}")
    base = Policy()
    policy = Policy(timeout=float(crawler.get("timeout", base.timeout)),
                    tries=max(1, int(crawler.get("tries", base.tries))),
                    backoff=float(crawler.get("backoff", base.backoff)),
                    max_bytes=int(crawler.get("max_bytes", base.max_bytes)),
                    max_redirects=int(crawler.get("max_redirects", base.max_redirects)))
    sources = [_source(s, f"{path}: source #{i + 1}") for i, s in enumerate(data.get("source", []))]
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise ValueError(f"{path}: source names repeat: {names}")
    return Config(user_agent=str(crawler.get("user_agent", DEFAULT_USER_AGENT)), policy=policy,
                  hosts_in_parallel=max(1, int(crawler.get("hosts_in_parallel", DEFAULT_HOSTS_IN_PARALLEL))),
                  sources=tuple(sources))


def canonical(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    if parts.port and parts.port != default:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", parts.query, ""))
