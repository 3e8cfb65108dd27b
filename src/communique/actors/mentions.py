"""Mentions as the resolver builds them: a sentence's tokens, the pieces matched in it
(names, titles, glue words) and the chunks they form, with the word lists and the pure rules
that decide how pieces join.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from communique.actors.kb import Entry
from communique.actors.names import is_shouting, norm
from communique.actors.tables import Title

COUNTRYISH = frozenset({"country", "demonym", "people", "capital", "metonym", "anaphor", "region"})

# "the country", "the nation": the country named last.
COUNTRY_NOUNS = frozenset({"country", "nation", "kingdom", "republic"})

DETERMINERS = frozenset({"the", "a", "an"})

# Words that may sit inside a mention without changing who it is.
FILLERS = frozenset(
    "top senior former new acting deputy interim outgoing incoming visiting current veteran "
    "then-president longtime long-time powerful embattled hardline influential".split()
)

# Courtesy titles before a name, with the gender they say (None: either); they say nothing
# about the sector. The resolver and the curation tools read this one table.
HONORIFICS = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f",
              "dr": None, "dr.": None, "sir": "m", "madam": "f", "sheikh": "m", "dame": "f",
              "prof": None, "prof.": None, "professor": None, "lord": "m", "lady": "f", "mister": "m"}

# Title words that say their holder's gender ("the Queen", "the chairwoman"); the rest,
# "-man" words included ("chairman" is said of women too), say nothing.
GENDERED_TITLES = {"queen": "f", "empress": "f", "princess": "f", "duchess": "f", "chairwoman": "f",
                   "spokeswoman": "f", "businesswoman": "f", "congresswoman": "f", "king": "m",
                   "emperor": "m", "prince": "m", "duke": "m", "sultan": "m", "emir": "m", "amir": "m"}

POSSESSIVE = frozenset({"'s", "'"})

# Lower-case words inside names ("bin Salman", "von der Leyen", "da Silva").
NAME_PARTICLES = frozenset("bin bint ibn al el de da del della di dos das du van von der den le la".split())

# Words that make a capitalised run a place, body or event, not a person ("Major League
# Baseball", "Prince William Sound").
NOT_PERSON_WORDS = frozenset(
    "league party union council committee association front movement army force forces group "
    "bank company corporation inc ltd plc university college sound bay river island islands "
    "street square airport hotel hospital church mosque school stadium cup championship open "
    "games baseball football club city county province state republic kingdom ministry "
    "department agency service office court tribunal commission assembly parliament senate "
    "congress airlines airways news times post press television radio foundation institute "
    "center centre museum park bridge road port harbor harbour district region valley mountains "
    "brigade brigades battalion division corps navy guard guards police federation alliance "
    "organization organisation fund program programme project exchange market index".split()
)

NOT_NAMES = frozenset(
    "the a an on in at of for to with and or but as by from said says say told has have had "
    "was were is are will would on monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december "
    "today yesterday tomorrow this that these those it he she they we i you".split()
)

# Title words that are often adjectives ("an official visit", "military aid").
ADJECTIVE_TITLES = frozenset(
    "official military chief executive general press civilian police court state media "
    "business opposition rebel militant intelligence".split()
)

REPORT_VERBS = frozenset(
    "said says told added stated noted warned announced confirmed denied claimed reported "
    "has have had was were is are will would".split()
)

# Words a headline in title case leaves in lower case.
MINOR_WORDS = frozenset("a an the of in on at to for and or but by with as from into over vs".split())

LED = frozenset({"led", "based", "run", "owned", "controlled", "commanded"})


@dataclass(slots=True)
class Learned:
    """A person the KB lacks, learned from "Kenyan President William Ruto"."""

    name: str
    country: str | None
    sectors: list[str]
    code: str
    classes: list[str]
    gender: str | None = None


@dataclass(slots=True)
class Piece:
    start: int
    end: int
    kind: str  # entry | title | name | poss | filler | det | honorific
    entry: Entry | None = None
    title: Title | None = None
    learned: Learned | None = None
    det: str | None = None


@dataclass(slots=True)
class Chunk:
    start: int
    end: int
    pieces: list[Piece] = field(default_factory=list)
    gender: str | None = None

    def of(self, kind: str) -> list[Piece]:
        return [p for p in self.pieces if p.kind == kind]

    @property
    def content(self) -> list[Piece]:
        return [p for p in self.pieces if p.kind in ("entry", "title", "name")]


def joins(cur: Chunk, piece: Piece) -> bool:
    """Whether a piece continues the mention being built."""
    content = cur.content
    if not content:
        return True
    if cur.pieces[-1].kind == "of":
        return piece.kind == "entry" and piece.entry.kind in COUNTRYISH | {"igo", "group"}
    kinds = {p.entry.kind for p in content if p.kind == "entry"}
    has_person = "person" in kinds or any(p.kind == "name" for p in content)
    last = content[-1]
    if piece.kind == "title":
        if has_person:
            return piece.title.kind == "group"  # "Modi government"
        return True
    if piece.kind == "name":
        return "person" not in kinds and last.kind in ("title", "name")
    e = piece.entry
    if e.kind == "person":
        return not has_person and not kinds & {"igo", "group"} or last.kind == "title"
    if has_person:
        return False
    if e.kind in ("igo", "group"):
        return not kinds & {"igo", "group"} and last.kind != "title"
    return False  # a second place starts a new mention: "Russian-Indian", "Russia India"


def title_gender(s: Sentence, c: Chunk) -> str | None:
    """The gender a phrase's title words say ("the Queen": f), else None."""
    for p in c.pieces:
        if p.kind == "title":
            for low in s.lowers[p.start:p.end]:
                if low in GENDERED_TITLES:
                    return GENDERED_TITLES[low]
    return None


