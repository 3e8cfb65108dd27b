"""Readers: files, directories and stdin -> one Article per input record, or a Reject saying why.

Nothing is dropped silently, and no record can stop the others: whatever one record holds
(a NaN date, JSON nested 100,000 deep, a 5,000-digit number, a lone surrogate, a URL that does
not parse, a 10 MB CSV field) ends that record as a Reject naming its file, line and reason,
and reading goes on with the next. Each raw record is checked in the same order wherever it
comes from (size, emptiness, NUL bytes, encoding), so a reason means the same thing for every
format. Blank lines of a JSONL file are layout, not records, and are skipped.

What is read, and how much of it is held at once:

- Only regular files. A FIFO, a device (a symlink to /dev/zero), a socket is rejected with
  its kind: reading one would hang or never end. Inside a directory, a symlink is followed only
  when it resolves inside the directory given (``corpus/x.txt -> /etc/passwd`` is refused);
  a symlink to a directory is not followed (its target is read under its own path, or refused).
  A directory that cannot be listed is a reject, not a silent gap.
- Memory is bounded by ``max_bytes`` (``--max-bytes``, 2 MB), the per-record cap: JSONL, CSV
  and stdin are streamed one record at a time, each capped; a .txt, .html or .json file is
  one read, so the file itself is capped (a .json array of many records too: parsing it holds
  the whole tree). At most ``max_bytes + 1`` bytes are read to find that out, whatever size the
  file claims. 2 MB is about 300,000 words, far beyond any news article, and small enough
  that a few records in flight per worker stay far below the memory a coder process holds
  for its model. The record is stored whole; how much of it the coder reads is the coder's
  own bound (time, not memory).
- UTF-8, with or without a byte-order mark, and UTF-16/UTF-32 (by their byte-order mark, or
  UTF-16 without one by its zero bytes) are decoded. Any other encoding is not guessed:
  guessing an 8-bit code page from a short text is wrong too often (a French cp1252 text was
  read as cp1250, "apr\u010ds" for "apr\u00e8s") and would garble names silently. A record that is
  not UTF-8 is rejected alone with the offending byte and its offset; in a CSV or JSONL file
  the other rows are read as usual, with their own line numbers.

A publication date that cannot be read keeps its article (the text is the data; a date is
metadata): the article is stored without a date and the dropped value is reported through the
``warn`` callback, which the ingest command writes to the ``ingest_warnings`` table.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol
from urllib.parse import urlsplit

from communique.model import Article, Reject, iso_date, try_iso_date
from communique.model.dateline import dateline_date
from communique.model.header import parse_header
from communique.model.text import replace_surrogates

DEFAULT_MAX_BYTES = 2_000_000
NUL = b"\x00"
RECORD_KEEP = 2_000  # characters of a rejected record kept in the store, enough to recognise it
CHUNK = 1 << 20  # bytes read at a time where a line may be longer than any record should be
SNIFF = 4096  # bytes looked at to tell UTF-16 without a byte-order mark

TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
CSV_SUFFIXES = {".csv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES | CSV_SUFFIXES | HTML_SUFFIXES

Warn = Callable[[str, str], None]


class Lines(Protocol):
    """A binary stream read line by line: an open file, stdin, or UTF-16 turned into UTF-8."""

    def readline(self, size: int = -1, /) -> bytes: ...


@dataclass(slots=True)
class Record:
    """An article as read, with what the Article record has no field for."""

    article: Article
    ext_id: str | None = None  # the input's own id field, when it had one
    warnings: list[str] = field(default_factory=list)


def read_paths(
    paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES, warn: Warn | None = None
) -> Iterator[Article | Reject]:
    """Articles and rejects from files, directories (recursively) and ``"-"`` (stdin)."""
    for item in iter_records(paths, max_bytes=max_bytes):
        if isinstance(item, Reject):
            yield item
            continue
        if warn:
            for message in item.warnings:
                warn(item.article.origin or "", message)
        yield item.article


def iter_records(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES,
                 default_date: str | None = None) -> Iterator[Record | Reject]:
    """Records of ``paths`` in order. An article whose record and text give no publication date
    takes ``default_date`` (``ingest --date``); its year also completes a dateline that gives
    only month and day ("CAIRO, Dec 17 (AFP)")."""
    default_date = iso_date(default_date)
    for item in _iter_records(paths, max_bytes):
        if default_date and isinstance(item, Record) and item.article.date is None:
            item.article.date = dateline_date(item.article.text, int(default_date[:4])) or default_date
        yield item


def missing_paths(paths: Iterable[str]) -> list[str]:
    """The paths that name nothing (``"-"`` is stdin): the ingest command stops on them before
    it opens the store, since a typo in a path is not a rejected record."""
    return [p for p in paths if p != "-" and not os.path.lexists(p)]


def shown(path: Path | str) -> str:
    """A path as origins name it. A file name that is not UTF-8 ("caf\\xe9.txt" from a Latin-1
    system) shows its bytes escaped: as Python decodes it, it holds lone surrogates, which
    cannot be stored (the whole batch failed on one such name)."""
    name = str(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        name = os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


def _iter_records(paths: Iterable[str], max_bytes: int) -> Iterator[Record | Reject]:
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(max_bytes)
            continue
        path = Path(raw)
        try:
            is_dir = path.is_dir()  # a path named on the command line is followed where it points
        except (OSError, ValueError):
            is_dir = False
        if is_dir:
            yield from _read_dir(path, max_bytes)
        elif os.path.lexists(path):
            yield from read_file(path, max_bytes)
        else:
            yield Reject(shown(path), "no such file or directory")


def _read_dir(root: Path, max_bytes: int) -> Iterator[Record | Reject]:
    """Every file under ``root``: a directory's own files first, then its subdirectories, each
    sorted by name, so runs over the same tree read in the same order (same batches, same ids).
    A loop, not recursion: a tree thousands of levels deep must not overflow the stack."""
    top = os.path.realpath(root)
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield Reject(shown(directory), f"cannot read directory: {exc.strerror or exc}")
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue  # .DS_Store, editor swap files, .git: not documents anyone put there
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    refusal = _symlink_refusal(path, top)
                    if refusal:
                        yield Reject(shown(path), refusal)
                        continue
                elif entry.is_dir(follow_symlinks=False):
                    subdirs.append(path)
                    continue
            except OSError as exc:
                yield Reject(shown(path), f"cannot read: {exc.strerror or exc}")
                continue
            if path.suffix.lower() not in KNOWN_SUFFIXES:
                yield Reject(shown(path), f"unsupported file type {path.suffix or '(no extension)'!r}"
                             f" (read: {', '.join(sorted(KNOWN_SUFFIXES))})")
                continue
            yield from read_file(path, max_bytes)
        pending.extend(reversed(subdirs))


def _symlink_refusal(link: Path, top: str) -> str | None:
    """Why a symlink found in a directory is not followed, or None to read its target. A
    corpus directory stands for the files in it: ``corpus/x.txt -> /etc/passwd`` is someone
    else's file, and ``corpus/loop -> ..`` would read the tree forever."""
    target = os.path.realpath(link)
    if os.path.commonpath([top, target]) != top:
        return f"symlink to {target}, outside the input tree {top}: not followed"
    if os.path.isdir(target):
        return f"symlink to the directory {target}: not followed (its files are read under their own path)"
    return None


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Record | Reject]:
    name = shown(path)
    try:
        opened = _open_regular(path)
    except (OSError, ValueError) as exc:
        yield Reject(name, f"cannot read: {getattr(exc, 'strerror', None) or exc}")
        return
    if isinstance(opened, str):
        yield Reject(name, opened)
        return
    with opened as fh:
        try:
            yield from _read_open(fh, path, max_bytes)
        except OSError as exc:
            yield Reject(name, f"cannot read: {exc.strerror or exc}; rest of file skipped")


