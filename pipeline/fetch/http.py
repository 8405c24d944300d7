"""HTTP for the fetch stage: reads URLs through one requests.Session with per-host pacing, retries, a size cap and hand-followed redirects; writes nothing."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError

# Identifies the crawler and where to read about it; overridden by [crawler] user_agent in sources.toml.
DEFAULT_USER_AGENT = "sansan/0.1 (+https://example.invalid/sansan; research crawler)"
# Statuses retried within a run: the set urllib3's Retry uses for idempotent requests, plus 429.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# The redirect statuses of RFC 9110 section 15.4 that carry a Location to follow.
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Read size per chunk while streaming a body (64 KiB, requests' own default is 1 byte for iter_content).
_CHUNK = 65536


@dataclass(frozen=True)
class Policy:
    """Retry, timeout and size limits for one run (the defaults come from issue 5)."""

    timeout: float = 20.0  # seconds to connect and between bytes; a body must arrive within 4x this
    tries: int = 3  # attempts per URL for timeouts, connection errors and RETRY_STATUSES
    backoff: float = 1.0  # sleep backoff * 2**(attempt - 1) seconds between attempts
    max_bytes: int = 5_000_000  # response size cap (issue 5: 5 MB)
    max_redirects: int = 5  # hops; RFC 9110 suggests clients detect loops, 5 is the RFC 9309 minimum


@dataclass
class Result:
    """One fetch: the status of the last reply (None when none came), body, headers, error text."""

    url: str
    final_url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str | None = None


def make_session(user_agent: str = DEFAULT_USER_AGENT) -> requests.Session:
    """A session with our User-Agent and no retries of its own (fetch() retries)."""
    session = requests.Session()
    session.headers["User-Agent"] = user_agent
    adapter = HTTPAdapter(max_retries=0, pool_connections=8, pool_maxsize=8)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def host_key(url: str) -> str:
    parts = urlsplit(url)
    return (parts.hostname or "") + (f":{parts.port}" if parts.port else "")


class HostGate:
    """One request at a time per host, each at least that host's delay after the previous one ended."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        self._delay: dict[str, float] = {}

    def set_delay(self, host: str, seconds: float) -> None:
        with self._guard:
            self._delay[host] = max(self._delay.get(host, 0.0), seconds)

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        host = host_key(url)
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            wait = self._last.get(host, float("-inf")) + self._delay.get(host, 0.0) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                self._last[host] = time.monotonic()


def _is_timeout(exc: BaseException) -> bool:
    if isinstance(exc, requests.Timeout):
        return True
    return any(isinstance(a, ReadTimeoutError) for a in getattr(exc, "args", ()))


def _connection_reason(exc: BaseException) -> str:
    text = str(exc).lower()
    for needle, reason in (("refused", "refused"), ("reset", "reset by peer"),
                           ("name or service not known", "DNS lookup failed"),
                           ("nodename nor servname", "DNS lookup failed"),
                           ("temporary failure in name resolution", "DNS lookup failed"),
                           ("certificate", "TLS certificate problem"), ("ssl", "TLS error"),
                           ("remotedisconnected", "closed by server"), ("aborted", "aborted")):
        if needle in text:
            return reason
    return type(exc).__name__


def _read(resp: requests.Response, policy: Policy, deadline: float) -> tuple[bytes, str | None]:
    length = resp.headers.get("Content-Length", "")
    too_large = f"too large (>{policy.max_bytes} bytes)"
    if length.isdigit() and int(length) > policy.max_bytes:
        return b"", too_large
    chunks, size = [], 0
    for chunk in resp.iter_content(_CHUNK):
        size += len(chunk)
        if size > policy.max_bytes:
            return b"", too_large
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise requests.Timeout("body took too long")
    return b"".join(chunks), None


def _once(session: requests.Session, gate: HostGate, method: str, url: str,
          headers: dict[str, str], policy: Policy, read_body: bool) -> Result:
    """One URL, no redirects followed, with retries on timeouts, connection errors and RETRY_STATUSES."""
    problem, last_status = "", None
    for attempt in range(1, policy.tries + 1):
        if attempt > 1:
            time.sleep(policy.backoff * 2 ** (attempt - 2))
        with gate.slot(url):
            try:
                resp = session.request(method, url, headers=headers, timeout=policy.timeout,
                                       allow_redirects=False, stream=True)
                try:
                    result = Result(url, url, resp.status_code, dict(resp.headers))
                    if resp.status_code in RETRY_STATUSES:
                        problem, last_status = f"HTTP {resp.status_code}", resp.status_code
                        continue
                    if read_body and resp.status_code not in REDIRECT_STATUSES:
                        result.body, result.error = _read(resp, policy, time.monotonic() + 4 * policy.timeout)
                    return result
                finally:
                    resp.close()
            except requests.RequestException as exc:
                last_status = None
                if _is_timeout(exc):
                    problem = "timeout"
                elif isinstance(exc, (requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
                    reason = _connection_reason(exc)
                    problem = f"connection failed ({reason})" if reason != "refused" else "connection refused"
                else:
                    return Result(url, url, error=f"request failed ({type(exc).__name__}: {exc})")
    return Result(url, url, status=last_status, error=f"{problem} after {policy.tries} tries")


def fetch(session: requests.Session, gate: HostGate, url: str, *, policy: Policy,
          permit: Callable[[str], str | None], method: str = "GET",
          headers: dict[str, str] | None = None, read_body: bool = True) -> Result:
    """Fetch `url`, following redirects by hand while `permit(next_url)` returns no refusal.

    Returns a Result whose `error` says what went wrong ("HTTP 404", "timeout after 3 tries",
    "redirect loop", "too large (>N bytes)", a refusal from `permit`, ...). 304 is not an error.
    """
    seen = [url]
    current = url
    for hop in range(policy.max_redirects + 1):
        refusal = permit(current)
        if refusal:
            text = refusal if hop == 0 else f"redirect to {current}: {refusal}"
            return Result(url, current, error=text)
        result = _once(session, gate, method, current, headers or {}, policy, read_body)
        result.url = url
        if result.error or result.status not in REDIRECT_STATUSES:
            if not result.error and result.status is not None and result.status >= 400:
                result.error = f"HTTP {result.status}"
            return result
        location = result.headers.get("Location") or result.headers.get("location")
        if not location:
            result.error = f"HTTP {result.status} without Location"
            return result
        parts = urlsplit(urljoin(current, location.strip()))
        current = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))
        if current in seen:
            return Result(url, current, status=result.status, headers=result.headers, error="redirect loop")
        seen.append(current)
        if result.status == 303 and method != "HEAD":
            method = "GET"
    return Result(url, current, error=f"too many redirects (>{policy.max_redirects})")
