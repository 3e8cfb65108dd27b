"""Actor resolution on sentences, with in-article coreference.

One ``ArticleContext`` per article walks its sentences in order. Each sentence is cut into
mentions by a left-to-right chunker over the tokens (so it also works on tokenizer-only
sentences), then appositions are joined ("India's External Affairs Minister, Subrahmanyam
Jaishankar"), each mention is resolved to a CAMEO code, and pronouns and definite
descriptions ("he", "the Russian leader") are resolved against what came before.

The parse, when there is one, only sharpens things: PROPN tags for unknown names, plural
tags, appositions, and subjects for pronoun salience.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from spacy.tokens import Doc, Token

from communique.actors.coref import POSSESSIVE_PRONOUNS, PRONOUNS, History, Mentioned, identity
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
    Learned,
    NAME_PARTICLES,
    NOT_NAMES,
    NOT_PERSON_WORDS,
    POSSESSIVE,
    Piece,
    REPORT_VERBS,
    Sentence,
    determiner,
    heading_title,
    head_title_before_names,
    joins,
    named,
    punct_between,
    sector_from,
    share_titles,
    takes_of,
    title_pieces,
    titled,
)
from communique.actors.names import norm
from communique.actors.tables import LOCAL_SECTORS, Person, Title
from communique.model import Actor, ActorCode, iso_date

# Offices one person holds at a time, so "the French president" is whoever held it that day.
_OFFICES = frozenset(
    "president prime-minister chancellor foreign-minister defence-minister interior-minister "
    "finance-minister vice-president supreme-leader secretary-general monarch crown-prince "
    "justice-minister trade-minister energy-minister health-minister".split()
)
# Descriptions too vague to pick out a person named before.
_UNSPECIFIC = frozenset({"official", "chief", "officer"})
_DATELINE_MARKS = frozenset({"(", "-", "--", "\u2014", "\u2013", ":"})


class SentenceActors:
    """The actors of one sentence: its mentions, and the actor behind any token of one."""

    def __init__(self, mentions: list[Actor], by_token: dict[int, Actor]) -> None:
        self.mentions = mentions
        self._by_token = by_token

    def actor_for(self, token: Token) -> Actor | None:
        return self._by_token.get(token.i)

    def __repr__(self) -> str:
        return f"SentenceActors({[(a.text, a.code, a.how) for a in self.mentions]})"


# Prepositions that place a group or office in a country: "police in Brazil", "rebels from Mali",
# "the government of Chad".
_PLACE_PREPS = frozenset({"in", "inside", "from", "of"})
# Prepositions that put a clause's action somewhere: "arrested two men in Lagos".
_SCENE_PREPS = frozenset({"in", "inside", "at", "near", "outside"})

def _no_place(name: str) -> str | None:
    return None


class ActorResolver:
    """Holds the knowledge base; one ``ArticleContext`` per article holds what it learned.

    Nothing is carried from one article to the next: a person learned from a title ("Kenyan
    President William Ruto" -> a later bare "Ruto") is known only within that article, so an
    article codes the same alone, in a batch, through ingest on any worker, or through the API.
    People worth knowing across a corpus go into the user dictionary (``communique actors
    suggest --db`` then ``actors add --from``), which every path reads the same way.
    """

    def __init__(self, kb: KnowledgeBase | None = None,
                 place_country: Callable[[str], str | None] | None = None) -> None:
        self.kb = kb or KnowledgeBase.load()
        # The country of a city or province the knowledge base has no entry for ("police in
        # Marinka"); the coder gives the gazetteer's, so this package needs no geo import.
        self.place_country = place_country or _no_place

    def new_context(self, pub_date: str | None) -> ArticleContext:
        return ArticleContext(self, pub_date)


class ArticleContext:
    """Resolution state for one article: what was mentioned, in order."""

    def __init__(self, resolver: ActorResolver, pub_date: str | None) -> None:
        self.resolver = resolver
        self.kb = resolver.kb
        self.pub_date = iso_date(pub_date)
        self.history = History()
        self.learned: dict[tuple[str, ...], Learned] = {}
        self.seen_people: set[str] = set()
        self.surnames: dict[tuple[str, ...], Entry] = {}
        # imported people in a dated ELI span whose office the article named: id -> (sectors, classes)
        self.office_named: dict[str, tuple[list[str], list[str]]] = {}
        self.dateline_country: str | None = None

    # -- public -----------------------------------------------------------------------------------

    def resolve_sentence(self, doc: Doc, index: int, offset: int) -> SentenceActors:
        return self._run(doc, index, offset)

    def observe(self, doc: Doc, index: int, offset: int) -> list[Actor]:
        return self._run(doc, index, offset).mentions

    # -- the pass over one sentence ------------------------------------------------------------

    def _run(self, doc: Doc, index: int, offset: int) -> SentenceActors:
        tokens = list(doc)
        if not tokens:
            return SentenceActors([], {})
        s = Sentence(doc, tokens, index, offset)
        pieces = self._pieces(s)
        self._dateline(s, pieces)
        chunks = self._chunks(s, pieces)
        share_titles(s, chunks)
        units = self._join_appositions(s, chunks)
        mentions: list[Actor] = []
        by_token: dict[int, Actor] = {}
        for unit in units:
            actor, person, gender, classes = self._resolve_unit(s, unit)
            if actor is None:
                continue
            first = min(c.start for c in unit)
            last = max(c.end for c in unit)
            lo, hi = tokens[first].idx, tokens[last - 1].idx + len(tokens[last - 1].text)
            actor.start, actor.end = offset + lo, offset + hi
            actor.text = doc.text[lo:hi]
            actor.sentence = index
            if actor.country and actor.country not in self.kb.countries:
                actor.country = None  # a region ("European leaders" = EURGOV) is no country
            if _out_of_government(s, first, last, actor):
                # later bare mentions of a person learned here ("Moi") keep the recoded role
                for key, learned in list(self.learned.items()):
                    if learned.name == actor.name and learned.code != actor.code:
                        self.learned[key] = replace(learned, code=actor.code, sectors=list(actor.sectors))
            mentions.append(actor)
            for c in unit:
                for i in range(c.start, c.end):
                    by_token[i] = actor
            subject = any(s.dep(i) in ("nsubj", "nsubjpass") for c in unit for i in range(c.start, c.end))
            self.history.add(Mentioned(actor, index, first, person, gender, classes, subject,
                                      self._number(s, unit)))
        self._pronouns(s, mentions, by_token)
        mentions.sort(key=lambda a: a.start)
        return SentenceActors(mentions, by_token)

    # -- pieces: names, titles and the words that glue them ----------------------------------------

    def _pieces(self, s: Sentence) -> dict[int, Piece]:
        kb = self.kb
        out: dict[int, Piece] = {}
        i = 0
        n = len(s.tokens)
        while i < n:
            best: Piece | None = None
            hit = kb.names.match_at(s.texts, s.lowers, i, s.shouting)
            if hit is not None and hit[1].candidates:
                # an imported name or surname several people share: the one holding office then
                picked = kb.pick(hit[1], self.pub_date)
                hit = (hit[0], picked) if picked is not None else None
            if hit is not None and hit[1].imported and hit[1].surname_only \
                    and self._after_unknown_name(s, i, out):
                hit = None  # "Cherie Blair": a first name the KB does not know, someone else
            if hit is not None and hit[1].imported and hit[1].person is not None \
                    and self.pub_date is not None and hit[1].person.role_at(self.pub_date) is None:
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
            t_hit = kb.title_index.match_at(s.texts, s.lowers, i, s.shouting)
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

    @staticmethod
    def _after_unknown_name(s: Sentence, i: int, pieces: dict[int, Piece]) -> bool:
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
            entry = self.surnames.get(key)
            if entry is not None:
                return Piece(i, i + length, "entry", entry=entry)
            learned = self.learned.get(key)
            if learned is not None:
                return Piece(i, i + length, "name", learned=learned)
        return None

    def _dateline(self, s: Sentence, pieces: dict[int, Piece]) -> None:
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
        if country and self.dateline_country is None:
            self.dateline_country = country

    # -- chunks ----------------------------------------------------------------------------------

    def _chunks(self, s: Sentence, pieces: dict[int, Piece]) -> list[Chunk]:
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

    def _leads_into(self, s: Sentence, pieces: dict[int, Piece], j: int) -> bool:
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

    # -- appositions ------------------------------------------------------------------------------

    def _join_appositions(self, s: Sentence, chunks: list[Chunk]) -> list[list[Chunk]]:
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
        units: list[list[Chunk]] = []
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
                    units.append([c, p])
            else:
                units.append([c])
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

    # -- resolving a mention -------------------------------------------------------------------------

    def _resolve_unit(self, s: Sentence, unit: list[Chunk]):
        """-> (actor, is_person, gender, title classes)"""
        if len(unit) == 1:
            return self._resolve_chunk(s, unit[0])
        merged = Chunk(min(c.start for c in unit), max(c.end for c in unit),
                        sorted((p for c in unit for p in c.pieces), key=lambda p: p.start),
                        gender=next((c.gender for c in unit if c.gender), None))
        actor, person, gender, classes = self._resolve_chunk(s, merged, appos=True)
        return actor, person, gender, classes

    def _resolve_chunk(self, s: Sentence, c: Chunk, appos: bool = False):
        date = self.pub_date
        content = c.content
        persons = [p for p in content if p.kind == "entry" and p.entry.kind == "person"]
        orgs = [p for p in content if p.kind == "entry" and p.entry.kind in ("igo", "group")]
        places = [p for p in content if p.kind == "entry" and p.entry.kind in COUNTRYISH]
        titles = [p for p in content if p.kind == "title"]
        names = [p for p in content if p.kind == "name"]
        last = content[-1]
        head_title = heading_title(c)
        if head_title is not None and last.kind != "title":
            last = [p for p in content if p.kind == "title"][-1]

        if persons:
            p = persons[0]
            person = p.entry.person
            if head_title is not None and head_title.kind == "group":
                country = self._person_country(person)
                return self._sector_actor(country, head_title, "person+title"), False, None, []
            return self._person_actor(person, p.entry, titles, places, appos)

        if names:
            learned = next((p.learned for p in names if p.learned is not None), None)
            if learned is not None:
                key = tuple(s.lowers[names[0].start:names[0].end])
                if key not in self.learned:
                    how = "learned"
                    self.learned[key] = learned
                else:
                    how = "coref:surname" if len(key) == 1 else "coref:name"
                a = Actor(text="", name=learned.name, code=learned.code, country=learned.country,
                          sectors=list(learned.sectors), how=how)
                return a, True, learned.gender, learned.classes
            return self._learn(s, c, names, titles, places, orgs)

        if (orgs and places and head_title is not None and "diplomat" in head_title.classes
                and places[0].start < orgs[0].start
                and all(o.entry.kind == "igo" for o in orgs)):
            # "Iraq's U.N. ambassador": the body is where a diplomat is posted, the country
            # whom they speak for
            orgs = []

        if orgs:
            org = orgs[0].entry.org
            code, sectors = org.at(date) if org else (orgs[0].entry.code or "", orgs[0].entry.sectors)
            kind = orgs[0].entry.kind
            root = ActorCode.parse(code).root
            a = Actor(text="", name=orgs[0].entry.name, code=code,
                      country=None if kind == "igo" else (root if root in self.kb.countries else None),
                      sectors=list(sectors) if kind != "igo" else [], kb_id=org.id if org else None,
                      how=f"kb:{kind}")
            return a, False, None, []

        if places:
            place = places[0].entry
            if place.code:  # an organisation's seat ("Brussels")
                a = Actor(text="", name=place.name, code=place.code, how="kb:metonym")
                return a, False, None, []
            country = place.country
            if head_title is not None:
                plural = self._plural(s, last)
                if head_title.kind == "person" and not plural:
                    found = self._description(c, country, head_title)
                    if found is not None:
                        return found
                how = {"demonym": "demonym", "people": "demonym", "anaphor": "coref:description"}.get(
                    place.kind, place.kind) + "+title"
                a = self._sector_actor(country, head_title, how, sector_from(titles))
                return a, head_title.kind == "person" and not plural, None, head_title.classes
            sectors = list(place.sectors)
            how = "coref:description" if place.kind == "anaphor" else f"kb:{place.kind}"
            if place.kind == "capital" and self._place_modifier(s, c):
                sectors, how = [], "kb:capital-place"  # "a Baghdad suburb": where, not who
            a = Actor(text="", name=place.name, code=str(ActorCode.of(country, sectors)), country=country,
                      sectors=sectors, how=how)
            return a, False, None, []

        if head_title is not None:
            return self._bare_title(s, c, head_title, self._plural(s, last))
        return None, False, None, []

    def _last_country(self) -> Entry | None:
        for h in self.history.recent():
            country = h.actor.country
            if not h.person and country and country in self.kb.countries:
                return Entry("anaphor", self.kb.countries[country].name, country)
        return None

    def _bare_title(self, s: Sentence, c: Chunk, title: Title, plural: bool):
        """A title with no country in the phrase: the owner a possessive pronoun points to
        ("its troops"), an earlier mention, else the country the article is about ("the
        government", "police"), else the sector alone."""
        person = title.kind == "person"
        if not title.guess:
            return None, False, None, []
        if c.start > 0 and s.lowers[c.start - 1] in POSSESSIVE_PRONOUNS:
            kind, gender, _ = PRONOUNS[s.lowers[c.start - 1]]
            owner = self.history.antecedent(s.index, c.start - 1, kind, gender, "poss")
            if owner is not None and owner.actor.country and owner.actor.country in self.kb.countries:
                a = self._sector_actor(owner.actor.country, title, "coref:possessive")
                return a, person and not plural, None, title.classes
        if person and not plural:
            found = self._description(c, None, title)
            if found is not None:
                return found
        elif not person:
            found = self._group_description(c, title, plural)
            if found is not None:
                return found
        if person and plural and "leader" in title.classes:
            return None, False, None, []  # "the two leaders": nobody in particular
        place = self._country_of_place_pp(s, c)
        if place is not None:  # "opposition groups in Zimbabwe", "police in Brazil"
            a = self._sector_actor(place, title, "title+place", sector_from(title_pieces(c)))
            return a, person and not plural, None, title.classes
        scene = None if person else self._country_of_scene(s, c)
        if scene is not None and (title.sector in LOCAL_SECTORS or self.history.article_country(
                title.sector, self.dateline_country) is None):
            # "Police arrested two men in Lagos": a body acting where its clause happens
            a = self._sector_actor(scene, title, "title+scene", sector_from(title_pieces(c)))
            return a, False, None, title.classes
        country = self.history.article_country(title.sector, self.dateline_country)
        if country is not None:
            if person and not plural and determiner(c) not in ("a", "an"):
                found = self._office(country, title.classes[0] if title.classes else None)
                if found is not None:
                    return found
            a = self._sector_actor(country, title, "title+context", sector_from(title_pieces(c)))
            return a, person and not plural, None, title.classes
        if person and plural:
            return None, False, None, []
        a = self._sector_actor(None, title, "title", sector_from(title_pieces(c)))
        return a, person, None, title.classes

    def _country_of_scene(self, s: Sentence, c: Chunk) -> str | None:
        """The one country of the places where the clause of a group title happens ("in",
        "at", "near", "outside" + a country or capital on the clause's verb); None when the
        clause names none, or places in several countries."""
        if not s.parsed or c.end <= 0:
            return None
        head = s.tokens[c.end - 1]
        while head.dep_ == "conj" and head.head is not head:  # "US forces and militiamen battled"
            head = head.head
        verb = head.head
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        preps = [p for p in verb.children if p.dep_ == "prep" and p.lower_ in _SCENE_PREPS]
        preps += [c for p in preps for c in p.children if c.dep_ == "conj" and c.lower_ in _SCENE_PREPS]
        found = {self._country_of_pp(s, prep) for prep in preps}
        found.discard(None)
        return found.pop() if len(found) == 1 else None

    def _country_of_pp(self, s: Sentence, prep) -> str | None:
        first = s.tokens[0].i  # s.tokens is the sentence's run of doc tokens
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            for i in range(obj.left_edge.i - first, obj.i - first + 1):
                hit = self.kb.names.match_at(s.texts, s.lowers, i, s.shouting)
                if hit is not None and hit[1].kind in ("country", "capital") and hit[1].country:
                    return hit[1].country
            if obj.pos_ == "PROPN":  # a city or province the knowledge base has no entry for
                name = " ".join(t.text for t in obj.subtree if t.pos_ == "PROPN" and t.i <= obj.i)
                country = self.resolver.place_country(name)
                if country:
                    return country
            for inner in obj.children:  # "outside the embassy in Nairobi"
                if inner.dep_ == "prep" and inner.lower_ == "in":
                    country = self._country_of_pp(s, inner)
                    if country is not None:
                        return country
        return None

    def _country_of_place_pp(self, s: Sentence, c: Chunk) -> str | None:
        """The country of a place the title's phrase is located in: "in"/"from"/"of" + a
        country or capital attached to the phrase's head on the parse."""
        if not s.parsed or c.end <= 0:
            return None
        for prep in s.tokens[c.end - 1].children:
            if prep.dep_ == "prep" and prep.lower_ in _PLACE_PREPS:
                country = self._country_of_pp(s, prep)
                if country is not None:
                    return country
        return None

    @staticmethod
    def _place_modifier(s: Sentence, c: Chunk) -> bool:
        if determiner(c) is not None:
            return True  # "the Moscow ..." is a place name's use, not the government's
        if not s.parsed:
            return False
        tok = s.tokens[c.end - 1]
        return tok.dep_ in ("compound", "nmod") and tok.head.i >= c.end and tok.head.pos_ == "NOUN"

    def _person_actor(self, person: Person, entry: Entry, titles, places, appos: bool):
        date = self.pub_date
        role = person.role_at(date)
        if role is not None:
            country, sectors = role.country, [role.sector]
            classes = self.kb.title_classes(role.title)
            person_titles = [t.title for t in titles]
            if person.strict and role.sector == "ELI" and role.start != "0001-01-01":
                # a dated ELI span of the dictionary is a career with offices it does not
                # list; the phrase names the office then ("Financial Secretary Donald Tsang"),
                # and later mentions in the article keep it. The undated default (after the
                # offices it lists) keeps ELI.
                if person_titles:
                    sectors, classes = [person_titles[-1].sector], list(person_titles[-1].classes)
                    self.office_named[person.id] = (sectors, classes)
                elif person.id in self.office_named:
                    sectors, classes = (list(x) for x in self.office_named[person.id])
        else:
            # Before any office we know of: what the phrase says ("opposition leader X"),
            # else the person's country with no sector.
            country, sectors, classes = self._person_country(person), [], []
            person_titles = [t.title for t in titles if t.title.kind == "person"]
            if person_titles:
                sectors, classes = [person_titles[-1].sector], list(person_titles[-1].classes)
            place = next((p.entry for p in places if p.entry.country), None)
            if place is not None:
                country = place.country
        if entry.surname_only:
            how = "coref:surname" if person.id in self.seen_people else "kb:surname"
        else:
            how = "kb:person"
        if appos:
            how += "+appos"
        self.seen_people.add(person.id)
        self._remember_surname(person)
        code = str(ActorCode.of(country, sectors))
        a = Actor(text="", name=person.name, code=code,
                  country=None if ActorCode.parse(country).is_igo else country,
                  sectors=sectors, kb_id=person.id, how=how)
        return a, True, person.gender, classes

    def _person_country(self, person: Person) -> str | None:
        role = person.role_at(self.pub_date) or (person.roles[0] if person.roles else None)
        return role.country if role else None

    def _remember_surname(self, person: Person) -> None:
        """After a full mention, the last name alone means this person within the article."""
        last = norm(person.name.split()[-1])
        key = (last,)
        if key in self.surnames:
            return
        existing = self.kb.names.get(person.name.split()[-1])
        if existing is not None and not (existing.kind == "person" and (
                existing.person is person or any(c is person for c in existing.candidates))):
            return
        self.surnames[key] = Entry("person", person.name, person.country, person=person,
                                   surname_only=True, priority=6)

    def _learn(self, s: Sentence, c: Chunk, names, titles, places, orgs):
        """An unknown name with a title: "Kenyan President William Ruto". The name is
        remembered for this article only."""
        first, last = names[0].start, names[-1].end
        if any(low in NOT_PERSON_WORDS for low in s.lowers[first:last]):
            return None, False, None, []
        full = " ".join(s.texts[first:last]).replace(" - ", "-")
        person_titles = [t.title for t in titles if t.title.kind == "person"]
        title = person_titles[-1] if person_titles else None
        if title is None:
            return None, False, None, []  # "Mr. Smith": nothing says who they act for
        sectors = [sector_from([t for t in titles if t.kind == "title"]) or title.sector]
        classes = list(title.classes)
        country: str | None = None
        code: str | None = None
        if orgs:
            org = orgs[0].entry.org
            code, osectors = org.at(self.pub_date) if org else (orgs[0].entry.code or "", [])
            org_code = ActorCode.parse(code)
            country = None if org_code.is_igo else org_code.root
            sectors = list(osectors) if not org_code.is_igo else []
        elif places:
            place = places[0].entry
            if place.code:
                code = place.code
            else:
                country = place.country
        stated = code is not None or country is not None
        how = "learned"
        if not stated:
            country = self.history.article_country(sectors[0] if sectors else None, self.dateline_country)
            how = "title+name+context" if country else "title+name"
        if code is None:
            code = str(ActorCode.of(country, sectors))
        learned = Learned(full, country, sectors, code, classes, c.gender)
        key = tuple(s.lowers[first:last])
        if country is not None or stated:
            self.learned[key] = learned
            # Later mentions use a surname: the last word, or for Spanish names an inner one.
            for j in range(first + 1, last):
                if self._free(s.texts[j]) and s.lowers[j] not in NOT_NAMES:
                    self.learned.setdefault((s.lowers[j],), learned)
            if last - first > 2:
                self.learned.setdefault(tuple(s.lowers[last - 2:last]), learned)
        a = Actor(text="", name=full, code=code, country=country, sectors=sectors, how=how)
        return a, True, c.gender, classes

    def _free(self, word: str) -> bool:
        """Whether a learned name may take this word as its surname: the KB has no entry for
        it, or only an imported one that is decided by date (those lie under learned names)."""
        entry = self.kb.names.get(word)
        return entry is None or bool(entry.candidates)

    def _sector_actor(self, country: str | None, title: Title, how: str,
                      sector: str | None = None) -> Actor:
        sector = sector or title.sector
        if country in self.kb.countries:
            cname = self.kb.countries[country].name
        else:
            cname = self.kb.region_names.get(country or "", country)
        name = f"{cname} {title.title}" if cname else title.title
        return Actor(text="", name=name, code=str(ActorCode.of(country, [sector])), country=country,
                     sectors=[sector], how=how)

    @staticmethod
    def _plural(s: Sentence, piece: Piece) -> bool:
        tok = s.tokens[piece.end - 1]
        if s.tagged:
            return tok.tag_ in ("NNS", "NNPS")
        low = s.lowers[piece.end - 1]
        return low.endswith("s") and not low.endswith(("ss", "us", "is"))

    # -- coreference ---------------------------------------------------------------------------------

    def _description(self, c: Chunk, country: str | None, title: Title):
        """'the Russian leader', 'the minister': the latest compatible person, else the office
        holder on the publication date. 'a minister' is somebody new."""
        if determiner(c) in ("a", "an"):
            return None
        want = title.classes[0] if title.classes else None
        if want in _UNSPECIFIC:
            return self._office(country, want)  # "the official said": someone unnamed
        fits = [h for h in self.history.recent() if h.person
                and (country is None or h.actor.country == country)
                and (want is None or want in h.classes)]
        if fits:
            # The latest sentence naming someone who fits: its one such person, else its
            # subject ("Lavrov met Kerry. The minister said" is Lavrov); two and no subject
            # ("talks between Lavrov and Kerry. The minister said"): nobody, not a guess.
            nearest = [h for h in fits if h.sentence == fits[0].sentence]
            if len({identity(h) for h in nearest}) > 1:
                nearest = [h for h in nearest if h.subject]
                if not nearest:  # "the Russian minister" falls back to RUSGOV; "the minister" to nobody
                    return None if country is not None else (None, False, None, [])
            h = nearest[0]
            a = replace(h.actor, how="coref:description", sectors=list(h.actor.sectors))
            return a, True, h.gender, h.classes
        return self._office(country, want)

    def _office(self, country: str | None, want: str | None):
        # Without a publication date there is no telling which holder is meant.
        if country is None or want not in _OFFICES or self.pub_date is None:
            return None
        person = self.kb.office_holder(country, want, self.pub_date)
        if person is None:
            return None
        entry = Entry("person", person.name, person.country, person=person)
        a, is_person, gender, classes = self._person_actor(person, entry, [], [], False)
        a.how = "kb:office"
        return a, is_person, gender, classes

    def _group_description(self, c: Chunk, title: Title, plural: bool):
        """'the police', 'the army': the same body named with its country a little earlier."""
        if determiner(c) in ("a", "an"):
            return None
        for h in self.history.recent():
            if h.person or not h.actor.country:
                continue
            if plural and h.actor.kb_id is not None:
                continue  # "cartels" are not the one cartel named before
            if title.sector in h.actor.sectors:
                a = replace(h.actor, how="coref:description", sectors=list(h.actor.sectors))
                return a, False, None, []
        return None

    def _pronouns(self, s: Sentence, mentions: list[Actor], by_token: dict[int, Actor]) -> None:
        for i, low in enumerate(s.lowers):
            if i in by_token or low not in PRONOUNS:
                continue
            kind, gender, case = PRONOUNS[low]
            if s.parsed:
                dep = s.tokens[i].dep_
                if dep == "expl":
                    continue
                if low == "her" and dep != "poss":
                    case = "obj"
            hit = self.history.antecedent(s.index, i, kind, gender, case)
            if hit is None:
                continue
            a = replace(hit.actor, sectors=list(hit.actor.sectors), how="coref:pronoun")
            tok = s.tokens[i]
            a.text = tok.text
            a.start = s.offset + tok.idx
            a.end = a.start + len(tok.text)
            a.sentence = s.index
            mentions.append(a)
            by_token[i] = a
            subject = s.dep(i) in ("nsubj", "nsubjpass")
            self.history.add(Mentioned(a, s.index, i, hit.person, hit.gender, hit.classes, subject,
                                      hit.plural))

    def _number(self, s: Sentence, unit: list[Chunk]) -> bool | None:
        last = max((p for c in unit for p in c.content), key=lambda p: p.start)
        if last.kind == "title":
            return True if last.title.title == "police" else self._plural(s, last)
        if last.kind == "entry":
            kind = last.entry.kind
            if kind == "people":
                return True
            if kind == "group":
                return None
        return False


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


# Words before an office that say its holder is not the state now: "former president X",
# "ex-minister Y", "the former police chief" (elites, ELI, as CAMEO codes former officials); "shadow foreign secretary Z"
# (the opposition's spokesman for the office, OPP); "Tory leader X", "Labour spokesman Y" (a
# party's office, PTY, whichever party governs that year).
_FORMER = frozenset({"former", "ex", "ex-"})
# The state's offices a former holder leaves: not MIL ("former soldiers" joining a gang are
# not elites).
_OFFICE_SECTORS = ("GOV", "COP", "JUD", "LEG")
_SHADOW = frozenset({"shadow"})
_PARTY_WORDS = frozenset({"tory", "tories", "conservative", "labour", "liberal", "democrat", "democratic",
                          "republican", "socialist", "communist", "green", "nationalist"})
_PARTY_OFFICES = frozenset({"leader", "leaders", "chairman", "chairwoman", "spokesman", "spokeswoman",
                            "spokesperson", "official", "officials"})


def _out_of_government(s: Sentence, first: int, last: int, actor: Actor) -> bool:
    """Recode an actor whose own phrase says it holds no government office, or is a party's
    officer rather than a business's (see above); whether it was recoded."""
    words = s.lowers[max(0, first - 2):last]
    party = not actor.how.startswith("kb:") and any(
        w in _PARTY_WORDS for w in s.lowers[max(0, first - 4):first + 1])
    if "BUS" in actor.sectors and party:
        # "Conservative co-chairman Liam Fox": the party's chairman, not a company's
        return _recode(actor, "BUS", "PTY")
    office = next((x for x in _OFFICE_SECTORS if x in actor.sectors), None)
    if office and any(w in _FORMER for w in words):
        return _recode(actor, office, "ELI")
    if "GOV" not in actor.sectors:
        return False
    if any(w in _SHADOW for w in words):
        return _recode(actor, "GOV", "OPP")
    if party and any(w in _PARTY_OFFICES for w in words):
        return _recode(actor, "GOV", "PTY")
    return False


def _recode(actor: Actor, old: str, new: str) -> bool:
    actor.sectors = [new if x == old else x for x in actor.sectors]
    actor.code = actor.code.replace(old, new, 1)
    return True
