"""Fetch stage: reads config/sources.toml and the sites it names; writes corpus/<host>/ pages (bytes as fetched) with .meta.json sidecars, corpus/<host>/_lists/ and corpus/manifest.sqlite."""
from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
import threading
import tomllib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import requests
from tqdm import tqdm

from . import profiles
from . import store as store
from .http import HostGate, Policy, Result, fetch, host_key, make_session
from .manifest import Manifest, is_transient, now
from .robots import Robots, RobotsReply
from .settings import Config, Source, canonical, load_config

log = logging.getLogger(__name__)

# RFC 9309 section 2.5: crawlers must parse at least the first 500 KiB of a robots.txt.
ROBOTS_MAX_BYTES = 512_000
# Longest Crawl-delay from a robots.txt we wait between requests (seconds); longer values are capped.
MAX_CRAWL_DELAY = 60.0


@dataclass(frozen=True)
class FetchSummary:
    lists: int = 0  # list pages fetched (200 or 304)
    articles_new: int = 0  # article pages stored (new, or changed on --refresh)
    articles_skipped: int = 0  # article links already fetched earlier
    not_modified: int = 0  # articles refetched with a 304 reply (file kept)
    attachments: int = 0  # attachment links recorded (HEAD) this run
    errors: int = 0  # URLs that failed this run (one manifest row each)

    def line(self) -> str:
        return (f"fetch: {self.lists} list pages, {self.articles_new} new articles, "
                f"{self.articles_skipped} skipped, {self.not_modified} not modified, "
                f"{self.attachments} attachments, {self.errors} errors")

    def exit_code(self) -> int:
        """1 when there were failures and not one request succeeded, else 0."""
        ok = self.lists + self.articles_new + self.not_modified + self.attachments
        return 1 if self.errors and not ok else 0


def _looks_like_html(result: Result) -> bool:
    kind = result.headers.get("Content-Type", "").lower()
    if kind:
        return "html" in kind or "xml" in kind
    return result.body[:1024].lstrip().startswith(b"<")


