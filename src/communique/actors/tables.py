"""Loaders for the packaged actor tables in ``actors/data``.

Each loader reads one file and returns plain records; ``KnowledgeBase`` builds the name index
from them. The checks in ``check_*`` are what the data tests assert, kept here so a user's
dictionary gets the same validation at load time.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

# libyaml's parser is ~10x faster; the people file alone takes seconds in pure Python.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DATA_DIR = Path(__file__).resolve().parent / "data"

# CAMEO sector codes (primary and secondary roles) accepted in our tables.
SECTORS = frozenset(
    "GOV MIL REB OPP UAF SPY COP JUD LEG INS SEP ELI BUS MED CVL REF EDU LAB HLH AGR HRI CRM "
    "SET REL PKO DEV ENV MOD RAD IGO NGO".split()
)
# Sectors of people who act where they are, whatever country the article is about: "US forces
# and Shiite militiamen battled in Baghdad" (the militiamen are Iraqi), "gunmen in Karachi".
LOCAL_SECTORS = frozenset({"REB", "UAF", "CRM", "SEP", "CVL", "REF"})
IGO_CODE_RE = re.compile(r"^IGO[A-Z]{3}([A-Z]{3}){0,2}$")
ORG_CODE_RE = re.compile(r"^(IGO|IMG|NGO|MNC|[A-Z]{3})([A-Z]{3}){0,3}$")
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(slots=True)
class Country:
    iso3: str
    iso2: str
    name: str
    capital: str
    population: int


@dataclass(slots=True)
class Title:
    title: str
    forms: list[str]
    sector: str
    kind: str  # person | group
    classes: list[str]
    cased: frozenset[str] = frozenset()  # forms that only count when capitalised
    guess: bool = True  # alone, may take its country from the article


@dataclass(slots=True)
class Period:
    start: str
    end: str | None
    code: str
    sectors: list[str]


@dataclass(slots=True)
class Organisation:
    """An IGO or a named group (armed group, agency, party) with a fixed code."""

    id: str
    name: str
    code: str
    country: str | None
    sectors: list[str]
    aliases: list[str] = field(default_factory=list)
    kind: str = "group"  # igo | group
    periods: list[Period] = field(default_factory=list)

    def at(self, date: str | None) -> tuple[str, list[str]]:
        """Code and sectors on a date: a group that took power is coded as the government."""
        code, sectors = self.code, self.sectors
        if date:
            for p in sorted(self.periods, key=lambda p: p.start):
                if p.start <= date and (p.end is None or date < p.end):
                    code, sectors = p.code, p.sectors
        return code, list(sectors)


@dataclass(slots=True)
class Role:
    country: str
    sector: str
    title: str
    start: str
    end: str | None


@dataclass(slots=True)
class Person:
    id: str
    name: str
    gender: str | None
    roles: list[Role]
    aliases: list[str] = field(default_factory=list)
    surnames: list[str] = field(default_factory=list)

    def role_at(self, date: str | None) -> Role | None:
        """The role held on ``date``; else the latest role begun before it; with no date, the
        most recent role."""
        if not self.roles:
            return None
        ordered = sorted(self.roles, key=lambda r: r.start, reverse=True)
        if not date:
            return ordered[0]
        for r in ordered:
            if r.start <= date and (r.end is None or date <= r.end):
                return r
        for r in ordered:
            if r.start <= date:
                return r
        return None

    @property
    def country(self) -> str | None:
        return self.roles[0].country if self.roles else None


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return dt.date.fromisoformat(str(value)).isoformat()


def read_yaml(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (safe loader)


def _yaml(name: str) -> Any:
    return read_yaml(DATA_DIR / name)


@lru_cache(maxsize=1)
def load_countries() -> dict[str, Country]:
    out: dict[str, Country] = {}
    with (DATA_DIR / "countries.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out[row["iso3"]] = Country(
                row["iso3"], row["iso2"], row["name"], row["capital"], int(row["population"] or 0)
            )
    return out


@lru_cache(maxsize=1)
def load_demonyms() -> dict[str, tuple[list[str], list[str]]]:
    """iso3 -> (adjectives, plural nouns). Adjectives double as singular nouns ("a Russian")."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    with (DATA_DIR / "demonyms.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            adj = [a.strip() for a in row["adjective"].split("|") if a.strip()]
            people = [p.strip() for p in (row["people"] or "").split("|") if p.strip()]
            out[row["iso3"]] = (adj, people)
    return out


