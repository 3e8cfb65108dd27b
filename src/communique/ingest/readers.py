"""Readers: files, directories and stdin -> one Article per input record, or a Reject saying why.

Nothing is dropped silently. Each raw record is checked in the same order wherever it comes
from (size, emptiness, NUL bytes, UTF-8), so a reason means the same thing for every format.
Blank lines of a JSONL file are layout, not records, and are skipped.

A publication date that cannot be read keeps its article (the text is the data; a date is
metadata): the article is stored without a date and the dropped value is reported through the
``warn`` callback, which the ingest command writes to the ``ingest_warnings`` table.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
import re
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from communique.model import Article, Reject, iso_date, try_iso_date
from communique.model.dateline import dateline_date
from communique.model.header import parse_header

DEFAULT_MAX_BYTES = 2_000_000
NUL = b"\x00"
RECORD_KEEP = 2_000  # characters of a rejected record kept in the store, enough to recognise it

TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
CSV_SUFFIXES = {".csv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES | CSV_SUFFIXES | HTML_SUFFIXES

Warn = Callable[[str, str], None]


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


def _iter_records(paths: Iterable[str], max_bytes: int) -> Iterator[Record | Reject]:
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(max_bytes)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _read_dir(path, max_bytes)
        elif path.is_file():
            yield from read_file(path, max_bytes)
        elif path.exists():
            yield Reject(str(path), "not a regular file or directory")
        else:
            yield Reject(str(path), "no such file or directory")


def _read_dir(root: Path, max_bytes: int) -> Iterator[Record | Reject]:
    # Sorted so that runs over the same tree read in the same order (same batches, same ids).
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue  # .DS_Store, editor swap files: not documents anyone put there
            path = Path(dirpath) / name
            if path.suffix.lower() not in KNOWN_SUFFIXES:
                yield Reject(str(path), f"unsupported file type {path.suffix or '(no extension)'!r}"
                             f" (read: {', '.join(sorted(KNOWN_SUFFIXES))})")
                continue
            yield from read_file(path, max_bytes)


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Record | Reject]:
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as fh:
                yield from _read_jsonl(fh, str(path), max_bytes)
        elif suffix in CSV_SUFFIXES:
            yield from _read_csv(path, max_bytes)
        else:
            size = path.stat().st_size
            if size > max_bytes:
                yield Reject(str(path), f"oversized: {size} bytes > --max-bytes {max_bytes}")
                return
            data = path.read_bytes()
            if suffix in JSON_SUFFIXES:
                yield from _read_json(data, str(path), max_bytes)
            elif suffix in HTML_SUFFIXES:
                yield from _read_html(data, str(path))
            else:  # .txt, and any file named explicitly: plain text
                yield from _read_text(data, str(path))
    except OSError as exc:
        yield Reject(str(path), f"cannot read: {exc.strerror or exc}")


# --- raw checks shared by every format ------------------------------------------------------


def _decode(data: bytes, origin: str, max_bytes: int | None = None) -> str | Reject:
    """The record's text, or the first reason it cannot be an article."""
    if max_bytes is not None and len(data) > max_bytes:
        return Reject(origin, f"oversized: {len(data)} bytes > --max-bytes {max_bytes}", _keep(data))
    if not data.strip():
        return Reject(origin, "empty", "")
    if b"\x00" in data:
        return Reject(origin, f"binary: NUL byte at offset {data.index(NUL)}", _keep(data))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Reject(origin, f"not UTF-8: invalid byte 0x{data[exc.start]:02x} at offset {exc.start}",
                      _keep(data))
    return text


def _keep(data: bytes | str) -> str:
    if isinstance(data, bytes):
        data = data.decode("utf-8", errors="backslashreplace")
    return data[:RECORD_KEEP]


# --- formats -------------------------------------------------------------------------------


def _read_text(data: bytes, origin: str) -> Iterator[Record | Reject]:
    text = _decode(data, origin)
    if isinstance(text, Reject):
        yield text
        return
    body, pub_date, source = parse_header(text)
    if not body.strip():
        yield Reject(origin, "empty: wire header without text", _keep(text))
        return
    yield Record(Article(text=body, date=pub_date, source=source, origin=origin))


def _read_jsonl(fh: BinaryIO, name: str, max_bytes: int) -> Iterator[Record | Reject]:
    lineno = 0
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        lineno += 1
        origin = f"{name}:{lineno}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            # Skip the rest of the line without holding it: a runaway line must not eat memory.
            size = len(line)
            while True:
                more = fh.readline(1 << 20)
                size += len(more)
                if not more or more.endswith(b"\n"):
                    break
            yield Reject(origin, f"oversized: line of {size} bytes > --max-bytes {max_bytes}", _keep(line))
            continue
        if not line.strip():
            continue
        yield from _json_line(line, origin, max_bytes)


def _json_line(line: bytes, origin: str, max_bytes: int) -> Iterator[Record | Reject]:
    text = _decode(line, origin, max_bytes)
    if isinstance(text, Reject):
        yield text
        return
    text = text.rstrip("\r\n")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Reject(origin, f"malformed JSON: {exc.msg} (column {exc.colno})", _keep(text))
        return
    yield _from_object(obj, origin, text)


