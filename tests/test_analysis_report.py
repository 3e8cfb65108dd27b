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
    result = CliRunner().invoke(command, ["--db", str(db), "--dyad", "RUS:IND", "--format", "svg", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    # dyad: series, CAMEO bars; whole store: series, root bars, network, top actors
    assert html.count("<svg") == 6
    assert "<?xml" not in html
    # nothing is fetched from elsewhere
    assert not re.search(r"""(src|href)=["']https?://""", html)
    assert "<script" not in html
    assert "RUS &lt;-&gt; IND" in html
    # summary cards and the monthly table hold the dyad's numbers; months without events are
    # counted, not listed (2024-01 has none in the dyad)
    assert "<b>12</b>events" in html and "<b>13</b>mentions" in html
    assert "<td class=\"d\">2024-01</td>" not in html.split("Part 2")[0] and "1 month without events" in html
    # each part says what it counts
    assert html.index("Part 1, the dyad") < html.index("Dyad RUS &lt;-&gt; IND: event types") < html.index("Part 2")
    assert html.index("Part 2") < html.index("Whole store: events per month") < html.index("Whole store: event types")
    # most reported event first, with its evidence
    assert html.index("at the Kremlin on Wednesday") < html.index("independent foreign policy")


def test_report_png_embeds_real_pngs(db):
    html = build_report(db, dyad="RUS:IND", fmt="png", date_from="2023-10", date_to="2023-12")
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', html)
    assert len(images) == 6
    for b64 in images:
        assert base64.b64decode(b64)[:8] == b"\x89PNG\r\n\x1a\n"
    # Sept and March fall outside the dates
    assert "<td class=\"d\">2023-09</td>" not in html and "<td class=\"d\">2023-11</td>" in html


def test_report_without_dyad_and_directed(db):
    html = build_report(db, fmt="svg")
    assert "country network" in html and "Dyad" not in html and "Part 2" not in html
    assert "events per month" in html and "event types" in html
    directed = build_report(db, dyad="RUS:IND", both_directions=False)
    assert "<b>7</b>events" in directed


def test_report_command_rejects_bad_input(db, tmp_path):
    r = CliRunner().invoke(command, ["--db", str(db), "--dyad", "RUS-IND", "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 2 and "RUS:IND" in r.output
    r = CliRunner().invoke(command, ["--db", str(db), "--dyad", "russia:india", "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 2 and "did you mean RUS:IND?" in r.output
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


def test_interactive_report_inlines_vega_and_its_specs(db):
    import json

    html = build_report(db, dyad="RUS:IND")
    # the runtime is inlined, nothing is loaded from elsewhere
    assert not re.search(r"""<script[^>]+src=""", html) and not re.search(r"""(src|href)=["']https?://""", html)
    assert "vegaEmbed" in html and html.count("<script>") == 4  # vega, vega-lite, vega-embed, the loader
    specs = [json.loads(m) for m in re.findall(r'<script type="application/json" id="vl-spec-\d+">(.*?)</script>', html)]
    titles = [s["title"] for s in specs]
    assert titles == ["Dyad RUS <-> IND: monthly events by quad class", "events per CAMEO code",
                      "All events: monthly events by quad class", "events per CAMEO root", "events per actor code"]
    # a colour legend only lists the classes that are there
    domain = specs[0]["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert domain == ["Verbal cooperation", "Material cooperation", "Verbal conflict"]


def test_thin_data_gets_no_empty_axes_or_one_colour_legend(db):
    import json

    # one month of the dyad: a sentence instead of a one-bar chart
    html = build_report(db, dyad="RUS:IND", date_from="2023-09", date_to="2023-09")
    assert "Only 1 month has events (2023-09)" in html
    specs = [json.loads(m) for m in re.findall(r'<script type="application/json" id="vl-spec-\d+">(.*?)</script>', html)]
    assert not any(s["title"].startswith("Dyad RUS <-> IND: monthly") for s in specs)
    # one quad class only: no legend, the class is named in the title
    cameo = next(s for s in specs if s["title"].startswith("events per CAMEO code"))
    assert cameo["encoding"]["color"]["legend"] is None and cameo["title"].endswith("(all verbal cooperation)")


def test_numbers_have_one_format(db):
    from communique.analysis.report import fmt_value

    assert fmt_value("goldstein", 1.0) == "+1.00" and fmt_value("goldstein", -0.5) == "-0.50"
    assert fmt_value("events", 12345) == "12,345" and fmt_value("confidence", 0.8) == "0.80"
    html = build_report(db, dyad="RUS:IND", fmt="svg")
    assert "<b>+1.50</b>mean Goldstein" in html or re.search(r"<b>[+-]\d+\.\d\d</b>mean Goldstein", html)