@lru_cache(maxsize=1)
def load_country_aliases() -> dict[str, list[str]]:
    return {k: list(v) for k, v in _yaml("country_aliases.yaml").items()}


@lru_cache(maxsize=1)
def load_metonyms() -> dict[str, dict[str, Any]]:
    return dict(_yaml("metonyms.yaml"))


@lru_cache(maxsize=1)
def load_regions() -> dict[str, dict[str, Any]]:
    """CAMEO region code -> {name, names}."""
    return {k: {"name": v["name"], "names": list(v["names"])} for k, v in _yaml("regions.yaml").items()}


@lru_cache(maxsize=1)
def load_leaders() -> dict[str, str]:
    """ISO3 -> the title of the office "the <country> leader" means (data/leaders.yaml)."""
    return {str(k): str(v) for k, v in (_yaml("leaders.yaml") or {}).items()}


@lru_cache(maxsize=1)
def load_titles() -> list[Title]:
    out = []
    for e in _yaml("titles.yaml"):
        out.append(
            Title(
                title=e["title"],
                forms=list(e.get("forms") or []),
                sector=e["sector"],
                kind=e["kind"],
                classes=list(e.get("is") or []),
                cased=frozenset(e.get("cased") or []),
                guess=bool(e.get("guess", True)),
            )
        )
    return out


def organisation_from_dict(e: dict[str, Any], kind: str) -> Organisation:
    code = e["code"]
    country = e.get("country")
    if kind == "igo":
        country = None
    sectors = list(e.get("sectors") or [])
    periods = [
        Period(_iso(p["start"]) or "", _iso(p.get("end")), p["code"], list(p.get("sectors") or []))
        for p in e.get("periods") or []
    ]
    return Organisation(
        id=str(e["id"]),
        name=e["name"],
        code=code,
        country=country,
        sectors=sectors,
        aliases=[a for a in (e.get("aliases") or []) if a],
        kind=kind,
        periods=periods,
    )


@lru_cache(maxsize=1)
def load_igos() -> list[Organisation]:
    return [organisation_from_dict(e, "igo") for e in _yaml("igos.yaml")]


@lru_cache(maxsize=1)
def load_ngos() -> list[Organisation]:
    return [organisation_from_dict(e, "igo") for e in _yaml("ngos.yaml")]


@lru_cache(maxsize=1)
def load_armed_groups() -> list[Organisation]:
    return [organisation_from_dict(e, "group") for e in _yaml("armed_groups.yaml")]


def person_from_dict(e: dict[str, Any]) -> Person:
    roles = [
        Role(
            country=r["country"],
            sector=r["sector"],
            title=r.get("title") or "",
            start=_iso(r.get("start")) or "0001-01-01",
            end=_iso(r.get("end")),
        )
        for r in e.get("roles") or []
    ]
    gender = e.get("gender")
    return Person(
        id=str(e["id"]),
        name=e["name"],
        gender=gender if gender in ("m", "f") else None,
        roles=roles,
        aliases=[a for a in (e.get("aliases") or []) if a],
        surnames=[s for s in (e.get("surnames") or []) if s],
    )


def load_people(path: Path | None = None) -> list[Person]:
    """The packaged people; an absent file (the KB is written separately) gives none."""
    path = path or DATA_DIR / "people.yaml"
    if not path.exists():
        return []
    data = read_yaml(path) or []
    return [person_from_dict(e) for e in data]


def check_code(code: str, countries: set[str]) -> str | None:
    """Why an actor code is invalid, or None."""
    if code.startswith(("IGO", "IMG", "NGO", "MNC")):
        return None if ORG_CODE_RE.match(code) else f"bad organisation code {code!r}"
    if len(code) < 3 or len(code) % 3:
        return f"bad code length {code!r}"
    if code[:3] not in countries:
        return f"unknown country in {code!r}"
    bad = [code[i : i + 3] for i in range(3, len(code), 3)]
    # the third triple may be a group tag (PSEREBHMS), so only the first sector is checked
    if bad and bad[0] not in SECTORS:
        return f"unknown sector {bad[0]!r} in {code!r}"
    return None
