"""Loaders for the packaged actor tables in ``actors/data``.

Each loader reads one file and returns plain records; ``KnowledgeBase`` builds the name index
from them. The checks in ``check_*`` are what the data tests assert, kept here so a user's
dictionary gets the same validation at load time.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any


from communique import disk_cache, yamlio
from communique.actors.names import _constraint, norm, split_name
from communique.model import iso_date
from communique.model.codes import ActorCode, actor_sectors, local_sectors

# libyaml's parser is ~10x faster; the people file alone takes seconds in pure Python.

DATA_DIR = Path(__file__).resolve().parent / "data"

# Sectors of people who act where they are (model/data/cameo_sectors.csv, column local).
LOCAL_SECTORS = local_sectors()
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


# The class of a title that names no sector by itself, only the organisation named before it
# ("The group also kidnapped 20 girls"; data/titles.yaml "group").
ANAPHOR = "group-anaphor"


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
    # Imported (PETRARCH) people: a role counts only on its dates, as in PETRARCH; the undated
    # default role (start 0001-01-01, no end) holds when no dated role does.
    strict: bool = False

    def in_office(self, date: str) -> bool:
        """Whether an office holds on ``date``: a role with a start date, not an undated
        default, and not ELI (PETRARCH's "elite" spans: before and after office, as Tony Blair's
        GBRELI 1971-1997)."""
        return any(r.start != _NO_START and r.sector != "ELI" and r.start <= date
                   and (r.end is None or date <= r.end) for r in self.roles)

    def role_at(self, date: str | None) -> Role | None:
        """The role held on ``date``; else (curated people only) the latest role begun before
        it; with no date, the most recent role."""
        if not self.roles:
            return None
        ordered = sorted(self.roles, key=lambda r: r.start, reverse=True)
        if not date:
            return ordered[0]
        for r in ordered:
            if r.start <= date and (r.end is None or date <= r.end):
                return r
        if self.strict:
            return None
        for r in ordered:
            if r.start <= date:
                return r
        return None

    @property
    def country(self) -> str | None:
        return self.roles[0].country if self.roles else None


_NO_START = "0001-01-01"


def _iso(value: Any) -> str | None:
    return iso_date(value)


def read_yaml(path: Path) -> Any:
    return yamlio.load(path.read_text(encoding="utf-8"))


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
            start=_iso(r.get("start")) or _NO_START,
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
    parsed = ActorCode.parse(code)
    if parsed.is_org:
        return None if ORG_CODE_RE.match(code) else f"bad organisation code {code!r}"
    if len(code) < 3 or len(code) % 3:
        return f"bad code length {code!r}"
    if parsed.root not in countries:
        return f"unknown country in {code!r}"
    # the third triple may be a group tag (PSEREBHMS), so only the first sector is checked
    if parsed.rest and parsed.rest[0] not in actor_sectors():
        return f"unknown sector {parsed.rest[0]!r} in {code!r}"
    return None


# -- the imported PETRARCH layer (data/petrarch, written by tools/import_petrarch.py) ------------

PETRARCH_DIR = DATA_DIR / "petrarch"
_PETRARCH_FILES = ("people.yaml", "organisations.yaml", "titles.yaml", "country_aliases.yaml")
_PERSON_KEYS = frozenset({"id", "name", "aliases", "surnames", "roles"})
_ROLE_KEYS = frozenset({"country", "sector", "start", "end"})
_ORG_KEYS = frozenset({"id", "name", "code", "country", "sectors", "aliases", "kind"})
_TITLE_KEYS = frozenset({"title", "forms", "sector", "kind"})


class ImportedLayer:
    """Actors imported from the PETRARCH2 dictionaries; the knowledge base puts them under the
    curated tables (a name the curated data has keeps its curated meaning).

    Built from plain rows (what the disk cache stores); people, organisations and titles are
    made on first use, since a process codes text that names few of the 18,000 people.
    Imported titles never take a country from the article alone (``Title.guess`` false): a
    sector noun of the layer is an actor only where the phrase says whose it is ("Polish
    farmhands"), since bare words ("the community", "a settlement") were wrong more often.
    ``names`` and ``title_forms`` are the index rows: (name, tokens as ``split_name`` gives
    them, the tokens normalised, what it stands for, the tokens' case rules) with what = ("country", iso3) |
    ("org", i) | ("person", i) | ("people", (i, ...), surname, tokens) (several people, a one-word name or a surname:
    resolved by date) and, for titles, the title's number.
    """

    def __init__(self, rows: tuple | None = None) -> None:
        rows = rows or ((), (), (), (), (), ())
        (self._people_rows, self._org_rows, self._title_rows, alias_rows, self.names,
         self.title_forms) = rows
        self.country_aliases: dict[str, list[str]] = {k: list(v) for k, v in alias_rows}
        self._people: dict[int, Person] = {}
        self._orgs: dict[int, Organisation] = {}
        self._titles: dict[int, Title] = {}

    def __len__(self) -> int:
        return len(self._people_rows) + len(self._org_rows) + len(self._title_rows)

    def person(self, i: int) -> Person:
        p = self._people.get(i)
        if p is None:
            pid, name, aliases, surnames, roles = self._people_rows[i]
            p = self._people[i] = Person(
                id=pid, name=name, gender=None,
                roles=[Role(c, sec, "", start, end) for c, sec, start, end in roles],
                aliases=list(aliases), surnames=list(surnames), strict=True)
        return p

    def organisation(self, i: int) -> Organisation:
        o = self._orgs.get(i)
        if o is None:
            oid, name, code, country, sectors, aliases, kind = self._org_rows[i]
            o = self._orgs[i] = Organisation(
                id=oid, name=name, code=code, country=None if kind == "igo" else country,
                sectors=list(sectors), aliases=list(aliases), kind=kind)
        return o

    def title(self, i: int) -> Title:
        t = self._titles.get(i)
        if t is None:
            title, forms, sector, kind = self._title_rows[i]
            t = self._titles[i] = Title(title=title, forms=list(forms), sector=sector, kind=kind,
                                        classes=[], guess=False)
        return t

    @property
    def people(self) -> list[Person]:
        return [self.person(i) for i in range(len(self._people_rows))]

    @property
    def organisations(self) -> list[Organisation]:
        return [self.organisation(i) for i in range(len(self._org_rows))]

    @property
    def titles(self) -> list[Title]:
        return [self.title(i) for i in range(len(self._title_rows))]


def _split(name: str, cased: bool = True) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """A name's tokens, normalised tokens and case rules (as ``NameIndex.add`` makes them)."""
    surface = split_name(name)
    return surface, tuple(norm(t) for t in surface), tuple(_constraint(t, cased) for t in surface)


def _index_rows(people: tuple, orgs: tuple, titles: tuple, aliases: tuple) -> tuple[tuple, tuple]:
    """The names of the layer in index order: country variants, organisations, people."""
    names: list[tuple] = []
    for iso3, forms in aliases:
        for a in forms:
            names.append((a, *_split(a)[:2], ("country", iso3), _split(a)[2]))
    for i, o in enumerate(orgs):
        for n in (o[1], *o[5]):
            surface, tokens, rules = _split(n)
            names.append((n, surface, tokens, ("org", i), rules))
    by_tokens: dict[tuple[str, ...], list] = {}
    for i, (_, name, aliases_, surnames, _) in enumerate(people):
        for n, surname in [*((n, False) for n in (name, *aliases_)), *((s, True) for s in surnames)]:
            surface, tokens, rules = _split(n)
            if not tokens:
                continue
            slot = by_tokens.setdefault(tokens, [n, surface, [], False, rules])
            if i not in slot[2]:
                slot[2].append(i)
            slot[3] = slot[3] or surname or len(tokens) == 1
    for tokens, (n, surface, idx, surname, rules) in by_tokens.items():
        if len(idx) == 1 and not surname:
            names.append((n, surface, tokens, ("person", idx[0]), rules))
        else:
            names.append((n, surface, tokens, ("people", tuple(idx), surname, tokens), rules))
    forms: list[tuple] = []
    for i, t in enumerate(titles):
        for f in (t[0], *t[1]):
            surface, tokens, rules = _split(f, cased=False)
            forms.append((f, surface, tokens, i, rules))
    return tuple(names), tuple(forms)


def _check_keys(entry: Any, allowed: frozenset[str], required: set[str], where: str) -> None:
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: expected a mapping, got {entry!r}")
    unknown = set(entry) - allowed
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)} in {entry.get('id') or entry!r}")
    missing = required - set(entry)
    if missing:
        raise ValueError(f"{where}: missing keys {sorted(missing)} in {entry!r}")


