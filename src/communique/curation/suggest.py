"""Suggest people and organisations the knowledge base lacks, from articles already stored.

An offline batch pass, so unlike the coder it runs spaCy's entity recognizer to find PERSON and
ORG names. The country and sector each name stands for come from the words around it, read
with the actors tables (demonyms, country names, titles):

    Kenyan President William Ruto             -> KEN + GOV
    Ghana's foreign minister, Jane Doe        -> GHA + GOV
    rebel commander Ali Musa                  -> REB
    the Sudanese army chief General Ali Kafi  -> SDN + MIL
    Jane Doe, Ghana's foreign minister,       -> GHA + GOV   (apposition after the name)
    Sudan's Rapid Support Forces              -> SDN + MIL   (organisation: head word "Forces")

Each mention votes for a country and a sector; a candidate gets the most voted of each, its
mention and article counts, and up to three evidence sentences (those that gave the code
first). A bare surname counts for the full name it shortens in the same article.
"""

from __future__ import annotations

import copy
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from spacy.tokens import Doc, Span

from communique.actors import tables as actor_tables
from communique.actors.mentions import HONORIFICS
from communique.geo import Gazetteer
from communique.model import ActorCode
from communique.model.codes import state_sectors
from communique.nlp import load_nlp, load_tokenizer_pipeline

Kind = Literal["person", "organisation"]
MAX_EVIDENCE = 3
_MAX_PHRASE = 6  # tokens in the longest table phrase worth trying ("Democratic Republic of the Congo")
_MAX_SENTENCE_CHARS = 400

# Words that set the sector of the title they precede: "rebel commander", "army chief",
# "opposition leader", "government spokesman". The group nouns of the actors' title table
# (actors/data/titles.yaml: "army", "rebel", "government"...) are sector words already
# (`load_tables`); these are only the adjectives and nouns it does not hold.
SECTOR_WORDS: dict[str, str] = {
    "naval": "MIL", "defence": "MIL", "defense": "MIL", "presidential": "GOV", "state": "GOV",
    "party": "PTY", "ruling party": "PTY", "parliamentary": "LEG", "judicial": "JUD",
    "labour": "LAB", "labor": "LAB", "human rights": "HRI", "rights": "HRI", "church": "REL",
    "religious": "REL",
}

# Titles and occupations the actors' title table (actors/data/titles.yaml, the owner of a
# title's sector) does not hold: abbreviations and words too loose to resolve people by.
# None = the sector comes from a sector word or, with a country, defaults to government.
GENERIC_TITLES: dict[str, str | None] = {
    "head": None, "chairwoman": None, "chair": None, "director": None, "gen.": "MIL", "gen": "MIL",
    "lt. gen.": "MIL", "maj. gen.": "MIL", "col.": "MIL", "officer": None, "billionaire": "BUS",
    "activist": None, "archbishop": "REL", "pastor": "REL", "warlord": "UAF", "group": None,
    "movement": None, "faction": None,
}

# Modifiers that may sit between the country and the title; "former" makes the person an
# elite (CAMEO ELI) rather than a holder of the office.
MODIFIERS = {"former", "ex", "ex-", "new", "acting", "interim", "incoming", "outgoing", "veteran",
             "top", "senior", "deputy", "vice", "powerful", "then", "current", "longtime",
             "long-time", "influential", "prominent", "de", "facto", "self", "-", "self-styled",
             "self-declared", "exiled", "jailed", "detained", "slain", "late"}
FORMER = {"former", "ex", "ex-", "then"}

# Head words of organisation names and the sector they mean.
ORG_WORDS: dict[str, str] = {
    "forces": "MIL", "force": "MIL", "army": "MIL", "military": "MIL", "navy": "MIL",
    "police": "COP", "gendarmerie": "COP", "ministry": "GOV", "government": "GOV", "cabinet": "GOV",
    "presidency": "GOV", "party": "PTY", "court": "JUD", "parliament": "LEG", "assembly": "LEG",
    "senate": "LEG", "university": "EDU", "bank": "BUS", "company": "BUS",
    "corporation": "BUS", "corp": "BUS", "corp.": "BUS", "inc": "BUS", "inc.": "BUS", "ltd": "BUS",
    "airlines": "BUS", "militia": "UAF", "militias": "UAF", "brigade": "UAF", "brigades": "UAF",
    "liberation": "REB", "rebels": "REB", "insurgents": "INS", "mujahideen": "INS",
}

