"""Table rows to sansan.xlsx, streamed sheet by sheet (XlsxWriter, constant memory): a styled
header with a filter, links, real dates, thousands separators, wrapped sentences; cells that
are always values, never formulas, with XML-illegal characters removed and over-long text cut."""
from __future__ import annotations

import datetime
import logging
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter

from .. import storage

log = logging.getLogger(__name__)

# The workbook's stated creation time, fixed so the same tables give the same bytes (XlsxWriter
# dates its zip entries 1980-01-01 itself).
FIXED_CREATED = datetime.datetime(2000, 1, 1)
# Excel's limits ("Excel specifications and limits", Microsoft): characters in one cell, rows
# in one sheet (the header included), hyperlinks in one sheet, characters in a link.
MAX_CELL_CHARS = 32_767
MAX_ROWS = 1_048_576
MAX_LINKS = 65_530
MAX_LINK_CHARS = 2_079
# What a cut cell ends with, so a reader sees the text goes on (in the CSV, which keeps it whole).
CUT_MARK = "…[cut at {n} characters; the whole text is in {table}.csv]"
# Rows read before the column widths are fixed (widths must be set before the first row).
WIDTH_SAMPLE = 200
# Characters XML 1.0 cannot hold (C0 controls but tab, LF, CR; the parser drops them from pages,
# but a sidecar or a label may still bring one).
ILLEGAL_XML_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")
_URL_RE = re.compile(r"^https?://\S+$")
# Column kinds a table may declare: how its cells are written and shown.
KINDS = ("text", "wrap", "url", "date", "number")


@dataclass
class Problems:
    """What the workbook had to change, for errors.csv and the log."""

    illegal_chars: int = 0  # characters XML cannot hold, removed
    illegal_cells: int = 0
    cut: list = field(default_factory=list)  # (table, column, row number, length)
    dropped_rows: dict = field(default_factory=dict)  # table -> rows past MAX_ROWS


def cell_value(value: Any, *, table: str = "", column: str = "", row: int = 0, problems: Problems | None = None) -> Any:
    """The value a sheet cell stores: NaN and None empty, text without XML-illegal characters
    and at most MAX_CELL_CHARS long."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if not isinstance(value, str):
        return value
    text, n = ILLEGAL_XML_RE.subn("", value)
    if n and problems is not None:
        problems.illegal_chars += n
        problems.illegal_cells += 1
    if len(text) > MAX_CELL_CHARS:
        mark = CUT_MARK.format(n=len(text), table=table)
        if problems is not None:
            problems.cut.append((table, column, row, len(text)))
        text = text[: MAX_CELL_CHARS - len(mark)] + mark
    return text


def as_date(text: str) -> datetime.datetime | None:
    """An ISO 8601 date or date-time as a datetime (the workbook shows it as a date), else None."""
    m = _ISO_DATE_RE.match(text)
    if not m:
        return None
    try:
        return datetime.datetime(*(int(g) for g in m.groups(default="0")))
    except ValueError:
        return None


def _width(value: Any) -> int:
    # Excel column width ~ characters; CJK characters take two.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value))


class Sheet:
    def __init__(self, book: "StreamingWorkbook", name: str, columns: list[str], kinds: dict[str, str]):
        self.book, self.name, self.columns = book, name, list(columns)
        self.kinds = [kinds.get(c, "text") for c in self.columns]
        self.ws = book.wb.add_worksheet(name)
        self.pending: list[list] | None = []
        self.rows = 0  # data rows seen
        self.links = 0

    def append(self, row: dict[str, Any]) -> None:
        self.rows += 1
        if self.rows >= MAX_ROWS:
            self.book.problems.dropped_rows[self.name] = self.book.problems.dropped_rows.get(self.name, 0) + 1
            return
        values = [cell_value(row.get(c), table=self.name, column=c, row=self.rows, problems=self.book.problems)
                  for c in self.columns]
        if self.pending is None:
            self._write(self.rows, values)
            return
        self.pending.append(values)
        if len(self.pending) >= WIDTH_SAMPLE:
            self.flush()

    def flush(self) -> None:
        """Fix the column widths from the rows seen so far, write the header, then the rows."""
        if self.pending is None:
            return
        f = self.book.formats
        for i, (col, kind) in enumerate(zip(self.columns, self.kinds)):
            longest = max([_width(col)] + [_width(r[i]) for r in self.pending if r[i] is not None])
            width = min(max(8, longest + 2), 60 if kind == "wrap" else 40)  # capped: sentences wrap
            self.ws.set_column(i, i, width, f["wrap"] if kind == "wrap" else None)
        for i, col in enumerate(self.columns):
            self.ws.write_string(0, i, col, f["header"])
        self.ws.freeze_panes(1, 0)
        pending, self.pending = self.pending, None
        for n, values in enumerate(pending, start=1):
            self._write(n, values)

    def _write(self, r: int, values: list) -> None:
        f, ws = self.book.formats, self.ws
        for c, (v, kind) in enumerate(zip(values, self.kinds)):
            if v is None:
                continue
            if isinstance(v, bool):
                ws.write_boolean(r, c, v)
            elif isinstance(v, (int, float)):
                ws.write_number(r, c, v, f["int"] if float(v).is_integer() else f["float"])
            elif kind == "date" and (d := as_date(v)) is not None:
                ws.write_datetime(r, c, d, f["datetime"] if "T" in v or " " in v else f["date"])
            elif kind == "url" and self.links < MAX_LINKS and len(v) <= MAX_LINK_CHARS and _URL_RE.match(v):
                self.links += 1
                ws.write_url(r, c, v, f["link"], string=v)
            else:  # text is text: "=1+1" is shown, never evaluated
                ws.write_string(r, c, v, f["wrap"] if kind == "wrap" else None)

    def close(self) -> None:
        self.flush()
        last = min(self.rows, MAX_ROWS - 1)
        self.ws.autofilter(0, 0, last, len(self.columns) - 1)


class StreamingWorkbook:
    """Sheets filled row by row (each in its own order, any sheet any time); `save` writes the
    .xlsx atomically to its path."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(dir=self.path.parent, prefix=storage.temp_prefix(self.path), suffix=".xlsx")
        os.close(fd)
        self.wb = xlsxwriter.Workbook(self.tmp, {"constant_memory": True, "strings_to_formulas": False,
                                                 "strings_to_numbers": False, "strings_to_urls": False,
                                                 "tmpdir": str(self.path.parent)})
        self.wb.set_properties({"created": FIXED_CREATED})
        self.formats = {
            "header": self.wb.add_format({"bold": True, "bg_color": "#DDE5F0", "bottom": 1, "text_wrap": True,
                                          "valign": "top"}),
            "wrap": self.wb.add_format({"text_wrap": True, "valign": "top"}),
            "int": self.wb.add_format({"num_format": "#,##0"}),
            "float": self.wb.add_format({"num_format": "#,##0.####"}),
            "date": self.wb.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": self.wb.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "link": self.wb.add_format({"font_color": "blue", "underline": 1}),
        }
        self.problems = Problems()
        self.sheets: dict[str, Sheet] = {}

    def sheet(self, name: str, columns: list[str], kinds: dict[str, str] | None = None) -> Sheet:
        self.sheets[name] = Sheet(self, name, columns, kinds or {})
        return self.sheets[name]

    def save(self) -> None:
        try:
            for sheet in self.sheets.values():
                sheet.close()
            self.wb.close()
            os.chmod(self.tmp, storage.umask_mode())
            os.replace(self.tmp, self.path)
        finally:
            if os.path.exists(self.tmp):
                os.unlink(self.tmp)

    def discard(self) -> None:
        """Drop the unfinished workbook (a failed run leaves the last good one)."""
        if os.path.exists(self.tmp):
            os.unlink(self.tmp)