def _layer_rows(path: Path) -> tuple:
    """Read and check the layer's YAML files into plain tuples (what the cache stores)."""
    def y(name: str) -> Any:
        p = path / name
        return (read_yaml(p) or None) if p.exists() else None

    people = []
    for e in y("people.yaml") or []:
        _check_keys(e, _PERSON_KEYS, {"id", "name", "roles"}, "petrarch/people.yaml")
        roles = []
        for r in e["roles"]:
            _check_keys(r, _ROLE_KEYS, {"country", "sector"}, "petrarch/people.yaml role")
            roles.append((str(r["country"]), str(r["sector"]), _iso(r.get("start")) or _NO_START,
                          _iso(r.get("end"))))
        people.append((str(e["id"]), str(e["name"]), tuple(e.get("aliases") or ()),
                       tuple(e.get("surnames") or ()), tuple(roles)))
    orgs = []
    for e in y("organisations.yaml") or []:
        _check_keys(e, _ORG_KEYS, {"id", "name", "code", "kind"}, "petrarch/organisations.yaml")
        if e["kind"] not in ("igo", "group"):
            raise ValueError(f"petrarch/organisations.yaml: bad kind in {e!r}")
        orgs.append((str(e["id"]), str(e["name"]), str(e["code"]), e.get("country"),
                     tuple(e.get("sectors") or ()), tuple(e.get("aliases") or ()), e["kind"]))
    titles = []
    for e in y("titles.yaml") or []:
        _check_keys(e, _TITLE_KEYS, {"title", "sector", "kind"}, "petrarch/titles.yaml")
        titles.append((str(e["title"]), tuple(e.get("forms") or ()), str(e["sector"]), str(e["kind"])))
    aliases = y("country_aliases.yaml") or {}
    if not isinstance(aliases, dict):
        raise ValueError("petrarch/country_aliases.yaml: expected a mapping")
    country_aliases = tuple((str(k), tuple(str(a) for a in v)) for k, v in aliases.items())
    people_t, orgs_t, titles_t = tuple(people), tuple(orgs), tuple(titles)
    names, forms = _index_rows(people_t, orgs_t, titles_t, country_aliases)
    # equal names, token tuples and case rules as one object each: a third less to read back
    return disk_cache.shared((people_t, orgs_t, titles_t, country_aliases, names, forms), {})


