"""Hostile input to the readers and the ingest (issue 12): each case here once stopped a whole
ingest, hung it, ate memory, read files it should not, or lost rows silently. Now every record
ends as an article or a reject naming its file, line and reason, and the batch goes on.

Cases that hung or ate memory on the old readers (a FIFO, /dev/zero, stdin read whole) run in
a child process with a time limit and an address-space limit, so a regression fails the test
instead of hanging or swapping the machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

import communique

from communique.cli.ingest_cmd import command as ingest_command
from communique.ingest import iter_records
from communique.ingest.readers import sniff_encoding
from communique.ingest.run import ingest
from communique.model import CodedArticle, Reject

SRC = Path(communique.__file__).resolve().parents[1]  # the child reads with the code under test

STORY = "Chile and Peru met in Lima on Monday to discuss fishing rights, officials said."


class CountingCoder:
    """Codes nothing, fast: these tests are about what reaches the coder and the store."""

    def code(self, article):
        return next(self.code_many([article]))

    def code_many(self, articles, batch_size=32):
        for a in articles:
            yield CodedArticle(a, sentences=1, words=len(a.text.split()))


def items(*paths, **kw):
    return list(iter_records([str(p) for p in paths], **kw))


def rejects(found):
    return {r.origin: r.reason for r in found if isinstance(r, Reject)}


def articles(found):
    return {r.article.origin: r for r in found if not isinstance(r, Reject)}


# --- one bad field, in every format ----------------------------------------------------------

# Each of these raised out of the reader on the old code (OverflowError, ValueError,
# RecursionError, UnicodeEncodeError in content_hash, ValueError in urlsplit), ending the ingest
# at this record, and a rerun ended at the same one.
HOSTILE_LINES = [
    ('{"text": "%s 1", "date": NaN}' % STORY, "article"),
    ('{"text": "%s 2", "date": Infinity}' % STORY, "article"),
    ('{"text": "%s 3", "date": 1e400}' % STORY, "article"),
    ('{"text": "%s 4", "date": -Infinity, "title": NaN}' % STORY, "article"),
    ("[" * 100_000 + "]" * 100_000, "malformed JSON: nested too deep to read"),
    ('{"text": "%s 5", "id": %s}' % (STORY, "9" * 5000), "malformed JSON: an integer of more than"),
    ('{"text": "%s 6 \\ud800 alone"}' % STORY, "article"),
    ('{"text": "%s 7", "url": "http://[::1"}' % STORY, "article"),
    ('{"text": "%s 8", "date": {"y": [2023]}, "title": [1, [2]], "source": {"a": 1}}' % STORY, "article"),
    ('{"text": "%s 9", "date": 20231228.5}' % STORY, "article"),
    ('{"text": "%s 10", "date": "2023-12-28"}' % STORY, "article"),
]


def write_hostile(root: Path) -> None:
    """The same bad fields as a JSONL file, a JSON array and a CSV file."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "lines.jsonl").write_text("\n".join(line for line, _ in HOSTILE_LINES) + "\n", encoding="utf-8")
    parseable = [json.loads(line) for line, _ in HOSTILE_LINES if line.startswith("{") and "9" * 5000 not in line]
    for obj in parseable:
        obj["text"] = obj["text"].replace(STORY, "An array story of Chile and Peru")
    (root / "array.json").write_text(json.dumps(parseable), encoding="utf-8")  # NaN, inf and the surrogate survive
    (root / "rows.csv").write_text(
        "text,date,url\n"
        f'"{STORY} csv 1",NaN,http://[::1\n'
        f'"{STORY} csv 2",1e400,http://[::1]:99999\n'
        f'"{STORY} csv 3",2023-12-28,https://www.example.org/a\n', encoding="utf-8")


