"""Every command's --help shows examples (README promises it); the explain command; Ray as an
extra; errors in one style."""

from __future__ import annotations

import importlib.util

import pytest
from click.testing import CliRunner

from communique.cli.main import COMMANDS, cli


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_help_has_examples(name):
    res = CliRunner().invoke(cli, [name, "--help"])
    assert res.exit_code == 0, res.output
    assert "Examples:" in res.output and f"communique {name}" in res.output


@pytest.mark.parametrize("sub", ["suggest", "add", "list-user"])
def test_actors_subcommands_have_examples(sub):
    res = CliRunner().invoke(cli, ["actors", sub, "--help"])
    assert res.exit_code == 0 and "Examples:" in res.output


def test_explain_event_code_actor_code_and_name():
    run = CliRunner()
    out = run.invoke(cli, ["explain", "0874"]).output
    assert out.startswith("0874  Retreat or surrender militarily")
    assert "Goldstein +10.0" in out and "quad class 2 (Material cooperation)" in out and "PLOVER RETREAT" in out
    out = run.invoke(cli, ["explain", "RUSGOV"]).output
    assert out.startswith("RUSGOV  Russia / Government") and "Vladimir Putin" in out and "President" in out
    out = run.invoke(cli, ["explain", "Jaishankar"]).output
    assert "Subrahmanyam Jaishankar" in out and "INDGOV" in out and "External Affairs Minister  (2019-05-30 to now)" in out
    res = run.invoke(cli, ["explain", "0999"])
    assert res.exit_code == 1 and res.output.startswith("Error: 0999 is not a CAMEO event code")


def test_engine_ray_without_ray_says_how_to_get_it(monkeypatch, tmp_path):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "ray" else real(name, *a))
    res = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--engine", "ray"])
    assert res.exit_code == 1
    assert 'pip install "communique[ray]"' in res.output and res.output.startswith("Error: ")