# Words that make up the names of generic bodies ("National Police", "Supreme Court").
GENERIC_ORG_WORDS = {"national", "federal", "supreme", "state", "civil", "central", "interior", "home",
                     "foreign", "defense", "defence", "justice", "finance", "department", "of", "the", "and",
                     "general", "high", "constitutional", "attorney", "office", "public", "security",
                     "armed", "special", "republican", "navy", "air", "border", "guard", "coast", "municipal",
                     "city", "council", "house", "representatives", "congress", "treasury", "prosecutor's",
                     "attorney's", "prosecutors", "agency", "service", "services", "administration",
                     "commission", "committee", "authority", "ministry", "secretariat", "&"}

# Titles too loose to place a person without a country or a sector word ("championship
# leader", "the company's chairman").
WEAK_TITLES = {"leader", "leaders", "chief", "head", "chairman", "chairwoman", "chair", "director", "officer",
               "official", "officials", "secretary", "spokesman", "spokeswoman", "spokesperson", "executive",
               "group", "movement", "faction", "general secretary", "secretary general"}

# Sectors of a state's offices: a titled person in them belongs to the country named around
# them (former holders, ELI, too). Rebels, parties, businesses... are left without a guessed
# country.
_STATE_SECTORS = state_sectors() | {"ELI"}

_POSSESSIVE = {"'s", "’s", "'", "’"}
_APPOSITION_END = {",", ".", ";", ":", ")", "—", "–", "said", "says", "told", "who", "and", "has",
                   "had", "was", "is", "will", "would", "on", "in", "at", "during"}
_NAME_PARTICLES = {"al", "el", "bin", "ibn", "de", "da", "van", "von", "der", "-"}
_NAME_RE = re.compile(r"^[A-Z\u00C0-\u024F]")


def _key(words: Iterable[str]) -> str:
    """Table key of a phrase: lowercase, no spaces, so "south african" and the tokens
    ["South", "African"] meet, whatever way spaCy cut hyphens and apostrophes."""
    return "".join(w.lower() for w in words).replace(" ", "").replace("’", "'")


@dataclass(frozen=True)
class ContextTables:
    """What the context patterns read. Keys are :func:`_key` forms."""

    demonyms: Mapping[str, str]  # "kenyan" -> KEN, "southafrican" -> ZAF
    countries: Mapping[str, str]  # "kenya" -> KEN, "ghana" -> GHA
    titles: Mapping[str, str | None]  # "foreignminister" -> GOV, "spokesman" -> None
    title_names: Mapping[str, str] = field(default_factory=dict)  # key -> vocabulary form ("Foreign Minister")
    sector_words: Mapping[str, str] = field(default_factory=dict)
    org_words: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, demonyms: Mapping[str, str], countries: Mapping[str, str],
              titles: Mapping[str, str | None], title_names: Mapping[str, str] | None = None,
              sector_words: Mapping[str, str] | None = None) -> ContextTables:
        """Tables from plain phrase -> code mappings ("Kenyan" -> KEN, "foreign minister" -> GOV);
        the generic titles and sector words fill in what the given ones lack.
        ``title_names``: phrase -> the vocabulary title a user-dictionary role may carry."""
        all_titles = {_key(t.split()): s for t, s in GENERIC_TITLES.items()}
        all_titles.update({_key(t.split()): s for t, s in titles.items()})
        words = {_key(w.split()): s for w, s in SECTOR_WORDS.items()}
        words.update({_key(w.split()): s for w, s in (sector_words or {}).items()})
        names = title_names if title_names is not None else {t: t for t in titles}
        return cls(
            demonyms={_key(d.split()): c for d, c in demonyms.items()},
            countries={_key(n.split()): c for n, c in countries.items()},
            titles=all_titles,
            title_names={_key(k.split()): v for k, v in names.items()},
            sector_words=words,
            org_words=dict(ORG_WORDS),
        )

    # -- phrase matching on lowercase token lists --------------------------------------------

    @staticmethod
    def _longest_ending(words: list[str], end: int, table: Mapping[str, Any]) -> int:
        for n in range(min(_MAX_PHRASE, end), 0, -1):
            if _key(words[end - n:end]) in table:
                return n
        return 0

    @staticmethod
    def _longest_starting(words: list[str], start: int, table: Mapping[str, Any]) -> int:
        for n in range(min(_MAX_PHRASE, len(words) - start), 0, -1):
            if _key(words[start:start + n]) in table:
                return n
        return 0

    def country_ending(self, words: list[str], end: int) -> tuple[int, str | None]:
        """A demonym ("Kenyan") or possessive country ("Kenya 's") ending at ``end``."""
        n = self._longest_ending(words, end, self.demonyms)
        if n:
            return n, self.demonyms[_key(words[end - n:end])]
        if end >= 2 and words[end - 1] in _POSSESSIVE:
            n = self._longest_ending(words, end - 1, self.countries)
            if n:
                return n + 1, self.countries[_key(words[end - 1 - n:end - 1])]
        return 0, None

    def country_starting(self, words: list[str], start: int) -> tuple[int, str | None]:
        n = self._longest_starting(words, start, self.demonyms)
        if n:
            return n, self.demonyms[_key(words[start:start + n])]
        n = self._longest_starting(words, start, self.countries)
        if n and start + n < len(words) and words[start + n] in _POSSESSIVE:
            return n + 1, self.countries[_key(words[start:start + n])]
        return 0, None