def test_each_bad_field_ends_its_own_record_in_every_format(tmp_path):
    write_hostile(tmp_path)
    found = items(tmp_path)
    bad = rejects(found)
    good = articles(found)
    for lineno, (_, expected) in enumerate(HOSTILE_LINES, start=1):
        origin = f"{tmp_path / 'lines.jsonl'}:{lineno}"
        if expected == "article":
            assert origin in good, (origin, bad.get(origin))
        else:
            assert bad[origin].startswith(expected)
    n_array = sum(1 for line, _ in HOSTILE_LINES if line.startswith("{") and "9" * 5000 not in line)
    assert sum(1 for o in good if o.startswith(str(tmp_path / "array.json"))) == n_array
    assert [o.rsplit(":", 1)[1] for o in good if o.startswith(str(tmp_path / "rows.csv"))] == ["2", "3", "4"]
    # what was dropped is said: bad dates warn, a lone surrogate became U+FFFD and warns
    nan = good[f"{tmp_path / 'lines.jsonl'}:1"]
    assert nan.article.date is None and any("bad date" in w for w in nan.warnings)
    lone = good[f"{tmp_path / 'lines.jsonl'}:7"]
    assert "\ufffd alone" in lone.article.text and lone.warnings
    assert good[f"{tmp_path / 'lines.jsonl'}:8"].article.source is None  # no host in "http://[::1"
    assert good[f"{tmp_path / 'lines.jsonl'}:11"].article.date == "2023-12-28"
    assert good[f"{tmp_path / 'rows.csv'}:4"].article.source == "example.org"


def test_hostile_records_ingest_once_and_a_rerun_adds_nothing(tmp_path):
    write_hostile(tmp_path / "in")
    db = tmp_path / "store.duckdb"
    first = ingest([str(tmp_path / "in")], db, batch_size=4, progress=False, coder=CountingCoder())
    assert first.new_articles == 21 and first.rejects == 2
    assert first.records == first.new_articles + first.rejects + first.already_stored
    again = ingest([str(tmp_path / "in")], db, batch_size=4, progress=False, coder=CountingCoder())
    assert (again.new_articles, again.rejects, again.records) == (0, 2, first.records)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 21
        stored = dict(con.execute("SELECT origin, reason FROM rejects").fetchall())
        texts = [t for (t,) in con.execute("SELECT text FROM articles").fetchall()]
    finally:
        con.close()
    assert set(stored) == {f"{tmp_path / 'in' / 'lines.jsonl'}:5", f"{tmp_path / 'in' / 'lines.jsonl'}:6"}
    assert sum("\ufffd alone" in t for t in texts) == 2  # JSONL and JSON array: stored, not crashed


# --- CSV -------------------------------------------------------------------------------------


def test_an_oversized_csv_field_rejects_its_row_alone(tmp_path):
    # The old reader stopped mid-field at csv's field size limit and read the rest of the field
    # as rows (3 rows became 140 bogus articles and 101,302 rejects for a 10 MB field).
    f = tmp_path / "big.csv"
    field = ("word " * 60_000) + '"" quoted, and\nacross lines'  # 300 kB, past csv's 128 kB default
    f.write_text(f'text,date\n"{STORY} a",2023-01-02\n"{field}",2023-01-03\n"{STORY} b",2023-01-04\n',
                 encoding="utf-8")
    found = items(f, max_bytes=100_000)
    assert [o.rsplit(":", 1)[1] for o in articles(found)] == ["2", "5"]
    assert list(rejects(found)) == [f"{f}:3"]
    assert rejects(found)[f"{f}:3"].startswith("oversized: row of 300")
    # within the cap the same field is read, quotes and line break included
    whole = articles(items(f, max_bytes=1_000_000))
    assert whole[f"{f}:3"].article.text.endswith('" quoted, and\nacross lines')


def test_a_latin1_byte_in_a_csv_rejects_its_row_alone_with_every_line_number_right(tmp_path):
    # The old reader dropped the rest of the file (536 of 1,000 rows unaccounted for).
    f = tmp_path / "mixed.csv"
    rows = [f'"{STORY} Caf\u00e9 number {i},\nsecond line",{i}' for i in range(1000)]
    data = ("text,id\n" + "\n".join(rows) + "\n").encode("utf-8")
    data = data.replace(b"Caf\xc3\xa9 number 400,", b"Caf\xe9 number 400,")
    f.write_bytes(data)
    found = items(f)
    good = articles(found)
    assert len(good) == 999 and len(found) == 1000
    offset = len('"' + STORY + " Caf")
    assert rejects(found) == {f"{f}:802": f"not UTF-8: invalid byte 0xe9 at offset {offset}"}
    assert good[f"{f}:2"].ext_id == "0" and good[f"{f}:2000"].ext_id == "999"
    assert good[f"{f}:804"].ext_id == "401"