def _open_regular(path: Path) -> BinaryIO | str:
    """The file open for reading, or why it is not read: only regular files are. Checked again
    on the open descriptor, so a file swapped for a FIFO in between is caught too; opened
    without blocking, since opening a FIFO for reading waits for a writer."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        return _not_regular(mode)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            os.close(fd)
            return _not_regular(mode)
        os.set_blocking(fd, True)
        fh = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    return fh


def _not_regular(mode: int) -> str:
    kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a character device" if stat.S_ISCHR(mode)
            else "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a directory" if stat.S_ISDIR(mode) else "not a file")
    return f"not a regular file ({kind}): only regular files are read"


def _read_open(fh: BinaryIO, path: Path, max_bytes: int) -> Iterator[Record | Reject]:
    name = shown(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES or suffix in CSV_SUFFIXES:
        head = fh.peek(SNIFF)[:SNIFF] if hasattr(fh, "peek") else b""
        encoding = sniff_encoding(head)
        lines: Lines = _Utf8Lines(fh, encoding) if encoding else fh
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(lines, name, max_bytes)
        else:
            yield from _read_csv(lines, name, max_bytes, head if encoding is None else b"")
        return
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        size = max(os.fstat(fh.fileno()).st_size, len(data))
        yield Reject(name, f"oversized: {size} bytes > --max-bytes {max_bytes}", _keep(data[:RECORD_KEEP]))
        return
    if suffix in JSON_SUFFIXES:
        yield from _read_json(data, name, max_bytes)
    elif suffix in HTML_SUFFIXES:
        yield from _read_html(data, name)
    else:  # .txt, and any file named explicitly: plain text
        yield from _read_text(data, name)


# --- encodings -----------------------------------------------------------------------------

# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, None),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


def sniff_encoding(head: bytes) -> str | None:
    """The encoding the first bytes of a file announce, when it is not UTF-8 (None): a
    byte-order mark, or UTF-16 without one, whose text in Latin script has a zero byte in every
    other place ("Nato" in UTF-16-LE is the bytes N 0 a 0 t 0 o 0)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    n = len(head) // 2 * 2
    if n < 8:
        return None
    even, odd = head[0:n:2].count(0), head[1:n:2].count(0)
    if even == 0 and odd >= 0.6 * (n // 2):
        return "utf-16-le"
    if odd == 0 and even >= 0.6 * (n // 2):
        return "utf-16-be"
    return None


class _Utf8Lines:
    """A UTF-16 or UTF-32 file as UTF-8 lines, so the JSONL and CSV readers see one encoding.
    Lines end at "\n" only, as in the binary files they read."""

    def __init__(self, fh: BinaryIO, encoding: str) -> None:
        self.encoding = encoding
        self.text = io.TextIOWrapper(fh, encoding=encoding, newline="\n")

    def readline(self, size: int = -1, /) -> bytes:
        try:
            return self.text.readline(size).encode("utf-8")
        except UnicodeDecodeError as exc:
            raise _Undecodable(f"not {self.encoding.upper()}: {exc.reason}") from exc


class _Undecodable(Exception):
    """A UTF-16/32 stream broke off: what follows cannot be split into lines."""


def _decode(data: bytes, origin: str, max_bytes: int | None = None, encoding: str | None = None) -> str | Reject:
    """The record's text, or the first reason it cannot be an article. ``encoding``: what
    ``sniff_encoding`` found for a whole file; None is UTF-8 (a byte-order mark is dropped)."""
    if max_bytes is not None and len(data) > max_bytes:
        return Reject(origin, f"oversized: {len(data)} bytes > --max-bytes {max_bytes}", _keep(data))
    if encoding is None:
        if not data.strip():
            return Reject(origin, "empty", "")
        if NUL in data:
            return Reject(origin, f"binary: NUL byte at offset {data.index(NUL)}", _keep(data))
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            return Reject(origin, f"not UTF-8: invalid byte 0x{data[exc.start]:02x} at offset {exc.start}",
                          _keep(data))
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        return Reject(origin, f"not {encoding.upper()}: {exc.reason} at offset {exc.start}", _keep(data))
    if not text.strip():
        return Reject(origin, "empty", "")
    if "\x00" in text:
        return Reject(origin, f"binary: NUL character at offset {text.index(chr(0))} ({encoding.upper()})",
                      _keep(text))
    return text


def _keep(data: bytes | str) -> str:
    if isinstance(data, bytes):
        data = data[:4 * RECORD_KEEP].decode("utf-8", errors="backslashreplace")
    return data[:RECORD_KEEP]


def _parse_json(text: str, one_line: bool = False) -> tuple[Any, str | None]:
    """The parsed value, or why the text is not JSON that Python can hold: besides syntax,
    nesting deeper than the interpreter's recursion limit and integers of more than 4,300
    digits (Python's guard against quadratic int-to-str conversion) raise."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        where = f"column {exc.colno}" if one_line else f"line {exc.lineno}, column {exc.colno}"
        return None, f"malformed JSON: {exc.msg} ({where})"
    except RecursionError:
        return None, "malformed JSON: nested too deep to read"
    except ValueError as exc:  # "Exceeds the limit (4300 digits) for integer string conversion"
        if "integer string conversion" in str(exc):
            return None, f"malformed JSON: an integer of more than {sys.get_int_max_str_digits()} digits"
        return None, f"malformed JSON: {str(exc)[:120]}"


# --- formats -------------------------------------------------------------------------------


def _read_text(data: bytes, origin: str) -> Iterator[Record | Reject]:
    text = _decode(data, origin, encoding=sniff_encoding(data[:SNIFF]))
    if isinstance(text, Reject):
        yield text
        return
    body, _, _ = parse_header(text)
    if not body.strip():
        yield Reject(origin, "empty: wire header without text", _keep(text))
        return
    yield _from_object({"text": text}, origin, text)


def _read_jsonl(fh: Lines, name: str, max_bytes: int, lineno: int = 0) -> Iterator[Record | Reject]:
    while True:
        try:
            line = fh.readline(max_bytes + 1)
        except _Undecodable as exc:
            yield Reject(f"{name}:{lineno + 1}", f"{exc}; rest of file skipped")
            return
        if not line:
            return
        lineno += 1
        origin = f"{name}:{lineno}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            # Skip the rest of the line without holding it: a runaway line must not eat memory.
            size = len(line)
            while True:
                try:
                    more = fh.readline(CHUNK)
                except _Undecodable:
                    more = b""
                size += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield Reject(origin, f"oversized: line of {size} bytes > --max-bytes {max_bytes}", _keep(line))
            continue
        if not line.strip():
            continue
        yield _json_line(line, origin, max_bytes)


def _json_line(line: bytes, origin: str, max_bytes: int) -> Record | Reject:
    text = _decode(line, origin, max_bytes)
    if isinstance(text, Reject):
        return text
    text = text.rstrip("\r\n")
    obj, error = _parse_json(text, one_line=True)
    if error:
        return Reject(origin, error, _keep(text))
    return _from_object(obj, origin, text)


def _read_json(data: bytes, origin: str, max_bytes: int) -> Iterator[Record | Reject]:
    text = _decode(data, origin, max_bytes, encoding=sniff_encoding(data[:SNIFF]))
    if isinstance(text, Reject):
        yield text
        return
    obj, error = _parse_json(text)
    if error:
        yield Reject(origin, error, _keep(text))
        return
    if isinstance(obj, list):
        if not obj:
            yield Reject(origin, "empty: JSON array with no records", _keep(text))
        for i, item in enumerate(obj):
            yield _from_object(item, f"{origin}[{i}]", None)
    else:
        yield _from_object(obj, origin, text)


# CSV: the file is split into records here, by the quoting rules of Python's csv module
# (a quote opens a quoted field only at the start of a field; "" inside one is a quote), and
# each record is then parsed alone. So an oversized field (10 MB) rejects its record and the
# next record starts where it should, where csv.reader, stopped by its field size limit in
# mid-field, went on reading the rest of that field as rows; and a byte that is not UTF-8
# rejects its row alone, with the row's own line number.
_START, _UNQUOTED, _QUOTED, _QUOTE_IN_QUOTED = range(4)
_CSV_SPECIAL = re.compile(rb'[",]')


def _csv_scan(s: bytes, state: int) -> int:
    """The splitter's state after the bytes ``s`` (no line end in them) read in ``state``."""
    if state in (_START, _UNQUOTED) and b'"' not in s:
        return state if not s else _START if s.endswith(b",") else _UNQUOTED
    i, n = 0, len(s)
    while i < n:
        if state == _QUOTED:
            j = s.find(b'"', i)
            if j < 0:
                return _QUOTED
            state, i = _QUOTE_IN_QUOTED, j + 1
        elif state == _QUOTE_IN_QUOTED:
            c = s[i]
            state = _QUOTED if c == 0x22 else _START if c == 0x2C else _UNQUOTED
            i += 1
        else:
            m = _CSV_SPECIAL.search(s, i)
            if m is None:
                return _UNQUOTED
            j = m.start()
            if s[j] == 0x2C:
                state = _START
            else:  # a quote: opens a quoted field at the start of a field, is a character elsewhere
                state = _QUOTED if state == _START and j == i else _UNQUOTED
            i = j + 1
    return state


@dataclass(slots=True)
class _CsvRecord:
    line: int  # first line of the record
    data: bytes | None  # None when oversized: its bytes were not kept
    size: int
    head: bytes  # its first bytes, kept for the reject
    closed: bool  # False: a quoted field ran to the end of the file


def _csv_records(fh: Lines, max_bytes: int) -> Iterator[_CsvRecord]:
    """The records of a CSV stream, holding at most ``max_bytes`` of one record at a time."""
    lineno = 0
    state = _START
    parts: list[bytes] = []
    size, start, head = 0, 1, b""
    while True:
        piece = fh.readline(CHUNK)
        if not piece:
            if size:
                yield _CsvRecord(start, b"".join(parts) if size <= max_bytes else None, size, head,
                                 state != _QUOTED)
            return
        if not size:
            start, head = lineno + 1, b""
        size += len(piece)
        if len(head) < RECORD_KEEP:
            head += piece[:RECORD_KEEP - len(head)]
        if size <= max_bytes:
            parts.append(piece)
        else:
            parts.clear()
        if not piece.endswith(b"\n"):
            state = _csv_scan(piece, state)
            continue
        lineno += 1
        state = _csv_scan(piece.rstrip(b"\r\n"), state)
        if state != _QUOTED:
            yield _CsvRecord(start, b"".join(parts) if size <= max_bytes else None, size, head, True)
            parts, size, state = [], 0, _START


def _csv_row(text: str, max_bytes: int) -> list[str] | str:
    """The fields of one record, or why it is not a CSV row."""
    limit = csv.field_size_limit(max(max_bytes, _CSV_FIELD_LIMIT))  # the record is <= max_bytes
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return f"malformed CSV row: {exc}"
    finally:
        csv.field_size_limit(limit)
    if len(rows) != 1:
        return f"malformed CSV row: {len(rows)} rows in one record (a carriage return without a line feed?)"
    return rows[0]


_CSV_FIELD_LIMIT = csv.field_size_limit()


def _read_csv(fh: Lines, name: str, max_bytes: int, head: bytes) -> Iterator[Record | Reject]:
    if NUL in head:
        yield Reject(name, f"binary: NUL byte at offset {head.index(NUL)}", _keep(head))
        return
    columns: list[str] | None = None
    try:
        for rec in _csv_records(fh, max_bytes):
            origin = f"{name}:{rec.line}"
            if rec.data is not None and not rec.data.strip():
                continue  # a blank line between rows
            reason: str | None = None
            fields: list[str] | str = []
            raw = ""
            if rec.data is None:
                reason = f"oversized: row of {rec.size} bytes > --max-bytes {max_bytes}"
            elif not rec.closed:
                reason = "malformed CSV row: a quoted field opened here is not closed before the end of the file"
            else:
                text = _decode(rec.data, origin)
                if isinstance(text, Reject):
                    reason = text.reason
                else:
                    raw = text.rstrip("\r\n")
                    fields = _csv_row(text, max_bytes)
                    if isinstance(fields, str):
                        reason = fields
            if columns is None:
                if reason is not None:
                    yield Reject(name, f"no CSV header row ({reason})", _keep(raw or rec.head))
                    return
                columns = [c.strip().lower() for c in fields]
                if "text" not in columns:
                    yield Reject(f"{name}:{rec.line}", "missing text field: no 'text' column in the CSV header",
                                 _keep(raw))
                    return
                continue
            if reason is not None:
                yield Reject(origin, reason, _keep(raw or rec.head))
                continue
            assert isinstance(fields, list)
            if not any(cell.strip() for cell in fields):
                continue  # a row of empty cells
            if len(fields) != len(columns):
                yield Reject(origin, f"malformed CSV row: {len(fields)} fields, header has {len(columns)}",
                             _keep(raw))
                continue
            yield _from_object(dict(zip(columns, fields, strict=True)), origin, raw)
    except _Undecodable as exc:
        yield Reject(name, f"{exc}; rest of file skipped")
        return
    if columns is None:
        yield Reject(name, "empty", "")


def _read_html(data: bytes, origin: str) -> Iterator[Record | Reject]:
    html = _decode(data, origin, encoding=sniff_encoding(data[:SNIFF]))
    if isinstance(html, Reject):
        yield html
        return
    import trafilatura  # heavy import, only when there is HTML to read

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as exc:  # noqa: BLE001 - hostile markup must reject its file, not stop the run
        yield Reject(origin, f"cannot extract text from the HTML: {type(exc).__name__}: {str(exc)[:200]}",
                     _keep(html))
        return
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        yield Reject(origin, "empty: no main text found in the HTML", _keep(html))
        return
    record: dict[str, Any] = {
        "text": text,
        "title": getattr(doc, "title", None),
        "date": getattr(doc, "date", None),
        "url": getattr(doc, "url", None),
        "source": getattr(doc, "sitename", None),
    }
    yield _from_object(record, origin, None)


class _Replay:
    """A stream with lines already read put back in front of it."""

    def __init__(self, lines: list[bytes], fh: BinaryIO) -> None:
        self.lines, self.fh = lines, fh

    def readline(self, size: int = -1, /) -> bytes:
        if self.lines:
            return self.lines.pop(0)
        return self.fh.readline(size)


def _read_stdin(max_bytes: int) -> Iterator[Record | Reject]:
    """stdin, streamed. Up to ``max_bytes`` is held to decide: input that ends within it is
    JSONL when every non-blank line is a JSON object, else one plain text. Longer input cannot
    be one text (it would be oversized), so it is read as JSONL, one line at a time, when its
    first non-blank line is a JSON object; else it is rejected as oversized, read through
    without being held (200 MB piped in once took 1.1 GB)."""
    fh = sys.stdin.buffer
    held: list[bytes] = []  # at most 2 * max_bytes + 1 bytes
    size = 0
    while size <= max_bytes:
        line = fh.readline(max_bytes + 1)  # whole lines (or one cut as oversized): JSONL may replay them
        if not line:
            lines = [ln for ln in held if ln.strip()]
            if lines and all(_is_json_object(ln) for ln in lines):
                yield from _read_jsonl(_Replay(held, fh), "stdin", max_bytes)
            else:
                yield from _read_text(b"".join(held), "stdin")
            return
        held.append(line)
        size += len(line)
    first = next((ln for ln in held if ln.strip()), b"")
    if first.endswith(b"\n") and _is_json_object(first):
        yield from _read_jsonl(_Replay(held, fh), "stdin", max_bytes)
        return
    while more := fh.read(CHUNK):  # drained, not held: only its size is reported
        size += len(more)
    yield Reject("stdin", f"oversized: {size} bytes > --max-bytes {max_bytes}", _keep(held[0][:RECORD_KEEP]))


def _is_json_object(line: bytes) -> bool:
    stripped = line.strip()
    if not stripped.startswith(b"{"):
        return False
    try:
        text = stripped.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    obj, error = _parse_json(text)
    return error is None and isinstance(obj, dict)


# --- records -> articles -------------------------------------------------------------------


def _from_object(obj: Any, origin: str, raw: str | None) -> Record | Reject:
    """The record as an article, or why not. Whatever a field holds, the answer is one of the
    two: an exception here (a value no rule below foresaw) rejects this record, naming the
    error, and the ingest goes on with the next."""
    try:
        return _to_record(obj, origin, raw)
    except Exception as exc:  # noqa: BLE001 - one record must never stop the batch
        return Reject(origin, f"unreadable record: {type(exc).__name__}: {str(exc)[:200]}", _keep(raw or ""))


def _to_record(obj: Any, origin: str, raw: str | None) -> Record | Reject:
    keep = _keep(raw if raw is not None else _dump(obj))
    if not isinstance(obj, dict):
        return Reject(origin, f"not a JSON object: {type(obj).__name__}", keep)
    text = obj.get("text")
    if text is None:
        return Reject(origin, "missing text field", keep)
    if not isinstance(text, str):
        return Reject(origin, f"text field is {type(text).__name__}, not a string", keep)
    if "\x00" in text:
        return Reject(origin, "binary: NUL character in text", keep)
    body, header_date, header_source = parse_header(text)
    if not body.strip():
        return Reject(origin, "empty text", keep)
    warnings: list[str] = []
    if replace_surrogates(text) != text:
        warnings.append("lone surrogate code points in the text replaced by U+FFFD")
    pub_date = header_date
    given = obj.get("date")
    if given not in (None, ""):
        parsed = parse_date(given)
        if parsed is None:
            shown = repr(given)[:40] if isinstance(given, (str, int, float)) else f"a JSON {type(given).__name__}"
            warnings.append(f"bad date {shown}: article kept without a publication date")
        else:
            pub_date = parsed
    url = _str(obj.get("url"))
    source = _str(obj.get("source")) or header_source or _host(url)
    ext_id = _str(obj.get("id"), strip=False)
    return Record(
        Article(text=body, title=_str(obj.get("title")), date=pub_date, source=source, url=url, origin=origin),
        ext_id=ext_id,
        warnings=warnings,
    )


def _dump(obj: Any) -> str:
    try:
        return json.dumps(obj, ensure_ascii=False, default=str)
    except (ValueError, RecursionError):  # nested as deep as the parser allowed: no room to recurse
        return f"(a JSON {type(obj).__name__} too deeply nested to show)"


def _str(value: Any, strip: bool = True) -> str | None:
    """A scalar field as text; a list or object where a string belongs is dropped (its str()
    would be Python's repr, and a deeply nested one cannot even be printed)."""
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, int) and value.bit_length() > 13_000:
        return None  # ~3,900 digits: near Python's int-to-str limit (the Python API; JSON cannot give one)
    value = str(value)
    if not strip:
        return value  # an id is kept as given
    return value.strip() or None


def _host(url: str | None) -> str | None:
    """The publisher when the record names none: GDELT counts sources by web domain too. A URL
    that does not parse ("http://[::1") names no host."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host.removeprefix("www.") or None


def parse_date(value: Any) -> str | None:
    """ISO date of a record's date field: ``YYYY-MM-DD``, an ISO datetime, ``YYYYMMDD``, or a
    date with the month in words ("Dec 28, 2023", "Thu, 28 Dec 2023 10:00:00 GMT" from RSS).

    Only unambiguous forms are accepted: "03/04/2023" could be March or April, and guessing
    would date every event in the article wrong.
    """
    if isinstance(value, float):
        # NaN, Infinity and 1e400 (read as inf) are JSON numbers Python accepts; none is a day
        if not math.isfinite(value) or not value.is_integer():
            return None
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 < value < 10 ** 8:  # 20231228 has 8 digits; str() of a huge int even raises
            return None
        value = str(value)
    if not isinstance(value, str):
        return None
    s = value.strip()
    day = try_iso_date(s)
    if day is not None:
        return day
    if len(s) > 64 or not _MONTH_WORD.search(s):
        return None
    return _parse_worded_date(s)


# A month written as a word is what makes a date unambiguous outside ISO forms.
_MONTH_WORD = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE
)


def _parse_worded_date(s: str) -> str | None:
    import dateparser  # slow to import; only records with such dates need it

    parsed = dateparser.parse(
        s,
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"],
                  "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date().isoformat() if parsed else None
