"""Fuzzing the readers (issue 12): hypothesis writes hostile JSONL, JSON, CSV, text and HTML
files (NaN and huge numbers, lone surrogates, deep nesting, URLs that do not parse, stray
quotes, bytes that are not UTF-8, NUL bytes, UTF-16) and the readers must, for every one:

- not raise: each record becomes an article or a reject;
- account for every record: each non-blank JSONL line, each CSV row, each file is named by
  exactly one article or reject, in input order;
- stay within bounds: no article longer than ``--max-bytes``, peak memory a small multiple of
  the input (tracemalloc), and time per case checked against a generous bound;
- be idempotent: reading twice gives the same items, and ingesting twice adds nothing.

Examples are derandomized (the same every run) and not saved to a database, so the suite is
deterministic and writes nothing outside tmp_path.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.ingest import iter_records
from communique.ingest.run import ingest
from communique.model import Reject
from test_ingest_hostile import CountingCoder  # tests/ is on sys.path: one fake coder for both suites

MAX_BYTES = 20_000  # small, so oversized records are generated too
FUZZ = settings(derandomize=True, database=None, deadline=None, max_examples=60,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Values no well-behaved feed sends, each of which once raised out of the readers.
NASTY_STRINGS = ["http://[::1", "\ud800", "a\udfffb", "NaN", "Infinity", "1e400", "2023-02-30", "20231301",
                 "Dec 32, 2023", "\x00", "\u202e", "\ufeff", '"', '""', "\r", "\r\n", ",", "#39;", "&#1114112;",
                 "date 2023-01-01 (X)", "ok text"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10 ** 30, max_value=10 ** 60),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40), st.sampled_from(NASTY_STRINGS),
)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=5), inner, max_size=3), max_leaves=8)
texts = st.one_of(
    st.text(min_size=1, max_size=200),
    st.sampled_from(NASTY_STRINGS),
    st.builds(lambda a, b: a + b, st.sampled_from(NASTY_STRINGS), st.text(max_size=50)),
    st.just("Chile met Peru in Lima. " * 1200),  # 28 kB: over MAX_BYTES
)
records = st.fixed_dictionaries(
    {"text": st.one_of(texts, json_values)},
    optional={"date": json_values, "url": st.one_of(st.sampled_from(NASTY_STRINGS), json_values),
              "title": json_values, "source": json_values, "id": json_values},
)


def json_line(draw_record: dict, deep: int) -> str:
    if deep:
        return "[" * deep + "]" * deep  # nested past the parser's recursion limit
    return json.dumps(draw_record, allow_nan=True)  # ASCII: lone surrogates stay escaped


jsonl_lines = st.lists(st.one_of(
    st.builds(json_line, records, st.just(0)),
    st.builds(json_line, records, st.sampled_from([0, 0, 5000, 100_000])),
    st.just('{"text": "x", "id": ' + "7" * 5000 + "}"),  # past Python's int-to-str limit
    st.binary(max_size=80).map(lambda b: b.replace(b"\n", b" ").decode("latin-1")),
    st.just(""),
), max_size=12)
csv_cells = st.one_of(st.text(max_size=60), st.sampled_from(NASTY_STRINGS), st.just("x" * 25_000))
raw_bytes = st.binary(max_size=300)


def csv_bytes(rows: list[list[str]], junk: list[bytes], header: list[str]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    data = out.getvalue().encode("utf-8", "surrogatepass")
    lines = data.split(b"\n")
    for i, j in enumerate(junk):  # raw bytes spliced between lines: bad UTF-8, NULs, stray quotes
        lines.insert(min(1 + 2 * i, len(lines)), j.replace(b"\n", b""))
    return b"\n".join(lines)




def origin_line(item) -> int:
    origin = item.origin if isinstance(item, Reject) else item.article.origin
    return int(origin.rsplit(":", 1)[1])


def read_all(root: Path) -> list:
    return list(iter_records([str(root)], max_bytes=MAX_BYTES))


def summary(found: list) -> list[tuple]:
    return [("reject", r.origin, r.reason) if isinstance(r, Reject)
            else ("article", r.article.origin, r.article.id, r.article.date, r.ext_id) for r in found]


def check_bounds(found: list) -> None:
    for r in found:
        if not isinstance(r, Reject):
            assert len(r.article.text.encode("utf-8")) <= MAX_BYTES
            r.article.text.encode("utf-8")  # storable: no lone surrogate reaches the store
            assert r.article.date is None or len(r.article.date) == 10


def bounded_read(root: Path, input_bytes: int) -> list:
    """Read ``root`` twice: the same items each time (reading is deterministic), the second
    within a time and memory bound (the first pays for caches the libraries fill once)."""
    first = summary(read_all(root))
    tracemalloc.start()
    started = time.process_time()
    try:
        found = read_all(root)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # generous: a case here is at most a few hundred kB, read in well under a second
    assert time.process_time() - started < 20
    assert peak < 16 * 1024 * 1024 + 20 * input_bytes, peak
    check_bounds(found)
    assert summary(found) == first
    return found


@FUZZ
@given(lines=jsonl_lines)
def test_jsonl_every_line_is_an_article_or_a_reject(lines):
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "in.jsonl"
        data = "\n".join(lines).encode("utf-8", "surrogatepass")
        f.write_bytes(data)
        found = bounded_read(Path(tmp), len(data))
        expected = [i for i, line in enumerate(data.split(b"\n"), start=1) if line.strip()]
        assert [origin_line(r) for r in found] == expected


@FUZZ
@given(items=st.lists(st.one_of(records, json_values), max_size=8), encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_json_array_every_element_is_an_article_or_a_reject(items, encoding):
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "in.json"
        data = json.dumps(items, allow_nan=True).encode(encoding)
        f.write_bytes(data)
        found = bounded_read(Path(tmp), len(data))
        if len(data) > MAX_BYTES or not items:
            assert len(found) == 1 and isinstance(found[0], Reject)
        else:
            assert [r.origin if isinstance(r, Reject) else r.article.origin for r in found] == [
                f"{f}[{i}]" for i in range(len(items))]


@FUZZ
@given(rows=st.lists(st.lists(csv_cells, min_size=1, max_size=4), max_size=10),
       junk=st.lists(raw_bytes, max_size=3), header=st.sampled_from([["text", "date", "url"], ["text"], ["body"]]))
def test_csv_every_row_is_an_article_or_a_reject_at_its_line(rows, junk, header):
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "in.csv"
        data = csv_bytes(rows, junk, header)
        f.write_bytes(data)
        found = bounded_read(Path(tmp), len(data))
        n_lines = data.count(b"\n") + 1
        lines = [origin_line(r) for r in found if ":" in (r.origin if isinstance(r, Reject) else r.article.origin)]
        assert lines == sorted(set(lines))  # one item per record, in order
        assert all(1 <= n <= n_lines for n in lines)
        if "text" not in header or b"\x00" in data[:4096]:
            assert len(found) <= 1


@FUZZ
@given(body=st.one_of(raw_bytes, st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
                      st.text(max_size=300).map(lambda t: t.encode("utf-16", "surrogatepass"))),
       suffix=st.sampled_from([".txt", ".html"]))
def test_a_text_or_html_file_is_one_article_or_one_reject(body, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        page = b"<html><body><article><p>" + body + b"</p></article></body></html>" if suffix == ".html" else body
        (Path(tmp) / f"in{suffix}").write_bytes(page)
        found = bounded_read(Path(tmp), len(page))
        assert len(found) == 1


@settings(derandomize=True, database=None, deadline=None, max_examples=8,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(lines=jsonl_lines, rows=st.lists(st.lists(csv_cells, min_size=1, max_size=3), max_size=6),
       junk=st.lists(raw_bytes, max_size=2))
def test_ingesting_hostile_input_twice_adds_nothing(lines, rows, junk):
    tmp = Path(tempfile.mkdtemp())
    try:
        (tmp / "in").mkdir()
        (tmp / "in" / "a.jsonl").write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
        (tmp / "in" / "b.csv").write_bytes(csv_bytes(rows, junk, ["text", "date"]))
        db = tmp / "store.duckdb"
        first = ingest([str(tmp / "in")], db, max_bytes=MAX_BYTES, progress=False, coder=CountingCoder())
        again = ingest([str(tmp / "in")], db, max_bytes=MAX_BYTES, progress=False, coder=CountingCoder())
        assert again.new_articles == 0
        assert again.records == first.records == first.new_articles + first.already_stored + first.rejects
        assert again.rejects == first.rejects
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        assert not os.path.exists(tmp)