class _Run:
    """One fetch run: shared gate, robots cache, manifest and counters across the host threads."""

    def __init__(self, config: Config, corpus: Path, manifest: Manifest, session: requests.Session,
                 refresh: bool) -> None:
        self.config, self.corpus, self.manifest, self.session = config, corpus, manifest, session
        self.refresh = refresh
        self.gate = HostGate()
        self.robots = Robots(config.user_agent, self._load_robots)
        self.counts: Counter[str] = Counter()
        self.seen: set[str] = set()
        self.lock = threading.Lock()
        self.all_hosts = frozenset().union(*(s.allowed_hosts for s in config.sources))
        self.bar = tqdm(unit="req", desc="fetch", disable=not sys.stderr.isatty(), leave=False)

    # --- bookkeeping ---

    def _count(self, key: str) -> None:
        with self.lock:
            self.counts[key] += 1

    def _first_visit(self, url: str) -> bool:
        with self.lock:
            if url in self.seen:
                return False
            self.seen.add(url)
            return True

    def _done(self, row: dict[str, Any] | None) -> bool:
        if row is None:
            return False
        if row["error"]:
            return not is_transient(row)
        if row["kind"] == "article":
            return row["status"] == 200 and store.path_exists(self.corpus, row["path"])
        return row["status"] == 200

    def _get(self, source: Source | None, url: str, policy: Policy | None = None, **kw: Any) -> Result:
        """Fetch through the run's session and gate; `source` None means robots.txt (no robots check)."""
        hosts = source.allowed_hosts if source else self.all_hosts
        result = fetch(self.session, self.gate, url, policy=policy or self.config.policy,
                       permit=self._permit(hosts, robots=source is not None), **kw)
        self.bar.update(1)
        return result

    def _permit(self, hosts: frozenset[str], robots: bool) -> Callable[[str], str | None]:
        def permit(url: str) -> str | None:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https"):
                return f"unsupported scheme {parts.scheme!r}"
            host = (parts.hostname or "").lower()
            if host not in hosts and host_key(url) not in hosts:
                return f"disallowed host {host}"
            if not robots:
                return None
            refusal = self.robots.refusal(url)
            delay = self.robots.crawl_delay(url)
            if delay:
                self.gate.set_delay(host_key(url), min(delay, MAX_CRAWL_DELAY))
            return refusal
        return permit

    def _fail(self, source: Source, kind: str, url: str, result: Result) -> None:
        """Record a failure: one row for the URL (a good earlier row is kept), one warning."""
        log.warning("fetch %s failed: %s: %s", kind, url, result.error)
        self._count("errors")
        old = self.manifest.get(url)
        if old and not old["error"] and old["status"] == 200 and (
                old["path"] is None or store.path_exists(self.corpus, old["path"])):
            return
        self.manifest.put({"url": url, "canonical_url": canonical(result.final_url or url), "kind": kind,
                           "source": source.name, "status": result.status, "fetched_at": now(),
                           "error": result.error, "content_type": result.headers.get("Content-Type")})

    def _store(self, source: Source, kind: str, url: str, result: Result, old: dict[str, Any] | None) -> None:
        """Page bytes and sidecar first, then the manifest row (so a row never points at no file)."""
        with self.lock:  # name choice, files and row together, so two threads never share a name
            if old and old.get("path") and old["kind"] == kind:
                rel = old["path"]
            else:
                folder = store.host_dir(url) + ("/" + store.LISTS_DIR if kind == "list" else "")
                name = store.list_name(url) if kind == "list" else store.article_name(url)
                rel = f"{folder}/{name}"
                owner = self.manifest.owner_of_path(rel)
                if owner is not None and owner != url:
                    rel = f"{folder}/{store.fallback_name(name, url)}"
            fetched_at = now()
            meta = {"url": url, "final_url": result.final_url, "canonical_url": canonical(result.final_url),
                    "fetched_at": fetched_at, "status": result.status, "headers": result.headers,
                    "fetch_source": source.name}
            store.write_page(self.corpus, rel, result.body, meta)
            self.manifest.put({
                "url": url, "canonical_url": canonical(result.final_url), "kind": kind, "source": source.name,
                "status": result.status, "fetched_at": fetched_at, "etag": result.headers.get("ETag"),
                "last_modified": result.headers.get("Last-Modified"), "sha256": store.sha256(result.body),
                "path": rel, "error": None, "content_type": result.headers.get("Content-Type"),
                "bytes": len(result.body)})

    def _not_modified(self, row: dict[str, Any], result: Result) -> None:
        row = dict(row, fetched_at=now())
        row["etag"] = result.headers.get("ETag", row["etag"])
        row["last_modified"] = result.headers.get("Last-Modified", row["last_modified"])
        self.manifest.put(row)

    @staticmethod
    def _conditional(row: dict[str, Any]) -> dict[str, str]:
        headers = {}
        if row.get("etag"):
            headers["If-None-Match"] = row["etag"]
        if row.get("last_modified"):
            headers["If-Modified-Since"] = row["last_modified"]
        return headers

    # --- robots.txt ---

    def _load_robots(self, robots_url: str) -> RobotsReply:
        policy = dataclasses.replace(self.config.policy, max_bytes=ROBOTS_MAX_BYTES)
        result = self._get(None, robots_url, policy=policy)
        row = {"url": robots_url, "canonical_url": canonical(result.final_url), "kind": "robots",
               "status": result.status, "fetched_at": now(), "error": result.error,
               "content_type": result.headers.get("Content-Type")}
        if result.status == 200 and not result.error:
            rel = f"{store.host_dir(robots_url)}/{store.ROBOTS_NAME}"
            store.write_plain(self.corpus, rel, result.body)
            row.update(path=rel, sha256=store.sha256(result.body), bytes=len(result.body),
                       etag=result.headers.get("ETag"), last_modified=result.headers.get("Last-Modified"))
        elif result.status not in (404, 410):
            log.warning("robots.txt %s: %s", robots_url, result.error or f"HTTP {result.status}")
        self.manifest.put(row)
        return RobotsReply(result.status, result.body, result.error)

    # --- pages ---

    def _list(self, source: Source, url: str) -> profiles.Links | None:
        row = self.manifest.get(url)
        stored = bool(row and row["status"] == 200 and not row["error"]
                      and store.path_exists(self.corpus, row["path"]))
        result = self._get(source, url, headers=self._conditional(row) if stored else None)
        if result.status == 304 and stored and not result.error:
            body = (self.corpus / row["path"]).read_bytes()  # type: ignore[index]
            self._not_modified(row, result)  # type: ignore[arg-type]
        elif result.status == 200 and not result.error:
            body = result.body
            self._store(source, "list", url, result, row)
        else:
            result.error = result.error or f"HTTP {result.status}"
            self._fail(source, "list", url, result)
            return None
        self._count("lists")
        return profiles.extract(source.profile, body, result.final_url,
                                article_selector=source.article_selector, next_selector=source.next_selector)

    def _article(self, source: Source, url: str, row: dict[str, Any] | None) -> None:
        if profiles.is_attachment(url):
            self._attachment(source, url, row)
            return
        if row is not None and not self.refresh and self._done(row):
            self._count("articles_skipped")
            return
        stored = bool(row and row["kind"] == "article" and row["status"] == 200 and not row["error"]
                      and store.path_exists(self.corpus, row["path"]))
        result = self._get(source, url, headers=self._conditional(row) if stored else None)
        if result.status == 304 and stored and not result.error:
            self._not_modified(row, result)  # type: ignore[arg-type]
            self._count("not_modified")
            return
        if result.error or result.status != 200:
            result.error = result.error or f"HTTP {result.status}"
            self._fail(source, "article", url, result)
            return
        if not _looks_like_html(result):  # an article link that serves a document: note, never store
            self._record_attachment(source, url, result)
            return
        self._store(source, "article", url, result, row)
        self._count("articles_new")
        for link in profiles.attachment_links(result.body, result.final_url):
            if self._first_visit(link):
                self._attachment(source, link, self.manifest.get(link))

    def _attachment(self, source: Source, url: str, row: dict[str, Any] | None) -> None:
        """Attachments get a HEAD (or a GET whose body is never read) and a manifest row, no file."""
        if self._done(row):
            return
        result = self._get(source, url, method="HEAD", read_body=False)
        if result.status in (405, 501):  # HEAD not supported: GET, but read no body
            result = self._get(source, url, read_body=False)
        if result.error or result.status != 200:
            result.error = result.error or f"HTTP {result.status}"
            self._fail(source, "attachment", url, result)
            return
        self._record_attachment(source, url, result)

    def _record_attachment(self, source: Source, url: str, result: Result) -> None:
        length = result.headers.get("Content-Length", "")
        self.manifest.put({
            "url": url, "canonical_url": canonical(result.final_url), "kind": "attachment",
            "source": source.name, "status": result.status, "fetched_at": now(),
            "etag": result.headers.get("ETag"), "last_modified": result.headers.get("Last-Modified"),
            "sha256": store.sha256(result.body) if result.body else None, "path": None, "error": None,
            "content_type": result.headers.get("Content-Type"),
            "bytes": len(result.body) if result.body else (int(length) if length.isdigit() else None)})
        self._count("attachments")

    # --- walking ---

    def walk(self, source: Source, start: str) -> None:
        """List pages in order; stop after the first that brings no new article (unless refreshing)."""
        floor = self.manifest.walk_begin(source.name, start)
        url: str | None = start
        pages, walked = 0, set()
        while url and pages < source.max_pages and url not in walked:
            walked.add(url)
            links = self._list(source, url)
            if links is None:
                return  # the walk stays "running": the next run walks at least this far again
            pages += 1
            brand_new = 0
            for link in links.articles:
                if self._first_visit(link):
                    row = self.manifest.get(link)
                    brand_new += row is None
                    self._article(source, link, row)
            for link in links.attachments:
                if self._first_visit(link):
                    self._attachment(source, link, self.manifest.get(link))
            self.manifest.walk_progress(source.name, start, pages)
            if not brand_new and not self.refresh and pages >= floor:
                break
            url = links.next_url
        self.manifest.walk_done(source.name, start)

    def crawl(self, source: Source) -> None:
        for host in source.allowed_hosts:
            self.gate.set_delay(host, source.delay)
        for start in source.start_urls:
            self.gate.set_delay(host_key(start), source.delay)
            self.walk(source, start)
        for row in self.manifest.retry_candidates(source.name):  # earlier transient failures
            if self._first_visit(row["url"]):
                self._article(source, row["url"], row)

    def crawl_group(self, sources: list[Source]) -> None:
        for source in sources:
            try:
                self.crawl(source)
            except Exception:  # a bug must not stop the other sources; it is logged with its trace
                log.exception("fetch: source %s stopped by an unexpected error", source.name)
                self._count("errors")

    def crawl_all(self, sources: list[Source]) -> FetchSummary:
        groups: dict[str, list[Source]] = {}
        for source in sources:  # one thread per host: sources on one host run one after another
            groups.setdefault(host_key(source.start_urls[0]), []).append(source)
        workers = min(self.config.hosts_in_parallel, max(1, len(groups)))
        try:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
                for future in [pool.submit(self.crawl_group, g) for g in groups.values()]:
                    future.result()
        finally:
            self.bar.close()
        return FetchSummary(**{k: self.counts[k] for k in FetchSummary.__dataclass_fields__})


