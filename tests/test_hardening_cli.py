"""The CLI against stores that are not what --db should be, and against a store an ingest left
unfinished: one line naming the file and what to do, a non-zero exit, never a traceback.

Before: `query`, `report` and `actors suggest` on a truncated store, and `ingest` on a text
file, a PNG or a directory, ended in a DuckDB traceback (``_duckdb.IOException``; the error
filter looked for the module name ``duckdb``); a store whose ingest was killed before it rebuilt
the events showed its articles and 0 events without a word.
"""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from test_store_write import corpus

from communique.cli.main import cli
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
