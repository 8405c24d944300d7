"""robots.txt rules per host: fetches each host's /robots.txt once (through a loader the fetcher supplies) and answers may-I-fetch questions; writes nothing."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser


@dataclass(frozen=True)
class RobotsReply:
    """What fetching /robots.txt gave: an HTTP status (None when no reply came), the body, an error text."""

    status: int | None
    body: bytes = b""
    error: str | None = None


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class _Rules:
    def __init__(self, parser: RobotFileParser | None, refusal: str | None) -> None:
        self.parser, self.refusal = parser, refusal


class Robots:
    """Per-origin robots.txt cache following RFC 9309.

    200 -> the rules apply; 4xx (404 and the like) -> everything allowed; 5xx, timeouts and
    connection errors -> robots.txt is "unreachable" and the whole host counts as disallowed for
    this run (the pages get a transient error row and are retried next run).
    """

    def __init__(self, user_agent: str, load: Callable[[str], RobotsReply]) -> None:
        self.user_agent = user_agent
        self._load = load
        self._rules: dict[str, _Rules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _get(self, url: str) -> _Rules:
        key = origin(url)
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._rules:
                self._rules[key] = self._fetch(key + "/robots.txt")
            return self._rules[key]

    def _fetch(self, robots_url: str) -> _Rules:
        reply = self._load(robots_url)
        parser = RobotFileParser(robots_url)
        if reply.status == 200 and not reply.error:
            text = reply.body.decode("utf-8", errors="replace").lstrip("\ufeff")
            parser.parse(text.splitlines())
            return _Rules(parser, None)
        if reply.status is not None and reply.status >= 500:
            return _Rules(None, f"robots.txt unreachable (HTTP {reply.status})")
        if reply.status is None and reply.error and reply.error.startswith(("timeout", "connection")):
            return _Rules(None, f"robots.txt unreachable ({reply.error})")
        parser.allow_all = True  # 4xx, or a reply we could not use: RFC 9309 "unavailable"
        return _Rules(parser, None)

    def refusal(self, url: str) -> str | None:
        """None when `url` may be fetched, else the reason it may not."""
        rules = self._get(url)
        if rules.refusal:
            return rules.refusal
        assert rules.parser is not None
        if not rules.parser.can_fetch(self.user_agent, url):
            return "disallowed by robots.txt"
        return None

    def crawl_delay(self, url: str) -> float | None:
        rules = self._get(url)
        if rules.parser is None or rules.parser.allow_all:
            return None
        delay = rules.parser.crawl_delay(self.user_agent)
        return float(delay) if delay is not None else None
