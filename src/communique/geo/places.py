"""A gazetteer entry and how a clash of names is settled; what the index, its disk cache and
the locator share (kept apart from the gazetteer so none of them imports another in a circle)."""

from __future__ import annotations

from dataclasses import dataclass

from communique.model import Location

# A city in an actor's or the publisher's country wins over a more populous namesake unless
# the namesake is this many times bigger (Tripoli, Lebanon vs Libya: yes; Paris, Texas: no).
CONTEXT_POPULATION_RATIO = 0.05

# An alternate name counts for less than a city's own name: old and foreign spellings often
# collide with another place's real name.
ALTERNATE_WEIGHT = 0.1


@dataclass(slots=True)
class Place:
    """One index entry: a place under one of its names."""

    name: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    feature: str
    geonameid: int | None
    population: int
    rank: int
    primary: bool = True  # matched under its own name rather than an alternate
    weak: bool = False  # name is also a common word: only counts after "in"/"at"...
    cased: str | None = None  # acronym aliases must be written exactly so ("US", not "us")
    capital: bool = False
    broad: bool = False  # continent-scale region: less specific than a country

    @property
    def score(self) -> float:
        return self.population * (1.0 if self.primary else ALTERNATE_WEIGHT)

    def location(self) -> Location:
        return Location(
            name=self.name,
            country=self.country,
            admin1=self.admin1,
            lat=self.lat,
            lon=self.lon,
            feature=self.feature,
            geonameid=self.geonameid,
        )


def choose(
    cands: list[Place], countries: frozenset[str] | set[str] = frozenset(), home: str | None = None
) -> Place | None:
    """Settle a name clash: best kind first, then a namesake in a context country, then size.

    ``home`` is the publisher's country: only it turns a country name into a home state
    ("Georgia" in an Atlanta paper); an actor's country does not ("the US envoy visited Georgia").
    """
    if not cands:
        return None
    top_rank = max(p.rank for p in cands)
    pool = [p for p in cands if p.rank == top_rank]
    best = max(pool, key=lambda p: (p.score, p.capital))
    if home and not any(p.country == home for p in pool):
        # A state of the home country beats a foreign country of the same name (a town does
        # not: "Lebanon", Pennsylvania).
        states = [p for p in cands if p.feature == "admin1" and p.country == home]
        if states:
            return max(states, key=lambda p: p.score)
    if countries:
        local = [p for p in pool if p.country in countries]
        if local:
            best_local = max(local, key=lambda p: (p.score, p.capital))
            if best_local is not best and (
                best.score == 0 or best_local.score >= CONTEXT_POPULATION_RATIO * best.score
            ):
                return best_local
    return best
