"""Convert the PETRARCH2 actor and agent dictionaries into communique's own actor tables.

Run from the repository root (the shared reference data is read-only and is never copied):

    PYTHONPATH=src python tools/import_petrarch.py /work/shared/reference/petrarch2

which (re)writes ``src/communique/actors/data/petrarch/``:

    people.yaml            people with dated roles (Phoenix.Countries + the IGO officials of
                           Phoenix.International), the schema of ``people.yaml`` without titles
    organisations.yaml     IGOs, NGOs and multinationals (Phoenix.International) and militant
                           and non-state groups (Phoenix.MilNonState), the schema of ``igos.yaml``
                           / ``armed_groups.yaml`` plus ``kind``
    titles.yaml            sector nouns (Phoenix.agents), the schema of ``titles.yaml``
    country_aliases.yaml   country name variants the curated tables lack

The output is sorted and a second run writes byte-identical files. The curated tables win:
a person, organisation, name or title form the curated data already has is not written
again (see ``--curated``). ``excluded.yaml`` beside the output (``--excluded``) lists the
PETRARCH names never imported, each with its reason; ``--propose-exclusions WORDLIST``
prints candidate entries (names, surnames and agent words that are common lower-case
English words in WORDLIST, e.g. /usr/share/dict/words) to review and add to it.

PETRARCH semantics kept: a role ``[CODE date-date]`` holds between its dates inclusive,
``>date`` from the date and ``<date`` until it, an undated ``[CODE]`` is the default when no
dated role holds (stored as a role with no start and no end). Open-ended ``>date`` roles end
at ``--cutoff`` (default: 31 December of the year of the latest date in the source), since
the dictionaries stopped being kept up to date then: Berlusconi's ``[ITAGOV >080508]`` does
not make him Italy's government in 2016. Six-digit dates are YYMMDD, years 00-29 being 20xx.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from communique.actors import tables  # noqa: E402
from communique.actors.names import norm, split_name  # noqa: E402
from communique.model.codes import actor_sectors  # noqa: E402

DEFAULT_OUT = REPO / "src" / "communique" / "actors" / "data" / "petrarch"
COUNTRIES_FILE = "Phoenix.Countries.actors.txt"
INTERNATIONAL_FILE = "Phoenix.International.actors.txt"
MILNONSTATE_FILE = "Phoenix.MilNonState.actors.txt"
AGENTS_FILE = "Phoenix.agents.txt"

# Lower-case words inside names ("Osama bin Laden", "Organization of American States").
PARTICLES = frozenset(
    "al el ad as ash at an az ar ibn bin bint ben de da del della dei di dos das du van von der "
    "den ter le la y e of the and for in on to at".split()
)
SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())
ORG_PREFIXES = ("IGO", "NGO", "MNC", "IMG")
# Words the resolver reads as fillers inside a mention (resolver FILLERS): an agent form
# starting with one only hides the curated title after it.
MODIFIERS = frozenset(
    "top senior former new acting deputy interim outgoing incoming visiting current veteran "
    "longtime long-time powerful embattled hardline influential ex ex- retired".split()
)
# Words of a state's long name ("the Islamic Republic of Afghanistan").
STATE_WORDS = frozenset(
    "the of republic islamic democratic people's peoples popular federal federation federative "
    "kingdom state states united socialist arab union commonwealth principality sultanate "
    "grand duchy emirate plurinational bolivarian hashemite co-operative cooperative and".split()
)
# Words that make an undated name from the International file an organisation, not a person.
_BIG_PLACE = 15_000  # a surname that is also a city of this size is a place first


# -- reading the PETRARCH formats ---------------------------------------------------------------


@dataclass
class Restriction:
    code: str
    start: str | None  # ISO date or None (open)
    end: str | None
    dated: bool


@dataclass
class Record:
    """One actor-dictionary record: a primary phrase, its synonyms and its code restrictions."""

    phrase: str
    synonyms: list[str] = field(default_factory=list)
    restrictions: list[Restriction] = field(default_factory=list)
    line: int = 0


_BRACKET = re.compile(r"\[([^\]\}]*)[\]\}]")


def _strip_comment(line: str) -> str:
    line = line.split("#", 1)[0]
    if not line.startswith(("\t", " ")):
        line = line.split(";", 1)[0]
    return line.rstrip()


def parse_date(text: str) -> str | None:
    """YYYYMMDD or YYMMDD (00-29 = 20xx) -> ISO date; None when malformed."""
    digits = text.strip()
    if not digits.isdigit():
        return None
    if len(digits) == 6:
        yy = int(digits[:2])
        digits = ("20" if yy < 30 else "19") + digits
    if len(digits) != 8:
        return None
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])).isoformat()
    except ValueError:
        return None


def parse_restriction(body: str) -> Restriction | None:
    parts = body.split()
    if not parts:
        return None
    code = parts[0].strip()
    if len(parts) == 1:
        return Restriction(code, None, None, False)
    span = "".join(parts[1:])
    if span.startswith(">"):
        start = parse_date(span[1:])
        return Restriction(code, start, None, True) if start else None
    if span.startswith("<"):
        end = parse_date(span[1:])
        return Restriction(code, None, end, True) if end else None
    if "-" in span:
        a, _, b = span.partition("-")
        start, end = parse_date(a), parse_date(b)
        if start and end and start <= end:
            return Restriction(code, start, end, True)
    return None


def read_actor_file(path: Path, stats: Counter) -> list[Record]:
    records: list[Record] = []
    rec: Record | None = None
    for n, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        brackets = _BRACKET.findall(line)
        phrase = _BRACKET.sub(" ", line).strip()
        restrictions = []
        for b in brackets:
            r = parse_restriction(b)
            if r is None:
                stats["malformed restriction"] += 1
            else:
                restrictions.append(r)
        if line[0] in "\t " and not phrase:
            if rec is not None:
                rec.restrictions += restrictions
            continue
        if phrase.startswith("+"):
            if rec is not None:
                rec.synonyms.append(phrase[1:].strip())
                rec.restrictions += restrictions
            continue
        rec = Record(phrase, [], restrictions, n)
        records.append(rec)
    return records


@dataclass
class Agent:
    forms: list[str]  # singular first, then plurals
    code: str
    line: int


def _plural(word: str) -> str:
    if word.endswith("Y") and word[-2:-1] not in "AEIOU":
        return word[:-1] + "IES"
    if word.endswith(("SS", "SH", "CH", "X")):
        return word + "ES"
    return word + "S"


# prepositions a PETRARCH2 agent may end with, expecting the place it names next
_OPEN_PREPOSITIONS = frozenset({"to", "at", "for", "in", "of", "on", "from", "with", "by"})


def read_agents(path: Path, stats: Counter) -> list[Agent]:
    subs: dict[str, list[str]] = {}
    out: list[Agent] = []
    for n, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        line = _strip_comment(raw).strip()
        if not line or line.startswith("<"):
            continue
        m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", line)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        codes = _BRACKET.findall(line)
        if len(codes) != 1:
            stats["agent without one code"] += 1
            continue
        body = _BRACKET.sub(" ", line).strip()
        plural_m = re.search(r"\{([^}]*)\}", body)
        explicit = None
        if plural_m:
            explicit = [p.strip() for p in plural_m.group(1).split() if p.strip()]
            body = (body[: plural_m.start()] + body[plural_m.end():]).strip()
        phrase = body.replace(" ", "_").strip("_")
        if not phrase or "!" in phrase and not any(k in phrase for k in subs):
            stats["agent malformed"] += 1
            continue
        marker = next((k for k in subs if k in phrase), None)
        if marker is not None:
            forms = [phrase.replace(marker, w) for w in subs[marker]]
            if any("!" in f for f in forms):
                stats["agent malformed"] += 1
                continue
        else:
            forms = [phrase]
            if explicit is None:
                if not (phrase.endswith("S") and not phrase.endswith("SS")):
                    forms.append(_plural(phrase))
            else:
                forms += explicit
        out.append(Agent(forms, codes[0].strip(), n))
    return out


# -- names ----------------------------------------------------------------------------------------


def display(phrase: str, acronym: bool = False) -> str:
    """'SILVIO_BERLUSCONI_' -> 'Silvio Berlusconi'; 'BAN_KI-MOON' -> 'Ban Ki-moon'.

    Capitalised words need a capital in the text; lower-case particles match any case. With
    ``acronym`` a short single word stays in capitals (matched exactly: 'LTTE')."""
    words = phrase.replace("_", " ").split()
    if acronym and len(words) == 1 and words[0].isalpha() and len(words[0]) <= 6:
        return words[0].upper()
    out = []
    for w in words:
        if "." in w or (w.isupper() and not any(c in "AEIOUY" for c in w) and len(w) > 1):
            out.append(w.upper())  # initials and vowel-less acronyms: 'U.N.', 'A.', 'HRW'
            continue
        parts = w.split("-")
        first = parts[0].lower()
        # particles are lower case ("Osama bin Laden", "al-Aqsa"), but a name's first word is
        # capitalised unless hyphenated: "IN_TAM" is "In Tam", not a match for "in Tam Ky"
        lower = first in PARTICLES and (out or len(parts) > 1)
        head = first if lower else first[:1].upper() + first[1:]
        out.append("-".join([head] + [p.lower() for p in parts[1:]]))
    return " ".join(out)


def key(name: str) -> str:
    return " ".join(norm(t) for t in split_name(name))


def slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", norm(name)).strip("-")
    return s or "x"


# -- the curated tables (they win) ----------------------------------------------------------------


@dataclass
class Curated:
    names: set[str]  # every name key the curated KB indexes (any kind)
    person_names: set[str]
    last_names: set[str]  # last words of curated people's names
    org_names: set[str]
    title_forms: set[str]
    countries: set[str]
    country_names: dict[str, set[str]] = field(default_factory=dict)  # iso3 -> name keys


def read_curated(data_dir: Path) -> Curated:
    def y(name: str) -> Any:
        p = data_dir / name
        return tables.read_yaml(p) if p.exists() else None

    import csv

    names: set[str] = set()
    persons: set[str] = set()
    last: set[str] = set()
    surnames: set[str] = set()
    orgs: set[str] = set()
    titles: set[str] = set()
    countries: set[str] = set()
    cnames: dict[str, set[str]] = defaultdict(set)
    with (data_dir / "countries.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            countries.add(row["iso3"])
            names.add(key(row["name"]))
            cnames[row["iso3"]].add(key(row["name"]))
            if row["capital"]:
                names.add(key(row["capital"]))
    dpath = data_dir / "demonyms.csv"
    if dpath.exists():
        with dpath.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                for v in (row["adjective"] + "|" + (row["people"] or "")).split("|"):
                    if v.strip():
                        names.add(key(v))
                        cnames[row["iso3"]].add(key(v))
    for iso3, aliases in (y("country_aliases.yaml") or {}).items():
        names.update(key(a) for a in aliases)
        cnames[iso3].update(key(a) for a in aliases)
    names.update(key(m) for m in (y("metonyms.yaml") or {}))
    for r in (y("regions.yaml") or {}).values():
        names.update(key(n) for n in r["names"])
    for fname in ("igos.yaml", "ngos.yaml", "armed_groups.yaml"):
        for e in y(fname) or []:
            for n in [e["name"], *(e.get("aliases") or [])]:
                orgs.add(key(n))
    for e in y("people.yaml") or []:
        for n in [e["name"], *(e.get("aliases") or [])]:
            persons.add(key(n))
            last.add(key(n.split()[-1]))
        surnames.update(key(s) for s in e.get("surnames") or [])
    for e in y("titles.yaml") or []:
        for form in [e["title"], *(e.get("forms") or [])]:
            titles.add(key(form))
    names |= persons | orgs | surnames
    return Curated(names, persons, last, orgs, titles, countries, dict(cnames))


# -- exclusions ---------------------------------------------------------------------------------


SCOPES = ("name", "surname", "title")


def read_excluded(path: Path) -> dict[str, dict[str, str]]:
    """scope -> name key -> reason. An entry without ``scope`` applies to every use of the
    words: a name (person, organisation, country variant), a surname and a title (agent) form."""
    if not path.exists():
        return {s: {} for s in SCOPES}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out: dict[str, dict[str, str]] = {s: {} for s in SCOPES}
    for e in data:
        if not isinstance(e, dict) or set(e) - {"name", "reason", "scope"} or "name" not in e \
                or "reason" not in e or e.get("scope", "name") not in SCOPES:
            raise ValueError(f"{path}: entries need name, reason and optionally scope "
                             f"(one of {', '.join(SCOPES)}): {e!r}")
        for scope in [e["scope"]] if "scope" in e else SCOPES:
            out[scope][key(str(e["name"]))] = str(e["reason"])
    return out


# -- conversion -----------------------------------------------------------------------------------


@dataclass
class Output:
    people: list[dict] = field(default_factory=list)
    organisations: list[dict] = field(default_factory=list)
    titles: list[dict] = field(default_factory=list)
    country_aliases: dict[str, list[str]] = field(default_factory=dict)
    stats: Counter = field(default_factory=Counter)


def _code_ok(code: str, countries: set[str]) -> bool:
    return tables.check_code(code, countries) is None


def _split_code(code: str) -> tuple[str, str] | None:
    """Person role code -> (country, sector): 'AUSGOVEDU' -> ('AUS', 'GOV');
    'IGOUNOKID' -> ('IGOUNO', 'GOV')."""
    if code.startswith("IGO"):
        return code[:6], "GOV"
    if len(code) < 6:
        return None
    sector = code[3:6]
    return (code[:3], sector) if sector in actor_sectors() else None


def latest_date(records: list[Record]) -> str:
    dates = [d for r in records for x in r.restrictions for d in (x.start, x.end) if d]
    return max(dates) if dates else "2014-12-31"


class Converter:
    def __init__(self, source: Path, curated: Curated, excluded: dict[str, dict[str, str]],
                 cutoff: str | None = None, gazetteer: Any = None) -> None:
        self.source = source
        self.curated = curated
        self.excluded = excluded
        self.cutoff = cutoff
        self.gazetteer = gazetteer
        self.out = Output()

    # each name passes here: excluded, already curated, or fine
    def _skip(self, name: str, what: str, scope: str = "name") -> bool:
        k = key(name)
        if not k:
            return True
        if k in self.excluded[scope]:
            self.out.stats[f"{what}: excluded.yaml"] += 1
            return True
        if k in self.curated.names or k in self.curated.title_forms:
            self.out.stats[f"{what}: curated has the name"] += 1
            return True
        toks = k.split()
        if all(t in PARTICLES or not any(c.isalpha() for c in t) for t in toks):
            self.out.stats[f"{what}: no content word"] += 1
            return True
        if len(toks) == 1 and len(toks[0]) < 3:
            self.out.stats[f"{what}: too short"] += 1
            return True
        return False

    def run(self) -> Output:
        stats = self.out.stats
        countries = read_actor_file(self.source / COUNTRIES_FILE, stats)
        international = read_actor_file(self.source / INTERNATIONAL_FILE, stats)
        milnonstate = read_actor_file(self.source / MILNONSTATE_FILE, stats)
        if self.cutoff is None:
            last = latest_date(countries + international)
            self.cutoff = f"{last[:4]}-12-31"
        people: list[Record] = []
        for r in countries:
            codes = {x.code for x in r.restrictions}
            if not r.restrictions or codes <= {"---"}:
                stats["countries: no code"] += 1
            elif all(not x.dated for x in r.restrictions) and len(codes) == 1 \
                    and len(next(iter(codes))) == 3:
                self._country_block(r, next(iter(codes)))
            else:
                people.append(r)
        for r in international:
            if any(x.dated for x in r.restrictions):
                people.append(r)
            else:
                self._organisation(r, "international")
        for r in milnonstate:
            if any(x.dated for x in r.restrictions):
                stats["milnonstate: dated entry skipped"] += 1
                continue
            self._organisation(r, "milnonstate")
        self._people(people)
        self._agents(read_agents(self.source / AGENTS_FILE, stats))
        o = self.out
        o.people.sort(key=lambda e: e["id"])
        o.organisations.sort(key=lambda e: e["id"])
        o.titles.sort(key=lambda e: e["title"].lower() + "\0" + e["title"])
        o.country_aliases = {k: sorted(set(v)) for k, v in sorted(o.country_aliases.items()) if v}
        return o

    # -- countries

    def _country_block(self, r: Record, iso3: str) -> None:
        if iso3 not in self.curated.countries:
            self.out.stats["countries: unknown country code"] += 1
            return
        for phrase in [r.phrase, *r.synonyms]:
            name = display(phrase)
            if self._skip(name, "country variant"):
                continue
            if self._is_place(name):
                self.out.stats["country variant: a city or province (a place, not the state)"] += 1
                continue
            if not self._names_country(key(name), iso3):
                self.out.stats["country variant: not a form of the country's name (a region, a feature)"] += 1
                continue
            self.out.country_aliases.setdefault(iso3, []).append(name)

    def _names_country(self, k: str, iso3: str) -> bool:
        """A spelling or long form of the country's name: close to a curated name, alias or
        demonym ("Afganistan"), or one of them with state words ("Islamic Republic of X")."""
        known = self.curated.country_names.get(iso3, set())
        if any(len(n.split()) == len(k.split()) and SequenceMatcher(None, k, n).ratio() >= 0.8
               for n in known):
            return True
        toks = k.split()
        for n in known:
            nt = n.split()
            for i in range(len(toks) - len(nt) + 1):
                if toks[i:i + len(nt)] == nt:
                    rest = toks[:i] + toks[i + len(nt):]
                    if all(t in STATE_WORDS for t in rest):
                        return True
        return False

    def _is_place(self, name: str, min_pop: int = 0) -> bool:
        if self.gazetteer is None:
            return False
        for p in self.gazetteer.candidates(name):
            if p.feature in ("city", "admin1", "admin2", "region") and p.population >= min_pop:
                return True
        return False

    # -- organisations

    def _organisation(self, r: Record, source: str) -> None:
        stats = self.out.stats
        undated = [x for x in r.restrictions if not x.dated and x.code != "---"]
        if not undated:
            stats[f"{source}: no code"] += 1
            return
        code = undated[0].code
        if not _code_ok(code, self.curated.countries):
            stats[f"{source}: code outside CAMEO country/sector codes"] += 1
            return
        phrases = [r.phrase, *r.synonyms]
        if any(key(display(p)) in self.curated.org_names for p in phrases):
            stats[f"{source}: organisation curated"] += 1
            return
        names: list[str] = []
        for p in phrases:
            acro = re.search(r"\(([A-Z][A-Z0-9-]{1,9})\)", p)
            base = re.sub(r"\([^)]*\)", " ", p)
            for cand in [display(base, acronym=True)] + ([acro.group(1)] if acro else []):
                if len(cand.split()) == 2 and cand.split()[0].lower() == "the":
                    stats[f"{source} name: 'the' and one word (a generic noun phrase)"] += 1
                    continue
                if cand.split()[0].lower() == "the":
                    cand = cand.split(" ", 1)[1]  # the determiner is matched on its own
                if cand and not self._skip(cand, f"{source} name") and cand not in names:
                    names.append(cand)
        if not names:
            return
        kind = "igo" if code.startswith(ORG_PREFIXES) else "group"
        entry: dict[str, Any] = {"id": "", "name": names[0], "code": code}
        if kind == "group":
            sector = code[3:6]
            entry["country"] = code[:3]
            entry["sectors"] = [sector] if sector in actor_sectors() else []
        entry["aliases"] = sorted(set(names[1:]), key=str.lower)
        entry["kind"] = kind
        entry["id"] = "pet-" + slug(names[0])
        self.out.organisations.append(entry)
        stats[f"{source}: organisations"] += 1

    # -- people

    def _people(self, records: list[Record]) -> None:
        stats = self.out.stats
        built: list[dict] = []
        for r in records:
            phrases = [r.phrase, *r.synonyms]
            names = [display(re.sub(r"\([^)]*\)", " ", p)) for p in phrases]
            names = [n for n in names if n]
            if any(key(n) in self.curated.person_names for n in names):
                stats["people: person curated"] += 1
                continue
            roles = self._roles(r)
            if not roles:
                stats["people: no usable role"] += 1
                continue
            kept = []
            for n in names:
                if not self._skip(n, "person name") and n not in kept:
                    kept.append(n)
            if not kept:
                continue
            built.append({"name": kept[0], "aliases": kept[1:], "roles": roles})
        # surnames: the last word of the name, when it can stand alone (see the README)
        first_names = {key(n).split()[0] for e in built for n in [e["name"], *e["aliases"]]
                       if len(key(n).split()) > 1}
        by_surname: dict[str, int] = Counter()
        cands: list[str | None] = []
        for e in built:
            s = self._surname(e["name"], first_names)
            cands.append(s)
            if s:
                by_surname[key(s)] += 1
        ids: Counter = Counter()
        for e, s in zip(built, cands):
            if s and by_surname[key(s)] > 2:
                stats["surname: shared by three or more people"] += 1
                s = None
            base = "pet-" + slug(e["name"])
            ids[base] += 1
            out: dict[str, Any] = {"id": base, "name": e["name"]}
            if e["aliases"]:
                out["aliases"] = e["aliases"]
            if s:
                out["surnames"] = [s]
            out["roles"] = e["roles"]
            built_id = base
            out["id"] = built_id
            self.out.people.append(out)
        # the same name twice: number them in a stable order
        seen: Counter = Counter()
        self.out.people.sort(key=lambda e: (e["id"], repr(e["roles"]), repr(e.get("aliases"))))
        for e in self.out.people:
            if ids[e["id"]] > 1:
                seen[e["id"]] += 1
                e["id"] = f"{e['id']}-{seen[e['id']]}"
        stats["people"] = len(self.out.people)

    def _surname(self, name: str, first_names: set[str]) -> str | None:
        words = name.split()
        if len(words) < 2:
            return None
        last = words[-1]
        if norm(last) in SUFFIXES:
            return None
        k = key(last)
        if len(k) < 4 or not last[:1].isupper() or not last.replace("-", "").replace("'", "").isalpha():
            return None
        stats = self.out.stats
        if k in self.excluded["surname"] or k in self.excluded["name"]:
            stats["surname: excluded.yaml"] += 1
            return None
        if k in self.curated.names or k in self.curated.title_forms:
            stats["surname: a curated name"] += 1
            return None
        if k in first_names:
            stats["surname: also a given name"] += 1
            return None
        if self._is_place(last, _BIG_PLACE):
            stats["surname: also a town"] += 1
            return None
        return last

    def _roles(self, r: Record) -> list[dict]:
        roles = []
        for x in r.restrictions:
            if x.code == "---":
                continue
            split = _split_code(x.code)
            if split is None or not _code_ok(x.code[:6] if not x.code.startswith("IGO") else x.code,
                                             self.curated.countries):
                self.out.stats["role: code without a country and sector"] += 1
                continue
            country, sector = split
            end = x.end
            if x.dated and x.start and end is None:
                end = max(self.cutoff, x.start)
            roles.append({"country": country, "sector": sector, "start": x.start, "end": end})
        # most recent first, as in people.yaml; the default (no dates) last
        uniq = {tuple(sorted(d.items(), key=lambda kv: kv[0])): d for d in roles}
        return sorted(uniq.values(), key=lambda d: (d["start"] or "", d["end"] or "9999",
                                                    d["country"], d["sector"]), reverse=True)

    # -- agents

    def _agents(self, agents: list[Agent]) -> None:
        stats = self.out.stats
        by_title: dict[str, dict] = {}
        for a in agents:
            code = a.code.strip()
            if not code.startswith("~"):
                stats["agent: organisation prefix code (X~)"] += 1
                continue
            sector = code[1:4]
            if sector not in actor_sectors():
                stats["agent: sector outside the project's codes"] += 1
                continue
            # a word the curated titles have in the singular or plural keeps the curated sector
            # ('detainee' is not OPP when 'detainees' is CVL)
            family = {key(v) for f in a.forms for w in [" ".join(f.replace("_", " ").lower().split())]
                      for v in (w, w + "s", w + "es", w[:-1] if w.endswith("s") else w)}
            if family & self.curated.title_forms:
                stats["agent: a form of a curated title"] += 1
                continue
            if key(a.forms[0].replace("_", " ")) in self.excluded["title"]:
                stats["agent: excluded.yaml"] += 1  # the plurals go with the word
                continue
            words = a.forms[0].replace("_", " ").lower().split()
            if len(words) > 1 and words[-1] in _OPEN_PREPOSITIONS:
                # 'ambassador to', 'embassy in': PETRARCH2 reads the place after the word; as a
                # title it would swallow the preposition and leave 'ambassador to Britain' unread
                stats["agent: ends with a preposition"] += 1
                continue
            if len(words) > 1 and words[0] in MODIFIERS:
                stats["agent: a modifier before a title ('former president')"] += 1
                continue
            if len(words) > 1 and any(" ".join(words[i:]) in self.curated.title_forms
                                      for i in range(1, len(words))):
                # 'interior secretary': the curated head noun already says who it is, and a
                # longer imported form would hide it (a group title takes no name after it)
                stats["agent: ends with a curated title"] += 1
                continue
            forms = []
            for f in a.forms:
                name = " ".join(f.replace("_", " ").lower().split()).replace(" ,", ",").strip(" ,")
                if re.search(r"minist(?!er|r)", name):
                    stats["agent form: broken substitution"] += 1
                    continue
                if not name or self._skip(name, "agent form", "title"):
                    continue
                forms.append(name)
            if not forms:
                continue
            title = forms[0]
            if title in by_title:
                continue
            kind = "group"
            e = {"title": title, "forms": sorted(set(forms[1:]) - {title}), "sector": sector,
                 "kind": kind}
            by_title[title] = e
        # a form claimed by two titles keeps the first (sorted) only
        used: set[str] = set()
        for t in sorted(by_title):
            e = by_title[t]
            forms = [f for f in e["forms"] if key(f) not in used]
            if key(t) in used:
                continue
            used.add(key(t))
            used.update(key(f) for f in forms)
            e["forms"] = forms
            if not e["forms"]:
                del e["forms"]
            self.out.titles.append(e)
        stats["titles"] = len(self.out.titles)


# -- writing --------------------------------------------------------------------------------------


def _flow(value: Any) -> str:
    """One YAML flow-style value, deterministic."""
    text = yaml.safe_dump(value, default_flow_style=True, sort_keys=False, allow_unicode=True,
                          width=1 << 20).strip()
    return text.removesuffix("\n...").strip()


def _people_yaml(people: list[dict], header: str) -> str:
    lines = [header]
    for e in people:
        lines.append(f"- id: {_flow(e['id'])}")
        lines.append(f"  name: {_flow(e['name'])}")
        if e.get("aliases"):
            lines.append(f"  aliases: {_flow(e['aliases'])}")
        if e.get("surnames"):
            lines.append(f"  surnames: {_flow(e['surnames'])}")
        lines.append("  roles:")
        for r in e["roles"]:
            lines.append(f"    - {{country: {r['country']}, sector: {r['sector']}, "
                         f"start: {r['start'] or 'null'}, end: {r['end'] or 'null'}}}")
    return "\n".join(lines) + "\n"


def _list_yaml(items: list[dict], header: str) -> str:
    return header + "".join(f"- {_flow(e)}\n" for e in items)


HEADER = ("# Generated by tools/import_petrarch.py from the PETRARCH2 dictionaries ({src}); do not\n"
          "# edit: change excluded.yaml or the curated tables and run the converter again.\n"
          "# MIT licence, Copyright (c) 2014 Open Event Data Alliance: see README.md.\n")


def write(out: Output, dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    files = {
        "people.yaml": _people_yaml(out.people, HEADER.format(src=f"{COUNTRIES_FILE}, {INTERNATIONAL_FILE}")
                                    + "# Roles: no start = from the beginning; no start and no end = the default.\n"),
        "organisations.yaml": _list_yaml(out.organisations, HEADER.format(src=f"{INTERNATIONAL_FILE}, {MILNONSTATE_FILE}")),
        "titles.yaml": _list_yaml(out.titles, HEADER.format(src=AGENTS_FILE)),
        "country_aliases.yaml": HEADER.format(src=COUNTRIES_FILE) + "".join(
            f"{k}: {_flow(v)}\n" for k, v in out.country_aliases.items()),
    }
    written = []
    for name, text in files.items():
        p = dest / name
        p.write_text(text, encoding="utf-8")
        written.append(p)
    return written


def propose_exclusions(source: Path, wordlist: Path, excluded: dict[str, dict[str, str]]) -> str:
    """YAML entries for single-word names and last names that are lower-case English words
    (titles are common words by nature: agents are reviewed by hand)."""
    words = {w.strip() for w in wordlist.read_text(encoding="utf-8", errors="replace").splitlines()}
    common = {w for w in words if w.isalpha() and w.islower()}
    stats: Counter = Counter()
    found: dict[str, str] = {}
    for fname, what in ((COUNTRIES_FILE, "person or country"), (INTERNATIONAL_FILE, "organisation"),
                        (MILNONSTATE_FILE, "group")):
        for r in read_actor_file(source / fname, stats):
            for p in [r.phrase, *r.synonyms]:
                for acro in re.findall(r"\(([A-Z][A-Z0-9-]{1,9})\)", p):  # "(CAR)", "(DAWN)"
                    if acro.lower() in common:
                        found[(acro.lower(), "name")] = f"common English word, as a {what} acronym"
                toks = display(re.sub(r"\([^)]*\)", " ", p)).split()
                if len(toks) == 1 and toks[0].lower() in common:
                    found[(toks[0].lower(), "name")] = f"common English word, as a {what} name"
                elif len(toks) > 1 and fname == COUNTRIES_FILE and toks[-1].lower() in common:
                    found[(toks[-1].lower(), "surname")] = "common English word, as a surname"
    lines = []
    for (w, scope), reason in sorted(found.items()):
        if key(w) not in excluded[scope]:
            lines.append("- " + _flow({"name": w, "reason": reason, "scope": scope}))
    return "\n".join(lines) + ("\n" if lines else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", type=Path, help="folder with the PETRARCH2 dictionaries")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    ap.add_argument("--curated", type=Path, default=tables.DATA_DIR,
                    help="curated actor tables that win (default: %(default)s)")
    ap.add_argument("--excluded", type=Path, default=None,
                    help="exclusion list (default: OUT/excluded.yaml)")
    ap.add_argument("--cutoff", default=None, help="end of open-ended roles, YYYY-MM-DD")
    ap.add_argument("--no-gazetteer", action="store_true",
                    help="do not use the packaged gazetteer to recognise places (for tests)")
    ap.add_argument("--propose-exclusions", type=Path, default=None, metavar="WORDLIST",
                    help="print candidate excluded.yaml entries instead of converting")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    excluded_path = args.excluded or args.out / "excluded.yaml"
    excluded = read_excluded(excluded_path)
    if args.propose_exclusions:
        sys.stdout.write(propose_exclusions(args.source, args.propose_exclusions, excluded))
        return 0
    gaz = None
    if not args.no_gazetteer:
        from communique.geo import Gazetteer

        gaz = Gazetteer.load()
    conv = Converter(args.source, read_curated(args.curated), excluded, args.cutoff, gaz)
    out = conv.run()
    written = write(out, args.out)
    if not args.quiet:
        print(f"cutoff for open-ended roles: {conv.cutoff}")
        for k, v in sorted(out.stats.items()):
            print(f"  {k}: {v}")
        print(f"  country aliases: {sum(len(v) for v in out.country_aliases.values())}")
        for p in written:
            print(f"wrote {p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
