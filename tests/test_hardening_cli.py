"""The CLI against what a user may hand it by mistake: stores that are not what --db should be,
a store an ingest left unfinished, a broken user dictionary, and parallel `actors add`. Every
error is one line naming the file and what to do, with a non-zero exit, never a traceback.

Before: `query`, `report` and `actors suggest` on a truncated store, and `ingest` on a text
file, a PNG or a directory, ended in a DuckDB traceback (``_duckdb.IOException``; the error
filter looked for the module name ``duckdb``); a store whose ingest was killed before it rebuilt
the events showed its articles and 0 events without a word; a broken user dictionary was a
traceback in `code`, a BrokenProcessPool naming no file in `ingest --workers 2`; four parallel
`actors add` kept one entry.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from test_store_write import corpus

from communique.cli.main import cli
from communique.cli.render import render_table
from communique.cli.tables import json_text
from communique.curation import userdict
from communique.model import Article
from communique.store import Store


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """A good store, and the files a user may pass as --db by mistake."""
    d = tmp_path_factory.mktemp("dbs")
    good = d / "good.duckdb"
    with Store(good) as s:
        s.write(corpus())
    data = good.read_bytes()
    (d / "notes.txt").write_text("these are my notes\n")
    (d / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (d / "folder").mkdir()
    (d / "truncated.duckdb").write_bytes(data[: len(data) // 10])  # a copy cut short
    # every block after the first few overwritten, size kept: caught on open or on first read
    (d / "damaged.duckdb").write_bytes(data[: len(data) // 3] + b"\xff" * (len(data) - len(data) // 3))
    return d


BAD = {
    "notes.txt": "not a DuckDB database (it holds text)",
    "chart.png": "not a DuckDB database (it holds a PNG image)",
    "folder": "is a directory",
    "truncated.duckdb": "damaged or truncated",
    "damaged.duckdb": "damaged or truncated",
}

READERS = {
    "query": [],
    "export": ["--format", "csv", "-o", "{out}/events.csv"],
    "report": ["-o", "{out}/report.html"],
    "actors suggest": ["--no-progress"],
}


def _one_line_error(result, path):
    assert result.exit_code != 0
    # click's own exit, not an exception escaping the command
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith(f"Error: {path}: "), result.output
    assert "Traceback" not in result.output
    return lines[-1]


@pytest.mark.parametrize("name", sorted(BAD))
@pytest.mark.parametrize("command", sorted(READERS))
def test_reading_commands_name_the_bad_store(stores, tmp_path, command, name):
    args = [a.format(out=tmp_path) for a in READERS[command]]
    path = stores / name
    result = CliRunner().invoke(cli, [*command.split(), "--db", str(path), *args])
    assert BAD[name] in _one_line_error(result, path)


@pytest.mark.parametrize("name", ["notes.txt", "chart.png", "folder", "truncated.duckdb"])
def test_ingest_names_the_bad_store(stores, tmp_path, name):
    article = tmp_path / "a.txt"
    article.write_text("date 2024-01-02 (WIRE) Vladimir Putin met Narendra Modi in Moscow.\n")
    copy = tmp_path / name  # ingest must not write into the fixture's files
    if (stores / name).is_dir():
        copy.mkdir()
    else:
        shutil.copy(stores / name, copy)
    result = CliRunner().invoke(cli, ["ingest", str(article), "--db", str(copy), "--no-progress"])
    message = _one_line_error(result, copy)
    assert BAD[name] in message
    if name.endswith(".duckdb"):
        assert "rerun `communique ingest" in message


def test_unfinished_ingest_is_read_with_a_warning(tmp_path):
    # an ingest killed after it committed articles but before it rebuilt the events table
    db = tmp_path / "killed.duckdb"
    with Store(db) as s:
        s.write(corpus(), refresh=False)
    result = CliRunner().invoke(cli, ["query", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "an ingest did not finish" in result.stderr
    assert "rerun the same `communique ingest" in result.stderr
    # once the events are rebuilt (what rerunning the ingest does), no warning
    with Store(db) as s:
        s.refresh_events()
    result = CliRunner().invoke(cli, ["query", "--db", str(db)])
    assert result.exit_code == 0 and "did not finish" not in result.stderr


# -- the user dictionary ------------------------------------------------------------------------

BROKEN_DICTS = {
    # what the file holds -> what the error must say (file, line or key, what is wrong)
    "people:\n  - id: x\n    name: [unclosed\n": "not valid YAML",
    "people:\n  - id: ruto-william\n    name: William Ruto\n    roles: [{country: KEN, sector: GOVV}]\n":
        ":2: people[0] (William Ruto): code 'KENGOVV'",
    "- just a list\n": "a mapping with the keys people and organisations",
    "people:\n  - {id: a-b, name: A B, roles: [{country: KEN, sector: GOV}]}\n  - 7\n":
        ":3: people[1]: each person must be a mapping",
}


@pytest.mark.parametrize("content", list(BROKEN_DICTS), ids=["yaml", "sector", "list", "entry"])
def test_code_names_the_broken_user_dictionary(tmp_path, content):
    broken = tmp_path / "actors.yaml"
    broken.write_text(content)
    article = tmp_path / "a.txt"
    article.write_text("Vladimir Putin met Narendra Modi in Moscow.\n")
    result = CliRunner(env={"COMMUNIQUE_ACTORS": str(broken)}).invoke(cli, ["code", str(article)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    first = result.output.strip().splitlines()[0]
    assert first.startswith(f"Error: {broken}") and BROKEN_DICTS[content] in first, result.output


def test_ingest_with_two_workers_names_the_broken_user_dictionary(tmp_path):
    # checked in the parent before the pool starts: before, each worker died loading the
    # knowledge base and the parent saw a BrokenProcessPool naming no file
    broken = tmp_path / "actors.yaml"
    broken.write_text(list(BROKEN_DICTS)[1])
    article = tmp_path / "a.txt"
    article.write_text("Vladimir Putin met Narendra Modi in Moscow.\n")
    result = CliRunner(env={"COMMUNIQUE_ACTORS": str(broken)}).invoke(
        cli, ["ingest", str(article), "--db", str(tmp_path / "e.duckdb"), "--workers", "2", "--no-progress"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert f"Error: {broken}:2: people[0] (William Ruto)" in result.output
    assert "BrokenProcessPool" not in result.output


def test_parallel_actors_add_keep_every_entry(tmp_path):
    # Four `actors add` started together on one dictionary. Before, each read the file, loaded
    # the knowledge base (a second or more) and saved what it had read plus its own entry: the
    # last save won and 1 entry of 4 was left. Now each holds the dictionary's lock file from
    # its read to its save, and saves by atomic rename.
    path = tmp_path / "actors.yaml"
    names = [f"Zephyrine {n}" for n in ("Quillfeather", "Brambleworth", "Thistlewood", "Ravenscroftine")]
    env = {k: v for k, v in os.environ.items() if k != "COMMUNIQUE_ACTORS"}
    procs = [subprocess.Popen([sys.executable, "-m", "communique.cli.main", "actors", "add", name,
                               "--code", "KENGOV", "--dict", str(path)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
             for name in names]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    kept = sorted(p["name"] for p in userdict.read(path).people)
    assert kept == sorted(names)
    # no temporary file left beside it (the lock file stays, empty)
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# -- text from articles on the terminal -----------------------------------------------------------

# What a terminal acts on or hides: escape sequences, BEL, C1 controls (NEL, 8-bit CSI),
# bidirectional overrides, zero-width space, soft hyphen, line separator.
UNSAFE = ["\x1b", "\x07", "\x85", "\x9b", "\u202e", "\u200b", "\u00ad", "\u2028"]
# People named in articles with such characters inside their names, as scraped pages have them
HOSTILE_NAMES = {"Zorba\x07 Quillan": "Zorba Quillan", "Tavish\u202e Orlund": "Tavish Orlund",
                 "Ilse\x85 Dunmore": "Ilse Dunmore"}


def _hostile_store(coder, path):
    articles = []
    for raw in HOSTILE_NAMES:
        text = (f"Kenyan opposition leader {raw} met President William Ruto in Nairobi on Monday. "
                f"{raw} said the talks were useful.\x1b[2J Later {raw} criticized the government.")
        articles.append(coder.code(Article(text=text, date="2024-01-02", source="Wire\x1b]0;pwned\x07")))
    with Store(path) as s:
        s.write(articles)
    return articles


def _suggested_names(output):
    # the table's name column: "  3   1   KENOPP   person   Zorba Quillan   opposition leader ..."
    return [re.split(r"\s{2,}", line.strip())[4] for line in output.splitlines() if "   person   " in line]


def test_suggest_prints_names_that_add_takes_as_printed(coder, tmp_path):
    db, dict_path = tmp_path / "e.duckdb", tmp_path / "actors.yaml"
    _hostile_store(coder, db)
    run = CliRunner()
    suggest = ["actors", "suggest", "--db", str(db), "--no-progress", "--min-count", "1", "--dict", str(dict_path)]
    result = run.invoke(cli, suggest)
    assert result.exit_code == 0, result.output
    assert not [c for c in UNSAFE if c in result.output], repr(result.output)
    printed = _suggested_names(result.output)
    assert sorted(printed) == sorted(HOSTILE_NAMES.values()), result.output
    for name in printed:  # copied from the terminal into `actors add`
        added = run.invoke(cli, ["actors", "add", name, "--code", "KENOPP", "--dict", str(dict_path)])
        assert added.exit_code == 0, added.output
        assert f"added {name} (KENOPP" in added.output
    # the round trip closes: what was added is known, so suggested no more
    again = run.invoke(cli, suggest)
    assert again.exit_code == 0 and not set(_suggested_names(again.output)) & set(printed), again.output


def test_code_and_query_print_article_text_without_terminal_controls(coder, tmp_path):
    db = tmp_path / "e.duckdb"
    # a quote with what rich would read as markup: "[/b]" closed no tag and raised MarkupError
    quoted = coder.code(Article(
        text='Vladimir Putin said, "We will [red]win[/] this [/b] war\x1b[2J." Putin met Narendra Modi in Moscow.',
        date="2024-01-02", source="WIRE[/b]\x9b2J"))
    table = render_table(quoted, "a\x1b[31m.txt")
    assert "[/b] war." in table and "WIRE[/b]" in table
    assert not [c for c in UNSAFE if c in table], repr(table)
    articles = _hostile_store(coder, db)
    with Store(db) as s:
        s.write([quoted])
    for args in (["query", "--db", str(db)], ["query", "--db", str(db), "--json"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert not [c for c in UNSAFE if c in result.output], repr(result.output)
    # JSON output escapes them instead: the same value when parsed
    line = json_text({"name": articles[1].article.text})
    assert "\\u202e" in line and json.loads(line)["name"] == articles[1].article.text
