"""CAMEO actor codes: the sector table and the one type that composes and takes codes apart.

An actor code is a root of three letters - a country's ISO3 code (``RUS``) or a kind of
organisation (``IGO``, ``NGO``...) - followed by three-letter sector codes: ``RUSGOV``,
``SDNREBHMS``, ``IGOUNO``. Stages build codes with :meth:`ActorCode.of` and read them with
:meth:`ActorCode.parse` instead of concatenating strings and slicing ``[:3]``, so the rules
(an IGO's code carries no sector of the person working for it...) live here once. Records and
exports keep the code as a plain string (``str(code)``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Roots that name a kind of organisation rather than a country; the code's next triple is the
# organisation (IGOUNO: the United Nations), not a sector.
ORG_ROOTS = ("IGO", "IMG", "NGO", "NGM", "MNC")


@dataclass(frozen=True, slots=True)
class Sector:
    code: str
    name: str
    kind: str  # "type" (GDELT TypeNCode) or "religion" (GDELT ReligionNCode)
    # people who act where they are, whatever country the article is about: "US forces and
    # Shiite militiamen battled in Baghdad" (the militiamen are Iraqi), "gunmen in Karachi"
    local: bool = False
    # organs of the state: what a government does through them is the state's ("the police",
    # "the courts", "parliament"), and a former holder of their offices is an elite
    state: bool = False


@cache
def sector_table() -> Mapping[str, Sector]:
    """CAMEO actor sector codes (GOV, MIL, REB, ...) from data/cameo_sectors.csv: the one list
    of sectors the actor tables, the user dictionary and the exports accept."""
    text = resources.files("communique.model").joinpath("data/cameo_sectors.csv").read_text(encoding="utf-8")
    out: dict[str, Sector] = {}
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames != ["code", "name", "kind", "local", "state"]:
        raise ValueError(f"cameo_sectors.csv: columns {reader.fieldnames}; expected code,name,kind,local,state")
    for row in reader:
        code = row["code"].strip()
        if code in out:
            raise ValueError(f"cameo_sectors.csv: {code} listed twice")
        if row["kind"] not in {"type", "religion"}:
            raise ValueError(f"cameo_sectors.csv: {code} has unknown kind {row['kind']!r}")
        if row["local"] not in {"yes", "no"}:
            raise ValueError(f"cameo_sectors.csv: {code} has local {row['local']!r}; write yes or no")
        if row["state"] not in {"yes", "no"}:
            raise ValueError(f"cameo_sectors.csv: {code} has state {row['state']!r}; write yes or no")
        out[code] = Sector(code, row["name"].strip(), row["kind"], row["local"] == "yes", row["state"] == "yes")
    return out


@cache
def local_sectors() -> frozenset[str]:
    """Sectors whose unnamed members belong to where the story happens (``local`` column)."""
    return frozenset(code for code, s in sector_table().items() if s.local)


@cache
def state_sectors() -> frozenset[str]:
    """Sectors that are organs of the state (``state`` column): GOV, MIL, COP, JUD, LEG, SPY."""
    return frozenset(code for code, s in sector_table().items() if s.state)


@cache
def actor_sectors() -> frozenset[str]:
    """The sectors an actor table may give (kind "type"): religions (BUD, SUN...) are coded
    by GDELT's exports but are no sector of an actor in this project."""
    return frozenset(code for code, s in sector_table().items() if s.kind == "type")


@dataclass(frozen=True, slots=True)
class ActorCode:
    """``root`` is a country ISO3, an organisation root (:data:`ORG_ROOTS`) or "" (a bare
    sector: "REB" for rebels of no known country); ``rest`` the triples after it."""

    root: str
    rest: tuple[str, ...] = ()

    @classmethod
    def parse(cls, code: str | None) -> ActorCode:
        code = code or ""
        return cls(code[:3], tuple(code[i:i + 3] for i in range(3, len(code), 3)))

    @classmethod
    def of(cls, country: str | None, sectors: Iterable[str] = ()) -> ActorCode:
        """Country + sectors. An organisation's code stands alone: a UN official is IGOUNO,
        not IGOUNOGOV."""
        country = country or ""
        if country.startswith("IGO"):
            return cls.parse(country)
        return cls.parse(country + "".join(sectors))

    def __str__(self) -> str:
        return self.root + "".join(self.rest)

    @property
    def is_org(self) -> bool:
        return self.root in ORG_ROOTS

    @property
    def is_igo(self) -> bool:
        return self.root == "IGO"
