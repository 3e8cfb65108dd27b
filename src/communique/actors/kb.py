"""The knowledge base: every name the resolver knows, with what it stands for.

Built from the packaged tables (countries, demonyms, aliases, capitals and metonyms, IGOs,
armed groups, titles, people) and the user's dictionary, which wins over packaged entries.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communique import disk_cache
from communique.actors import tables
from communique.actors.names import NameIndex, norm, remember_splits, split_name
from communique.actors.tables import Organisation, Person, Title
from communique.model import ActorCode

# Capitals whose names are also common words or other places; they stay places only.
_AMBIGUOUS_CAPITALS = frozenset(
    "Male Victoria Kingston Hamilton Douglas Plymouth Stanley Jamestown Georgetown Valley "
    "Praia Lima Sucre Roseau Castries Palikir Avarua Alofi Adamstown Yaren Funafuti Majuro "
    "Melekeok Tarawa Santiago Luxembourg Monaco Singapore Djibouti Gibraltar Macao Macau "
    "Kuwait City Panama City Guatemala City Mexico City Hong Kong San Marino Vaduz San Jose "
    "Saint-Denis Marigot Basseterre Saint Helier Nuuk Torshavn Mariehamn Longyearbyen".split()
)
_MIN_CAPITAL_POPULATION = 150_000  # territories' capitals are not governments
_CACHE_KIND = "kb"


@dataclass(slots=True)
class Entry:
    """What a matched name stands for."""

    kind: str  # person | country | demonym | people | capital | metonym | igo | group | title
    name: str
    country: str | None = None
    sectors: list[str] = field(default_factory=list)
    code: str | None = None  # fixed code (IGOs, groups, IGO-seat metonyms)
    person: Person | None = None
    org: Organisation | None = None
    title: Title | None = None
    surname_only: bool = False  # matched a surname, not the full name
    priority: int = 0
    # Imported names several people share, or imported surnames: who it is depends on the
    # date (see ``KnowledgeBase.pick``); ``rivals`` are curated people with the same last name.
    candidates: tuple[Person, ...] = ()
    rivals: tuple[Person, ...] = ()
    imported: bool = False  # from the PETRARCH layer (under curated and user entries)


_PRIORITY = {"person": 6, "igo": 5, "group": 5, "metonym": 4, "country": 3, "capital": 2,
             "people": 2, "demonym": 1, "region": 1, "title": 0}


def user_dictionary_path() -> Path:
    """$COMMUNIQUE_ACTORS, else $XDG_CONFIG_HOME/communique/actors.yaml (``~/.config`` default);
    a ``~`` in either is expanded. The one definition: the curation tools write where this reads."""
    env = os.environ.get("COMMUNIQUE_ACTORS")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base).expanduser() / "communique" / "actors.yaml"


class KnowledgeBase:
    """Names, people, organisations and titles, indexed for the resolver."""

    _cache: dict[tuple[str, float], KnowledgeBase] = {}
    _lock = threading.Lock()

    def __init__(
        self,
        people: list[Person],
        organisations: list[Organisation] | None = None,
        user_people: list[Person] | None = None,
        user_organisations: list[Organisation] | None = None,
        imported: tables.ImportedLayer | None = None,
    ) -> None:
        self.countries = tables.load_countries()
        self.titles = tables.load_titles()
        self.title_by_name = {t.title.lower(): t for t in self.titles}
        self.leaders = tables.load_leaders()
        orgs = organisations if organisations is not None else tables.load_igos() + tables.load_ngos() + tables.load_armed_groups()
        self.people: dict[str, Person] = {p.id: p for p in people}
        for p in user_people or []:
            self.people[p.id] = p
        self.organisations: dict[str, Organisation] = {o.id: o for o in orgs}
        for o in user_organisations or []:
            self.organisations[o.id] = o
        self.imported = imported if imported is not None else tables.ImportedLayer()
        self.names = NameIndex()
        self.title_index = NameIndex()
        self.cache_key: str | None = None  # set when loaded through the disk cache
        self._build()
        self._build_imported()

    # -- loading ------------------------------------------------------------------------------

    @classmethod
    def load(cls, user_path: Path | None = None) -> KnowledgeBase:
        """The packaged KB merged with the user dictionary; cached per dictionary file state."""
        path = Path(user_path) if user_path is not None else user_dictionary_path()
        try:
            mtime = path.stat().st_mtime
        except OSError:
            mtime = -1.0
        key = (str(path), mtime)
        with cls._lock:
            kb = cls._cache.get(key)
            if kb is None:
                kb = cls._cache[key] = cls._read_or_build(path, mtime >= 0)
            return kb

    @classmethod
    def _read_or_build(cls, path: Path, exists: bool) -> KnowledgeBase:
        """The built knowledge base from the disk cache, keyed by the packaged tables, the
        imported layer, the user dictionary's bytes and this code; else built and cached.
        Building parses the people and indexes some 40,000 names (most of a second); the
        cache holds the built object, indexes included."""
        user_bytes = path.read_bytes() if exists else b""
        curated = tables.curated_fingerprint()
        key = disk_cache.fingerprint([
            curated.encode(), tables.imported_fingerprint().encode(),
            Path(__file__).read_bytes(), Path(tables.__file__).read_bytes(),
            Path(sys.modules[ActorCode.__module__].__file__).read_bytes(),  # reads user orgs' codes
            user_bytes])
        cached = disk_cache.read(_CACHE_KIND, key)
        if isinstance(cached, cls):
            return cached
        save_splits = remember_splits(curated)
        imported = tables.load_imported()  # its own cache; its names are not split below
        user_people, user_orgs = read_user_dictionary(path) if exists else ([], [])
        kb = cls(tables.load_people(), None, user_people, user_orgs, imported=imported)
        save_splits()
        kb.cache_key = key  # what tables derived from it (the prefilter's) are keyed by
        disk_cache.write(_CACHE_KIND, key, kb)
        return kb

    # -- index ----------------------------------------------------------------------------------

    def _add(self, name: str, entry: Entry, cased: bool = True) -> None:
        entry.priority = _PRIORITY[entry.kind]
        old = self.names.get(name)
        # A stronger kind keeps a name ("Georgia" the country over a demonym); equal kinds: last wins.
        if old is not None and old.priority > entry.priority:
            return
        self.names.add(name, entry, cased=cased)

    def _build(self) -> None:
        countries = self.countries
        demonyms = tables.load_demonyms()
        for iso3, (adjs, plurals) in demonyms.items():
            name = countries[iso3].name if iso3 in countries else iso3
            for a in adjs:
                self._add(a, Entry("demonym", name, iso3))
            for p in plurals:
                self._add(p, Entry("people", name, iso3))
        self.region_names = {code: r["name"] for code, r in tables.load_regions().items()}
        for code, region in tables.load_regions().items():
            for n in region["names"]:
                self._add(n, Entry("region", region["name"], code))
        for c in countries.values():
            cap = c.capital
            if cap and cap not in _AMBIGUOUS_CAPITALS and c.population >= _MIN_CAPITAL_POPULATION:
                self._add(cap, Entry("capital", c.name, c.iso3, ["GOV"]))
        for text, m in tables.load_metonyms().items():
            if m.get("code"):
                self._add(text, Entry("metonym", text.removeprefix("the "), None, [], code=m["code"]))
            else:
                country = countries.get(m["country"])
                self._add(text, Entry("metonym", country.name if country else m["country"],
                                      m["country"], list(m.get("sectors") or [])))
        for c in countries.values():
            self._add(c.name, Entry("country", c.name, c.iso3))
            if not c.name.lower().startswith("the "):
                self._add("the " + c.name, Entry("country", c.name, c.iso3))
        for iso3, aliases in tables.load_country_aliases().items():
            name = countries[iso3].name if iso3 in countries else iso3
            for a in aliases:
                self._add(a, Entry("country", name, iso3))
                # "the West Bank" must not read as the region "the West" followed by "Bank"
                if not a.lower().startswith("the ") and not a.isupper():
                    self._add("the " + a, Entry("country", name, iso3))
        for org in self.organisations.values():
            kind = "igo" if org.kind == "igo" else "group"
            for n in [org.name, *org.aliases]:
                e = Entry(kind, org.name, org.country, list(org.sectors), code=org.code, org=org)
                self._add(n, e)
                if not n.lower().startswith("the "):
                    self._add("the " + n, Entry(kind, org.name, org.country, list(org.sectors),
                                                code=org.code, org=org))
        for person in self.people.values():
            for n in [person.name, *person.aliases]:
                self._add(n, Entry("person", person.name, person.country, person=person))
            for s in person.surnames:
                self._add(s, Entry("person", person.name, person.country, person=person,
                                   surname_only=True))
        for t in self.titles:
            for form in [t.title, *t.forms]:
                self.title_index.add(form, t, cased=form in t.cased)

    def _build_imported(self) -> None:
        """The PETRARCH layer, under everything built so far (curated and user entries win),
        indexed lazily: a first token's names are made when a lookup first reaches it."""
        layer = self.imported
        if not len(layer) and not layer.country_aliases:
            return
        self._last_names: dict[tuple[str, ...], list[Person]] = {}
        for p in self.people.values():
            last = p.name.split()[-1]
            self._last_names.setdefault(tuple(norm(t) for t in split_name(last)), []).append(p)
        self.names.defer(layer.names, self._imported_entry)
        self.title_index.defer(layer.title_forms, layer.title, cased=False)

    def _imported_entry(self, spec: tuple) -> Entry | None:
        layer = self.imported
        kind = spec[0]
        if kind == "country":
            c = self.countries.get(spec[1])
            e = Entry("country", c.name, c.iso3) if c else None
        elif kind == "org":
            org = layer.organisation(spec[1])
            e = Entry("igo" if org.kind == "igo" else "group", org.name, org.country,
                      list(org.sectors), code=org.code, org=org)
        elif kind == "person":
            p = layer.person(spec[1])
            e = Entry("person", p.name, p.country, person=p)
        else:
            people = tuple(layer.person(i) for i in spec[1])
            # curated people with this last name compete for a surname on the date
            rivals = self._last_names.get(tuple(spec[3]), ()) if spec[2] else ()
            e = Entry("person", people[0].name, None, surname_only=spec[2], candidates=people,
                      rivals=tuple(rivals))
        if e is not None:
            e.priority = _PRIORITY[e.kind]
            e.imported = True
        return e

    def pick(self, entry: Entry, date: str | None) -> Entry | None:
        """The one person a shared imported name or surname means on the date: the only one of
        its candidates, and of the curated people with that last name, in office then
        (``Person.in_office``). Without a date, only a name of one person in all the data resolves."""
        if not entry.candidates:
            return entry
        if date is None:
            if len(entry.candidates) == 1 and not entry.rivals:
                p = entry.candidates[0]
            else:
                return None
        else:
            holding = [p for p in (*entry.candidates, *entry.rivals) if p.in_office(date)]
            if len(holding) != 1 or not any(holding[0] is c for c in entry.candidates):
                return None
            p = holding[0]
        return Entry("person", p.name, p.country, person=p, surname_only=entry.surname_only,
                     priority=entry.priority, imported=True)

    # -- queries -------------------------------------------------------------------------------

    def title_classes(self, title: str) -> list[str]:
        """Classes of a role title from people.yaml, which may be outside titles.yaml."""
        t = self.title_by_name.get(title.lower())
        if t is not None:
            return t.classes
        found = self.title_index.get(title)
        if found is not None:
            return found.classes
        low = title.lower()
        classes: list[str] = []
        if "foreign" in low or "external affairs" in low or "secretary of state" in low:
            classes += ["foreign-minister", "minister", "diplomat"]
        if "defen" in low:
            classes += ["defence-minister", "minister"]
        if "prime minister" in low or "premier" in low:
            classes += ["prime-minister", "leader"]
        elif "minister" in low:
            classes.append("minister")
        if "president" in low and "vice" not in low:
            classes += ["president", "leader"]
        if any(w in low for w in ("king", "queen", "emir", "chancellor", "supreme leader", "sultan")):
            classes.append("leader")
        if any(w in low for w in ("general", "commander", "chief of")):
            classes.append("commander")
        if "ambassador" in low or "envoy" in low:
            classes += ["ambassador", "diplomat"]
        if "spokes" in low:
            classes.append("spokesperson")
        classes.append("official")
        return classes

    def office_holder(self, country: str, title_class: str, date: str | None) -> Person | None:
        """The person holding an office of that class in that country on the date.

        Several can hold one class ("leader": a president and a prime minister). Preferred:
        a government role over a rebel or opposition one, then the office data/leaders.yaml
        names for the country, else the head of government, then the latest to take office.
        """
        leader_title = self.leaders.get(country) if title_class == "leader" else None
        best: tuple[tuple, Person] | None = None
        for p in self.people.values():
            role = p.role_at(date)
            if role is None or role.country != country:
                continue
            if date and role.end is not None and role.end < date:
                continue  # held it once, not on the date
            classes = self.title_classes(role.title)
            if title_class not in classes:
                continue
            rank = (
                role.sector == "GOV",
                leader_title is not None and role.title == leader_title,
                leader_title is None and "head-of-government" in classes,
                role.start or "",
            )
            if best is None or rank > best[0]:
                best = (rank, p)
        return best[1] if best else None


def read_user_dictionary(path: Path) -> tuple[list[Person], list[Organisation]]:
    """People and organisations from the user's YAML; a broken file is an error worth seeing."""
    data: Any = tables.read_yaml(path) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with 'people' and/or 'organisations'")
    people: list[Person] = []
    orgs: list[Organisation] = []
    for e in data.get("people") or []:
        try:
            people.append(tables.person_from_dict(e))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"{path}: bad person entry {_label(e)}: {exc!r}") from exc
    for e in data.get("organisations") or data.get("organizations") or []:
        try:
            kind = "igo" if ActorCode.parse(str(e.get("code", ""))).is_igo else "group"
            orgs.append(tables.organisation_from_dict(e, kind))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"{path}: bad organisation entry {_label(e)}: {exc!r}") from exc
    return people, orgs


def _label(entry: Any) -> str:
    if isinstance(entry, dict):
        return repr(entry.get("id") or entry.get("name") or entry)
    return repr(entry)
