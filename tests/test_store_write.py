"""Store writes, idempotency and cross-article dedup, on coded records built by hand."""

from __future__ import annotations

import duckdb
import pytest

from communique.model import Actor, Article, CodedArticle, Event, Location, Quote, Reject, Span
from communique.store import Store
from communique.store.rows import event_key

CAMEO = {  # code -> (name, quad class, Goldstein)
    "040": ("Consult", 1, 1.0),
    "042": ("Make a visit", 1, 1.9),
    "111": ("Criticize or denounce", 3, -2.0),
    "190": ("Use conventional military force", 4, -10.0),
}


def actor(code: str, text: str, name: str, start: int, sentence: int = 0) -> Actor:
    country = code[:3] if code[:3] not in {"IGO", "NGO"} else None
    return Actor(text=text, name=name, code=code, country=country, sectors=[code[3:]] if len(code) > 3 else [],
                 start=start, end=start + len(text), sentence=sentence, how="test")


def coded_article(text: str, date: str | None, source: str | None, specs, url: str | None = None,
                  negated: bool = False) -> CodedArticle:
    """``specs``: (source actor (code, text, name), target actor, CAMEO code, trigger word, event date)."""
    art = Article(text=text, date=date, source=source, url=url, title=text.split(".")[0], origin="test")
    events, actors = [], []
    for (scode, stext, sname), (tcode, ttext, tname), cameo, trigger, when in specs:
        s = actor(scode, stext, sname, text.index(stext))
        t = actor(tcode, ttext, tname, text.index(ttext))
        actors += [s, t]
        name, quad, gold = CAMEO[cameo]
        start = text.index(trigger)
        events.append(Event(
            article_id=art.id, source=s, target=t, cameo=cameo, root=cameo[:2], cameo_name=name,
            plover=None, plover_mode=None, quad_class=quad, goldstein=gold, sentence=0,
            trigger=Span(trigger, start, start + len(trigger)), evidence=text, rule=f"test:{cameo}",
            date=when, date_precision="day",
            location=Location(name="Moscow", country="RUS", admin1="48", lat=55.75, lon=37.62, feature="city",
                              geonameid=524901),
            negated=negated, confidence=0.7,
        ))
    quotes = [Quote(text="a frank exchange", start=text.find("a frank exchange"), end=text.find("a frank exchange") + 16,
                    sentence=0, kind="direct", speaker=actors[0], speaker_text=actors[0].text)] \
        if "a frank exchange" in text else []
    return CodedArticle(article=art, events=events, actors=actors, quotes=quotes, sentences=1,
                        words=len(text.split()))


PUTIN = ("RUSGOV", "Vladimir Putin", "Vladimir Putin")
JAISHANKAR = ("INDGOV", "Subrahmanyam Jaishankar", "Subrahmanyam Jaishankar")
BLINKEN = ("USAGOV", "Antony Blinken", "Antony Blinken")
RUSSIA = ("RUS", "Russia", "Russia")


def corpus() -> list[CodedArticle]:
    return [
        coded_article("Vladimir Putin met Subrahmanyam Jaishankar in the Kremlin on Wednesday, calling it a frank exchange.",
                      "2023-12-28", "Wire One", [(PUTIN, JAISHANKAR, "040", "met", "2023-12-27")],
                      url="https://wire.example/1"),
        coded_article("On Wednesday Vladimir Putin held talks with Subrahmanyam Jaishankar about oil.",
                      "2023-12-29", "Harbor Times", [(PUTIN, JAISHANKAR, "040", "held talks", "2023-12-27")],
                      url="https://harbor.example/a"),
        # same publisher again: one more mention and article, but no new source
        coded_article("Vladimir Putin and Subrahmanyam Jaishankar talked for two hours, the agency said.",
                      "2023-12-28", "Wire One", [(PUTIN, JAISHANKAR, "040", "talked", "2023-12-27")]),
        # same dyad and code on another day: a different event
        coded_article("Vladimir Putin met Subrahmanyam Jaishankar again in Moscow in January.",
                      "2024-01-20", "Wire One", [(PUTIN, JAISHANKAR, "040", "met", "2024-01-19")]),
        coded_article("Antony Blinken criticized Russia over the strikes.",
                      "2024-01-21", None, [(BLINKEN, RUSSIA, "111", "criticized", "2024-01-21")]),
    ]


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "t.duckdb")
    yield s
    s.close()


