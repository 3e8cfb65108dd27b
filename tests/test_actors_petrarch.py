"""The PETRARCH2 import: the converter (tools/import_petrarch.py) on small dictionaries written
here in PETRARCH's format, the loader of the imported layer, and resolution with it.

The converter tests use made-up names; the resolution tests at the end use the packaged
layer on sentences written for these tests.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

from communique.actors import ActorResolver, KnowledgeBase
from communique.actors import tables
from communique.actors.tables import person_from_dict

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def converter():
    spec = importlib.util.spec_from_file_location("import_petrarch", REPO / "tools" / "import_petrarch.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["import_petrarch"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


COUNTRIES = """\
# a made-up excerpt in the format of Phoenix.Countries.actors.txt
FREEDONIA_  [FRD]
+FREEDONIAN_
+FREEDONNIA_
+GRAND_FENWICK_

IVAN_ORLOV_  # CountryInfo.txt (the curated KB has him: the curated entry wins)
\t[RUSGOV 100101-121231]
MARTA_KOVALSKA_  # CountryInfo.txt
+MARTA_KOVALSKA-NOWAK_
\t[POLELI 780101-040430]
\t[POLGOV 040501-070630]
\t[POLGOVEDU >20110101]
\t[POLELI]
PIOTR_ZABLOCKI_  # CountryInfo.txt
\t[POLGOV 20020101-20031231]
ANNA_ZABLOCKI_
\t[POLGOV 20080101-20091231]
BORIS_GRAUMANN_
\t[DEUGOV <19990101]
TOMAS_BROWN_
\t[POLMIL 020101-051231]
"""

INTERNATIONAL = """\
ORGANIZATION_FOR_MADE_UP_COOPERATION_ [IGOMUC]
+OMUC_
WORLD_PRETEND_RELIEF_  [NGOHLH]
UNITED_NATIONS_ [IGOUNO]
HELGA_NORDSTROM_
\t[IGOUNO 050101-091231]
\t[SWEELI]
APPLE_ [MNCUSA]
"""

MILNONSTATE = """\
NORTHERN_LIBERATION_TIGERS_ [FRDREB] #  kkl 21 Mar 13
+NLT_
+NORTHERN_TIGERS_
"""

AGENTS = """\
!PERSON! = MAN, MEN
FARMHAND [~AGR]
POLICE {} [~COP]
TOWN_COUNCIL!PERSON! [~GOV]
HOUSE_OF_ELDERS {} [~LEG]
BUDDHIST_MONK [~BUD]
ENVOY_TO_ [~GOV]
"""


def _write_source(d: Path) -> Path:
    src = d / "petrarch"
    src.mkdir()
    (src / "Phoenix.Countries.actors.txt").write_text(COUNTRIES, encoding="utf-8")
    (src / "Phoenix.International.actors.txt").write_text(INTERNATIONAL, encoding="utf-8")
    (src / "Phoenix.MilNonState.actors.txt").write_text(MILNONSTATE, encoding="utf-8")
    (src / "Phoenix.agents.txt").write_text(AGENTS, encoding="utf-8")
    return src


def _write_curated(d: Path) -> Path:
    cur = d / "curated"
    cur.mkdir()
    (cur / "countries.csv").write_text(
        "iso3,iso2,name,capital,population\n"
        "FRD,FD,Freedonia,Fredville,1000000\nRUS,RU,Russia,Moscow,140000000\n"
        "POL,PL,Poland,Warsaw,38000000\nDEU,DE,Germany,Berlin,83000000\n"
        "SWE,SE,Sweden,Stockholm,10000000\nUSA,US,United States,Washington,330000000\n",
        encoding="utf-8")
    (cur / "demonyms.csv").write_text("iso3,adjective,people\nFRD,Freedonian,Freedonians\n",
                                      encoding="utf-8")
    (cur / "people.yaml").write_text(
        "- {id: orlov-ivan, name: Ivan Orlov, surnames: [Orlov], gender: m, roles: "
        "[{country: RUS, sector: GOV, title: President, start: 2010-01-01, end: null}]}\n",
        encoding="utf-8")
    (cur / "igos.yaml").write_text("- {id: un, name: United Nations, code: IGOUNO, aliases: [UN]}\n",
                                   encoding="utf-8")
    (cur / "titles.yaml").write_text(
        "- {title: police, forms: [policemen], sector: COP, kind: group, is: [police]}\n",
        encoding="utf-8")
    return cur


def _convert(converter, tmp_path: Path, out: str = "out") -> Path:
    src = tmp_path / "petrarch" if (tmp_path / "petrarch").exists() else _write_source(tmp_path)
    cur = tmp_path / "curated" if (tmp_path / "curated").exists() else _write_curated(tmp_path)
    excluded = tmp_path / "excluded.yaml"
    if not excluded.exists():
        excluded.write_text("- {name: apple, reason: common English word, scope: name}\n"
                            "- {name: brown, reason: 'common English word, as a surname'}\n",
                            encoding="utf-8")
    dest = tmp_path / out
    assert converter.main([str(src), "--out", str(dest), "--curated", str(cur), "--excluded",
                           str(excluded), "--no-gazetteer", "-q"]) == 0
    return dest


def test_dates_and_codes(converter) -> None:
    assert converter.parse_date("030501") == "2003-05-01"
    assert converter.parse_date("540101") == "1954-01-01"
    assert converter.parse_date("20140526") == "2014-05-26"
    assert converter.parse_date("2004017") is None
    r = converter.parse_restriction("INDGOV >20140526")
    assert (r.code, r.start, r.end, r.dated) == ("INDGOV", "2014-05-26", None, True)
    r = converter.parse_restriction("INDGOV 030501-040131")
    assert (r.start, r.end) == ("2003-05-01", "2004-01-31")
    r = converter.parse_restriction("DEUGOV <19990101")
    assert (r.start, r.end) == (None, "1999-01-01")
    assert converter.parse_restriction("AFGELI").dated is False
    assert converter.display("BAN_KI-MOON_") == "Ban Ki-moon"
    assert converter.display("A._K._MOORTHY_") == "A. K. Moorthy"
    assert converter.display("OSAMA_BIN_LADEN") == "Osama bin Laden"


def test_converter_people(converter, tmp_path: Path) -> None:
    dest = _convert(converter, tmp_path)
    people = {p["name"]: p for p in tables.read_yaml(dest / "people.yaml")}
    assert "Ivan Orlov" not in people  # curated wins: not written again
    marta = people["Marta Kovalska"]
    assert marta["aliases"] == ["Marta Kovalska-nowak"]
    roles = [(r["country"], r["sector"], str(r["start"]) if r["start"] else None,
              str(r["end"]) if r["end"] else None) for r in marta["roles"]]
    # most recent first; the open-ended role ends at the cutoff (the year of the latest date);
    # the undated default last (the latest date in the excerpt is Orlov's 121231)
    assert roles == [("POL", "GOV", "2011-01-01", "2012-12-31"),
                     ("POL", "GOV", "2004-05-01", "2007-06-30"),
                     ("POL", "ELI", "1978-01-01", "2004-04-30"),
                     ("POL", "ELI", None, None)]
    assert people["Boris Graumann"]["roles"] == [
        {"country": "DEU", "sector": "GOV", "start": None, "end": dt.date(1999, 1, 1)}]
    # the IGO official from the International file is a person with an IGO role
    assert people["Helga Nordstrom"]["roles"][0]["country"] == "IGOUNO"
    # surnames: the last word, unless excluded (a common word) or a curated name
    assert marta["surnames"] == ["Kovalska"]
    assert "surnames" not in people["Tomas Brown"]
    assert people["Piotr Zablocki"]["surnames"] == ["Zablocki"]
    assert people["Anna Zablocki"]["surnames"] == ["Zablocki"]  # shared: the date decides


def test_converter_organisations_titles_countries(converter, tmp_path: Path) -> None:
    dest = _convert(converter, tmp_path)
    orgs = {o["name"]: o for o in tables.read_yaml(dest / "organisations.yaml")}
    assert orgs["Northern Liberation Tigers"]["code"] == "FRDREB"
    assert orgs["Northern Liberation Tigers"]["country"] == "FRD"
    assert orgs["Northern Liberation Tigers"]["sectors"] == ["REB"]
    assert set(orgs["Northern Liberation Tigers"]["aliases"]) == {"NLT", "Northern Tigers"}
    assert orgs["Organization for Made Up Cooperation"]["kind"] == "igo"
    assert "United Nations" not in orgs  # curated
    assert not any(o["name"].lower() == "apple" for o in orgs.values())  # excluded.yaml
    titles = {t["title"]: t for t in tables.read_yaml(dest / "titles.yaml")}
    assert titles["farmhand"] == {"title": "farmhand", "forms": ["farmhands"], "sector": "AGR",
                                  "kind": "group"}
    assert titles["town councilman"]["sector"] == "GOV"
    assert titles["town councilman"]["forms"] == ["town councilmen"]
    assert titles["house of elders"]["sector"] == "LEG"
    assert "police" not in titles  # curated title wins
    assert "buddhist monk" not in titles  # BUD is no sector of the project
    assert "envoy to" not in titles  # the place follows it in PETRARCH2, no title here
    aliases = tables.read_yaml(dest / "country_aliases.yaml")
    assert aliases == {"FRD": ["Freedonnia"]}  # Freedonian is curated; Grand Fenwick no form of it


def test_converter_is_reproducible(converter, tmp_path: Path) -> None:
    a = _convert(converter, tmp_path, "a")
    b = _convert(converter, tmp_path, "b")
    names = sorted(p.name for p in a.iterdir())
    assert names == ["country_aliases.yaml", "organisations.yaml", "people.yaml", "titles.yaml"]
    for n in names:
        assert (a / n).read_bytes() == (b / n).read_bytes(), n


def test_loader_rejects_unknown_keys(converter, tmp_path: Path) -> None:
    dest = _convert(converter, tmp_path)
    layer = tables.load_imported(dest)
    assert len(layer.people) >= 5 and layer.organisations and layer.titles
    (dest / "organisations.yaml").write_text(
        "- {id: pet-x, name: X Front, code: FRDREB, kind: group, colour: red}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown keys"):
        tables.load_imported(dest)


@pytest.fixture()
def small_kb(converter, tmp_path: Path) -> KnowledgeBase:
    dest = _convert(converter, tmp_path)
    curated = tables.read_yaml(tmp_path / "curated" / "people.yaml")
    return KnowledgeBase([person_from_dict(p) for p in curated], imported=tables.load_imported(dest))


def _codes(nlp, kb, text: str, date: str | None) -> list[tuple[str, str]]:
    ctx = ActorResolver(kb).new_context(date)
    return [(a.text, a.code) for a in ctx.resolve_sentence(nlp(text), 0, 0).mentions]


def test_dated_roles_and_default(nlp, small_kb) -> None:
    text = "Marta Kovalska visited Berlin on Monday."
    assert ("Marta Kovalska", "POLGOV") in _codes(nlp, small_kb, text, "2005-03-01")
    assert ("Marta Kovalska", "POLELI") in _codes(nlp, small_kb, text, "2009-03-01")  # the default
    assert ("Marta Kovalska", "POLGOV") in _codes(nlp, small_kb, text, "2011-06-01")
    # past the cutoff (2012-12-31) the open-ended role no longer holds
    assert ("Marta Kovalska", "POLELI") in _codes(nlp, small_kb, text, "2016-06-01")


def test_title_in_the_phrase_and_dated_elite_spans(nlp, small_kb) -> None:
    # a dated ELI span is a career the dictionary lists no office for: the title tells it
    text = "Polish Minister Marta Kovalska visited Berlin on Monday."
    assert ("Polish Minister Marta Kovalska", "POLGOV") in _codes(nlp, small_kb, text, "1990-03-01")
    # the undated default (after the offices listed) stays ELI whatever the phrase says
    assert ("Polish Minister Marta Kovalska", "POLELI") in _codes(nlp, small_kb, text, "2009-03-01")


def test_no_role_on_the_date_is_an_unknown_name(nlp, small_kb) -> None:
    # Piotr Zablocki's only role ended in 2003 and he has no default: in 2010 the dictionary
    # says nothing about him (PETRARCH's null code), so he is a name like any other
    assert not any(c.startswith("POL") for _, c in _codes(
        nlp, small_kb, "Piotr Zablocki spoke to reporters on Monday.", "2010-03-01"))
    assert ("Polish Minister Piotr Zablocki", "POLGOV") in _codes(
        nlp, small_kb, "Polish Minister Piotr Zablocki spoke to reporters on Monday.", "2010-03-01")


def test_surname_alone_needs_one_office_holder(nlp, small_kb) -> None:
    text = "Zablocki met the envoy in Warsaw."
    assert ("Zablocki", "POLGOV") in _codes(nlp, small_kb, text, "2003-02-01")  # Piotr alone
    assert ("Zablocki", "POLGOV") in _codes(nlp, small_kb, text, "2009-02-01")  # Anna alone
    assert not any(t == "Zablocki" for t, _ in _codes(nlp, small_kb, text, "2006-02-01"))  # none
    assert not any(t == "Zablocki" for t, _ in _codes(nlp, small_kb, text, None))  # two people
    # the curated person keeps his name and surname
    assert ("Orlov", "RUSGOV") in _codes(nlp, small_kb, "Orlov met the envoy in Warsaw.", "2011-01-01")


def test_a_shared_surname_needs_a_title_or_country_in_the_article(nlp, small_kb) -> None:
    # Piotr and Anna Zablocki share the surname; in 2003 only Piotr holds office, but the
    # article must say it is the Polish one: a title or Poland named
    assert not any(code.startswith("POL") for _, code in _codes(
        nlp, small_kb, "Zablocki met the envoy in Berlin.", "2003-02-01"))
    assert ("Zablocki", "POLGOV") in _codes(nlp, small_kb, "Zablocki met the envoy in Warsaw.", "2003-02-01")
    assert any(code == "POLGOV" for _, code in _codes(
        nlp, small_kb, "Minister Zablocki met the envoy in Berlin.", "2003-02-01"))
    ctx = ActorResolver(small_kb).new_context("2003-02-01")
    ctx.resolve_sentence(nlp("Poland raised taxes on Monday."), 0, 0)
    later = ctx.resolve_sentence(nlp("Zablocki met the envoy in Berlin."), 1, 31)
    assert ("Zablocki", "POLGOV") in [(a.text, a.code) for a in later.mentions]


def test_surname_after_an_unknown_first_name_is_someone_else(nlp, small_kb) -> None:
    # "Ewa" is no one the KB knows: "Ewa Zablocki" is not Piotr Zablocki
    codes = _codes(nlp, small_kb, "Ewa Zablocki spoke to reporters on Monday.", "2003-02-01")
    assert not any(code == "POLGOV" for _, code in codes)
    codes = _codes(nlp, small_kb, "Polish Minister Zablocki spoke to reporters.", "2003-02-01")
    assert any(code == "POLGOV" for _, code in codes)


def test_imported_sector_noun_needs_its_owner_in_the_phrase(nlp, small_kb) -> None:
    # an imported title does not take the article's country: "farmhands" alone is no actor
    ctx = ActorResolver(small_kb).new_context("2006-01-01")
    first = ctx.resolve_sentence(nlp("Poland raised taxes on Monday."), 0, 0)
    later = ctx.resolve_sentence(nlp("Farmhands blocked the road."), 1, 40)
    assert [a.code for a in first.mentions] == ["POL"]
    assert later.mentions == []


def test_imported_group_alias_and_title(nlp, small_kb) -> None:
    codes = _codes(nlp, small_kb, "The Northern Tigers attacked a Freedonian army post.", "2006-01-01")
    assert ("The Northern Tigers", "FRDREB") in codes
    codes = _codes(nlp, small_kb, "Polish farmhands blocked the road.", "2006-01-01")
    assert ("Polish farmhands", "POLAGR") in codes


# -- the packaged layer ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def packaged() -> KnowledgeBase:
    return KnowledgeBase.load(Path("/nonexistent/actors.yaml"))


def test_packaged_layer_loads(packaged) -> None:
    layer = packaged.imported
    assert len(layer.people) > 10_000 and len(layer.organisations) > 1_000 and len(layer.titles) > 500


def test_packaged_people_by_date(nlp, packaged) -> None:
    text = "Prime Minister Silvio Berlusconi said on Tuesday that the talks would go on."
    assert ("Prime Minister Silvio Berlusconi", "ITAGOV") in _codes(nlp, packaged, text, "2004-03-10")
    later = dict(_codes(nlp, packaged, text, "2016-03-10"))
    assert later.get("Prime Minister Silvio Berlusconi") != "ITAGOV"
    # "Blair" is several known people: the one in office then, when the article names his
    # country (or his title); alone, nobody
    assert ("Blair", "GBRGOV") in _codes(nlp, packaged, "Blair told British reporters he was confident.",
                                        "2005-02-01")
    assert ("Blair", "GBRGOV") not in _codes(nlp, packaged, "Blair told reporters he was confident.",
                                            "2005-02-01")
    assert ("Alexander Downer", "AUSGOV") in _codes(
        nlp, packaged, "Alexander Downer flew to Jakarta for talks.", "2004-08-01")


def test_packaged_groups(nlp, packaged) -> None:
    codes = _codes(nlp, packaged, "The Tamil Tigers shelled a navy base near Trincomalee.", "2006-08-01")
    assert ("The Tamil Tigers", "LKAREB") in codes
    codes = _codes(nlp, packaged, "The LTTE rejected the offer.", "2006-08-01")
    assert ("The LTTE", "LKAREB") in codes


def test_packaged_curated_wins(nlp, packaged) -> None:
    # curated people, countries and organisations keep their meaning
    assert packaged.names.get("Putin").person.id == "putin-vladimir"
    assert packaged.names.get("Hamas").org.id == "hamas"
    assert packaged.names.get("Chad").kind == "country"
