"""Checks the packaged actor tables (countries, demonyms, aliases, metonyms, IGOs, armed groups,
titles) and the knowledge base built from them."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from communique.actors import KnowledgeBase
from communique.actors import tables as t
from communique.model.codes import actor_sectors

G20 = "ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN MEX RUS SAU ZAF KOR TUR GBR USA".split()
P5 = "CHN FRA RUS GBR USA".split()


@pytest.fixture(scope="module")
def iso3() -> set[str]:
    return set(t.load_countries())


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase(people=[])


def test_countries_cover_iso3_with_names_and_capitals(iso3: set[str]) -> None:
    countries = t.load_countries()
    assert len(countries) >= 240
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in countries)
    names = Counter(c.name for c in countries.values())
    assert not [n for n, k in names.items() if k > 1]
    assert set(G20) <= iso3
    assert countries["IND"].capital == "New Delhi" and countries["RUS"].capital == "Moscow"


def test_demonyms_are_valid_and_unambiguous(iso3: set[str]) -> None:
    demonyms = t.load_demonyms()
    assert set(demonyms) <= iso3
    seen: dict[str, str] = {}
    for country, (adjs, people) in demonyms.items():
        assert adjs, country
        for form in adjs + people:
            assert form == form.strip() and form
            assert seen.setdefault(form, country) == country, f"{form} is {seen[form]} and {country}"
    for country in G20 + ["ISR", "PAK", "IRN", "UKR", "KEN"]:
        assert country in demonyms, country
    assert "Russians" in demonyms["RUS"][1] and "Israelis" in demonyms["ISR"][1]
    assert "American" in demonyms["USA"][0] and "British" in demonyms["GBR"][0]


def test_country_aliases_point_to_one_country(iso3: set[str]) -> None:
    aliases = t.load_country_aliases()
    assert set(aliases) <= iso3
    owner: dict[str, str] = {}
    for country, forms in aliases.items():
        for form in forms:
            assert owner.setdefault(form, country) == country, form
    for form, country in [("US", "USA"), ("U.S.", "USA"), ("America", "USA"), ("UK", "GBR"),
                          ("Britain", "GBR"), ("DRC", "COD")]:
        assert owner[form] == country


def test_metonyms_are_governments_or_seats(iso3: set[str]) -> None:
    for text, m in t.load_metonyms().items():
        if "code" in m:
            assert t.check_code(m["code"], iso3) is None, text
        else:
            assert m["country"] in iso3, text
            assert set(m["sectors"]) <= actor_sectors(), text
    met = t.load_metonyms()
    for text, country in [("the Kremlin", "RUS"), ("the White House", "USA"), ("Downing Street", "GBR"),
                          ("the Elysee", "FRA"), ("Kyiv", "UKR"), ("Washington", "USA")]:
        assert met[text]["country"] == country


def _orgs():
    return t.load_igos() + t.load_ngos() + t.load_armed_groups()


def test_organisation_codes_and_ids(iso3: set[str]) -> None:
    orgs = _orgs()
    ids = Counter(o.id for o in orgs)
    assert not [i for i, k in ids.items() if k > 1]
    for o in orgs:
        assert t.ID_RE.match(o.id), o.id
        # a group of several countries with no seat (MS-13) is its sector alone, and takes
        # the country of the place it acts in, as a title's sector-only code does
        countryless = o.country is None and o.code in actor_sectors()
        assert countryless or t.check_code(o.code, iso3) is None, (o.id, o.code)
        for p in o.periods:
            assert t.check_code(p.code, iso3) is None, (o.id, p.code)
        if o.kind == "igo" and o.code.startswith("IGO"):
            assert t.IGO_CODE_RE.match(o.code), o.code
        elif o.country is not None:
            assert o.code.startswith(o.country), o.id
            assert set(o.sectors) <= actor_sectors()


def test_aliases_do_not_clash_between_organisations() -> None:
    owner: dict[str, str] = {}
    for o in _orgs():
        for form in [o.name, *o.aliases]:
            assert owner.setdefault(form, o.id) == o.id, f"{form}: {owner[form]} and {o.id}"


@pytest.mark.parametrize(
    ("name", "code"),
    [("UN", "IGOUNO"), ("UN Security Council", "IGOUNO"), ("EU", "IGOEUREEC"), ("NATO", "IGOWSTNAT"),
     ("African Union", "IGOAFRAFU"), ("ASEAN", "IGOSEAASN"), ("OPEC", "IGOBUSOPC"),
     ("WHO", "IGOUNOHLHWHO"), ("IMF", "IGOBUSIMF"), ("World Bank", "IGOUNODEVWBK"), ("ICC", "IGOJUDICC"),
     ("IAEA", "IGOUNOIAE"), ("Arab League", "IGOMEAARL"), ("ECOWAS", "IGOWAFWAS"), ("G7", "IGOBUSGOS"),
     ("Hamas", "PSEREBHMS"), ("Hezbollah", "LBNREBHEZ"), ("PKK", "TURREBPKK"), ("al-Qaeda", "IMGMOSALQ"),
     ("Houthis", "YEMREBHTH"), ("Boko Haram", "NGAREBBKH"), ("RSF", "SDNREB"), ("M23", "CODREB"),
     ("FARC", "COLREB"), ("ELN", "COLREB"), ("al-Shabaab", "SOMREBSHB"), ("Wagner", "RUSUAF"),
     ("SCO", "IGOASASCO"), ("BRICS", "IGOBUSBRC"), ("G20", "IGOBUSGTW"), ("Amnesty International", "NGOHRIAMN"),
     ("Human Rights Watch", "NGOHRIHRW"), ("Red Cross", "NGOHLHIRC"), ("Doctors Without Borders", "NGOHLHMSF"),
     # organised crime of the Americas (country + CRM); the maras have no country of their own
     ("Zetas", "MEXCRM"), ("Gulf Cartel", "MEXCRM"), ("Knights Templar", "MEXCRM"), ("Rastrojos", "COLCRM"),
     ("Gulf Clan", "COLCRM"), ("PCC", "BRACRM"), ("Red Command", "BRACRM"), ("MS-13", "CRM"),
     ("Barrio 18", "CRM"), ("EPL", "COLREB"), ("ETA", "ESPREB"), ("IRA", "GBRREB"),
     # peace operations are their organisation's
     ("AMISOM", "IGOAFRAFU"), ("ISAF", "IGOWSTNAT"), ("MINUSTAH", "IGOUNOPKO"), ("ECOMOG", "IGOWAFWAS")],
)
def test_known_organisations(kb: KnowledgeBase, name: str, code: str) -> None:
    entry = kb.names.get(name)
    assert entry is not None and entry.code == code


def test_titles_schema() -> None:
    titles = t.load_titles()
    owner: dict[str, str] = {}
    for title in titles:
        assert title.sector in actor_sectors(), title.title
        assert title.kind in ("person", "group"), title.title
        assert title.classes, title.title
        for form in [title.title, *title.forms]:
            assert owner.setdefault(form.lower(), title.title) == title.title, form
    by_form = {f.lower(): x for x in titles for f in [x.title, *x.forms]}
    for form, sector in [("president", "GOV"), ("external affairs minister", "GOV"), ("army", "MIL"),
                         ("troops", "MIL"), ("police", "COP"), ("court", "JUD"), ("rebels", "REB"),
                         ("protesters", "CVL"), ("opposition", "OPP"), ("journalists", "MED"),
                         ("company", "BUS"), ("villagers", "CVL"), ("defense minister", "GOV")]:
        assert by_form[form].sector == sector, form


def test_people_titles_map_to_classes(kb: KnowledgeBase) -> None:
    assert "leader" in kb.title_classes("President")
    assert "diplomat" in kb.title_classes("External Affairs Minister")
    assert "minister" not in kb.title_classes("Prime Minister")
    # titles outside the vocabulary still get sensible classes
    assert "diplomat" in kb.title_classes("Minister of Foreign Affairs and Trade")


def test_kb_index_kinds(kb: KnowledgeBase) -> None:
    assert kb.names.get("the Kremlin").country == "RUS"
    assert kb.names.get("New Delhi").kind == "capital"
    assert kb.names.get("Russian").kind == "demonym"
    assert kb.names.get("Israelis").kind == "people"
    assert kb.names.get("South Korea").country == "KOR"
    assert kb.names.get("Georgia").kind == "country"


def test_packaged_people_load(tmp_path) -> None:
    people = t.load_people()
    assert people, "people.yaml ships with the package"
    kb = KnowledgeBase.load(user_path=tmp_path / "none.yaml")
    assert len(kb.people) >= len({p.id for p in people})
    for p in people:
        for r in p.roles:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r.start)


def test_regions_are_cameo_codes_outside_the_countries(iso3: set[str]) -> None:
    regions = t.load_regions()
    owner: dict[str, str] = {}
    for code, region in regions.items():
        assert re.fullmatch(r"[A-Z]{3}", code) and code not in iso3, code
        for n in region["names"]:
            assert owner.setdefault(n, code) == code, n
    assert {"EUR", "AFR", "ASA", "MEA", "WST"} <= set(regions)


def test_leaders_table_names_countries_and_leader_titles(iso3: set[str], kb: KnowledgeBase) -> None:
    for country, title in t.load_leaders().items():
        assert country in iso3, country
        assert "leader" in kb.title_classes(title), (country, title)


@pytest.mark.parametrize(
    ("country", "name"),
    [
        ("RUS", "Vladimir Putin"),  # president over prime minister (leaders.yaml)
        ("IND", "Narendra Modi"),  # not listed: head of government over the president
        ("CHN", "Xi Jinping"),
        ("IRN", "Ali Khamenei"),
        ("DEU", "Olaf Scholz"),
    ],
)
def test_the_leader_of_a_country_on_a_date(country: str, name: str) -> None:
    person = KnowledgeBase.load().office_holder(country, "leader", "2024-06-01")
    assert person is not None and person.name == name
