"""Exports: GDELT 2.0 (checked with gdelt-py's events parser and pandas), ICEWS, JSONL, Parquet, CSV."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from test_store_write import BLINKEN, PUTIN, RUSSIA, coded_article, corpus

from communique.export import export
from communique.export.codes import country_name, fips
from communique.model.codes import sector_table
from communique.export.gdelt import COLUMNS as GDELT_COLUMNS
from communique.export.gdelt import global_event_id
from communique.export.icews import COLUMNS as ICEWS_COLUMNS
from communique.model import Location
from communique.store import Store

UN = ("IGOUNO", "the United Nations", "United Nations")


def extra_articles():
    out = []
    # an IGO target, a US city location, religion + type sectors on the source
    c = coded_article("Antony Blinken met the United Nations envoy in New York.", "2024-02-02", "Wire One",
                      [(BLINKEN, UN, "040", "met", "2024-02-02")], url="https://wire.example/un")
    c.events[0].target.country = None
    c.events[0].source.sectors = ["GOV", "CHR"]
    c.events[0].location = Location(name="New York", country="USA", admin1="NY", lat=40.71427, lon=-74.00597,
                                    feature="city", geonameid=5128581)
    out.append(c)
    # a country-level location and a source-only event (no target)
    d = coded_article("Russia fired missiles at Ukraine and Antony Blinken condemned it.", "2024-02-03", "Harbor Times",
                      [(RUSSIA, BLINKEN, "190", "fired", "2024-02-03")])
    d.events[0].target = None
    d.events[0].location = Location(name="Ukraine", country="UKR", feature="country", lat=49.0, lon=32.0)
    d.events[0].id = ""
    d.events[0].__post_init__()
    out.append(d)
    # undated: no publication date and no date in the text
    out.append(coded_article("Vladimir Putin criticized Antony Blinken.", None, "Wire One",
                             [(PUTIN, BLINKEN, "111", "criticized", None)]))
    # a negated mention: kept in mentions, exported nowhere
    out.append(coded_article("Antony Blinken did not meet Vladimir Putin.", "2024-02-05", "Wire One",
                             [(BLINKEN, PUTIN, "040", "meet", "2024-02-05")], negated=True))
    return out


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("exp") / "e.duckdb"
    with Store(path) as s:
        s.write(corpus() + extra_articles())
        assert s.counts()["events"] == 6  # 3 from corpus(), 2 dated extras, 1 undated
    return path


def test_gdelt_parses_with_gdelt_py(db, tmp_path):
    from py_gdelt.models.events import Event as GdeltEvent
    from py_gdelt.parsers.events import EventsParser

    out = tmp_path / "events.export.CSV"
    result = export(db, "gdelt", out)
    assert (result.rows, result.skipped_undated) == (5, 1)
    data = out.read_bytes()
    lines = data.decode("utf-8").splitlines()
    assert len(lines) == 5 and all(len(line.split("\t")) == 61 for line in lines)
    raw = list(EventsParser().parse(data))
    assert len(raw) == 5  # the parser skips rows it cannot read: none skipped
    events = [GdeltEvent.from_raw(r) for r in raw]
    by_code = {(e.actor1.code if e.actor1 else None, e.event_code, e.date.isoformat()): e for e in events}
    talks = by_code[("RUSGOV", "040", "2023-12-27")]
    assert (talks.num_mentions, talks.num_sources, talks.num_articles) == (3, 2, 3)
    assert talks.actor1.name == "VLADIMIR PUTIN" and talks.actor1.country_code == "RUS"
    assert talks.actor1.type1_code == "GOV" and talks.actor2.code == "INDGOV"
    assert talks.event_base_code == "040" and talks.event_root_code == "04" and talks.quad_class == 1
    assert talks.goldstein_scale == 1.0 and talks.source_url == "https://wire.example/1"
    assert talks.action_geo.country_code == "RS" and talks.action_geo.geo_type == 4  # Moscow: world city
    assert talks.action_geo.adm1_code == "RS48" and talks.action_geo.feature_id == "524901"
    assert talks.actor1_geo.country_code == "RS"  # Putin placed at the Moscow location
    assert talks.actor2_geo.geo_type == 1 and talks.actor2_geo.country_code == "IN"  # India, country level
    assert talks.is_root_event and talks.date_added is not None
    assert talks.global_event_id == global_event_id(talks_id(db))

    un = by_code[("USAGOV", "040", "2024-02-02")]
    assert un.actor2.code == "IGOUNO" and un.actor2.known_group_code == "UNO" and un.actor2.country_code is None
    assert un.actor1.religion1_code == "CHR" and un.actor1.type1_code == "GOV" and un.actor1.type2_code is None
    assert un.action_geo.geo_type == 3 and un.action_geo.adm1_code == "USNY"  # US city
    assert un.action_geo.name == "New York, United States"

    strike = by_code[("RUS", "190", "2024-02-03")]
    assert strike.actor2 is None and strike.quad_class == 4 and strike.goldstein_scale == -10
    assert strike.action_geo.geo_type == 1 and strike.action_geo.country_code == "UP"  # Ukraine's FIPS code
    assert strike.event_code == "190" and strike.source_url.endswith("test")  # no URL: the article origin


def talks_id(db):
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT id FROM events WHERE source_code='RUSGOV' AND date='2023-12-27'").fetchone()[0]
    finally:
        con.close()


def test_gdelt_parses_with_pandas(db, tmp_path):
    out = tmp_path / "g.tsv"
    export(db, "gdelt", out)
    df = pd.read_csv(out, sep="\t", header=None, names=GDELT_COLUMNS, quoting=csv.QUOTE_NONE,
                     dtype={"EventCode": str, "EventBaseCode": str, "EventRootCode": str})
    assert df.shape == (5, 61)
    for col in ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "QuadClass", "NumMentions", "NumSources",
                "NumArticles", "IsRootEvent", "DATEADDED", "ActionGeo_Type", "Actor1Geo_Type"):
        assert pd.api.types.is_integer_dtype(df[col]), col
    for col in ("FractionDate", "GoldsteinScale", "AvgTone", "ActionGeo_Lat", "ActionGeo_Long"):
        assert pd.api.types.is_float_dtype(df[col]), col
    assert df["GLOBALEVENTID"].is_unique
    assert set(df["EventCode"]) == {"040", "111", "190"}
    assert df["QuadClass"].between(1, 4).all() and df["GoldsteinScale"].between(-10, 10).all()
    assert (df["SQLDATE"] // 100 == df["MonthYear"]).all() and (df["MonthYear"] // 100 == df["Year"]).all()
    row = df[df["SQLDATE"] == 20231227].iloc[0]
    assert row["FractionDate"] == pytest.approx(2023 + 361 / 365, abs=1e-4)


def test_icews_tsv(db, tmp_path):
    out = tmp_path / "icews.tsv"
    result = export(db, "icews", out)
    assert (result.rows, result.skipped_undated) == (7, 1)  # mentions: 5 + 2 dated extras; negated left out
    df = pd.read_csv(out, sep="\t", dtype={"CAMEO Code": str, "Story ID": str})
    assert list(df.columns) == ICEWS_COLUMNS and len(ICEWS_COLUMNS) == 20 and len(df) == 7
    assert df["Event ID"].is_unique and pd.api.types.is_integer_dtype(df["Event ID"])
    un = df[df["Target Name"] == "United Nations"].iloc[0]
    assert un["Source Sectors"] == "Government,Christian" and un["Source Country"] == "United States"
    assert pd.isna(un["Target Country"]) and un["City"] == "New York" and un["Country"] == "United States"
    assert un["Event Text"] == "Consult" and un["CAMEO Code"] == "040" and un["Intensity"] == 1.0
    assert un["Sentence Number"] == 1 and un["Publisher"] == "Wire One"
    strike = df[df["CAMEO Code"] == "190"].iloc[0]
    assert pd.isna(strike["City"]) and strike["Country"] == "Ukraine" and pd.isna(strike["Target Name"])


def test_jsonl_parquet_csv_agree(db, tmp_path):
    for fmt in ("jsonl", "parquet", "csv"):
        assert export(db, fmt, tmp_path / f"e.{fmt}").rows == 6
    rows = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    table = pq.read_table(tmp_path / "e.parquet").to_pylist()
    frame = pd.read_csv(tmp_path / "e.csv", dtype={"cameo": str, "root": str})
    assert [r["id"] for r in rows] == [r["id"] for r in table] == list(frame["id"])
    talks = next(r for r in rows if r["cameo"] == "040" and r["date"] == "2023-12-27")
    assert talks["source_sectors"] == ["GOV"] and talks["num_mentions"] == 3
    assert talks["evidence"].startswith("Vladimir Putin met") and talks["trigger_text"] == "met"
    assert rows[-1]["date"] is None  # the undated event is kept in these formats
    assert set(frame["cameo"]) == {"040", "111", "190"}
    un = frame[frame["target_code"] == "IGOUNO"].iloc[0]
    assert un["source_sectors"] == "GOV,CHR"


def test_export_command(db, tmp_path):
    from communique.cli.export_cmd import command

    out = tmp_path / "g.tsv"
    res = CliRunner().invoke(command, ["--db", str(db), "--format", "gdelt", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "5 rows written" in res.output and "1 undated left out" in res.output
    res = CliRunner().invoke(command, ["--db", str(tmp_path / "none.duckdb"), "--format", "csv", "-o", "x"])
    assert res.exit_code != 0 and "no such database file" in res.output


def test_code_tables():
    table = sector_table()
    assert table["GOV"].kind == "type" and table["CHR"].kind == "religion"
    assert all(len(code) == 3 and code.isupper() for code in table)
    assert fips("RUS") == "RS" and fips("DEU") == "GM" and fips("GBR") == "UK" and fips("XXX") is None
    assert country_name("IND") == "India" and country_name(None) is None



README_FIELDS = {"rule", "modality", "negated", "date_precision", "date_text", "plover", "plover_mode",
                 "confidence", "location_name", "location_admin1", "trigger_text", "evidence"}


def test_tabular_exports_carry_every_promised_field(db, tmp_path):
    export(db, "jsonl", tmp_path / "e.jsonl")
    export(db, "parquet", tmp_path / "e.parquet")
    export(db, "csv", tmp_path / "e.csv")
    rows = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert README_FIELDS <= set(rows[0]) and README_FIELDS <= set(pq.read_table(tmp_path / "e.parquet").column_names)
    talks = next(r for r in rows if r["cameo"] == "040" and r["date"] == "2023-12-27")
    assert talks["rule"] and talks["modality"] == "asserted" and talks["negated"] is False
    # the store keeps no event whose every mention is negated, so none is exported
    assert not any(r["negated"] for r in rows) and all(r["rule"] for r in rows)


def test_csv_codes_read_back_as_strings(db, tmp_path):
    from communique.export import CSV_DTYPES

    export(db, "csv", tmp_path / "e.csv")
    text = (tmp_path / "e.csv").read_text()
    assert ',"040","04",' in text  # quoted, so spreadsheet tools keep the zero
    frame = pd.read_csv(tmp_path / "e.csv", dtype=CSV_DTYPES)  # what README tells pandas users
    assert set(frame["cameo"]) == {"040", "111", "190"} and set(frame["root"]) == {"04", "11", "19"}


def test_dta_for_stata(db, tmp_path):
    assert export(db, "dta", tmp_path / "e.dta").rows == 6
    frame = pd.read_stata(tmp_path / "e.dta")
    assert set(frame["cameo"]) == {"040", "111", "190"}
    assert frame["negated"].isin([0, 1]).all() and str(frame["date"].dtype).startswith("datetime64")
    assert frame.loc[frame["target_code"] == "IGOUNO", "source_sectors"].iloc[0] == "GOV,CHR"


def test_filtered_export_and_load_events(db, tmp_path):
    import communique
    from communique.analysis.filters import EventFilter

    flt = EventFilter.parse(dyad="RUSGOV:INDGOV")
    assert export(db, "csv", tmp_path / "f.csv", flt.where()).rows == 2
    assert export(db, "gdelt", tmp_path / "f.tsv", flt.where()).rows == 2
    df = communique.load_events(db, dyad="RUSGOV:INDGOV")
    assert len(df) == 2 and list(df["cameo"]) == ["040", "040"] and str(df["cameo"].dtype) == "string"
    assert str(df["date"].dtype).startswith("datetime64") and df["source_sectors"].iloc[0].tolist() == ["GOV"]
    # names as in the web UI
    assert len(communique.load_events(db, actor="Putin", target="India")) == len(
        communique.load_events(db, actor="RUSGOV", target="IND"))
    with pytest.raises(communique.analysis.FilterError):
        communique.load_events(db, country="Atlantis")


def test_export_command_filters_and_suggests_codes(db, tmp_path):
    from communique.cli.export_cmd import command

    out = tmp_path / "f.csv"
    res = CliRunner().invoke(command, ["--db", str(db), "--format", "csv", "--dyad", "RUSGOV:INDGOV", "-o", str(out)])
    assert res.exit_code == 0 and "2 rows written" in res.output
    res = CliRunner().invoke(command, ["--db", str(db), "--format", "csv", "--dyad", "russia:india", "-o", str(out)])
    assert res.exit_code == 2 and "did you mean RUS:IND?" in res.output
