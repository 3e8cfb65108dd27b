"""Readers on every input format and every kind of bad input (texts written for these tests)."""

from __future__ import annotations

import io
import json
import sys

import pytest

from communique.ingest import iter_records, read_paths
from communique.ingest.readers import Record, parse_date
from communique.model import Article, Reject

STORY = ("The foreign ministers of Chile and Peru met in Lima on Monday to discuss fishing rights "
         "along their maritime border, officials said.")
STORY2 = "Kenya's president received the Ethiopian prime minister in Nairobi for talks on the dam."


def read(*paths, **kw):
    return list(read_paths([str(p) for p in paths], **kw))


def only(items, kind):
    return [i for i in items if isinstance(i, kind)]


# --- good input ------------------------------------------------------------------------------


def test_txt_with_wire_header(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(f" date 2023-12-28 (Andes Wire) {STORY}\n", encoding="utf-8")
    [art] = read(f)
    assert isinstance(art, Article)
    assert art.text.startswith("The foreign ministers")
    assert (art.date, art.source, art.origin) == ("2023-12-28", "Andes Wire", str(f))
    assert art.id == Article(text=art.text).id  # content hash of the body


def test_txt_without_header_and_bom(tmp_path):
    f = tmp_path / "b.txt"
    f.write_bytes(b"\xef\xbb\xbf" + STORY.encode())
    [art] = read(f)
    assert art.text == STORY and art.date is None and art.source is None


def test_jsonl_fields_and_line_origins(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text(
        json.dumps({"id": "x1", "text": STORY, "title": "Fishing talks", "date": "2021-03-01",
                    "url": "https://www.andes.example/fish", "source": "Andes Wire"}) + "\n"
        + "\n"  # blank line: layout, not a record
        + json.dumps({"text": STORY2, "date": "2021-03-02T08:15:00Z", "url": "https://www.eastnews.example/x"}) + "\n",
        encoding="utf-8",
    )
    recs = list(iter_records([str(f)]))
    assert [type(r) for r in recs] == [Record, Record]
    a, b = recs
    assert (a.article.title, a.article.date, a.article.source, a.ext_id) == ("Fishing talks", "2021-03-01", "Andes Wire", "x1")
    assert a.article.origin == f"{f}:1" and b.article.origin == f"{f}:3"
    # no publisher named: the web domain stands in, as GDELT counts sources
    assert (b.article.date, b.article.source) == ("2021-03-02", "eastnews.example")


def test_jsonl_text_with_header_inside(tmp_path):
    f = tmp_path / "h.jsonl"
    f.write_text(json.dumps({"text": f"date 2022-05-06 (Coast Post) {STORY}"}) + "\n", encoding="utf-8")
    [art] = read(f)
    assert (art.date, art.source) == ("2022-05-06", "Coast Post") and art.text == STORY


def test_json_object_and_array(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": STORY, "date": "2020-01-02"}), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": STORY2}, {"title": "no body"}, {"text": STORY + " Again."}]), encoding="utf-8")
    items = read(one, many)
    assert [type(i).__name__ for i in items] == ["Article", "Article", "Reject", "Article"]
    assert items[0].date == "2020-01-02"
    assert items[2].origin == f"{many}[1]" and items[2].reason == "missing text field"


def test_csv_with_quoted_multiline_text(tmp_path):
    f = tmp_path / "d.csv"
    f.write_text('id,Title,text,date\n'
                 f'1,Fish,"{STORY}\nSecond paragraph, with a comma.",2019-07-08\n'
                 f'2,Dam,"{STORY2}",\n', encoding="utf-8")
    a, b = read(f)
    assert a.text.endswith("with a comma.") and a.title == "Fish" and a.date == "2019-07-08"
    assert a.origin == f"{f}:2" and b.origin == f"{f}:4"  # the second record starts on line 4
    assert b.date is None


def test_html_main_text(tmp_path):
    f = tmp_path / "e.html"
    f.write_text(
        "<html><head><title>Fishing talks</title>"
        '<meta property="article:published_time" content="2023-05-04"></head><body>'
        "<nav>Home | World | Sport</nav><article><h1>Fishing talks</h1>"
        f"<p>{STORY}</p><p>{STORY2}</p></article><footer>All rights reserved</footer></body></html>",
        encoding="utf-8")
    [art] = read(f)
    assert STORY in art.text and STORY2 in art.text
    assert "All rights reserved" not in art.text and "Home | World" not in art.text
    assert art.title == "Fishing talks" and art.date == "2023-05-04"


def test_directory_recursive_sorted_with_unsupported_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "z.txt").write_text(STORY2, encoding="utf-8")
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / ".hidden.txt").write_text("ignored", encoding="utf-8")
    items = read(tmp_path)
    assert [type(i).__name__ for i in items] == ["Article", "Reject", "Article"]
    assert items[0].text == STORY and items[2].text == STORY2
    assert "unsupported file type '.png'" in items[1].reason


def test_stdin_jsonl_and_plain(monkeypatch):
    lines = (json.dumps({"text": STORY}) + "\n" + json.dumps({"text": STORY2}) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    a, b = read("-")
    assert a.origin == "stdin:1" and b.origin == "stdin:2" and b.text == STORY2
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f"date 2024-02-03 (Lake Daily) {STORY}".encode())))
    [c] = read("-")
    assert c.origin == "stdin" and c.date == "2024-02-03" and c.text == STORY