@dataclass
class Context:
    """What the words around one mention say about it."""

    country: str | None = None
    sector: str | None = None
    title: str | None = None  # as in the title vocabulary, when it is one
    phrase: str = ""  # the words that said it
    n: int = 0  # how many tokens next to the name they take

    @property
    def code(self) -> str | None:
        if not self.country and not self.sector:
            return None
        return str(ActorCode.of(self.country, [self.sector] if self.sector else []))


class _Descriptor:
    """Accumulates a run of modifiers, sector words and titles read in either direction."""

    def __init__(self) -> None:
        self.titles: list[tuple[str, str | None]] = []  # (key, sector), reading order
        self.sector_word: str | None = None
        self.former = False

    def weak(self, tables: ContextTables) -> bool:
        """Only loose titles and nothing that names a sector: "leader", "the chairman"."""
        return not self.former and self.sector_word is None and all(
            k in {_key(w.split()) for w in WEAK_TITLES} for k, _ in self.titles)

    def sector(self, has_country: bool) -> str | None:
        if self.former:
            return "ELI"
        if self.sector_word:
            return self.sector_word
        # The longest title is the most specific one ("army chief" over "General").
        best = max(self.titles, key=lambda t: (len(t[0]), t[1] is not None), default=None)
        sector = best[1] if best and best[1] else next((s for _, s in self.titles if s), None)
        if sector is None and self.titles and has_country:
            sector = "GOV"  # "the Kenyan spokesman": a country's unnamed officials are its government
        return sector


def _title_name(tables: ContextTables, desc: _Descriptor) -> str | None:
    if desc.former:
        return None
    for key, _ in sorted(desc.titles, key=lambda t: -len(t[0])):
        if key in tables.title_names:
            return tables.title_names[key]
    return None


def left_context(tables: ContextTables, words: list[str], proper: list[bool] | None = None) -> Context | None:
    """Context from the words before a name (lowercase tokens, nearest last). ``proper`` flags
    the words that are capitalized mid-sentence (names)."""
    i = len(words)
    if i and words[i - 1] == ",":
        i -= 1  # "Ghana's foreign minister, Jane Doe"
    desc = _Descriptor()
    while i > 0:
        n = ContextTables._longest_ending(words, i, tables.titles)
        if n:
            desc.titles.insert(0, (_key(words[i - n:i]), tables.titles[_key(words[i - n:i])]))
            i -= n
            continue
        n = ContextTables._longest_ending(words, i, tables.sector_words)
        if n and desc.titles:
            desc.sector_word = desc.sector_word or tables.sector_words[_key(words[i - n:i])]
            i -= n
            continue
        if words[i - 1] in MODIFIERS and desc.titles:
            desc.former = desc.former or words[i - 1] in FORMER
            i -= 1
            continue
        break
    if not desc.titles:
        return None
    start = i
    n, country = tables.country_ending(words, i)
    if n:
        start = i - n
        # "Kenya's former president": modifiers may also sit before the country.
        while start > 0 and words[start - 1] in MODIFIERS:
            desc.former = desc.former or words[start - 1] in FORMER
            start -= 1
    elif proper and i > 0 and proper[i - 1]:
        return None  # "Odebrecht President Marcelo Odebrecht": the officer of some named body
    if country is None and desc.weak(tables):
        return None
    sector = desc.sector(country is not None)
    if not country and not sector:
        return None
    return Context(country, sector, _title_name(tables, desc), " ".join(words[start:]), len(words) - start)


