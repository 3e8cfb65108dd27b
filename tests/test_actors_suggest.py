"""`communique actors suggest / add / list-user`: context patterns, suggestions from a real
store, and the user dictionary round trip through the knowledge base and the resolver.

All people here are invented (so the packaged knowledge base never knows them), except
Vladimir Putin, who must never be suggested.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from communique.curation.suggest import ContextTables, Suggester, annotate, left_context, right_context
from communique.curation.userdict import UserDictError, make_organisation, make_person, parse_code, read
from communique.cli.main import cli

TABLES = ContextTables.build(
    demonyms={"Kenyan": "KEN", "Ghanaian": "GHA", "Sudanese": "SDN", "Russian": "RUS", "South African": "ZAF"},
    countries={"Kenya": "KEN", "Ghana": "GHA", "Sudan": "SDN", "Russia": "RUS", "South Africa": "ZAF"},
    titles={"President": "GOV", "Foreign Minister": "GOV", "General": "MIL", "army chief": "MIL", "spokesman": "GOV",
            "rebel leader": "REB", "rebel commander": "REB"},
    title_names={"President": "President", "Foreign Minister": "Foreign Minister", "General": "General",
                 "army chief": "General", "rebel leader": "rebel leader", "rebel commander": "rebel leader"},
    sector_words={"government": "GOV"},  # a group noun of the title table
)

ARTICLES = [
    ("2024-03-01", "Kenyan President Daniel Wekesa met Ghana's foreign minister, Abena Mensah, in Nairobi on "
                   "Monday. Wekesa said he wanted more trade with Accra. Russian President Vladimir Putin sent a "
                   "message of support."),
    ("2024-03-02", "Rebel commander Ali Dembe said the Sudanese army chief General Kamal Omer had lied about the "
                   "ceasefire. Ali Dembe said his fighters would hold the town."),
    ("2024-03-03", "Daniel Wekesa and Abena Mensah spoke again by telephone on Tuesday. Kamal Omer denied the "
                   "claims. Vladimir Putin was not part of the call. Putin said he was busy."),
    ("2024-03-04", "Abena Mensah, Ghana's foreign minister, said she would travel to Kenya. Kenyan President "
                   "Daniel Wekesa welcomed the visit and said he hoped for a trade deal."),
]


def words(text: str) -> list[str]:
    return text.lower().split()


# -- context patterns on plain token lists ----------------------------------------------------


@pytest.mark.parametrize("before, code, title", [
    ("kenyan president", "KENGOV", "President"),
    ("ghana 's foreign minister ,", "GHAGOV", "Foreign Minister"),
    ("rebel commander", "REB", "rebel leader"),
    ("he met the sudanese army chief general", "SDNMIL", "General"),
    ("the kenyan government spokesman", "KENGOV", None),
    ("former south african president", "ZAFELI", None),
])
def test_left_context(before: str, code: str, title: str | None) -> None:
    ctx = left_context(TABLES, words(before))
    assert ctx is not None and ctx.code == code and ctx.title == title


@pytest.mark.parametrize("before", ["he met", "in nairobi ,", "the kenyan", ""])
def test_left_context_needs_a_title(before: str) -> None:
    assert left_context(TABLES, words(before)) is None


def test_right_context_apposition() -> None:
    ctx = right_context(TABLES, words(", ghana 's foreign minister , said on monday"))
    assert ctx is not None and ctx.code == "GHAGOV" and ctx.title == "Foreign Minister"
    ctx = right_context(TABLES, words(", the president of kenya , said"))
    assert ctx is not None and ctx.code == "KENGOV"
    # the description must end the apposition: the aide is not the minister
    assert right_context(TABLES, words(", ghana 's foreign minister 's aide , said")) is None
    assert right_context(TABLES, words("said on monday")) is None


# -- suggestions over annotated text -----------------------------------------------------------


@pytest.fixture(scope="module")
def suggester() -> Suggester:
    s = Suggester(TABLES, known=lambda name, kind: name in {"Vladimir Putin", "Putin"})
    for i, doc in enumerate(annotate([text for _, text in ARTICLES])):
        s.add_doc(doc, f"a{i}")
    return s


def test_suggester_codes_counts_and_evidence(suggester: Suggester) -> None:
    by_name = {s.name: s for s in suggester.results(min_count=2)}
    assert {"Daniel Wekesa", "Abena Mensah", "Ali Dembe", "Kamal Omer"} <= set(by_name)
    wekesa = by_name["Daniel Wekesa"]
    assert (wekesa.code, wekesa.country, wekesa.sector, wekesa.title) == ("KENGOV", "KEN", "GOV", "President")
    # two full mentions, the bare "Wekesa" of the first article, the one of the last article
    assert wekesa.mentions >= 3 and wekesa.articles == 3
    assert "Wekesa" in wekesa.surnames
    assert wekesa.gender == "m"
    assert 1 <= len(wekesa.evidence) <= 3
    assert wekesa.evidence[0].startswith("Kenyan President Daniel Wekesa")  # the sentence that gave the code
    assert by_name["Abena Mensah"].code == "GHAGOV" and by_name["Abena Mensah"].gender == "f"
    assert by_name["Ali Dembe"].code == "REB" and by_name["Ali Dembe"].country is None
    assert by_name["Kamal Omer"].code == "SDNMIL"


def test_suggester_skips_known_and_rare(suggester: Suggester) -> None:
    results = suggester.results(min_count=2)
    assert not any("Putin" in s.name for s in results)
    counts = [(s.mentions, s.articles) for s in results]
    assert counts == sorted(counts, reverse=True)
    assert all(s.mentions >= 3 for s in suggester.results(min_count=3))
    assert len(suggester.results(min_count=1, limit=2)) == 2
    assert suggester.results(min_count=2) == results  # ranking again changes nothing


def test_title_before_an_untagged_name() -> None:
    # the small model tags this name as a place; the title in front still makes it a person
    s = Suggester(TABLES)
    s.add_doc(next(annotate(["Former South African president Thabo Nkosi arrived in Accra on Sunday."])), "x")
    found = {r.name: r for r in s.results(min_count=1)}
    assert found["Thabo Nkosi"].code == "ZAFELI"


def test_country_named_around_a_bare_title_and_noise_left_out() -> None:
    s = Suggester(TABLES, is_place=lambda name: name == "Kisumu")
    texts = [
        "President Otieno Barasa flew to Kenya on Sunday. Barasa said he was pleased.",
        "The Federal Police arrested two men. Championship leader Marco Rinaldi won again in Kisumu.",
        "Marco Rinaldi thanked his team. The Federal Police said nothing. Kisumu residents cheered.",
    ]
    for i, doc in enumerate(annotate(texts)):
        s.add_doc(doc, f"n{i}")
    found = {r.name: r for r in s.results(min_count=1, include_uncoded=True)}
    barasa = found["Otieno Barasa"]
    assert barasa.code == "KENGOV" and "named around it" in barasa.context
    assert found["Marco Rinaldi"].code is None  # "leader" alone places nobody
    assert "Federal Police" not in found and "Kisumu" not in found


def test_names_seen_once_are_forgotten_on_a_big_store() -> None:
    s = Suggester(TABLES)
    s.max_candidates = 2
    for i, doc in enumerate(annotate([text for _, text in ARTICLES])):
        s.add_doc(doc, f"p{i}")
    assert s.pruned and all(c.mentions > 1 for c in s.candidates.values())
    assert "Daniel Wekesa" in {r.name for r in s.results(min_count=2)}


# -- the user dictionary -------------------------------------------------------------------------


def test_parse_code() -> None:
    assert parse_code("KENGOV") == ("KEN", ["GOV"])
    assert parse_code("reb") == (None, ["REB"])
    assert parse_code("IGOUNO") == ("IGOUNO", [])
    for bad, said in [("KENXYZ", "unknown sector XYZ"), ("QQQGOV", "neither a country"), ("KEN1", "not a CAMEO")]:
        with pytest.raises(UserDictError, match=said):
            parse_code(bad)


def test_entries_follow_the_schema() -> None:
    p = make_person("Daniel Wekesa", "KENGOV", "President", "m", surnames=["Wekesa"], start="2022-09-13")
    assert p == {"id": "wekesa-daniel", "name": "Daniel Wekesa", "surnames": ["Wekesa"], "gender": "m",
                 "roles": [{"country": "KEN", "sector": "GOV", "title": "President", "start": "2022-09-13",
                            "end": None}]}
    o = make_organisation("Northern Hills Brigade", "KENUAFNHB", aliases=["NHB"])
    assert o == {"id": "northern-hills-brigade", "name": "Northern Hills Brigade", "aliases": ["NHB"],
                 "code": "KENUAFNHB", "country": "KEN", "sectors": ["UAF"]}
    with pytest.raises(UserDictError, match="no sector"):
        make_person("Daniel Wekesa", "KEN")
    with pytest.raises(UserDictError, match="not part of the name"):
        make_person("Daniel Wekesa", "KENGOV", surnames=["Otieno"])


# -- the commands on a real store ---------------------------------------------------------------


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from communique.model import Article, CodedArticle
    from communique.store import Store

    path = tmp_path_factory.mktemp("store") / "events.duckdb"
    with Store(path) as store:
        store.write([CodedArticle(article=Article(text=text, date=date, source="Test Wire"),
                                  sentences=text.count(". ") + 1, words=len(text.split()))
                     for date, text in ARTICLES])
    return path


@pytest.fixture
def runner(tmp_path: Path) -> tuple[CliRunner, Path]:
    dict_path = tmp_path / "config" / "actors.yaml"
    return CliRunner(env={"COMMUNIQUE_ACTORS": str(dict_path)}), dict_path


def invoke(runner: CliRunner, *args: str):
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    return result


def test_suggest_table(store_path: Path, runner) -> None:
    r, _ = runner
    res = invoke(r, "actors", "suggest", "--db", str(store_path), "--no-progress")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    row = next(line for line in lines if "Daniel Wekesa" in line and "KENGOV" in line)
    assert row.split()[:2] == ["4", "3"] or int(row.split()[0]) >= 3
    assert any("> Kenyan President Daniel Wekesa met" in line for line in lines)
    assert "Putin" not in res.output.split("Next:")[0].replace("Russian President Vladimir Putin sent", "")
    assert not any("Vladimir Putin" in line and "person" in line for line in lines)


def test_suggest_jsonl(store_path: Path, runner) -> None:
    r, _ = runner
    res = invoke(r, "actors", "suggest", "--db", str(store_path), "--no-progress", "--format", "jsonl")
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    by_name = {row["name"]: row for row in rows}
    assert by_name["Daniel Wekesa"]["code"] == "KENGOV"
    assert by_name["Abena Mensah"]["code"] == "GHAGOV"
    assert by_name["Ali Dembe"]["code"] == "REB"
    assert by_name["Kamal Omer"]["code"] == "SDNMIL"
    assert by_name["Daniel Wekesa"]["articles"] == 3 and by_name["Daniel Wekesa"]["evidence"]
    assert not any("Putin" in name for name in by_name)


def test_suggest_errors_say_what_to_do(tmp_path: Path, runner) -> None:
    r, _ = runner
    res = r.invoke(cli, ["actors", "suggest", "--db", str(tmp_path / "missing.duckdb"), "--no-progress"])
    assert res.exit_code != 0 and "communique ingest" in res.output


def test_suggest_yaml_is_a_user_dictionary_and_add_reads_it(store_path: Path, runner, tmp_path: Path) -> None:
    from communique.actors.kb import KnowledgeBase

    r, dict_path = runner
    out = tmp_path / "new-actors.yaml"
    res = invoke(r, "actors", "suggest", "--db", str(store_path), "--no-progress", "--format", "yaml", "-o", str(out))
    assert res.exit_code == 0, res.output
    suggested = read(out)  # validates every entry against the schema
    names = {p["name"]: p for p in suggested.people}
    assert names["Daniel Wekesa"]["roles"][0] == {"country": "KEN", "sector": "GOV", "title": "President",
                                                  "start": None, "end": None}
    assert "> Kenyan President Daniel Wekesa met" in out.read_text(encoding="utf-8")  # evidence as comments
    # the knowledge base reads the suggestion file as it is
    kb = KnowledgeBase.load(user_path=out)
    assert kb.names.get("Daniel Wekesa").person.roles[0].country == "KEN"

    res = invoke(r, "actors", "add", "--from-suggest", str(out))
    assert res.exit_code == 0, res.output
    assert "added Daniel Wekesa (KENGOV" in res.output
    data = yaml.safe_load(dict_path.read_text(encoding="utf-8"))
    assert {p["name"] for p in data["people"]} >= {"Daniel Wekesa", "Abena Mensah", "Ali Dembe", "Kamal Omer"}
    # a second run adds nothing and says why
    res = invoke(r, "actors", "add", "--from-suggest", str(out))
    assert res.exit_code == 0 and "nothing new" in res.output
    # and the next suggest run leaves them out
    res = invoke(r, "actors", "suggest", "--db", str(store_path), "--no-progress", "--format", "jsonl")
    assert "Daniel Wekesa" not in res.output


def test_add_validates_and_refuses_duplicates(runner) -> None:
    r, dict_path = runner
    res = invoke(r, "actors", "add", "Daniel Wekesa", "--code", "KENGOV", "--title", "President", "--gender", "m",
                 "--surname", "Wekesa", "--since", "2022-09-13")
    assert res.exit_code == 0, res.output
    entry = yaml.safe_load(dict_path.read_text(encoding="utf-8"))["people"][0]
    assert entry["id"] == "wekesa-daniel" and entry["roles"][0]["start"] == "2022-09-13"

    res = invoke(r, "actors", "add", "Daniel Wekesa", "--code", "KENGOV")
    assert res.exit_code == 1 and "already in" in res.output and "edit the file" in res.output
    res = invoke(r, "actors", "add", "Vladimir Putin", "--code", "RUSGOV")
    assert res.exit_code == 1 and "knowledge base" in res.output and "--force" in res.output
    res = invoke(r, "actors", "add", "Olga Putin", "--code", "RUSBUS", "--surname", "Putin")
    assert res.exit_code == 1 and "surname 'Putin' already stands for Vladimir Putin" in res.output
    res = invoke(r, "actors", "add", "Jane Otieno", "--code", "KENFOO")
    assert res.exit_code == 1 and "unknown sector FOO" in res.output
    res = invoke(r, "actors", "add", "Jane Otieno", "--code", "KENGOV", "--title", "Presidnt")
    assert res.exit_code == 1 and "did you mean 'President'" in res.output
    res = r.invoke(cli, ["actors", "add", "Jane Otieno"])
    assert res.exit_code == 2 and "--code is required" in res.output
    res = invoke(r, "actors", "add", "Northern Hills Brigade", "--org", "--code", "KENUAF", "--alias", "NHB")
    assert res.exit_code == 0, res.output

    res = invoke(r, "actors", "list-user")
    assert res.exit_code == 0
    assert "Daniel Wekesa" in res.output and "KENGOV" in res.output and "Northern Hills Brigade" in res.output
    assert str(dict_path) in res.output


def test_list_user_without_a_file(runner) -> None:
    r, dict_path = runner
    res = invoke(r, "actors", "list-user")
    assert res.exit_code == 0 and "No user dictionary" in res.output and str(dict_path) in res.output


def test_help_has_examples(runner) -> None:
    r, _ = runner
    for sub in ("suggest", "add", "list-user"):
        res = invoke(r, "actors", sub, "--help")
        assert res.exit_code == 0 and "Examples:" in res.output


def test_added_person_resolves_in_a_sentence(runner, nlp) -> None:
    from communique.actors import ActorResolver
    from communique.actors.kb import KnowledgeBase

    r, dict_path = runner
    res = invoke(r, "actors", "add", "Daniel Wekesa", "--code", "KENGOV", "--title", "President", "--gender", "m",
                 "--surname", "Wekesa")
    assert res.exit_code == 0, res.output
    resolver = ActorResolver(KnowledgeBase.load(user_path=dict_path))
    ctx = resolver.new_context("2024-03-05")
    doc = nlp("Daniel Wekesa criticized the ministry on Monday.")
    mentions = ctx.resolve_sentence(doc, 0, 0).mentions
    wekesa = next(a for a in mentions if a.name == "Daniel Wekesa")
    assert wekesa.code == "KENGOV" and wekesa.country == "KEN"
    # the surname alone resolves too, in a later sentence
    later = nlp("Wekesa left for Accra.")
    assert any(a.name == "Daniel Wekesa" for a in ctx.resolve_sentence(later, 1, 60).mentions)