def test_an_unclosed_quote_is_one_reject_not_a_silent_swallow(tmp_path):
    f = tmp_path / "open.csv"
    f.write_text(f'text\n"{STORY} a"\n"{STORY} never closed\nmore\n', encoding="utf-8")
    found = items(f)
    assert list(articles(found)) == [f"{f}:2"]
    assert "not closed before the end of the file" in rejects(found)[f"{f}:3"]


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_utf16_and_byte_order_marks_are_decoded_not_called_binary(tmp_path, encoding):
    (tmp_path / "a.txt").write_bytes(STORY.encode(encoding))
    (tmp_path / "b.jsonl").write_bytes((json.dumps({"text": STORY + " J"}) + "\n").encode(encoding))
    (tmp_path / "c.csv").write_bytes(f'text,id\n"{STORY} C",7\n'.encode(encoding))
    found = items(tmp_path)
    assert rejects(found) == {}
    assert {r.article.text for r in found} == {STORY, STORY + " J", STORY + " C"}


def test_sniff_encoding_needs_the_zero_byte_pattern():
    assert sniff_encoding("Nato talks".encode("utf-16-le")) == "utf-16-le"
    assert sniff_encoding(b"\x7fELF\x02\x01\x01\x00\x00\x00binary") is None
    assert sniff_encoding(STORY.encode()) is None


# --- what is read: regular files, inside the tree --------------------------------------------


def test_symlinks_out_of_the_tree_are_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Private notes: the minister met the ambassador.", encoding="utf-8")
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "story.txt").write_text(STORY, encoding="utf-8")
    (tree / "leak.txt").symlink_to(outside / "secret.txt")
    (tree / "passwd.txt").symlink_to("/etc/passwd")
    (tree / "outdir").symlink_to(outside, target_is_directory=True)
    (tree / "inside.txt").symlink_to(tree / "sub" / "story.txt")  # inside the tree: read
    (tree / "loop").symlink_to(tree, target_is_directory=True)
    found = items(tree)
    bad = rejects(found)
    assert "outside the input tree" in bad[str(tree / "leak.txt")]
    assert "outside the input tree" in bad[str(tree / "passwd.txt")]
    assert "outside the input tree" in bad[str(tree / "outdir")]
    assert "not followed" in bad[str(tree / "loop")]
    assert set(articles(found)) == {str(tree / "inside.txt"), str(tree / "sub" / "story.txt")}
    assert all("Private" not in r.article.text for r in found if not isinstance(r, Reject))


def test_an_unreadable_subdirectory_is_a_reject(tmp_path, monkeypatch):
    # Tests run as root here, where chmod 000 does not stop reading: the listing error is
    # raised the way the kernel would (os.walk, which the old reader used, lists with os.scandir).
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY + " B", encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if Path(path) == tmp_path / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = items(tmp_path)
    assert rejects(found) == {str(tmp_path / "locked"): "cannot read directory: Permission denied"}
    assert list(articles(found)) == [str(tmp_path / "b.txt")]


# Peak resident memory from /proc (VmHWM, this process's own): ru_maxrss would carry the
# pytest parent's peak over the exec, and hide the child's growth under it.
CHILD = textwrap.dedent("""
    import json, sys
    from communique.ingest import iter_records
    from communique.model import Reject
    def peak():
        with open("/proc/self/status") as fh:
            return next(int(ln.split()[1]) * 1024 for ln in fh if ln.startswith("VmHWM:"))
    before = peak()
    out = []
    count = 0
    for r in iter_records(json.loads(sys.argv[1]), max_bytes=int(sys.argv[2])):
        count += 1
        if len(out) < 50:
            out.append(["reject", r.origin, r.reason] if isinstance(r, Reject) else ["article", r.article.origin, ""])
    growth = peak() - before
    print(json.dumps({"items": out, "count": count, "growth": growth}))
""")


def read_in_child(paths, max_bytes=2_000_000, stdin=None, timeout=60):
    """iter_records in a child limited to 768 MB of address space and ``timeout`` seconds: a
    reader that hangs (FIFO) or reads without end (/dev/zero) fails here instead of taking the
    machine with it."""

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (768 << 20, 768 << 20))

    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.run([sys.executable, "-c", CHILD, json.dumps([str(p) for p in paths]), str(max_bytes)],
                          input=stdin, capture_output=True, timeout=timeout, preexec_fn=limit, env=env)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    return json.loads(proc.stdout)