def right_context(tables: ContextTables, words: list[str]) -> Context | None:
    """Context from an apposition after a name: ", Ghana's foreign minister," (words after the name)."""
    if not words or words[0] != ",":
        return None
    j = 1
    if j < len(words) and words[j] in {"the", "a", "an"}:
        j += 1
    desc = _Descriptor()
    country: str | None = None
    while j < len(words):
        n = ContextTables._longest_starting(words, j, tables.titles)
        if n:
            desc.titles.append((_key(words[j:j + n]), tables.titles[_key(words[j:j + n])]))
            j += n
            # "president of Kenya", "head of Sudan's army"
            if j + 1 < len(words) and words[j] == "of" and country is None:
                k = j + 1 + (words[j + 1] == "the")
                m, c = tables.country_starting(words, k)
                if not m:
                    m = ContextTables._longest_starting(words, k, tables.countries)
                    c = tables.countries.get(_key(words[k:k + m])) if m else None
                if m:
                    country, j = c, k + m
            continue
        if country is None and not desc.titles:
            n, c = tables.country_starting(words, j)
            if n:
                country, j = c, j + n
                continue
        n = ContextTables._longest_starting(words, j, tables.sector_words)
        if n:
            desc.sector_word = tables.sector_words[_key(words[j:j + n])]
            j += n
            continue
        if words[j] in MODIFIERS:
            desc.former = desc.former or words[j] in FORMER
            j += 1
            continue
        break
    # The description must end the apposition, else the name is not what it describes
    # ("Jane Doe, Ghana's foreign minister's aide").
    if not desc.titles or (j < len(words) and words[j] not in _APPOSITION_END):
        return None
    if country is None and desc.weak(tables):
        return None
    sector = desc.sector(country is not None)
    if not country and not sector:
        return None
    return Context(country, sector, _title_name(tables, desc), " ".join(words[:j]), j)


def org_context(tables: ContextTables, name_words: list[str], before: list[str]) -> Context | None:
    """An organisation's country from a demonym or possessive before it or a country in its
    name ("Kenya Defence Forces"); its sector from the words of its name."""
    n, country = tables.country_ending(before, len(before))
    if not n:
        for k in range(len(name_words)):
            m, c = tables.country_starting(name_words, k)
            if not m:
                m = ContextTables._longest_starting(name_words, k, tables.countries)
                c = tables.countries.get(_key(name_words[k:k + m])) if m else None
            if m:
                country = c
                break
    sector = None
    for w in reversed(name_words):  # the head word is last: "Rapid Support Forces"
        if w in tables.org_words:
            sector = tables.org_words[w]
            break
    if not country and not sector:
        return None
    return Context(country, sector, None, " ".join(before[len(before) - n:] + name_words), n)


def load_tables() -> ContextTables:
    """The context tables from the actors package's data: country names and aliases,
    demonyms, person titles (with their sectors and vocabulary names) and group nouns as
    sector words ("army" in "army chief")."""
    countries = {c.name: iso3 for iso3, c in actor_tables.load_countries().items()}
    for iso3, aliases in actor_tables.load_country_aliases().items():
        for alias in aliases:
            countries.setdefault(alias, iso3)
    demonyms = {adj: iso3 for iso3, (adjs, _) in actor_tables.load_demonyms().items() for adj in adjs}
    titles: dict[str, str | None] = {}
    title_names: dict[str, str] = {}
    sector_words: dict[str, str] = {}
    for title in actor_tables.load_titles():
        for form in [title.title, *title.forms]:
            if title.kind == "person":
                titles.setdefault(form, title.sector)
                title_names.setdefault(form, title.title)
            else:
                sector_words.setdefault(form, title.sector)
    return ContextTables.build(demonyms, countries, titles, title_names, sector_words)


# ---------------------------------------------------------------------------- candidates


