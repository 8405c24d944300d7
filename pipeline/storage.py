"""Atomic reads and writes of JSON Lines, CSV and text files; nothing else."""
from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator, TypeVar

from .records import from_dict, to_dict

T = TypeVar("T")


# Characters of a file's name kept in its temp file's name: a page may be named with up to 255
# bytes (the usual limit), and the temp name adds a dot, eight random characters and .tmp.
TEMP_NAME_CHARS = 40


def temp_prefix(path: Path) -> str:
    """The prefix of `path`'s temp files: a dot and the start of its name (hidden, bounded)."""
    return f".{Path(path).name[:TEMP_NAME_CHARS]}."


def umask_mode() -> int:
    """The mode a new file gets under this process's umask (0o666 & ~umask): temp files are made
    0600, and a replaced output should be readable as any other file the user makes."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temp file in the same folder and `os.replace`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix(path), suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, umask_mode())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_text(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write only when the content differs, so file times (and make) see no change otherwise."""
    path = Path(path)
    if path.exists() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True


def dumps_jsonl(rows: Iterable[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, sort_keys=False))
        out.write("\n")
    return out.getvalue().encode("utf-8")


def write_records(path: Path, records: Iterable[Any]) -> None:
    write_atomic(path, dumps_jsonl(to_dict(r) for r in records))


class AtomicWriter:
    """A UTF-8 text file written piece by piece to a temp file beside `path`, which replaces
    `path` only on commit(): memory holds one piece, and a killed run leaves the old file whole."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(dir=self.path.parent, prefix=temp_prefix(self.path), suffix=".tmp")
        self.fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def commit(self) -> None:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        os.chmod(self.tmp, umask_mode())
        os.replace(self.tmp, self.path)

    def __del__(self):  # never committed (the run failed): leave no temp file behind
        if not self.fh.closed:
            self.fh.close()
            try:
                os.unlink(self.tmp)
            except FileNotFoundError:
                pass


class JsonlWriter(AtomicWriter):
    """JSON Lines written row by row (AtomicWriter)."""

    def extend(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.fh.write(json.dumps(row, ensure_ascii=False))
            self.fh.write("\n")

    def write(self, data: bytes) -> None:
        """Rows already written as JSON Lines (UTF-8)."""
        self.fh.write(data.decode("utf-8"))


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def read_records(path: Path, cls: type[T]) -> list[T]:
    if not Path(path).exists():
        return []
    return [from_dict(cls, row) for row in read_jsonl(path)]


# First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"):
# such text gets a leading apostrophe, which Excel and LibreOffice show as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_field(value: Any) -> str:
    """One CSV field: None empty, floats without a trailing .0, text that would start a formula
    neutralised with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, float):
        return format_number(value) if value == value else ""
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_START):
        text = "'" + text
    return text


def csv_line(values: Iterable[Any]) -> str:
    """One CSV row (RFC 4180): a field with a comma, a quote, CR or LF is quoted (a bare CR too,
    which the csv module leaves bare when rows end in LF), rows end in LF."""
    out = []
    for v in values:
        f = csv_field(v)
        if any(ch in f for ch in ',"\r\n'):
            f = '"' + f.replace('"', '""') + '"'
        out.append(f)
    return ",".join(out) + "\n"


def csv_bytes(rows: Iterable[dict[str, Any]], columns: list[str]) -> bytes:
    """CSV in UTF-8 with a byte-order mark (Excel reads the Chinese text right), LF rows."""
    out = io.StringIO()
    out.write("\ufeff" + csv_line(columns))
    for row in rows:
        out.write(csv_line(row.get(c) for c in columns))
    return out.getvalue().encode("utf-8")


class CsvWriter(AtomicWriter):
    """A CSV table written row by row (AtomicWriter): BOM and header, then csv_line rows."""

    def __init__(self, path: Path, columns: list[str]):
        super().__init__(path)
        self.columns = list(columns)
        self.fh.write("\ufeff" + csv_line(self.columns))
        self.rows = 0

    def write(self, row: dict[str, Any]) -> None:
        self.fh.write(csv_line(row.get(c) for c in self.columns))
        self.rows += 1


def format_number(value: float) -> str:
    """Integers without a trailing .0, other values with at most 4 decimals."""
    if value == int(value):
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


class Busy(RuntimeError):
    """Another run holds the output folder."""


@contextlib.contextmanager
def locked(folder: Path):
    """Hold OUT/.lock (an advisory flock) for a run: a second run on the same folder stops with
    Busy instead of mixing its outputs with the first's. The lock goes with the process."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    fh = open(folder / ".lock", "a+")
    try:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise Busy(f"{folder} is in use by another sansan run ({holder}); wait for it to finish") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        yield
    finally:
        fh.close()