# Rows sent to the workbook's process in one message (amortises pickling).
_BATCH = 500


def _serve(path: str, inbox, reply) -> None:
    """The workbook's own process: builds a StreamingWorkbook from the messages of a
    ParallelWorkbook, in order."""
    book = StreamingWorkbook(Path(path))
    try:
        while True:
            msg = inbox.get()
            if msg[0] == "sheet":
                book.sheet(msg[1], msg[2], msg[3])
            elif msg[0] == "rows":
                sheet = book.sheets[msg[1]]
                for row in msg[2]:
                    sheet.append(row)
            elif msg[0] == "problems":
                reply.send(book.problems)
            elif msg[0] == "save":
                book.save()
                reply.send("saved")
                return
            elif msg[0] == "discard":
                book.discard()
                return
    except BaseException as exc:  # the parent raises it: a failed workbook fails the tables
        book.discard()
        reply.send(exc)


class _RemoteSheet:
    def __init__(self, book: "ParallelWorkbook", name: str):
        self.book, self.name, self.buffer = book, name, []

    def append(self, row: dict[str, Any]) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= _BATCH:
            self.send()

    def send(self) -> None:
        if self.buffer:
            self.book.put(("rows", self.name, self.buffer))
            self.buffer = []


class ParallelWorkbook:
    """StreamingWorkbook's interface, written by a second process while this one writes the
    CSVs (with WORKERS >= 2: the workbook is most of the tables' time). The same rows in the
    same order give the same bytes."""

    def __init__(self, path: Path):
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        self.inbox = ctx.Queue(maxsize=64)  # bounded: the parent waits rather than buffer a corpus
        self.reply, child = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_serve, args=(str(path), self.inbox, child), daemon=True)
        self.proc.start()
        self.sheets: dict[str, _RemoteSheet] = {}

    def put(self, msg: tuple) -> None:
        """Send a message; a workbook process that died (it never answers) is an error, not a hang."""
        import queue

        while True:
            try:
                self.inbox.put(msg, timeout=5)
                return
            except queue.Full:
                if not self.proc.is_alive():
                    raise RuntimeError("the workbook's process stopped") from None

    def sheet(self, name: str, columns: list[str], kinds: dict[str, str] | None = None) -> _RemoteSheet:
        self.put(("sheet", name, list(columns), dict(kinds or {})))
        self.sheets[name] = _RemoteSheet(self, name)
        return self.sheets[name]

    def _ask(self, msg: tuple):
        for sheet in self.sheets.values():
            sheet.send()
        self.put(msg)
        while not self.reply.poll(5):
            if not self.proc.is_alive():
                raise RuntimeError("the workbook's process stopped")
        answer = self.reply.recv()
        if isinstance(answer, BaseException):
            raise answer
        return answer

    @property
    def problems(self) -> Problems:
        return self._ask(("problems",))

    def save(self) -> None:
        self._ask(("save",))
        self.proc.join()

    def discard(self) -> None:
        if self.proc.is_alive():
            self.inbox.put(("discard",))
            self.proc.join(timeout=30)