def determiner(c: Chunk) -> str | None:
    first = c.pieces[0]
    return first.det if first.kind == "det" else None


def punct_between(s: Sentence, a: Chunk, b: Chunk) -> bool:
    """Apposition partners sit side by side: "X, the minister" / "X -- the minister"."""
    lo, hi = (a.end, b.start) if a.start < b.start else (b.end, a.start)
    between = s.lowers[lo:hi]
    return 0 < len(between) <= 2 and all(not any(ch.isalnum() for ch in w) for w in between)

# Person titles that take their sector from the body before them ("army spokesman" = MIL).
GENERIC_CLASSES = frozenset({"spokesperson", "official", "adviser", "officer", "chief", "leader"})
# groups outside the state: "rebel military leader" leads rebels, not the army
_NON_STATE = frozenset({"REB", "UAF", "CRM", "SEP", "OPP", "PTY"})


def title_pieces(c: Chunk) -> list[Piece]:
    return [p for p in c.content if p.kind == "title"]


def sector_from(titles: list[Piece]) -> str | None:
    if not titles:
        return None
    last = titles[-1].title
    if last.classes and last.classes[0] in GENERIC_CLASSES:
        # "union leader" = LAB, "army spokesman" = MIL: the group the person speaks for
        groups = [p.title.sector for p in reversed(titles[:-1]) if p.title.kind == "group"]
        if groups:
            return next((g for g in groups if g in _NON_STATE), groups[0])
    if last.sector == "REB" and any(p.title.sector == "MIL" for p in titles[:-1]):
        return "MIL"  # "US Air Force F-15 fighters", "navy gunmen": a state's forces
    return last.sector


def share_titles(s: Sentence, chunks: list[Chunk]) -> None:
    """"Indian and Pakistani troops": the first demonym gets the troops too."""
    for a, b in reversed(list(zip(chunks, chunks[1:]))):  # right to left: "A, B and C troops"
        between = s.lowers[a.end:b.start]
        if between not in (["and"], [","], [",", "and"], ["or"]):
            continue
        ac, bc = a.content, b.content
        if len(ac) != 1 or ac[0].kind != "entry" or ac[0].entry.kind not in ("demonym", "country"):
            continue
        if between == [","] and any(p.kind == "det" for p in b.pieces):
            continue  # "in eastern Chad, the Libyan news agency reported": no list of modifiers
        if len(bc) == 2 and bc[0].kind == "entry" and bc[0].entry.kind in ("demonym", "country") \
                and bc[1].kind == "title":
            a.pieces.append(bc[1])


def head_title_before_names(c: Chunk) -> bool:
    """A title then an unknown name, and nothing that gives a country."""
    content = c.content
    return any(p.kind == "title" and p.title.kind == "person" for p in content) and not any(
        p.kind == "entry" for p in content)


def takes_of(c: Chunk) -> bool:
    content = c.content
    return bool(content) and content[-1].kind == "title" and all(p.kind == "title" for p in content)


def heading_title(c: Chunk) -> Title | None:
    """The title a phrase is headed by: its last word, or the one before "of"."""
    content = c.content
    if not content:
        return None
    if content[-1].kind == "title":
        return content[-1].title
    if any(p.kind == "of" for p in c.pieces):
        titles = [p for p in content if p.kind == "title"]
        return titles[-1].title if titles else None
    return None


def titled(c: Chunk) -> bool:
    content = c.content
    head = heading_title(c)
    return (
        head is not None
        and head.kind == "person"
        and not any(p.kind == "name" or (p.kind == "entry" and p.entry.kind == "person") for p in content)
    )


def named(c: Chunk) -> bool:
    content = c.content
    return bool(content) and all(
        p.kind == "name" or (p.kind == "entry" and p.entry.kind == "person") for p in content
    )


class Sentence:
    """Token views computed once per sentence."""

    __slots__ = ("doc", "tokens", "texts", "lowers", "index", "offset", "tagged", "parsed", "shouting",
                 "titlecase")

    def __init__(self, doc: Doc, tokens: Sequence[Token], index: int, offset: int) -> None:
        self.doc = doc
        self.tokens = tokens
        self.texts = [t.text for t in tokens]
        self.lowers = [norm(t) for t in self.texts]
        self.index = index
        self.offset = offset
        self.tagged = doc.has_annotation("TAG")
        self.parsed = doc.has_annotation("DEP")
        self.shouting = is_shouting(self.texts)
        words = [t for t in self.texts if t[:1].isalpha() and t.lower() not in MINOR_WORDS]
        self.titlecase = len(words) >= 3 and all(w[0].isupper() for w in words)

    def dep(self, i: int) -> str:
        return self.tokens[i].dep_ if self.parsed else ""