def _read_json(data: bytes, origin: str, max_bytes: int) -> Iterator[Record | Reject]:
    text = _decode(data, origin, max_bytes)
    if isinstance(text, Reject):
        yield text
        return
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Reject(origin, f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", _keep(text))
        return
    if isinstance(obj, list):
        if not obj:
            yield Reject(origin, "empty: JSON array with no records", _keep(text))
        for i, item in enumerate(obj):
            yield _from_object(item, f"{origin}[{i}]", None)
    else:
        yield _from_object(obj, origin, text)


def _read_csv(path: Path, max_bytes: int) -> Iterator[Record | Reject]:
    name = str(path)
    with path.open("rb") as probe:
        head = probe.read(1 << 16)
    if not head.strip():
        yield Reject(name, "empty", "")
        return
    if b"\x00" in head:
        yield Reject(name, f"binary: NUL byte at offset {head.index(NUL)}", _keep(head))
        return
    limit = csv.field_size_limit()
    csv.field_size_limit(max(max_bytes, limit))
    try:
        with path.open("r", encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            try:
                header = next(reader)
            except (StopIteration, csv.Error, UnicodeDecodeError) as exc:
                yield Reject(name, f"no CSV header row ({exc})" if str(exc) else "no CSV header row")
                return
            columns = [c.strip().lower() for c in header]
            if "text" not in columns:
                yield Reject(f"{name}:1", "missing text field: no 'text' column in the CSV header",
                             _keep(",".join(header)))
                return
            prev_end = reader.line_num
            while True:
                start = prev_end + 1
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except UnicodeDecodeError as exc:
                    yield Reject(f"{name}:{start}", f"not UTF-8 from here on ({exc.reason}); rest of file skipped")
                    return
                except csv.Error as exc:
                    prev_end = reader.line_num
                    yield Reject(f"{name}:{start}", f"malformed CSV row: {exc}")
                    continue
                prev_end = reader.line_num
                origin = f"{name}:{start}"
                if not any(cell.strip() for cell in row):
                    continue  # blank line between rows
                raw = ",".join(row)
                if len(raw.encode("utf-8")) > max_bytes:
                    yield Reject(origin, f"oversized: row of {len(raw.encode('utf-8'))} bytes > --max-bytes {max_bytes}",
                                 _keep(raw))
                    continue
                if len(row) != len(columns):
                    yield Reject(origin, f"malformed CSV row: {len(row)} fields, header has {len(columns)}", _keep(raw))
                    continue
                yield _from_object(dict(zip(columns, row, strict=True)), origin, raw)
    finally:
        csv.field_size_limit(limit)


def _read_html(data: bytes, origin: str) -> Iterator[Record | Reject]:
    html = _decode(data, origin)
    if isinstance(html, Reject):
        yield html
        return
    import trafilatura  # heavy import, only when there is HTML to read

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
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


def _read_stdin(max_bytes: int) -> Iterator[Record | Reject]:
    data = sys.stdin.buffer.read()
    lines = [ln for ln in data.splitlines() if ln.strip()]
    if lines and all(_is_json_object(ln) for ln in lines):
        yield from _read_jsonl(io.BytesIO(data), "stdin", max_bytes)
        return
    if len(data) > max_bytes:
        yield Reject("stdin", f"oversized: {len(data)} bytes > --max-bytes {max_bytes}", _keep(data))
        return
    yield from _read_text(data, "stdin")


def _is_json_object(line: bytes) -> bool:
    stripped = line.strip()
    if not stripped.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(stripped), dict)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False


# --- records -> articles -------------------------------------------------------------------


def _from_object(obj: Any, origin: str, raw: str | None) -> Record | Reject:
    keep = _keep(raw if raw is not None else json.dumps(obj, ensure_ascii=False, default=str))
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
    pub_date = header_date
    given = obj.get("date")
    if given not in (None, ""):
        parsed = parse_date(given)
        if parsed is None:
            warnings.append(f"bad date {str(given)[:40]!r}: article kept without a publication date")
        else:
            pub_date = parsed
    url = _str(obj.get("url"))
    source = _str(obj.get("source")) or header_source or _host(url)
    ext_id = obj.get("id")
    return Record(
        Article(text=body, title=_str(obj.get("title")), date=pub_date, source=source, url=url, origin=origin),
        ext_id=None if ext_id is None else str(ext_id),
        warnings=warnings,
    )


def _str(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _host(url: str | None) -> str | None:
    """The publisher when the record names none: GDELT counts sources by web domain too."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def parse_date(value: Any) -> str | None:
    """ISO date of a record's date field: ``YYYY-MM-DD``, an ISO datetime, ``YYYYMMDD``, or a
    date with the month in words ("Dec 28, 2023", "Thu, 28 Dec 2023 10:00:00 GMT" from RSS).

    Only unambiguous forms are accepted: "03/04/2023" could be March or April, and guessing
    would date every event in the article wrong.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value))
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