def curated_fingerprint() -> str:
    """Content hash of the curated tables and of the code that splits their names."""
    import spacy

    parts = [spacy.__version__.encode(), Path(__file__).with_name("names.py").read_bytes()]
    for f in sorted(DATA_DIR.iterdir()):
        if f.is_file() and f.suffix in (".yaml", ".csv"):
            parts += [f.name.encode(), f.read_bytes()]
    return disk_cache.fingerprint(parts)


def layer_fingerprint(path: Path) -> str:
    """Content hash of the layer's files and of the code that reads them."""
    import spacy

    files = [path / n for n in _PETRARCH_FILES] + [Path(__file__), Path(__file__).with_name("names.py")]
    parts = [spacy.__version__.encode()]
    for f in files:
        parts.append(f.name.encode())
        parts.append(f.read_bytes() if f.is_file() else b"<missing>")
    return disk_cache.fingerprint(parts)


def load_imported(path: Path | None = None) -> ImportedLayer:
    """The imported PETRARCH layer; rows come from the disk cache when the files are unchanged
    (parsing the YAML takes seconds, the cache a fraction of that)."""
    path = Path(path) if path is not None else PETRARCH_DIR
    if path == PETRARCH_DIR:
        return _packaged_layer()
    return ImportedLayer(_layer_rows(path))


def _petrarch_off() -> bool:
    return not PETRARCH_DIR.is_dir() or os.environ.get("COMMUNIQUE_PETRARCH", "").lower() in ("off", "0", "no")


def imported_fingerprint() -> str:
    """What the packaged imported layer is built from ("off" when it is turned off)."""
    return "off" if _petrarch_off() else layer_fingerprint(PETRARCH_DIR)


@lru_cache(maxsize=1)
def _packaged_layer() -> ImportedLayer:
    if _petrarch_off():
        return ImportedLayer()  # $COMMUNIQUE_PETRARCH=off: the curated tables alone
    fp = layer_fingerprint(PETRARCH_DIR)
    rows = disk_cache.read("petrarch", fp)
    if rows is None:
        rows = _layer_rows(PETRARCH_DIR)
        disk_cache.write("petrarch", fp, rows)
    return ImportedLayer(rows)

