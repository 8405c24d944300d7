"""Table rows to an .xlsx streamed sheet by sheet (openpyxl write-only mode): cells that are
always values, never formulas, with XML-illegal characters removed and over-long text cut,
and fixed zip times so the same tables give the same bytes."""
from __future__ import annotations

import datetime
import logging
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .. import storage

log = logging.getLogger(__name__)

# Zip entry time for the workbook, so the same tables give the same bytes (the zip format's
# earliest date; any fixed value works).
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_CREATED = datetime.datetime(2000, 1, 1)  # the workbook's stated creation time, for the same reason
HEADER_FONT = Font(bold=True)
# Excel's limits ("Excel specifications and limits", Microsoft): characters in one cell, rows
# in one sheet (the header included).
MAX_CELL_CHARS = 32_767
MAX_ROWS = 1_048_576
# What a cut cell ends with, so a reader sees the text goes on (in the CSV, which keeps it whole).
CUT_MARK = "…[cut at {n} characters; the whole text is in {table}.csv]"
# Rows read before the column widths are fixed (write-only sheets take widths before any row).
WIDTH_SAMPLE = 200


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
    text, n = ILLEGAL_CHARACTERS_RE.subn("", value)
    if n and problems is not None:
        problems.illegal_chars += n
        problems.illegal_cells += 1
    if len(text) > MAX_CELL_CHARS:
        mark = CUT_MARK.format(n=len(text), table=table)
        if problems is not None:
            problems.cut.append((table, column, row, len(text)))
        text = text[: MAX_CELL_CHARS - len(mark)] + mark
    return text


def _width(value: Any) -> int:
    # Excel column width ~ characters; CJK characters take two.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value))


class Sheet:
    def __init__(self, book: "StreamingWorkbook", name: str, columns: list[str]):
        self.book, self.name, self.columns = book, name, list(columns)
        self.ws = book.wb.create_sheet(name)
        self.ws.freeze_panes = "A2"
        self.pending: list[list] | None = []
        self.rows = 0

    def append(self, row: dict[str, Any]) -> None:
        self.rows += 1
        if self.rows >= MAX_ROWS:
            self.book.problems.dropped_rows[self.name] = self.book.problems.dropped_rows.get(self.name, 0) + 1
            return
        values = [cell_value(row.get(c), table=self.name, column=c, row=self.rows, problems=self.book.problems)
                  for c in self.columns]
        if self.pending is not None:
            self.pending.append(values)
            if len(self.pending) >= WIDTH_SAMPLE:
                self.flush()
        else:
            self._write(values)

    def flush(self) -> None:
        """Fix the column widths from the rows seen so far, then write them."""
        if self.pending is None:
            return
        for i, col in enumerate(self.columns):
            longest = max([len(col)] + [_width(r[i]) for r in self.pending if r[i] is not None])
            self.ws.column_dimensions[get_column_letter(i + 1)].width = min(max(8, longest + 2), 60)  # capped: sentences wrap
        header = [WriteOnlyCell(self.ws, value=c) for c in self.columns]
        for cell in header:
            cell.font = HEADER_FONT
        self.ws.append(header)
        pending, self.pending = self.pending, None
        for values in pending:
            self._write(values)

    def _write(self, values: list) -> None:
        cells = []
        for v in values:
            cell = WriteOnlyCell(self.ws, value=v)
            if isinstance(v, str):
                cell.data_type = "s"  # text is text: "=1+1" is shown, never evaluated
            cells.append(cell)
        self.ws.append(cells)


class StreamingWorkbook:
    """Sheets filled row by row in any order; `save` writes the .xlsx atomically."""

    def __init__(self):
        self.wb = Workbook(write_only=True)
        self.problems = Problems()
        self.sheets: dict[str, Sheet] = {}

    def sheet(self, name: str, columns: list[str]) -> Sheet:
        self.sheets[name] = Sheet(self, name, columns)
        return self.sheets[name]

    def save(self, path: Path) -> None:
        for sheet in self.sheets.values():
            sheet.flush()
        self.wb.properties.created = FIXED_CREATED
        path = Path(path)
        fd, raw = tempfile.mkstemp(dir=path.parent, prefix=storage.temp_prefix(path), suffix=".raw")
        os.close(fd)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=storage.temp_prefix(path), suffix=".tmp")
        os.close(fd)
        try:
            self.wb.save(raw)
            _fix_zip_times(Path(raw), Path(tmp))
            os.chmod(tmp, storage.umask_mode())
            os.replace(tmp, path)
        finally:
            for name in (raw, tmp):
                if os.path.exists(name):
                    os.unlink(name)


def _fix_zip_times(src: Path, dst: Path) -> None:
    """Copy a zip entry by entry with FIXED_ZIP_TIME, and openpyxl's save time replaced."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", zin.read(info))
                zout.writestr(fixed, data)
                continue
            with zin.open(info) as fin, zout.open(fixed, "w") as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)
