"""``communique query`` on a store written by the Store writer from hand-built coded articles."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from test_store_write import JAISHANKAR, PUTIN, RUSSIA, coded_article, corpus

from communique.cli.query_cmd import command
from communique.store import Store

MODI = ("INDGOV", "Narendra Modi", "Narendra Modi")
INDIA = ("IND", "India", "India")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "q.duckdb"
    more = [
        coded_article("Russia criticized India over the pipeline deal.", "2024-01-10", "Harbor Times",
                      [(RUSSIA, INDIA, "111", "criticized", "2024-01-10")]),
        coded_article("Vladimir Putin attacked India with rockets, a claim Narendra Modi rejected.",
                      "2024-03-02", "Wire One", [(PUTIN, MODI, "190", "attacked", "2024-03-02")]),
        coded_article("Subrahmanyam Jaishankar visited Russia in late summer.", "2023-08-30", "Wire One",
                      [(JAISHANKAR, RUSSIA, "042", "visited", "2023-08-30")]),
    ]
    with Store(path) as s:
        s.write(corpus() + more)
    return path


def run(*args):
    # a fixed width, so the tables wrap the same on every machine
    res = CliRunner(env={"COLUMNS": "160"}).invoke(command, list(args))
    assert res.exit_code == 0, res.output
    return res.output


def test_dyad_events_and_monthly_summary(db):
    out = run("--db", str(db), "--dyad", "RUS:IND", "--from", "2023-01", "--to", "2024-01")
    lines = out.splitlines()
    assert lines[0] == "3 events"
    body = "\n".join(lines)
    assert re.search(r"2023-12-27\s+RUSGOV Vladimir", body) and "3/2/3" in body  # mentions/sources/articles
    assert "RUS Russia" in body and "111 Criticize or" in body
    assert "2024-03-02" not in body  # after --to
    assert "Subrahmanyam Jaishankar visited" not in body  # IND:RUS, the other direction
    assert "m/s/a: mentions, sources (publishers), articles" in body  # the columns are explained
    assert not any(line != line.rstrip() for line in lines)  # no trailing spaces
    month_rows = {ln.split()[0]: ln.split()[1:] for ln in lines if ln[:4] in {"2023", "2024"} and len(ln.split()) == 7}
    assert month_rows["2023-12"] == ["1", "1", "0", "0", "0", "+1.00"]
    assert month_rows["2024-01"] == ["2", "1", "0", "1", "0", "-0.50"]
    # only months with events are listed; the empty ones are counted
    assert "2023-06" not in month_rows and "11 months without events not shown" in body


def test_long_names_wrap_instead_of_being_cut(db):
    out = run("--db", str(db), "--dyad", "RUS:IND", "--both")
    # a long name goes on over the next line of its cell: "111 Criticize or" / "denounce"
    assert "…" not in out and "..." not in out
    lines = out.splitlines()
    at = next(i for i, ln in enumerate(lines) if "111 Criticize or" in ln)
    col = lines[at].index("111 Criticize or")
    assert lines[at + 1][col:].startswith("denounce")


def test_a_name_where_a_code_belongs_gets_the_code_suggested(db):
    res = CliRunner().invoke(command, ["--db", str(db), "--dyad", "russia:india"])
    assert res.exit_code == 2
    assert "SOURCE:TARGET in upper-case CAMEO codes" in res.output and "did you mean RUS:IND?" in res.output
    res = CliRunner().invoke(command, ["--db", str(db), "--actor", "putin"])
    assert res.exit_code == 2 and "did you mean RUSGOV?" in res.output


def test_both_directions_and_json(db):
    data = json.loads(run("--db", str(db), "--dyad", "RUS:IND", "--both", "--json"))
    assert data["total"] == 5
    assert {e["cameo"] for e in data["events"]} == {"040", "111", "190", "042"}
    months = {m["month"]: m for m in data["summary"]["months"]}
    assert months["2023-08"]["q1"] == 1 and months["2024-03"]["q4"] == 1
    assert months["2024-03"]["goldstein"] == -10.0


def test_mentions_weight(db):
    data = json.loads(run("--db", str(db), "--dyad", "RUSGOV:INDGOV", "--weight", "mentions", "--json"))
    months = {m["month"]: m for m in data["summary"]["months"]}
    assert months["2023-12"]["total"] == 3 and months["2024-01"]["total"] == 1


def test_bad_input_is_reported(db, tmp_path):
    res = CliRunner().invoke(command, ["--db", str(db), "--dyad", "RUS-IND"])
    assert res.exit_code == 2 and "--dyad" in res.output
    res = CliRunner().invoke(command, ["--db", str(db), "--from", "2024-13"])
    assert res.exit_code == 2 and "month must be 01-12" in res.output
    res = CliRunner().invoke(command, ["--db", str(tmp_path / "missing.duckdb"), "--dyad", "RUS:IND"])
    assert res.exit_code == 1 and "no such database file" in res.output


def test_no_events(db):
    out = run("--db", str(db), "--dyad", "USA:IND")
    assert out.splitlines()[0] == "0 events" and "(no dated events)" in out