@dataclass
class Suggestion:
    name: str
    kind: Kind
    code: str | None
    country: str | None
    sector: str | None
    title: str | None
    mentions: int
    articles: int
    evidence: list[str]
    surnames: list[str] = field(default_factory=list)
    gender: str | None = None
    context: str = ""  # the words that gave the code, most voted

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Candidate:
    name: str
    kind: Kind
    mentions: int = 0
    article_ids: set[str] = field(default_factory=set)
    countries: Counter = field(default_factory=Counter)
    sectors: Counter = field(default_factory=Counter)
    titles: Counter = field(default_factory=Counter)
    phrases: Counter = field(default_factory=Counter)
    evidence: list[tuple[int, int, str]] = field(default_factory=list)  # (no context, order, sentence)
    surnames: set[str] = field(default_factory=set)
    pronouns: Counter = field(default_factory=Counter)
    article_countries: Counter = field(default_factory=Counter)  # countries named near context with none

    def merge(self, other: _Candidate) -> None:
        self.mentions += other.mentions
        self.article_ids |= other.article_ids
        for mine, theirs in ((self.countries, other.countries), (self.sectors, other.sectors),
                             (self.titles, other.titles), (self.phrases, other.phrases),
                             (self.pronouns, other.pronouns),
                             (self.article_countries, other.article_countries)):
            mine.update(theirs)
        self.evidence += other.evidence
        self.surnames |= other.surnames | ({other.name} if " " not in other.name else set())


_MALE = {"he", "him", "his", "himself"}
_FEMALE = {"she", "her", "hers", "herself"}


def _pronouns(ent: Span, next_sent: Span | None, stop: int) -> Counter:
    # The first he/she after a name, before any other name, usually refers to it; so does
    # a next sentence that opens with one. Enough to guess the gender a user then checks.
    c: Counter = Counter()
    for t in ent.doc[ent.end:stop]:
        if t.lower_ in _MALE or t.lower_ in _FEMALE:
            c["m" if t.lower_ in _MALE else "f"] += 1
            break
    if next_sent is not None and len(next_sent) and next_sent[0].lower_ in _MALE | _FEMALE:
        c["m" if next_sent[0].lower_ in _MALE else "f"] += 1
    return c


def _surface(tokens: list) -> str:
    return "".join(t.text_with_ws for t in tokens).strip(" ,")


def _clean_sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_SENTENCE_CHARS else text[:_MAX_SENTENCE_CHARS - 1] + "…"


