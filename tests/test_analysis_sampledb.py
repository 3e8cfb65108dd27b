"""A small but realistic store for the analysis, server and UI tests, built from the shared
records and written with plain SQL against schema.sql (the contract with the store package).

Articles are written in a light markup: ``{RUSGOV|Russian President Vladimir Putin}`` marks an
actor mention, ``<042|visited>`` an event trigger. In each sentence the first actor is the
source and the second the target of the trigger's event.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path

import duckdb

from communique.model import Actor, Article, Event, Location, Quote, Span

# code -> (name, quad class, Goldstein, PLOVER)
CAMEO = {
    "010": ("Make statement", 1, 0.0, "OTHER"),
    "036": ("Express intent to meet or negotiate", 1, 4.0, "CONSULT"),
    "040": ("Consult", 1, 1.0, "CONSULT"),
    "042": ("Make a visit", 1, 1.9, "CONSULT"),
    "043": ("Host a visit", 1, 2.8, "CONSULT"),
    "051": ("Praise or endorse", 1, 3.4, "COOPERATE"),
    "057": ("Sign formal agreement", 1, 8.0, "AGREE"),
    "061": ("Cooperate economically", 2, 6.4, "COOPERATE"),
    "071": ("Provide economic aid", 2, 7.4, "AID"),
    "111": ("Criticize or denounce", 3, -2.0, "ACCUSE"),
    "112": ("Accuse", 3, -2.0, "ACCUSE"),
    "130": ("Threaten", 3, -4.4, "THREATEN"),
    "163": ("Impose embargo, boycott, or sanctions", 4, -8.0, "SANCTION"),
    "190": ("Use conventional military force", 4, -10.0, "ASSAULT"),
    "193": ("Fight with small arms and light weapons", 4, -10.0, "ASSAULT"),
}

NAMES = {
    "RUSGOV": ("Vladimir Putin", "RUS", ["GOV"]),
    "RUS": ("Russia", "RUS", []),
    "RUSMIL": ("Russian military", "RUS", ["MIL"]),
    "INDGOV": ("Narendra Modi", "IND", ["GOV"]),
    "IND": ("India", "IND", []),
    "CHNGOV": ("Xi Jinping", "CHN", ["GOV"]),
    "CHN": ("China", "CHN", []),
    "USAGOV": ("Antony Blinken", "USA", ["GOV"]),
    "USA": ("United States", "USA", []),
    "UKRMIL": ("Ukrainian armed forces", "UKR", ["MIL"]),
    "UKR": ("Ukraine", "UKR", []),
    "PAKGOV": ("Pakistan government", "PAK", ["GOV"]),
}

# (publication date, publisher, sentences[, event date when the text dates the events]).
# Dates spread over Sept 2023 - Mar 2024.
ARTICLES = [
    ("2023-09-12", "Wire One", [
        "{INDGOV|Indian Prime Minister Narendra Modi} <040|held talks> with {RUSGOV|Russian President Vladimir Putin} by telephone on Tuesday.",
        "{RUSGOV=Russia|The Kremlin} <051|praised> {IND|India} for its independent foreign policy.",
    ]),
    ("2023-09-20", "Daily Ledger", [
        "{INDGOV=Subrahmanyam Jaishankar|External Affairs Minister Subrahmanyam Jaishankar} <042|visited> {RUS|Moscow} for two days of meetings.",
        "{RUSGOV=Sergei Lavrov|Foreign Minister Sergei Lavrov} <043|hosted> {INDGOV=Subrahmanyam Jaishankar|his Indian counterpart} at a guest house outside the city.",
    ]),
    ("2023-10-03", "Wire One", [
        "{RUS|Russia} and {IND|India} <057|signed> a memorandum on fertilizer supplies.",
        "{USAGOV|Secretary of State Antony Blinken} <111|criticized> {RUSGOV=Russia|the Russian government} over the shelling of grain ports.",
    ]),
    ("2023-10-18", "Harbor Times", [
        "{RUSMIL|Russian forces} <190|shelled> {UKR|Ukrainian} positions near the river overnight.",
        "{UKRMIL|Ukrainian troops} <193|fought> {RUSMIL|Russian units} on the outskirts of the town.",
    ]),
    ("2023-11-07", "Daily Ledger", [
        "{USA|Washington} <163|imposed sanctions on> {RUS|Russian} shipping companies carrying oil above the price cap.",
        "{RUSGOV=Russia|Moscow} <112|accused> {USA|the United States} of economic warfare.",
    ]),
    ("2023-11-21", "Wire One", [
        "{INDGOV=India|New Delhi} <036|said it would host> {RUSGOV=Russia|Russian officials} for trade talks next month.",
        "{CHNGOV|Chinese President Xi Jinping} <040|met> {RUSGOV|Vladimir Putin} in Beijing.",
    ]),
    ("2023-12-05", "Harbor Times", [
        "{RUS|Russia} <061|agreed to expand trade with> {IND|India} in national currencies.",
        "{PAKGOV|Islamabad} <111|criticized> {INDGOV=India|the Indian government} over remarks on Kashmir.",
    ]),
    ("2023-12-28", "MENAFN", [
        "{RUSGOV|Russian President Vladimir Putin} <040|met> {INDGOV=Subrahmanyam Jaishankar|India's External Affairs Minister Subrahmanyam Jaishankar} at the Kremlin on Wednesday.",
        "{RUSGOV|Putin} <036|invited> {INDGOV|Prime Minister Narendra Modi} to visit Russia next year.",
        "{INDGOV=Subrahmanyam Jaishankar|Jaishankar} <051|called> the relationship with {RUS|Russia} steady and strong.",
    ], "2023-12-27"),
    ("2023-12-28", "Daily Ledger", [
        "{RUSGOV|Russian President Vladimir Putin} <040|met> {INDGOV=Subrahmanyam Jaishankar|the Indian foreign minister} in Moscow on Wednesday.",
    ], "2023-12-27"),
    ("2024-01-15", "Wire One", [
        "{CHN|China} <071|pledged aid to> {PAK|Pakistan} for flood reconstruction.",
        "{INDGOV=India|India} <111|denounced> {PAKGOV|Pakistan} after an attack in Jammu.",
    ]),
    ("2024-01-30", "Harbor Times", [
        "{UKR|Kyiv} <111|criticized> {IND|India} for buying Russian crude.",
    ]),
    ("2024-03-04", "Daily Ledger", [
        "{RUSGOV=Russia|Moscow} <130|warned> {IND|New Delhi} against joining the price cap.",
        "{INDGOV|Modi} <040|spoke with> {RUSGOV|Putin} by phone about the war.",
    ]),
    ("2024-03-19", "Wire One", [
        "{USAGOV=United States|The State Department} <111|criticized> {IND|India} over its purchases of Russian oil.",
        "{INDGOV=India|India} <042|sent a delegation to> {USA|Washington} for defence talks.",
    ]),
]

# article index -> where its events took place (the map view's points); others have no place
PLACES = {
    1: ("Moscow", "RUS", 55.7522, 37.6156),
    3: ("Kherson", "UKR", 46.6354, 32.6169),
    7: ("Moscow", "RUS", 55.7522, 37.6156),
    8: ("Moscow", "RUS", 55.7522, 37.6156),
    9: ("Jammu", "IND", 32.7357, 74.8691),
}
# Statements of intent are coded with less confidence, as the coder does (the confidence filter)
LOW_CONFIDENCE = {"036": 0.4}

QUOTES = {  # article index -> (quote text inside the article, speaker code)
    7: ("steady and strong", "INDGOV"),  # reported speech of Jaishankar, sentence 2
}

_MARK = re.compile(r"\{([A-Z]+)(?:=([^|]+))?\|([^}]+)\}|<(\d+)\|([^>]+)>")


def _parse_sentence(marked: str, offset: int):
    """Plain text of a marked sentence, its actors and its trigger (offsets from ``offset``)."""
    out, actors, trigger, pos = [], [], None, 0
    for m in _MARK.finditer(marked):
        out.append(marked[pos:m.start()])
        start = offset + sum(len(s) for s in out)
        if m.group(1):
            actors.append((m.group(1), m.group(2), m.group(3), start, start + len(m.group(3))))
            out.append(m.group(3))
        else:
            trigger = (m.group(4), m.group(5), start, start + len(m.group(5)))
            out.append(m.group(5))
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), actors, trigger


def _actor(code, name, text, start, end, sentence) -> Actor:
    default, country, sectors = NAMES[code] if code in NAMES else (text, code[:3], [])
    name = name or default
    return Actor(text=text, name=name, code=code, country=country, sectors=sectors,
                 kb_id=None, start=start, end=end, sentence=sentence, how="test:markup")


def sample_articles() -> list[tuple[Article, list[Event], list[Actor], list[Quote]]]:
    out = []
    for i, (pub, source, sentences, *when) in enumerate(ARTICLES):
        event_date = when[0] if when else pub
        text, events, actors, offset = "", [], [], 0
        plain_sents = []
        for s_idx, marked in enumerate(sentences):
            plain, acts, trig = _parse_sentence(marked, offset)
            plain_sents.append((plain, offset))
            text += plain + " "
            offset = len(text)
            objs = [_actor(c, n, t, a, b, s_idx) for c, n, t, a, b in acts]
            actors += objs
            code, ttext, ts, te = trig
            name, quad, gold, plover = CAMEO[code]
            events.append(Event(
                article_id="", source=objs[0] if objs else None, target=objs[1] if len(objs) > 1 else None,
                cameo=code, root=code[:2], cameo_name=name, plover=plover, plover_mode=None,
                quad_class=quad, goldstein=gold, sentence=s_idx, trigger=Span(ttext, ts, te),
                evidence=plain, rule=f"test:{code}", date=event_date,
                date_precision="day" if when else "publication", date_text="on Wednesday" if when else None,
                confidence=LOW_CONFIDENCE.get(code, 0.8),
                location=Location(name=PLACES[i][0], country=PLACES[i][1], lat=PLACES[i][2], lon=PLACES[i][3])
                if i in PLACES else None,
            ))
        article = Article(text=text.rstrip(), title=f"Sample dispatch {i + 1}", date=pub, source=source,
                          url=f"https://news.example/{i + 1}", origin=f"sample:{i + 1}")
        for ev in events:
            ev.article_id = article.id
            ev.id = ""
            ev.__post_init__()
        quotes = []
        if i in QUOTES:
            qtext, spk = QUOTES[i]
            start = article.text.index(qtext)
            speaker = next(a for a in actors if a.code == spk and a.start <= start and a.sentence == 2)
            quotes.append(Quote(text=qtext, start=start, end=start + len(qtext), sentence=2,
                                kind="reported", speaker=speaker, speaker_text=speaker.text))
        out.append((article, events, actors, quotes))
    return out


def _place(ev: Event) -> list:
    loc = ev.location
    return [loc.name, loc.country, loc.lat, loc.lon] if loc else [None] * 4


def _schema() -> str:
    return resources.files("communique.store").joinpath("schema.sql").read_text()


def build_sample_db(path: Path) -> Path:
    """Write the sample store to ``path`` (a new DuckDB file) and return the path."""
    con = duckdb.connect(str(path))
    con.execute(_schema())
    groups: dict[tuple, list[tuple[Article, Event]]] = defaultdict(list)
    for article, events, actors, quotes in sample_articles():
        con.execute(
            "INSERT INTO articles (id, title, date, source, url, origin, text, n_sentences, n_words, n_events)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [article.id, article.title, article.date, article.source, article.url, article.origin,
             article.text, max((e.sentence for e in events), default=-1) + 1, len(article.text.split()),
             len(events)],
        )
        for a in actors:
            con.execute(
                "INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [article.id, a.sentence, a.start, a.end, a.text, a.name, a.code, a.country, a.sectors, a.kb_id, a.how],
            )
        for q in quotes:
            con.execute(
                "INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [article.id, q.sentence, q.start, q.end, q.text, q.kind, q.speaker_text,
                 q.speaker.code if q.speaker else None, q.speaker.name if q.speaker else None],
            )
        for ev in events:
            key = (ev.source.code if ev.source else None, ev.target.code if ev.target else None, ev.cameo, ev.date)
            groups[key].append((article, ev))
    for key, members in groups.items():
        event_id = hashlib.sha1("|".join(str(k) for k in key).encode()).hexdigest()[:16]
        first_article, ev = members[0]
        s, t = ev.source, ev.target
        con.execute(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [event_id, s and s.code, s and s.name, s and s.country, t and t.code, t and t.name, t and t.country,
             ev.cameo, ev.root, ev.cameo_name, ev.plover, ev.plover_mode, ev.quad_class, ev.goldstein, ev.date,
             *_place(ev), len(members), len({a.source for a, _ in members}),
             len({a.id for a, _ in members}), first_article.id, first_article.url,
             max(e.confidence for _, e in members)],
        )
        for article, m in members:
            ms, mt = m.source, m.target
            con.execute(
                f"INSERT INTO mentions VALUES ({', '.join(['?'] * 39)})",
                [m.id, event_id, article.id,
                 ms and ms.code, ms and ms.name, ms and ms.text, ms and ms.country, ms and ms.sectors, ms and ms.kb_id,
                 mt and mt.code, mt and mt.name, mt and mt.text, mt and mt.country, mt and mt.sectors, mt and mt.kb_id,
                 m.cameo, m.root, m.cameo_name, m.plover, m.plover_mode, m.quad_class, m.goldstein,
                 m.date, m.date_precision, m.date_text, *_place(m)[:2], None, *_place(m)[2:],
                 m.sentence, m.trigger.text, m.trigger.start, m.trigger.end, m.evidence, m.rule, m.modality,
                 m.negated, m.confidence],
            )
    con.close()
    return path


# --- checks that the sample store itself is consistent, so the other tests stand on it -----

def test_sample_offsets_point_at_their_text():
    for article, events, actors, quotes in sample_articles():
        for ev in events:
            assert article.text[ev.trigger.start:ev.trigger.end] == ev.trigger.text
            assert ev.evidence in article.text
        for a in actors:
            assert article.text[a.start:a.end] == a.text
        for q in quotes:
            assert article.text[q.start:q.end] == q.text


def test_sample_db_matches_schema_and_counts(tmp_path):
    db = build_sample_db(tmp_path / "s.duckdb")
    con = duckdb.connect(str(db), read_only=True)
    n_mentions = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
    assert n_mentions == sum(len(a[2]) for a in ARTICLES)
    # every mention is counted once in its event
    assert con.execute("SELECT sum(num_mentions) FROM events").fetchone()[0] == n_mentions
    # the Putin-Jaishankar meeting reported by two publishers is one event with two mentions
    row = con.execute(
        "SELECT num_mentions, num_sources, num_articles FROM events WHERE source_code='RUSGOV'"
        " AND target_code='INDGOV' AND cameo='040' AND date='2023-12-27'"
    ).fetchone()
    assert row == (2, 2, 2)
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == n_mentions - 1