def run(sources_path: Path, corpus_dir: Path, *, refresh: bool = False,
        session: requests.Session | None = None, only: list[str] | None = None) -> FetchSummary:
    """Fetch every source in `sources_path` (or those named in `only`) into `corpus_dir`."""
    config = load_config(Path(sources_path))
    sources = list(config.sources)
    if only:
        missing = sorted(set(only) - {s.name for s in sources})
        if missing:
            raise ValueError(f"unknown source(s): {', '.join(missing)}")
        sources = [s for s in sources if s.name in only]
    corpus = Path(corpus_dir)
    with store.CorpusLock(corpus):
        store.sweep_temp_files(corpus)
        own = session is None
        session = session or make_session(config.user_agent)
        try:
            with Manifest(corpus / "manifest.sqlite") as manifest:
                summary = _Run(config, corpus, manifest, session, refresh).crawl_all(sources)
        finally:
            if own:
                session.close()
    log.info("%s", summary.line())
    return summary


def main(argv: list[str] | None = None) -> int:
    """CLI: python -m pipeline.fetch [--sources FILE] [--corpus DIR] [--refresh] [--source NAME]..."""
    parser = argparse.ArgumentParser(prog="python -m pipeline fetch", description="Fetch list and article pages.")
    parser.add_argument("--sources", type=Path, default=Path("config/sources.toml"))
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--refresh", action="store_true", help="refetch stored articles (conditional GET)")
    parser.add_argument("--source", action="append", dest="only", metavar="NAME", help="only this source")
    args = parser.parse_args(argv)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        summary = run(args.sources, args.corpus, refresh=args.refresh, only=args.only)
    except (OSError, ValueError, RuntimeError, tomllib.TOMLDecodeError) as exc:
        print(f"fetch: {exc}", file=sys.stderr)
        return 2
    print(summary.line())
    return summary.exit_code()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