class Suggester:
    """Collects candidates over articles; :meth:`results` ranks them.

    ``known(name, kind)`` says whether the knowledge base (or the user dictionary) already
    resolves a name; those are never suggested.
    """

    def __init__(self, tables: ContextTables, known: Callable[[str, Kind], bool] = lambda n, k: False,
                 is_place: Callable[[str], bool] | None = None) -> None:
        self.tables = tables
        self.known = known
        self.is_place = is_place
        self.max_candidates = 200_000
        self.pruned = 0  # times names seen once were forgotten
        self.candidates: dict[tuple[Kind, str], _Candidate] = {}
        self._order = 0
        self._known_cache: dict[tuple[str, Kind], bool] = {}

    def _is_known(self, name: str, kind: Kind) -> bool:
        key = (name, kind)
        if key not in self._known_cache:
            forms = [name]
            words = name.split()
            n, _ = self.tables.country_starting([w.lower() for w in words], 0)
            m = ContextTables._longest_starting([w.lower() for w in words], 0, self.tables.countries)
            for k in (n, m):
                if 0 < k < len(words):
                    forms.append(" ".join(words[k:]))  # "US State Department" is the "State Department"
            self._known_cache[key] = any(self.known(f, kind) for f in forms)
        return self._known_cache[key]

    def _generic(self, name: str) -> bool:
        t = self.tables
        for w in name.replace("-", " ").split():
            k = _key([w])
            if not (k in t.titles or k in t.sector_words or k in t.org_words or k in t.countries
                    or k in t.demonyms or k in GENERIC_ORG_WORDS or k.rstrip("s") in t.sector_words):
                return False
        return True

    # -- one article ---------------------------------------------------------------------------

    def add_doc(self, doc: Doc, article_id: str) -> None:
        """``doc``: the article with sentence boundaries and entities set."""
        found: list[tuple[Kind, str, Context | None, str, Counter, str | None]] = []
        sents = list(doc.sents)
        for si, sent in enumerate(sents):
            next_sent = sents[si + 1] if si + 1 < len(sents) else None
            spans: list[Span] = [e for e in sent.ents if e.label_ in ("PERSON", "ORG")]
            # The small model misses some names ("... president Thabo Mbeki" tagged as a place);
            # a title right before a capitalized run is as good a sign of a person.
            spans += self._titled_runs(sent, spans)
            spans.sort(key=lambda e: e.start)
            for k, ent in enumerate(spans):
                mention = self._mention(ent, sent)
                if mention is None:
                    continue
                kind, name, ctx = mention
                stop = next((e.start for e in spans[k + 1:] if e.label_ == "PERSON"), sent.end)
                pron = _pronouns(ent, next_sent, stop)
                near = None
                if kind == "person" and ctx is not None and ctx.country is None and ctx.sector in _STATE_SECTORS:
                    near = self._nearby_country(sents, si)
                found.append((kind, name, ctx, _clean_sentence(sent.text), pron, near))
        # Within an article a bare "Ruto" is the "William Ruto" it already named.
        full_by_last: dict[str, set[str]] = defaultdict(set)
        for kind, name, *_ in found:
            if kind == "person" and " " in name:
                full_by_last[name.split()[-1].casefold()].add(name)
        for kind, name, ctx, sentence, pron, near in found:
            surname = None
            # (the small model often tags such a bare surname ORG: "Wekesa said ...")
            if " " not in name and not name.isupper() and len(full_by_last.get(name.casefold(), ())) == 1:
                surname, name, kind = name, next(iter(full_by_last[name.casefold()])), "person"
            cand = self.candidates.setdefault((kind, name.casefold()), _Candidate(name, kind))
            cand.mentions += 1
            cand.article_ids.add(article_id)
            if surname:
                cand.surnames.add(surname)
            self._order += 1
            if ctx is not None:
                if ctx.country:
                    cand.countries[ctx.country] += 1
                elif near and kind == "person":
                    # "President Nayib Bukele" says no country; the one country named around it is a fair guess
                    cand.article_countries[near] += 1
                if ctx.sector:
                    cand.sectors[ctx.sector] += 1
                if ctx.title:
                    cand.titles[ctx.title] += 1
                cand.phrases[ctx.phrase] += 1
            if not any(e[2] == sentence for e in cand.evidence):
                cand.evidence.append((0 if ctx else 1, self._order, sentence))
                # Keep the few best so memory stays flat over a big store.
                cand.evidence.sort()
                del cand.evidence[MAX_EVIDENCE:]
            cand.pronouns.update(pron)
        if len(self.candidates) > self.max_candidates:
            # A big store names millions once; forgetting those keeps memory flat at the cost of
            # undercounting a name by one when it comes back after the cut.
            self.candidates = {k: c for k, c in self.candidates.items() if c.mentions > 1}
            self.pruned += 1

    def _countries_in(self, sent: Span) -> set[str]:
        """Countries a sentence names, by name or demonym."""
        found: set[str] = set()
        words = [t.lower_ for t in sent]
        for i, tok in enumerate(sent):
            if not tok.is_title and not tok.is_upper:
                continue
            n, country = self.tables.country_starting(words, i)
            if not n:
                m = ContextTables._longest_starting(words, i, self.tables.countries)
                country = self.tables.countries.get(_key(words[i:i + m])) if m else None
            if country:
                found.add(country)
        return found

    def _nearby_country(self, sents: list[Span], si: int) -> str | None:
        """The one country named in the sentence, else in the one before; None when several are."""
        here = self._countries_in(sents[si])
        if not here and si > 0:
            here = self._countries_in(sents[si - 1])
        return next(iter(here)) if len(here) == 1 else None

    def _titled_runs(self, sent: Span, taken: list[Span]) -> list[Span]:
        covered = {i for e in taken for i in range(e.start, e.end)}
        runs: list[Span] = []
        i = sent.start
        while i < sent.end:
            if i in covered or not sent.doc[i].is_title:
                i += 1
                continue
            j = i
            while j < sent.end and j not in covered and (
                    sent.doc[j].is_title or (sent.doc[j].lower_ in _NAME_PARTICLES and j + 1 < sent.end
                                              and (sent.doc[j + 1].is_title or sent.doc[j + 1].text == "-"))):
                j += 1
            run = Span(sent.doc, i, j, label="PERSON")
            i = j
            probe = self._mention(run, sent)
            if probe is None or probe[2] is None or " " not in probe[1] or len(probe[1].split()) > 4:
                continue
            _, name, ctx = probe
            if ctx.title is None and ctx.sector is None:
                continue
            runs.append(run)
        return runs

    def _mention(self, ent: Span, sent: Span) -> tuple[Kind, str, Context | None] | None:
        kind: Kind = "person" if ent.label_ == "PERSON" else "organisation"
        toks = list(ent)
        if any(tk.text == "(" for tk in toks):  # "Armed Forces of X (Fuerzas ...": keep the English part
            toks = toks[:next(k for k, tk in enumerate(toks) if tk.text == "(")]
        while toks and (toks[-1].is_punct or toks[-1].lower_ in _POSSESSIVE):
            toks.pop()
        while toks and (toks[0].lower_ == "the" or toks[0].is_punct):
            toks.pop(0)
        lead: list[str] = []
        lead_toks: list = []
        if kind == "person":
            # spaCy sometimes keeps the title inside the name: "President William Ruto".
            while len(toks) > 1:
                w = toks[0].lower_
                n = ContextTables._longest_starting([t.lower_ for t in toks[:-1]], 0, self.tables.titles)
                if n:
                    lead += [t.lower_ for t in toks[:n]]
                    lead_toks += toks[:n]
                    toks = toks[n:]
                elif w in HONORIFICS or w in MODIFIERS or _key([w]) in self.tables.demonyms:
                    lead.append(w)
                    lead_toks.append(toks[0])
                    toks = toks[1:]
                else:
                    break
        if not toks:
            return None
        doc = ent.doc
        name = " ".join(doc[toks[0].i:toks[-1].i + 1].text.split()).replace("’", "'")
        if not _NAME_RE.match(name) or not any(c.isalpha() for c in name) or any(c.isdigit() for c in name) and kind == "person":
            return None
        key = _key(name.split())
        t = self.tables
        if key in t.countries or key in t.demonyms or key in t.titles or name.casefold() in HONORIFICS:
            return None
        if kind == "organisation" and self._generic(name):
            return None  # "the Federal Police", "Supreme Court": a body of whichever country, not a name
        if kind == "person" and (name.isupper() or len(name) < 3):
            return None  # acronyms tagged PERSON are noise
        if kind == "person" and (" - " in name or name.split()[-1].isupper()):
            return None  # "Comando da Capital - PCC": an organisation's name cut by the tagger
        if len(name.split()) > 1 and sum(w.isupper() for w in name.split()) > 1 or "\n" in ent.text:
            return None  # headline or sports-table shouting ("CRICKET - ENGLAND V PAKISTAN")
        before = [tk.lower_ for tk in doc[sent.start:ent.start]] + lead
        after = [tk.lower_ for tk in doc[toks[-1].i + 1:sent.end]]
        before_toks = list(doc[sent.start:ent.start]) + lead_toks
        after_toks = list(doc[toks[-1].i + 1:sent.end])
        ctx: Context | None = None
        if kind == "person":
            proper = [tk.is_title and tk.i > sent.start and tk.lower_ not in t.titles for tk in before_toks]
            ctx = left_context(t, before, proper)
            if ctx is not None:
                ctx.phrase = _surface(before_toks[len(before_toks) - ctx.n:])
        else:
            ctx = org_context(t, [tk.lower_ for tk in toks], before[:len(before) - len(lead)])
            if ctx is not None:
                ctx.phrase = _surface(before_toks[len(before_toks) - ctx.n:] + toks)
        if ctx is None:
            ctx = right_context(t, after)
            if ctx is not None:
                ctx.phrase = _surface(after_toks[:ctx.n])
        return kind, name, ctx

    # -- ranking -------------------------------------------------------------------------------

    def results(self, min_count: int = 2, limit: int | None = None, include_uncoded: bool = False) -> list[Suggestion]:
        cands = copy.deepcopy(self.candidates)  # merging below must not change what later calls see
        # Across articles a bare surname joins the one full name that ends with it.
        full_by_last: dict[str, list[tuple[Kind, str]]] = defaultdict(list)
        for (kind, key), c in cands.items():
            if kind == "person" and " " in c.name:
                full_by_last[c.name.split()[-1].casefold()].append((kind, key))
        for (kind, key), c in list(cands.items()):
            if kind == "person" and " " not in c.name and len(full_by_last.get(key, [])) == 1:
                cands[full_by_last[key][0]].merge(c)
                del cands[(kind, key)]
        out: list[Suggestion] = []
        for c in cands.values():
            if c.mentions < min_count or self._is_known(c.name, c.kind):
                continue
            if " " not in c.name and (c.kind == "person" and not c.countries and not c.sectors
                                      or self.is_place is not None and self.is_place(c.name)):
                continue  # a lone word: a person worth adding needs a context, and places are not actors
            country = c.countries.most_common(1)[0][0] if c.countries else None
            from_articles = country is None and bool(c.article_countries)
            if from_articles:
                country = c.article_countries.most_common(1)[0][0]
            sector = c.sectors.most_common(1)[0][0] if c.sectors else None
            code = str(ActorCode.of(country, [sector] if sector else [])) or None
            if code is None and not include_uncoded:
                continue
            if c.kind == "person" and sector is None and code is not None:
                sector = "GOV"  # placed by a demonym and a sector-less title: its officials
                code = str(ActorCode.of(country, [sector]))
            gender = None
            m, f = c.pronouns["m"], c.pronouns["f"]
            if m > 3 * f:
                gender = "m"
            elif f > 3 * m:
                gender = "f"
            surnames = sorted(s for s in c.surnames if not self._is_known(s, c.kind))
            out.append(Suggestion(
                name=c.name, kind=c.kind, code=code, country=country, sector=sector,
                title=c.titles.most_common(1)[0][0] if c.titles else None,
                mentions=c.mentions, articles=len(c.article_ids),
                evidence=[e[2] for e in sorted(c.evidence)[:MAX_EVIDENCE]],
                surnames=surnames, gender=gender if c.kind == "person" else None,
                context=(c.phrases.most_common(1)[0][0] if c.phrases else "")
                + ("; country: the one named around it" if from_articles else ""),
            ))
        out.sort(key=lambda s: (-s.mentions, -s.articles, s.code is None, s.name.casefold()))
        return out[:limit] if limit else out