def table_rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()
            if r[0] not in {"ingested_at", "rejected_at", "warned_at"}]
    return sorted(con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)


def test_write_fills_every_table(store):
    assert store.write(corpus()) == 5
    c = store.counts()
    assert c["articles"] == 5 and c["mentions"] == 5 and c["actors"] == 10 and c["quotes"] == 1
    row = store.con.execute(
        "SELECT source_code, source_sectors, target_code, cameo, date, location_name, lat, trigger_text"
        " FROM mentions WHERE trigger_text = 'held talks'").fetchone()
    assert row[:5] == ("RUSGOV", ["GOV"], "INDGOV", "040", __import__("datetime").date(2023, 12, 27))
    assert row[5:] == ("Moscow", 55.75, "held talks")
    geo = store.con.execute("SELECT DISTINCT feature, geonameid FROM mention_geo").fetchall()
    assert geo == [("city", 524901)]


def test_rewriting_adds_nothing(store):
    store.write(corpus())
    store.write_rejects([Reject("a.jsonl:3", "malformed JSON: Expecting value at column 1", "{oops")])
    before = {t: table_rows(store.con, t) for t in ("articles", "mentions", "events", "actors", "quotes", "rejects")}
    assert store.write(corpus()) == 0
    assert store.write_rejects([Reject("a.jsonl:3", "malformed JSON: Expecting value at column 1", "{oops")]) == 0
    after = {t: table_rows(store.con, t) for t in before}
    assert after == before


def test_dedup_counts_like_gdelt(store):
    store.write(corpus())
    events = store.con.execute(
        "SELECT source_code, target_code, cameo, date::VARCHAR, num_mentions, num_sources, num_articles,"
        " first_url FROM events ORDER BY date, cameo").fetchall()
    assert events == [
        ("RUSGOV", "INDGOV", "040", "2023-12-27", 3, 2, 3, "https://wire.example/1"),
        ("RUSGOV", "INDGOV", "040", "2024-01-19", 1, 1, 1, None),
        ("USAGOV", "RUS", "111", "2024-01-21", 1, 1, 1, None),
    ]
    # every mention is kept and points at its event
    linked = store.con.execute(
        "SELECT count(*) FROM mentions m JOIN events e ON e.id = m.event_id").fetchone()[0]
    assert linked == 5


def test_event_id_is_hash_of_dyad_code_and_date(store):
    coded = corpus()
    store.write(coded)
    ev = coded[0].events[0]
    row = store.con.execute("SELECT event_id FROM mentions WHERE id = ?", [ev.id]).fetchone()
    assert row[0] == event_key(ev)


def test_full_refresh_matches_incremental(store):
    for c in corpus():  # one article at a time, as the API writes
        store.write([c])
    incremental = table_rows(store.con, "events")
    store.refresh_events()
    assert table_rows(store.con, "events") == incremental


def test_negated_mentions_are_kept_but_make_no_event(store):
    denial = coded_article("Antony Blinken did not criticize Russia, his spokesman said.", "2024-02-01",
                           "Wire One", [(BLINKEN, RUSSIA, "111", "criticize", "2024-02-01")], negated=True)
    store.write([denial])
    assert store.counts()["mentions"] == 1
    assert store.counts()["events"] == 0


def test_bad_event_date_does_not_sink_the_batch(store):
    odd = coded_article("Russia criticized Antony Blinken.", "2024-02-01", "Wire One",
                        [(RUSSIA, BLINKEN, "111", "criticized", "2024-02-30")])
    store.write([odd, *corpus()])
    assert store.counts()["articles"] == 6
    assert store.con.execute("SELECT date FROM mentions WHERE article_id = ?", [odd.article.id]).fetchone() == (None,)


def test_has_article_and_existing(store):
    coded = corpus()
    store.write(coded[:2])
    assert store.has_article(coded[0].article.id)
    assert not store.has_article(coded[3].article.id)
    ids = [c.article.id for c in coded]
    assert store.existing_articles(ids) == set(ids[:2])