# --- bad input: each ends as a reject with its reason and place --------------------------------


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"   \n\t\n", "empty"),
    (b"date 2023-01-02 (Wire)   \n", "empty: wire header without text"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00binary", "binary: NUL byte at offset 7"),
    ("Caf\u00e9 talks".encode("latin-1") + b" in Lima.", "not UTF-8: invalid byte 0xe9 at offset 3"),
])
def test_bad_txt(tmp_path, content, reason):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    [r] = read(f)
    assert isinstance(r, Reject) and r.reason == reason and r.origin == str(f)


def test_oversized_file_and_line(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(STORY * 20, encoding="utf-8")
    [r] = read(big, max_bytes=1000)
    assert r.reason.startswith("oversized:") and "1000" in r.reason
    f = tmp_path / "lines.jsonl"
    f.write_text(json.dumps({"text": STORY * 20}) + "\n" + json.dumps({"text": STORY}) + "\n", encoding="utf-8")
    r1, a2 = read(f, max_bytes=1000)
    assert r1.origin == f"{f}:1" and r1.reason.startswith("oversized: line of")
    assert a2.origin == f"{f}:2" and a2.text == STORY  # the next line is still read


def test_bad_jsonl_lines_each_rejected_and_batch_goes_on(tmp_path):
    f = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"text": STORY}).encode(),
        b'{"text": "unterminated',
        b'["a", "list"]',
        json.dumps({"title": "no text"}).encode(),
        json.dumps({"text": 42}).encode(),
        json.dumps({"text": "   "}).encode(),
        b'{"text": "Caf\xe9 in Lima"}',
        json.dumps({"text": "NUL\u0000inside"}).encode(),
        json.dumps({"text": STORY2, "date": "next Tuesday"}).encode(),
    ]
    f.write_bytes(b"\n".join(lines) + b"\n")
    items = list(iter_records([str(f)]))
    reasons = [(i.origin.rsplit(":", 1)[1], i.reason) if isinstance(i, Reject)
               else (i.article.origin.rsplit(":", 1)[1], "ok") for i in items]
    assert reasons == [
        ("1", "ok"),
        ("2", "malformed JSON: Unterminated string starting at (column 10)"),
        ("3", "not a JSON object: list"),
        ("4", "missing text field"),
        ("5", "text field is int, not a string"),
        ("6", "empty text"),
        ("7", "not UTF-8: invalid byte 0xe9 at offset 13"),
        ("8", "binary: NUL character in text"),
        ("9", "ok"),
    ]
    # a bad date keeps the article, without a date, and says so
    last = items[-1]
    assert last.article.date is None
    assert last.warnings == ["bad date 'next Tuesday': article kept without a publication date"]
    assert isinstance(items[1], Reject) and items[1].record == '{"text": "unterminated'


def test_read_paths_reports_bad_dates_through_warn(tmp_path):
    f = tmp_path / "d.jsonl"
    f.write_text(json.dumps({"text": STORY, "date": "2023-02-30"}) + "\n", encoding="utf-8")
    seen = []
    [art] = read_paths([str(f)], warn=lambda origin, msg: seen.append((origin, msg)))
    assert art.date is None and seen == [(f"{f}:1", "bad date '2023-02-30': article kept without a publication date")]


def test_malformed_json_file(tmp_path):
    f = tmp_path / "x.json"
    f.write_text('{"text": "Lima talks",}', encoding="utf-8")
    [r] = read(f)
    assert r.reason.startswith("malformed JSON: ") and "(line 1, column" in r.reason


def test_csv_without_text_column_and_short_row(tmp_path):
    f = tmp_path / "no_text.csv"
    f.write_text("title,body\nFish,Some words\n", encoding="utf-8")
    [r] = read(f)
    assert r.reason == "missing text field: no 'text' column in the CSV header"
    g = tmp_path / "short.csv"
    g.write_text(f"text,date\n{STORY2},2020-01-01\nonly-one-field\n", encoding="utf-8")
    a, r2 = read(g)
    assert a.date == "2020-01-01"
    assert r2.origin == f"{g}:3" and r2.reason == "malformed CSV row: 1 fields, header has 2"


def test_html_without_main_text(tmp_path):
    f = tmp_path / "script_only.html"
    f.write_text('<html><head><script>var x = 1;</script></head><body><img src="a.png"></body></html>',
                 encoding="utf-8")
    [r] = read(f)
    assert r.reason == "empty: no main text found in the HTML"


def test_missing_path(tmp_path):
    [r] = read(tmp_path / "nope.jsonl")
    assert r.reason == "no such file or directory"


def test_parse_date_accepts_only_unambiguous_forms():
    assert parse_date("2023-12-28") == "2023-12-28"
    assert parse_date("2023-12-28T23:10:00+02:00") == "2023-12-28"
    assert parse_date("20231228") == "2023-12-28"
    assert parse_date(20231228) == "2023-12-28"
    for bad in ["03/04/2023", "2023-13-01", "yesterday", "", True, None]:
        assert parse_date(bad) is None


def test_parse_date_reads_months_in_words():
    assert parse_date("Feb 9, 2024") == "2024-02-09"
    assert parse_date("9 February 2024") == "2024-02-09"
    assert parse_date("Fri, 09 Feb 2024 07:30:00 GMT") == "2024-02-09"  # RSS pubDate
    # a month alone, or a word that only starts like one, is not a date
    for bad in ["February 2024", "March", "Marching orders 12 2024"]:
        assert parse_date(bad) is None