def test_fifos_and_devices_are_not_read(tmp_path):
    # A FIFO hung the ingest; a symlink to /dev/zero read 2.6 GB, then died.
    tree = tmp_path / "tree"
    tree.mkdir()
    os.mkfifo(tree / "pipe.jsonl")
    (tree / "zero.txt").symlink_to("/dev/zero")
    (tree / "ok.txt").write_text(STORY, encoding="utf-8")
    os.mkfifo(tmp_path / "named.txt")
    got = read_in_child([tree, tmp_path / "named.txt", "/dev/zero"])
    reasons = {origin: reason for kind, origin, reason in got["items"] if kind == "reject"}
    assert reasons[str(tree / "pipe.jsonl")] == "not a regular file (a FIFO): only regular files are read"
    assert "outside the input tree" in reasons[str(tree / "zero.txt")]
    assert reasons[str(tmp_path / "named.txt")] == "not a regular file (a FIFO): only regular files are read"
    assert reasons["/dev/zero"] == "not a regular file (a character device): only regular files are read"
    assert got["count"] == 5


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc")
def test_stdin_is_streamed_not_held(tmp_path):
    # 200 MB of stdin once took 1.1 GB: it was read whole, then split into lines.
    line = json.dumps({"text": STORY + " " + "x" * 16_000}) + "\n"  # few, long lines: fast to code-free read
    n = 48_000_000 // len(line)
    got = read_in_child(["-"], stdin=(line * n).encode())
    assert got["count"] == n and got["items"][-1] == ["article", "stdin:50", ""]
    assert got["growth"] < 16 << 20, got["growth"]  # the old reader held >= 3 copies of 48 MB
    text = b"Plain prose that is not JSON. " * 1_600_000  # 48 MB
    got = read_in_child(["-"], stdin=text)
    assert got["items"] == [["reject", "stdin", f"oversized: {len(text)} bytes > --max-bytes 2000000"]]
    assert got["growth"] < 16 << 20, got["growth"]


def test_a_missing_input_path_exits_non_zero_before_the_store_is_made(tmp_path):
    db = tmp_path / "store.duckdb"
    res = CliRunner().invoke(ingest_command, [str(tmp_path / "nope.jsonl"), "--db", str(db), "--no-progress"])
    assert res.exit_code != 0
    assert "no such file or directory" in res.output and "nope.jsonl" in res.output
    assert not db.exists()


def test_a_file_name_that_is_not_utf8_is_stored_with_its_bytes_shown(tmp_path):
    # A Latin-1 file name decodes to lone surrogates ("caf\udce9.txt"); storing that origin
    # failed the whole batch with UnicodeEncodeError.
    root = os.fsencode(tmp_path / "in")
    os.mkdir(root)
    with open(os.path.join(root, b"caf\xe9.txt"), "w", encoding="utf-8") as fh:
        fh.write(STORY)
    with open(os.path.join(root, b"bad\xff.png"), "w", encoding="utf-8") as fh:
        fh.write("not a document")
    db = tmp_path / "store.duckdb"
    stats = ingest([str(tmp_path / "in")], db, progress=False, coder=CountingCoder())
    assert (stats.new_articles, stats.rejects) == (1, 1)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT origin FROM articles").fetchall() == [(f"{tmp_path / 'in'}/caf\\xe9.txt",)]
        assert con.execute("SELECT origin FROM rejects").fetchall() == [(f"{tmp_path / 'in'}/bad\\xff.png",)]
    finally:
        con.close()


class HangingCoder(CountingCoder):
    """Never returns on a text holding HANG, as a coder bug would (the walk up a parse that
    never met its root did): the rest must still be coded."""

    def code_many(self, articles, batch_size=32):
        for a in articles:
            while "HANG" in a.text:
                pass
            yield CodedArticle(a, sentences=1, words=len(a.text.split()))


def test_an_article_the_coder_never_finishes_is_rejected_and_the_batch_goes_on(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text(
        "\n".join(json.dumps({"id": f"n{i}", "text": f"{STORY} {'HANG' if i == 2 else ''} {i}"})
                  for i in range(5)) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    stats = ingest([str(tmp_path / "in")], db, batch_size=5, progress=False, coder=HangingCoder(),
                   article_seconds=0.5)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 4
        reasons = [r[0] for r in con.execute("SELECT reason FROM rejects").fetchall()]
    finally:
        con.close()
    assert len(reasons) == 1 and "coder bug" in reasons[0], reasons
    assert stats.new_articles == 4 and stats.rejects == 1
