"""Reading a sentence into mentions: the pieces matched in it (KB names, names learned in the
article, titles, a dateline), the chunks they form left to right, and the units a title phrase
and the name it describes make together ("India's External Affairs Minister, Subrahmanyam
Jaishankar"). Works on tokenizer-only sentences; a parse, when there is one, only sharpens it
(PROPN tags for unknown names, appositions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from communique.actors.kb import Entry, KnowledgeBase
from communique.actors.mentions import (
    ADJECTIVE_TITLES,
    COUNTRYISH,
    COUNTRY_NOUNS,
    Chunk,
    DETERMINERS,
    FILLERS,
    HONORIFICS,
    LED,
    NAME_PARTICLES,
    NOT_NAMES,
    NOT_PERSON_WORDS,
    POSSESSIVE,
    Piece,
    REPORT_VERBS,
    Sentence,
    head_title_before_names,
    joins,
    named,
    punct_between,
    share_titles,
    takes_of,
    titled,
)
from communique.actors.state import ArticleState

_DATELINE_MARKS = frozenset({"(", "-", "--", "\u2014", "\u2013", ":"})
# Words that open a chunk without being a piece ("the" of "the Kenyan president", "Mr" ...).
_OPENERS = DETERMINERS | FILLERS | frozenset(HONORIFICS)

# token index -> the piece starting there
Pieces = dict[int, Piece]


@dataclass(slots=True)
class Unit:
    """One mention: a chunk, or a title phrase and the name it describes, in reading order."""

    chunks: list[Chunk]

    @property
    def start(self) -> int:
        return min(c.start for c in self.chunks)

    @property
    def end(self) -> int:
        return max(c.end for c in self.chunks)

    @property
    def appositive(self) -> bool:
        return len(self.chunks) > 1

    def token_indices(self) -> list[int]:
        return [i for c in self.chunks for i in range(c.start, c.end)]

    def chunk(self) -> Chunk:
        """The unit as one chunk: its own, or the pieces of both partners in order."""
        if len(self.chunks) == 1:
            return self.chunks[0]
        return Chunk(self.start, self.end,
                     sorted((p for c in self.chunks for p in c.pieces), key=lambda p: p.start),
                     gender=next((c.gender for c in self.chunks if c.gender), None))


class NameRun(NamedTuple):
    """Tokens ``start:end`` read as the name of a person nobody knows ("Juan Guerrero")."""

    start: int
    end: int


def plural(s: Sentence, piece: Piece) -> bool:
    """Whether the word ending a piece is plural ("officials", "troops")."""
    tok = s.tokens[piece.end - 1]
    if s.tagged:
        return tok.tag_ in ("NNS", "NNPS")
    low = s.lowers[piece.end - 1]
    return low.endswith("s") and not low.endswith(("ss", "us", "is"))


class Chunker:
    """Cuts one article's sentences into mentions; reads and writes the article's state
    (the date decides imported names, learned names and surnames met are pieces, and the
    first dateline's country is kept)."""

    def __init__(self, kb: KnowledgeBase, state: ArticleState) -> None:
        self.kb = kb
        self.state = state

    def units(self, s: Sentence) -> list[Unit]:
        """The sentence's mentions in order."""
        pieces = self.pieces(s)
        self.dateline(s, pieces)
        chunks = self.chunks(s, pieces)
        share_titles(s, chunks)
        return self.join_appositions(s, chunks)

    # -- pieces: names, titles and the words that glue them ----------------------------------------

    def pieces(self, s: Sentence) -> Pieces:
        kb = self.kb
        out: Pieces = {}
        i = 0
        n = len(s.tokens)
        # Where a piece may start: a name's or a title's first word, "the" (of "the country"),
        # a capital (a name learned here) or an inner hyphen ("U.S.-led"). Every branch below
        # finds nothing elsewhere, and most words are none of these.
        names, titles = kb.names.starts(s.lowers), kb.title_index.starts(s.lowers)
        may_start = [name or title or low == "the" or text[:1].isupper() or "-" in text[1:]
                     for name, title, low, text in zip(names, titles, s.lowers, s.texts, strict=True)]
        while i < n:
            if not may_start[i]:
                i += 1
                continue
            best: Piece | None = None
            hit = kb.names.match_at(s.texts, s.lowers, i, s.shouting) if names[i] else None
            if hit is not None and hit[1].candidates:
                # an imported name or surname several people share: the one holding office then
                picked = kb.pick(hit[1], self.state.pub_date)
                if picked is not None and picked.surname_only \
                        and len(hit[1].candidates) + len(hit[1].rivals) > 1 \
                        and not self._surname_supported(s, i, out, picked):
                    picked = None  # "Howard" alone: John or Michael? the article must say
                hit = (hit[0], picked) if picked is not None else None
            if hit is not None and hit[1].imported and hit[1].surname_only \
                    and self._after_unknown_name(s, i, out):
                hit = None  # "Cherie Blair": a first name the KB does not know, someone else
            if hit is not None and hit[1].imported and hit[1].person is not None \
                    and self.state.pub_date is not None and hit[1].person.role_at(self.state.pub_date) is None:
                hit = None  # no role then (PETRARCH's null code): an unknown name, as if unlisted
            if hit is not None:
                best = Piece(i, i + hit[0], "entry", entry=hit[1])
            if hit is None and s.lowers[i] == "the" and i + 1 < n and s.lowers[i + 1] in COUNTRY_NOUNS \
                    and (i + 2 >= n or s.lowers[i + 2] != "of"):  # not "the Republic of Korea"
                entry = self._last_country()
                if entry is not None:
                    out[i] = Piece(i, i + 2, "entry", entry=entry)
                    i += 2
                    continue
            local = self._local_name(s, i)
            if local is not None and (best is None or local.end > best.end or (
                    local.end == best.end and best.kind == "entry" and best.entry.imported
                    and best.entry.surname_only)):
                best = local  # a name met in the article wins over an imported surname
            t_hit = kb.title_index.match_at(s.texts, s.lowers, i, s.shouting) if titles[i] else None
            if t_hit is not None and not self._title_ok(s, i + t_hit[0] - 1):
                t_hit = None
            if t_hit is not None and (best is None or i + t_hit[0] > best.end):
                best = Piece(i, i + t_hit[0], "title", title=t_hit[1])
            if best is not None and best.kind == "entry" and best.entry.kind == "person":
                if not self._name_ok(s, best):
                    best = None
            if best is None and "-" in s.texts[i][1:]:
                best = self._hyphenated(s, i)
            if best is not None and best.kind == "entry" and (
                    best.entry.kind in ("capital", "metonym")
                    or (best.entry.kind == "person" and best.entry.imported
                        and best.entry.surname_only)) \
                    and self._inside_longer_name(s, best.end):
                # "the Beltran Leyva Organization": an imported surname followed by a name the
                # KB lacks is part of someone else's name
                i = best.end  # "the Washington Post", "Moscow Times": a name, not a government
                continue
            if best is not None:
                out[i] = best
                i = best.end
            else:
                i += 1
        return out

    def _surname_supported(self, s: Sentence, i: int, pieces: Pieces, entry: Entry) -> bool:
        """Whether the article backs the one known person a surname several people share
        means on the date: a person's title just before it ("Prime Minister Howard"), or
        their country named in the article so far or in this sentence ("Howard told
        Australian troops"). Their given name makes it a full name, which needs no backing."""
        if any(p.end == i and p.kind == "title" and p.title.kind == "person" for p in pieces.values()):
            return True
        person = entry.person
        role = person.role_at(self.state.pub_date) if person is not None else None
        country = role.country if role is not None else entry.country
        if country is None:
            return False
        if country in self.state.countries:
            return True
        for j in range(len(s.tokens)):
            if j != i:
                hit = self.kb.names.match_at(s.texts, s.lowers, j, s.shouting)
                if hit is not None and hit[1].kind in COUNTRYISH and hit[1].country == country:
                    return True
        return False

    @staticmethod
    def _after_unknown_name(s: Sentence, i: int, pieces: Pieces) -> bool:
        """Whether token ``i`` follows a capitalised word that no piece covers and that may be
        a given name."""
        if i == 0 or any(p.end == i for p in pieces.values()):
            return False
        prev, low = s.texts[i - 1], s.lowers[i - 1]
        if not prev[:1].isupper() or not prev.isalpha() or low in NOT_NAMES or low in HONORIFICS:
            return False
        return not s.tagged or s.tokens[i - 1].pos_ == "PROPN"

    def _hyphenated(self, s: Sentence, i: int) -> Piece | None:
        """One token "U.S.-led" or "Russia-backed": the place it starts with."""
        prefix, _, suffix = s.texts[i].rpartition("-")
        if not prefix or not prefix[:1].isupper():
            return None
        entry = self.kb.names.get(prefix)
        if entry is None or entry.kind not in COUNTRYISH | {"igo", "group"}:
            return None
        return Piece(i, i + 1, "entry", entry=entry)

    def _inside_longer_name(self, s: Sentence, j: int) -> bool:
        if j >= len(s.tokens) or s.titlecase:
            return False
        text = s.texts[j]
        if not text[:1].isupper() or s.lowers[j] in NOT_NAMES or not text.isalpha():
            return False
        if s.tagged and s.tokens[j].pos_ != "PROPN":
            return False
        return self.kb.names.match_at(s.texts, s.lowers, j, s.shouting) is None and \
            self.kb.title_index.match_at(s.texts, s.lowers, j, s.shouting) is None

    def _title_ok(self, s: Sentence, last: int) -> bool:
        """A title must head a noun phrase: "an official visit" is not an official, but
        "military officials" are."""
        if s.tagged:
            if s.tokens[last].pos_ in ("NOUN", "PROPN"):
                return True
            return last + 1 < len(s.tokens) and \
                self.kb.title_index.match_at(s.texts, s.lowers, last + 1, s.shouting) is not None
        if s.lowers[last] in ADJECTIVE_TITLES and last + 1 < len(s.tokens):
            nxt = s.lowers[last + 1]
            return not (nxt.isalpha() and nxt.islower() and nxt not in REPORT_VERBS)
        return True

    def _name_ok(self, s: Sentence, piece: Piece) -> bool:
        # A surname that is also a common word must look like a name here.
        if piece.end - piece.start == 1 and s.shouting and piece.entry.surname_only:
            return False  # "XI" in a headline in capitals is a team, not Xi Jinping
        if piece.end - piece.start == 1 and s.tagged:
            return s.tokens[piece.start].pos_ in ("PROPN", "NOUN", "X", "ADJ")
        return True

    def _local_name(self, s: Sentence, i: int) -> Piece | None:
        """Names learned in this article, and surnames of people met here."""
        if not s.texts[i][:1].isupper():
            return None
        for length in range(min(4, len(s.tokens) - i), 0, -1):
            key = tuple(s.lowers[i : i + length])
            entry = self.state.surnames.get(key)
            if entry is not None:
                return Piece(i, i + length, "entry", entry=entry)
            learned = self.state.learned.get(key)
            if learned is not None:
                return Piece(i, i + length, "name", learned=learned)
        return None

    def dateline(self, s: Sentence, pieces: Pieces) -> None:
        """'BAGHDAD (Reuters) -', 'TBILISI, Georgia --': where the story was filed, not an actor;
        it tells which country unnamed groups belong to."""
        i = 0
        while i < len(s.tokens) and not s.texts[i].strip():
            i += 1
        first = pieces.get(i)
        if first is None or first.kind != "entry" or first.entry.kind not in ("capital", "country", "metonym"):
            return
        text = " ".join(s.texts[first.start:first.end])
        j = first.end
        country = first.entry.country
        if j + 1 < len(s.tokens) and s.lowers[j] == "," and (j + 1) in pieces \
                and pieces[j + 1].kind == "entry" and pieces[j + 1].entry.kind == "country":
            country = pieces[j + 1].entry.country
            j = pieces[j + 1].end
        if not s.tokens[j - 1].whitespace_:
            return  # "Iran-backed": a compound, not a dateline
        nxt = s.lowers[j] if j < len(s.tokens) else ""
        nxt_text = s.texts[j] if j < len(s.tokens) else ""
        upper = text.isupper() and len(text) > 2
        # "JERUSALEM Aug. 23 -": a place in capitals opening a sentence that is not all capitals
        if not (nxt in _DATELINE_MARKS or (upper and not (nxt_text.isupper() and nxt_text.isalpha()))):
            return
        for k in [k for k in pieces if k < j]:
            del pieces[k]
        if country and self.state.dateline_country is None:
            self.state.dateline_country = country
        if country:
            self.state.countries.add(country)

    # -- chunks ----------------------------------------------------------------------------------

    def chunks(self, s: Sentence, pieces: Pieces) -> list[Chunk]:
        chunks: list[Chunk] = []
        cur: Chunk | None = None
        i = 0
        n = len(s.tokens)

        def open_at(j: int) -> bool:
            return cur is not None and cur.end == j

        while i < n:
            low = s.lowers[i]
            piece = pieces.get(i)
            if piece is not None and open_at(i) and _foreign_surname(cur, piece):
                # "Brazilian President Marcos da Silva": not the Marcos the KB knows
                piece = Piece(piece.start, piece.end, "name")
            if piece is not None:
                if open_at(i) and joins(cur, piece):
                    cur.pieces.append(piece)
                    cur.end = piece.end
                else:
                    cur = Chunk(piece.start, piece.end, [piece])
                    chunks.append(cur)
                i = piece.end
                continue
            if low not in _OPENERS and not open_at(i):
                # with no chunk running, only a determiner, a filler or an honorific opens one
                # here (every branch below asks for one of these or a running chunk)
                cur = None
                i += 1
                continue
            if low == "of" and open_at(i) and takes_of(cur) and (i + 1) in pieces \
                    and pieces[i + 1].kind == "entry" \
                    and pieces[i + 1].entry.kind in COUNTRYISH | {"igo", "group"}:
                cur.pieces.append(Piece(i, i + 1, "of"))  # "the President of Kenya"
                cur.end = i + 1
                i += 1
                continue
            if low in POSSESSIVE and open_at(i) and cur.content and cur.content[-1].kind in ("entry", "name"):
                cur.pieces.append(Piece(i, i + 1, "poss"))
                cur.end = i + 1
                i += 1
                continue
            if low == "-" and open_at(i) and i + 2 < n and s.lowers[i + 1] in LED \
                    and cur.content and cur.content[-1].kind == "entry" \
                    and cur.content[-1].entry.kind in COUNTRYISH | {"igo", "group"} \
                    and self._leads_into(s, pieces, i + 2):
                # "U.S.-led troops", "Kenya-based rebels": the body belongs to the place
                cur.pieces += [Piece(i, i + 1, "filler"), Piece(i + 1, i + 2, "filler")]
                cur.end = i + 2
                i += 2
                continue
            gloss_end = self._gloss_before_title(s, pieces, i) if open_at(i) else None
            if gloss_end is not None and cur.content and cur.content[-1].kind == "entry" \
                    and cur.content[-1].entry.kind in {"igo", "group"}:
                # "Hamas (Islamic Resistance Movement) militants": a gloss in brackets between
                # a group's name and its members stays inside the group's mention
                cur.pieces += [Piece(j, j + 1, "filler") for j in range(i, gloss_end)]
                cur.end = gloss_end
                i = gloss_end
                continue
            starts_next = self._leads_into(s, pieces, i + 1)
            if (open_at(i) and starts_next and s.tagged and s.tokens[i].pos_ == "NOUN"
                    and s.tokens[i].dep_ == "compound" and s.texts[i].islower()
                    and (i + 1) in pieces and pieces[i + 1].kind == "title"
                    and any(p.kind == "entry" and p.entry.kind in COUNTRYISH | {"igo", "group"}
                            for p in cur.content)):
                # "UN election workers", "Kenyan opposition party officials": a noun naming
                # the line of work stays inside the body's or country's mention
                cur.pieces.append(Piece(i, i + 1, "filler"))
                cur.end = i + 1
                i += 1
                continue
            if (open_at(i) and s.tagged and not s.titlecase and s.texts[i][:1].isupper()
                    and s.tokens[i].tag_ in ("JJ", "NNP", "NNPS") and s.tokens[i].dep_ in ("amod", "compound")
                    and any(p.kind == "entry" and p.entry.kind in COUNTRYISH for p in cur.content)
                    and self._title_follows(s, pieces, i + 1)):
                # "a Turkish Kurdish rebel group", "a Pakistani Islamist party": a people or
                # creed between the country and the body stays inside the country's mention
                cur.pieces.append(Piece(i, i + 1, "filler"))
                cur.end = i + 1
                i += 1
                continue
            if (low in DETERMINERS or low in FILLERS) and starts_next:
                kind = "det" if low in DETERMINERS else "filler"
                if open_at(i) and kind == "filler":
                    cur.pieces.append(Piece(i, i + 1, kind))
                    cur.end = i + 1
                else:
                    cur = Chunk(i, i + 1, [Piece(i, i + 1, kind, det=low)])
                    chunks.append(cur)
                i += 1
                continue
            if low in HONORIFICS and i + 1 < n and s.texts[i + 1][:1].isupper():
                cur = Chunk(i, i + 1, [Piece(i, i + 1, "honorific")], gender=HONORIFICS[low])
                chunks.append(cur)
                i += 1
                continue
            if open_at(i) and self._name_slot(cur) and self._looks_like_name(s, i):
                names = cur.of("name")
                if len(names) < 4:
                    cur.pieces.append(Piece(i, i + 1, "name"))
                    cur.end = i + 1
                    i += 1
                    continue
            if (low == "-" or low in NAME_PARTICLES) and open_at(i) and cur.pieces[-1].kind == "name":
                # "Mensah-Boateng", "Mohammed bin Salman", "Ursula von der Leyen"
                j = i + 1
                while j < n and s.lowers[j] in NAME_PARTICLES and j - i < 3:
                    j += 1
                if j < n and self._looks_like_name(s, j):
                    cur.pieces += [Piece(k, k + 1, "filler") for k in range(i, j)]
                    cur.end = j
                    i = j
                    continue
            cur = None
            i += 1
        return [c for c in chunks if c.content]

    @staticmethod
    def _title_follows(s: Sentence, pieces: Pieces, j: int) -> bool:
        """Whether a title comes next, past fillers and lower-case compound nouns ("Islamist
        opposition party": "opposition" then the title)."""
        while j < len(s.tokens) and j not in pieces and (
                s.lowers[j] in FILLERS or (s.texts[j].islower() and s.tokens[j].dep_ == "compound")):
            j += 1
        return j in pieces and pieces[j].kind == "title"

    @staticmethod
    def _gloss_before_title(s: Sentence, pieces: Pieces, i: int) -> int | None:
        """The end of a bracketed gloss opening at ``i`` that a title follows ("(Party of
        God) gunmen"), or None."""
        if s.texts[i] != "(":
            return None
        for j in range(i + 1, min(i + 12, len(s.tokens))):
            if s.texts[j] == ")":
                after = pieces.get(j + 1)
                return j + 1 if after is not None and after.kind == "title" else None
            if s.texts[j] == "(":
                return None
        return None

    def _leads_into(self, s: Sentence, pieces: Pieces, j: int) -> bool:
        while j < len(s.tokens) and s.lowers[j] in FILLERS:
            j += 1
        return j in pieces

    @staticmethod
    def _name_slot(c: Chunk) -> bool:
        """After a person's title or an honorific, capitalised words are a name."""
        if any(p.kind == "entry" and p.entry.kind == "person" for p in c.pieces):
            return False
        last = [p for p in c.pieces if p.kind != "filler"][-1]
        if last.kind == "honorific":
            return True
        if last.kind == "name":
            return last.learned is None
        return last.kind == "title" and last.title.kind == "person"

    @staticmethod
    def _looks_like_name(s: Sentence, i: int) -> bool:
        if s.titlecase:
            return False  # "Ex-Guatemala VP Arrested": every word is capitalised
        text = s.texts[i]
        if not text[:1].isupper() or s.lowers[i] in NOT_NAMES or not any(c.isalpha() for c in text):
            return False
        if s.tagged:
            return s.tokens[i].pos_ == "PROPN"
        return True

    def unknown_people(self, s: Sentence, covered: set[int]) -> list[NameRun]:
        """Runs of two to four capitalised words (proper nouns, with a parse) that no mention
        covers and no word marks as a place or body: people the article names whom the KB
        does not know and no title introduces ("Juan Guerrero was planning dinner"). Not
        actors, but a later "he" may mean them."""
        if s.shouting or s.titlecase:
            return []
        runs: list[NameRun] = []
        n = len(s.tokens)
        i = 0
        while i < n:
            j = i
            while j < n and j - i < 4 and j not in covered and self._looks_like_name(s, j) \
                    and s.texts[j].isalpha() and not s.texts[j].isupper():
                j += 1
            if j - i >= 2 and (i > 0 or s.tagged) \
                    and not (i > 0 and s.lowers[i - 1] in DETERMINERS) \
                    and not any(s.lowers[k] in NOT_PERSON_WORDS for k in range(i, j)) \
                    and not (j < n and s.lowers[j] in NOT_PERSON_WORDS):
                runs.append(NameRun(i, j))
            i = max(j, i + 1)
        return runs

    # -- appositions ------------------------------------------------------------------------------

    def join_appositions(self, s: Sentence, chunks: list[Chunk]) -> list[Unit]:
        """Units of one or two chunks: a title phrase and the name it describes."""
        at: dict[int, Chunk] = {}
        for c in chunks:
            for i in range(c.start, c.end):
                at[i] = c
        pairs: list[tuple[Chunk, Chunk]] = []
        for c in chunks:
            if not titled(c):
                continue
            other = None
            # "<title phrase>, <name>" and "<name>, <title phrase>" (with or without a parse)
            if c.end < len(s.tokens) and s.lowers[c.end] == ",":
                other = self._name_at(s, at, c.end + 1, forward=True)
            if other is None and c.start >= 2 and s.lowers[c.start - 1] == ",":
                other = self._name_at(s, at, c.start - 2, forward=False)
            if other is None and s.parsed:
                other = self._appos_partner(s, at, c)
                if other is not None and not punct_between(s, c, other):
                    other = None
            if other is not None and other is not c and named(other):
                pairs.append((c, other))
        for c in chunks:
            # "Captain Firmin Gatera of the Rwandan army": the body gives the country
            if not (c.of("name") and head_title_before_names(c)) or c.end >= len(s.tokens) - 1:
                continue
            if s.lowers[c.end] != "of" or (c.end + 1) not in at:
                continue
            d = at[c.end + 1]
            kinds = {p.entry.kind for p in d.content if p.kind == "entry"}
            if kinds & (COUNTRYISH | {"igo", "group"}) and not d.of("name") and "person" not in kinds:
                pairs.append((c, d))
        used: set[int] = set()
        units: list[Unit] = []
        partner: dict[int, Chunk] = {}
        for a, b in pairs:
            if id(a) in used or id(b) in used:
                continue
            used.update((id(a), id(b)))
            partner[id(a)] = b
            partner[id(b)] = a
        for c in sorted(chunks + [b for _, b in pairs if b not in chunks], key=lambda c: c.start):
            if id(c) in partner:
                p = partner[id(c)]
                if c.start < p.start:
                    units.append(Unit([c, p]))
            else:
                units.append(Unit([c]))
        return units

    def _name_at(self, s: Sentence, at: dict[int, Chunk], i: int, forward: bool) -> Chunk | None:
        if not 0 <= i < len(s.tokens):
            return None
        if i in at:
            c = at[i]
            return c if named(c) else None
        # an unknown name run ("William Ruto, Kenya's president")
        j = i
        step = 1 if forward else -1
        run = []
        while 0 <= j < len(s.tokens) and j not in at and self._looks_like_name(s, j) and len(run) < 4:
            run.append(j)
            j += step
        if len(run) < 2:
            return None  # a lone capitalised word beside a title is too often a place or a body
        if forward:
            # the run must end the apposition: a comma, the end, or a verb, not more words
            if j < len(s.tokens) and s.lowers[j] not in (",", ".", ";", ")", "who", "said"):
                if not (s.tagged and s.tokens[j].pos_ in ("VERB", "AUX")):
                    return None
        lo, hi = min(run), max(run) + 1
        return Chunk(lo, hi, [Piece(k, k + 1, "name") for k in range(lo, hi)])

    def _appos_partner(self, s: Sentence, at: dict[int, Chunk], c: Chunk) -> Chunk | None:
        for i in range(c.start, c.end):
            tok = s.tokens[i]
            for child in tok.children:
                if child.dep_ == "appos" and child.i not in range(c.start, c.end):
                    found = self._name_at(s, at, child.i, forward=True)
                    if found is None and child.i in at:
                        found = at[child.i]
                    if found is not None:
                        return found
            if tok.dep_ == "appos" and tok.head.i not in range(c.start, c.end):
                h = tok.head.i
                if h in at:
                    return at[h]
                return self._name_at(s, at, h, forward=False)
        return None

    def _last_country(self) -> Entry | None:
        for h in self.state.history.recent():
            country = h.actor.country
            if not h.person and country and country in self.kb.countries:
                return Entry("anaphor", self.kb.countries[country].name, country)
        return None


def _foreign_surname(cur: Chunk, piece: Piece) -> bool:
    """A bare KB surname inside an unknown name or after a title phrase naming another
    country."""
    if piece.kind != "entry" or piece.entry.kind != "person" or not piece.entry.surname_only:
        return False
    content = cur.content
    if content and content[-1].kind == "name" and content[-1].learned is None:
        return True  # inside an unknown name: "Joao Orlov Lima"
    if not content or content[-1].kind != "title":
        return False
    places = [p.entry.country for p in content if p.kind == "entry" and p.entry.country]
    return bool(places) and piece.entry.person is not None and piece.entry.person.country not in places