# ---------------------------------------------------------------------------- running it


def known_in(kb: Any) -> Callable[[str, Kind], bool]:
    """``known`` for :class:`Suggester` from a KnowledgeBase: any name its index holds (person
    by name, alias or surname; organisation, IGO, country, capital, metonym)."""
    index = kb.names

    def known(name: str, kind: Kind) -> bool:
        for form in {name, name.removeprefix("the "), name.replace("'", "’")}:
            entry = index.get(form)
            if entry is not None and getattr(entry, "kind", "") != "title":
                return True
        return False

    return known


def annotate(texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Sentences and entities for each text: the tokenizer pipeline's sentencizer plus the NER
    of the full model, skipping the tagger and parser the suggestions do not need."""
    ner = load_nlp(ner=True).get_pipe("ner")
    yield from ner.pipe(load_tokenizer_pipeline(ner=True).pipe(texts, batch_size=batch_size), batch_size=batch_size)


def place_names() -> Callable[[str], bool]:
    """Whether a name is a place in the packaged gazetteer."""
    gaz = Gazetteer.load()
    return lambda name: gaz.lookup(name) is not None


def suggest(articles: Iterable[tuple[str, str]], tables: ContextTables,
            known: Callable[[str, Kind], bool] = lambda n, k: False, min_count: int = 2,
            limit: int | None = None, include_uncoded: bool = False, batch_size: int = 32,
            is_place: Callable[[str], bool] | None = None) -> list[Suggestion]:
    """``articles``: (article id, text) pairs, consumed lazily (wrap them in a progress bar)."""
    s = Suggester(tables, known, is_place)
    ids: list[str] = []

    def texts() -> Iterator[str]:
        for aid, text in articles:
            ids.append(aid)
            yield text or ""

    for i, doc in enumerate(annotate(texts(), batch_size=batch_size)):
        s.add_doc(doc, ids[i])
    return s.results(min_count=min_count, limit=limit, include_uncoded=include_uncoded)
