"""The HTML report and the report command, over the sample store."""

from __future__ import annotations

import base64
import re

import pytest
from click.testing import CliRunner

from test_analysis_sampledb import build_sample_db

from communique.analysis import EventFilter, FilterError
from communique.analysis.filters import parse_date_bound
from communique.analysis.report import build_report
from communique.cli.report_cmd import command


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_sample_db(tmp_path_factory.mktemp("report") / "events.duckdb")


def test_report_command_writes_self_contained_html(db, tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(command, ["--db", str(db), "--dyad", "RUS:IND", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    # dyad plot, CAMEO bars, network, top actors: four inline SVG figures
    assert html.count("<svg") == 4
    assert "<?xml" not in html
    # nothing is fetched from elsewhere
    assert not re.search(r"""(src|href)=["']https?://""", html)
    assert "<script" not in html
    assert "RUS &lt;-&gt; IND" in html
    # summary cards and the monthly table hold the dyad's numbers
    assert "<b>12</b>events" in html and "<b>13</b>mentions" in html
    assert re.search(r"<td>2024-01</td>(<td class=\"n\">0</td>){5}", html)
    # most reported event first, with its evidence
    assert html.index("at the Kremlin on Wednesday") < html.index("independent foreign policy")


def test_report_png_embeds_real_pngs(db):
    html = build_report(db, dyad="RUS:IND", fmt="png", date_from="2023-10", date_to="2023-12")
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 4
    for b64 in images:
        assert base64.b64decode(b64)[:8] == b"\x89PNG\r\n\x1a\n"
    # Sept and March fall outside the dates
    assert "<td>2023-09</td>" not in html and "<td>2023-11</td>" in html


def test_report_without_dyad_and_directed(db):
    html = build_report(db)
    assert "Country network" in html and "Monthly events" not in html
    directed = build_report(db, dyad="RUS:IND", both_directions=False)
    assert "<b>7</b>events" in directed


def test_report_command_rejects_bad_input(db, tmp_path):
    r = CliRunner().invoke(command, ["--db", str(db), "--dyad", "RUS-IND", "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 2 and "RUS:IND" in r.output
    r = CliRunner().invoke(command, ["--db", str(db), "--from", "2023-00", "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 2 and "month must be 01-12" in r.output
    r = CliRunner().invoke(command, ["--db", str(tmp_path / "none.duckdb"), "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 1 and "no such database file" in r.output


def test_filter_dates_and_sql_parameters():
    assert str(parse_date_bound("2024-02", "to", end=True)) == "2024-02-29"
    assert str(parse_date_bound("2023-02", "from")) == "2023-02-01"
    with pytest.raises(FilterError):
        parse_date_bound("2023-02-29", "from")
    flt = EventFilter.parse(dyad="RUS:IND", text="x'); DROP TABLE events; --")
    sql, params = flt.where()
    assert "DROP" not in sql and "RUS" not in sql
    assert params[-1] == "x'); DROP TABLE events; --"
    with pytest.raises(FilterError) as exc:
        EventFilter.parse(quad="9")
    assert exc.value.field == "quad"
