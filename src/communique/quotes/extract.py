"""Direct and reported quotes in a parsed sentence, with their speakers.

Direct: the text between quotation marks (straight, curly or guillemets; offsets are the
inside of the marks). It is kept as speech when a speech verb (data/speech_verbs.yaml) governs
it ("Putin stated, "We have ...""), when it is a clause of three words or more with a verb of
its own, or when it is a whole sentence continuing a quotation opened earlier. Anything else
-- a quoted word or phrase with no speech verb over it -- is a label or scare quote ("referred
to him as a "friend"", "conveyed "personal greetings"", "called it a "historic mistake"") and
is skipped.

Reported: the clausal complement of a speech verb outside quotation marks ("X said that ...",
"X told reporters ..."), a clause with a parenthetical "..., X said", and a clause introduced
by "according to X" (unless that clause is itself a speech verb's, which then speaks). The
speaker is the speech verb's subject (through "and said", "adding", "quoted as saying", and a
relative pronoun's antecedent) or the object of "according to"; ``speaker_text`` is its name
phrase and ``speaker`` what ``actors.actor_for`` makes of it (None when unknown).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy
from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from communique.model import Actor, Quote
from communique.doc_text import doc_text
from communique.quotes.lexicon import SpeechVerbs, speech_verbs
from communique.quotes.marks import Marked, scan

MIN_CLAUSE_WORDS = 3
_SUBJECT_DEPS = ("nsubj", "nsubjpass")
# Dependents that belong to the speaker's name, not to what is said about them.
_NAME_DEPS = frozenset({"compound", "flat", "amod", "poss", "case", "det", "nmod", "nummod"})
_INHERIT_SUBJECT = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep"})
_CLAUSE_DEPS = frozenset({"ccomp"})
_DASHES = frozenset({"-", "--", "—", "–"})
_ACCORDING = get_string_id("according")
_TRIM = frozenset({",", ".", ";", ":", "-", "--", "—", "–", "\"", "“", "”", "'"})


def extract_quotes(doc: Doc, index: int, offset: int, actors, *,
                   starts_inside: bool = False) -> list[Quote]:
    """Quotes of one parsed sentence. ``starts_inside``: the previous sentence left a
    quotation open (``QuoteContext`` tracks that across an article)."""
    return _extract(doc, index, offset, actors, starts_inside)[0]


def _extract(doc: Doc, index: int, offset: int, actors,
             starts_inside: bool) -> tuple[list[Quote], bool]:
    verbs = speech_verbs()
    quotes: list[Quote] = []
    covered: set[int] = set()  # tokens inside direct quotes
    regions, still_open = scan(doc_text(doc), starts_inside)
    for region in regions:
        # A whole quoted sentence continuing a quotation is speech even without a verb.
        continuing = not region.opened
        quote = _direct(doc, region, index, offset, actors, verbs, continuing)
        inside = _tokens_in(doc, region.start, region.end)
        covered.update(t.i for t in inside)
        if quote is not None:
            quotes.append(quote)
    quotes.extend(_reported(doc, index, offset, actors, verbs, covered))
    return quotes, still_open


class QuoteContext:
    """Quotations across the sentences of one article (one context per article).

    The sentence splitter cuts a long quotation into sentences: the first opens it, the
    middle ones carry no mark, the last closes it and usually names the speaker ("...," Putin
    said). The context carries the open state forward and shares the speaker across the
    pieces, both ways.
    """

    # A quotation left open longer than this was a stray mark, not a long speech.
    MAX_OPEN_SENTENCES = 8

    def __init__(self) -> None:
        self._last_index = -2
        self._open = False
        self._open_for = 0
        self._pending: list[Quote] = []  # pieces of the running quotation without a speaker
        self._speaker: tuple[Actor | None, str | None] | None = None

    def extract(self, doc: Doc, index: int, offset: int, actors) -> list[Quote]:
        inside = self._open and index == self._last_index + 1 \
            and self._open_for < self.MAX_OPEN_SENTENCES
        if not inside:
            self._pending, self._speaker = [], None
        quotes, still_open = _extract(doc, index, offset, actors, inside)
        self._last_index = index
        direct = [q for q in quotes if q.kind == "direct"]
        head = direct[0] if inside and direct and _continues(direct[0], offset) else None
        if head is not None:
            self._join(head)
        tail = direct[-1] if still_open and direct and _runs_to_end(direct[-1], doc, offset) \
            else None
        if not still_open or (tail is None) or tail is not head:
            # the running quotation ended here, or a new one opened
            self._pending, self._speaker = [], None
            if tail is not None:
                self._join(tail)
        self._open_for = self._open_for + 1 if inside and still_open else 0
        self._open = still_open
        return quotes

    def _join(self, quote: Quote) -> None:
        if quote.speaker_text is None and self._speaker is not None:
            quote.speaker, quote.speaker_text = self._speaker
        elif quote.speaker_text is not None:
            self._speaker = (quote.speaker, quote.speaker_text)
            for earlier in self._pending:
                earlier.speaker, earlier.speaker_text = self._speaker
            self._pending = []
        if quote.speaker_text is None:
            self._pending.append(quote)


def _continues(quote: Quote, offset: int) -> bool:
    return quote.start - offset <= 2


def _runs_to_end(quote: Quote, doc: Doc, offset: int) -> bool:
    return len(doc_text(doc).rstrip()) - (quote.end - offset) <= 2


# -- direct ------------------------------------------------------------------------------------


def _direct(doc: Doc, region: Marked, index: int, offset: int, actors,
            verbs: SpeechVerbs, continuing: bool = False) -> Quote | None:
    start, end = _strip(doc_text(doc), region.start, region.end)
    if start >= end:
        return None
    inside = _tokens_in(doc, start, end)
    if not inside:
        return None
    members = {t.i for t in inside}
    words = [t for t in inside if not (t.is_punct or t.is_space)]
    verb = _governing_speech_verb(doc, inside, members, verbs)
    is_clause = len(words) >= MIN_CLAUSE_WORDS and any(t.pos_ in ("VERB", "AUX") for t in words)
    if verb is None and not is_clause and not (continuing and len(words) >= MIN_CLAUSE_WORDS):
        return None
    speaker_tok = _subject(verb, members) if verb is not None else None
    if speaker_tok is None:
        speaker_tok = _according_to(doc, members)
    speaker, speaker_text = _speaker(doc, speaker_tok, actors)
    return Quote(text=doc_text(doc)[start:end], start=offset + start, end=offset + end,
                 sentence=index, kind="direct", speaker=speaker, speaker_text=speaker_text)


def _governing_speech_verb(doc: Doc, inside: list[Token], members: set[int],
                           verbs: SpeechVerbs) -> Token | None:
    heads = [t for t in inside if t.head.i not in members or t.head.i == t.i]
    for h in heads:
        current = h
        for _ in range(6):  # up the tree: "Putin stated, "We have ..."" -> stated
            if current.i not in members and verbs.matches(current):
                return current
            if current.head.i == current.i:
                break
            current = current.head
        for child in h.children:  # "We have work ahead," Putin said. -> said under "have"
            if child.i not in members and child.dep_ in ("parataxis", "ccomp", "advcl", "conj") \
                    and verbs.matches(child):
                return child
    # A full quoted clause next to a speech verb that the parser hung elsewhere.
    words = [t for t in inside if not t.is_punct]
    if len(words) >= MIN_CLAUSE_WORDS:
        outside = [t for t in map(doc.__getitem__, verbs.candidates(doc))
                   if t.i not in members and verbs.matches(t)]
        if outside:
            first = inside[0].i
            return min(outside, key=lambda t: abs(t.i - first))
    return None


# -- reported ----------------------------------------------------------------------------------


def _reported(doc: Doc, index: int, offset: int, actors, verbs: SpeechVerbs,
              covered: set[int]) -> list[Quote]:
    quotes: list[Quote] = []
    used: set[int] = set()
    # only the tokens either branch below can take: a speech verb, or "according"
    lowers = doc.to_array(LOWER)
    according = numpy.flatnonzero(lowers == _ACCORDING).tolist() if len(lowers) else []
    for i in sorted({*verbs.candidates(doc), *according}):
        if i in covered:
            continue
        tok = doc[i]
        if verbs.matches(tok):
            # The parser sometimes splits one complement in two ("told the visitor increased
            # cooperation ... was possible"): take the verb's clausal complements together.
            clause = [t for c in tok.children if c.dep_ in _CLAUSE_DEPS for t in c.subtree]
            if clause and _free(clause, covered, used):
                quote = _make_reported(doc, clause, set(), tok, index, offset, actors,
                                       _subject(tok, set()))
                if quote:
                    quotes.append(quote)
                    used.update(t.i for t in clause)
            # "The talks were useful, Putin said."
            if tok.dep_ == "parataxis" and not verbs.matches(tok.head) \
                    and _free(tok.head.subtree, covered, used, skip=set(t.i for t in tok.subtree)):
                drop = {t.i for t in tok.subtree}
                quote = _make_reported(doc, list(tok.head.subtree), drop, tok, index, offset,
                                       actors, _subject(tok, set()))
                if quote:
                    quotes.append(quote)
                    used.update(t.i for t in tok.head.subtree if t.i not in drop)
        elif tok.lower_ == "according" and tok.dep_ == "prep":
            source = _according_object(tok)
            head = tok.head
            if source is None or head.i == tok.i or verbs.matches(head):
                continue
            drop = {t.i for t in tok.subtree}
            if not _free(head.subtree, covered, used, skip=drop):
                continue
            quote = _make_reported(doc, list(head.subtree), drop, head, index, offset, actors,
                                   source)
            if quote:
                quotes.append(quote)
                used.update(t.i for t in head.subtree if t.i not in drop)
    return quotes


def _free(tokens: Iterable[Token], covered: set[int], used: set[int],
          skip: set[int] | None = None) -> bool:
    """The clause is not (mostly) a direct quote already, nor reported by another verb."""
    ids = [t.i for t in tokens if not skip or t.i not in skip]
    if not ids:
        return False
    quoted = sum(1 for i in ids if i in covered or i in used)
    return quoted * 2 < len(ids)


def _make_reported(doc: Doc, tokens: list[Token], drop: set[int], verb: Token, index: int,
                   offset: int, actors, speaker_tok: Token | None) -> Quote | None:
    kept = sorted((t for t in tokens if t.i not in drop), key=lambda t: t.i)
    # Leading "that", commas and trailing punctuation are not part of what was said.
    while kept and (kept[0].dep_ == "mark" or kept[0].text in _TRIM or kept[0].is_space):
        kept.pop(0)
    while kept and (kept[-1].text in _TRIM or kept[-1].is_space):
        kept.pop()
    words = [t for t in kept if not t.is_punct]
    if len(words) < 2:
        return None
    # A dateline line may precede the clause: keep its longest line.
    runs = _runs(kept)
    if not runs:
        return None
    run = _after_dateline(max(runs, key=lambda r: sum(1 for t in r if not t.is_punct)))
    while run and (run[-1].text in _TRIM or run[-1].is_space):
        run = run[:-1]
    while run and (run[0].text in _TRIM or run[0].is_space):
        run = run[1:]
    if not run:
        return None
    start, end = run[0].idx, run[-1].idx + len(run[-1].text)
    speaker, speaker_text = _speaker(doc, speaker_tok, actors)
    # doc[...].text is doc.text[start:end] without joining the whole sentence
    return Quote(text=doc[run[0].i:run[-1].i + 1].text, start=offset + start, end=offset + end,
                 sentence=index, kind="reported", speaker=speaker, speaker_text=speaker_text)


def _after_dateline(run: list[Token]) -> list[Token]:
    """Drop a wire dateline opening the clause: "NEW YORK (Reuters) - Citrix is buying ..."."""
    for k, t in enumerate(run[:10]):
        if t.text in _DASHES:
            head = run[:k]
            if head and all(x.is_punct or x.pos_ == "PROPN" or x.is_upper for x in head):
                return run[k + 1:]
            break
    return run


def _runs(tokens: list[Token]) -> list[list[Token]]:
    """``tokens`` cut at line breaks (a dateline line is not part of the clause). A gap left
    by a dropped parenthetical (", Putin added,") is bridged: the slice keeps it, so that
    "The talks, Putin added, were useful" keeps its subject."""
    runs: list[list[Token]] = [[]]
    for t in tokens:
        if t.is_space and "\n" in t.text:
            runs.append([])
        elif runs[-1] and any("\n" in x.text for x in t.doc[runs[-1][-1].i + 1:t.i]):
            runs.append([t])
        else:
            runs[-1].append(t)
    return [r for r in runs if r]


# -- speakers ----------------------------------------------------------------------------------


def _subject(verb: Token | None, members: set[int]) -> Token | None:
    current = verb
    for _ in range(5):
        if current is None:
            return None
        for child in current.children:
            if child.dep_ in _SUBJECT_DEPS and child.i not in members:
                if child.dep_ == "nsubjpass" and child.lower_ == "it":
                    return None  # "It was reported that ...": nobody in particular
                if child.tag_ in ("WP", "WDT") and current.dep_ == "relcl":
                    return current.head  # "Lessing, who said ...": the antecedent
                return child
        # "Putin smiled and said", "adding that", "after saying", "was quoted as saying"
        if current.dep_ not in _INHERIT_SUBJECT or current.head.i == current.i:
            return None
        current = current.head
    return None


def _according_object(tok: Token) -> Token | None:
    for to in tok.children:
        if to.lower_ == "to":
            for obj in to.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _according_to(doc: Doc, members: set[int]) -> Token | None:
    for tok in doc:
        if tok.lower_ == "according" and tok.i not in members:
            obj = _according_object(tok)
            if obj is not None:
                return obj
    return None


def _speaker(doc: Doc, tok: Token | None, actors) -> tuple[Actor | None, str | None]:
    if tok is None or not any(ch.isalpha() for ch in tok.text):
        return None, None  # a misparse that made a date or number the subject
    name = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in _NAME_DEPS:
                name.append(c)
                stack.append(c)
    lo = min(t.i for t in name)
    hi = max(t.i for t in name)
    for t in doc[lo:tok.i]:  # a dateline glued before the name ("BEIJING 1996-08-24\nKing",
        if "\n" in t.text or t.text in _DASHES:  # "NEW YORK (Reuters) - Pharmacy chain CVS")
            lo = t.i + 1
    span = doc[lo:hi + 1]
    actor = None
    if actors is not None:
        actor = actors.actor_for(tok)
        if actor is None:
            for t in span:
                if t.i != tok.i and (actor := actors.actor_for(t)) is not None:
                    break
    return actor, span.text


# -- helpers -----------------------------------------------------------------------------------


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    return [t for t in doc if start <= t.idx and t.idx + len(t.text) <= end and not t.is_space]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces and a trailing comma inside the marks ("We will win," he said)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end
