"""Runs the stages over an article: split, prefilter, parse, actors, events, time, place, quotes.

Only sentences that can hold an event (a trigger word of the predicate lexicon) or a quote,
and that no discard phrase marks as sport or entertainment (``events.discards``), are given to
the statistical pipeline; the others get the tokenizer-only pass, which is enough
to keep the in-article coreference state current. This is what makes the coder fast enough
for corpora: the parser and tagger are the cost, and most news sentences hold no event.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.tokens import Doc, Span

from communique import disk_cache
from communique.actors import ActorResolver
from communique.actors.names import share_tokenizer
from communique.events import EventExtractor, Lexicon
from communique.events.build import drop_vaguer_repeats
from communique.events.calibration import Calibration
from communique.events.discards import Discards
from communique.events.discourse import fill_implicit_targets
from communique.events.implicit import place_unnamed, scene_of
from communique.events.syntax import token_at
from communique.geo import Gazetteer
from communique.model import Actor, Article, CodedArticle, Event, Quote
from communique.model.dateline import blank_datelines, dateline_place
from communique.model.text import replace_surrogates
from communique.nlp import load_nlp, load_tokenizer_pipeline
from communique.pipeline.prefilter import WORD_IDS, Prefilter
from communique.quotes import QuoteContext
from communique.temporal import DateContext

# Sentences longer than this are tables, lists or run-ons glued by bad markup; parsing them is
# slow and what they yield is mostly wrong, so they only get the cheap pass.
MAX_SENTENCE_CHARS = 2_000

# What reaches the tokenizer is bounded, because spaCy's tokenizer is quadratic in the length of a
# run without spaces made of characters it splits off one by one: 10,000 apostrophes took 8-17 s,
# 50,000 emoji 254 s. Every limit replaces characters with spaces (or cuts the end), so offsets
# into the article text stay valid and what is left is tokenized in time linear in its length
# (200,000 random symbols, letters and emoji: about a second in the tokenizer, under ten in the
# whole coder; 12,000 apostrophes, which took over a minute, now a tenth of a second).
# - Only the first MAX_TEXT_CHARS characters are coded (the article itself is kept whole). The
#   longest article of the benchmark corpus is 33 kB; 200,000 characters is a 30,000-word
#   report, and the web API already refuses texts over 150,000.
MAX_TEXT_CHARS = 200_000
# - A run of more than MAX_SYMBOL_RUN characters that are neither letters, digits nor spaces
#   ("''''...", "$$$$...", emoji) keeps its first MAX_SYMBOL_RUN and the rest become spaces.
#   Real text has short ones: "?!", "...", an emoji or three, a "-----" rule (cut, harmlessly).
MAX_SYMBOL_RUN = 16
# - A run of more than MAX_RUN_CHARS non-space characters gets a space every MAX_RUN_CHARS + 1
#   characters. The longest real ones are URLs: 418 characters in the benchmark corpus.
MAX_RUN_CHARS = 500
_SYMBOL_RUN = re.compile(r"[^\w\s]{%d,}" % (MAX_SYMBOL_RUN + 1))
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_RUN_CHARS + 1))


@dataclass(slots=True)
class _Plan:
    """An article split into sentences, with the ones chosen for parsing."""

    article: Article
    sentences: list[Span]
    parse: list[bool]
    parsed: dict[int, Doc] = field(default_factory=dict)
    scene: str | None = None  # the country the story was filed from ("BAGHDAD (Reuters) -")
    texts: list[str] = field(default_factory=list)  # the sentences' text, read once
    words: int = 0  # tokens that are neither punctuation nor space


class Coder:
    """Holds the models and dictionaries; build one per process and reuse it."""

    def __init__(self, ner: bool = False, prefilter: bool = True, calibrate: bool = True) -> None:
        """``calibrate=False`` leaves each event's raw score as its confidence (what
        ``tools/calibrate_confidence.py`` fits the calibration on)."""
        # The tables below are millions of long-lived objects and no garbage: the collector
        # is paused while they are read, then they are moved out of its reach (gc.freeze), so
        # no later collection walks them again (which would move the cost to the first
        # article, and keep recurring on a long run).
        # (The tables are read before the spaCy model: measured, they read back slower after it.)
        with disk_cache.collector_paused():
            self.lexicon = Lexicon.load()
            self.gazetteer = Gazetteer.load()
            self.resolver = ActorResolver(place_country=self.gazetteer.place_country)
            # one knowledge base per process: the prefilter reads the resolver's
            self.prefilter = Prefilter(self.lexicon, self.resolver.kb) if prefilter else None
            self.discards = Discards.load()
            self.extractor = EventExtractor(lexicon=self.lexicon,
                                            place_country=self.gazetteer.place_country)
            self.calibration = Calibration.load() if calibrate else None
            self.nlp = load_nlp(ner=ner)
            self.tok = load_tokenizer_pipeline(ner=ner)
            share_tokenizer(self.nlp.tokenizer)  # names are split as the text is
        gc.freeze()

    # -- public API -------------------------------------------------------------------------

    def code(self, article: Article) -> CodedArticle:
        return next(self.code_many([article]))

    def code_many(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[CodedArticle]:
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                yield from self._code_batch(batch)
                batch = []
        if batch:
            yield from self._code_batch(batch)

    # -- stages -----------------------------------------------------------------------------

    def _code_batch(self, articles: list[Article]) -> list[CodedArticle]:
        plans = [self._plan(a) for a in articles]
        jobs = [(p, i) for p in plans for i, keep in enumerate(p.parse) if keep]
        # Re-tokenizing the sentence text is cheaper than copying the span (Span.as_doc): the
        # tokenizer caches what it has seen.
        texts = (p.texts[i] for p, i in jobs)
        for (plan, i), doc in zip(jobs, self.nlp.pipe(texts, batch_size=256), strict=True):
            plan.parsed[i] = doc
        return [self._finish(p) for p in plans]

    def _plan(self, article: Article) -> _Plan:
        text = tokenizer_safe(article.text or "")
        if not text.strip():
            return _Plan(article, [], [])
        # "MOSCOW (Reuters) - Putin met ...": the filing place is no actor of the story
        blanked = blank_datelines(text)
        doc = self.tok(blanked)
        sentences: list[Span] = []
        texts: list[str] = []
        for s in doc.sents:
            # the Doc's text is the text it was made from: slicing it is Span.text without
            # joining the sentence's tokens again
            s_text = blanked[s.start_char:s.end_char]
            if s_text.strip():
                sentences.append(s)
                texts.append(s_text)
        # every token is in a sentence, and the blank ones hold only spaces
        words = len(doc) - int(doc.to_array([IS_PUNCT, IS_SPACE]).any(axis=1).sum()) if len(doc) else 0
        if self.discards.story(f"{article.title or ''}\n{text}"):
            # sport or entertainment: nothing in it is coded, so nothing is parsed
            return _Plan(article, sentences, [False] * len(sentences), texts=texts, words=words)
        prefilter = self.prefilter
        ids = doc.to_array(WORD_IDS).tolist() if prefilter is not None and len(doc) else []
        parse = [
            len(s_text) <= MAX_SENTENCE_CHARS
            and (prefilter is None or prefilter.worth_parsing_ids(ids[s.start:s.end], doc.vocab.strings))
            and not self.discards.sentence(s_text)
            for s, s_text in zip(sentences, texts, strict=True)
        ]
        place = dateline_place(text)
        scene = self.gazetteer.place_country(place.title()) if place else None
        return _Plan(article, sentences, parse, scene=scene, texts=texts, words=words)

    def _finish(self, plan: _Plan) -> CodedArticle:
        article = plan.article
        context = self.resolver.new_context(article.date)
        dates = DateContext(article.date)
        quoting = QuoteContext()
        events: list[Event] = []
        actors: list[Actor] = []
        quotes: list[Quote] = []
        seen: set[tuple[int, str, str, str]] = set()
        scene: str | None = None  # the country of the last event with a place
        for index, sent in enumerate(plan.sentences):
            offset = sent.start_char
            doc = plan.parsed.get(index)
            if doc is None:
                actors.extend(context.observe(self.tok.tokenizer(plan.texts[index]), index, offset))
                continue
            found = context.resolve_sentence(doc, index, offset)
            actors.extend(found.mentions)
            said = quoting.extract(doc, index, offset, found)
            quotes.extend(said)
            sentence_events = self.extractor.extract(doc, found, article.id, index, offset)
            sentence_events += self.extractor.comments(doc, said, sentence_events, found,
                                                       article.id, index, offset)
            if not sentence_events:
                continue
            for event in sentence_events:
                key = (index, event.cameo, _code(event.source), _code(event.target))
                if key in seen:
                    continue
                seen.add(key)
                trigger = token_at(doc, event.trigger.start - offset)
                event.date, event.date_precision, event.date_text = dates.resolve(doc, trigger)
                if event.date is None:
                    event.date_precision = None  # no date, no precision: not "publication"
                self.extractor.announce_future(event, article.date)
                # Per event, with its trigger: two events of one sentence can happen in two places.
                event.location = self.gazetteer.locate(doc, actors=found, trigger=trigger)
                if place_unnamed(event, scene or plan.scene, self.lexicon.venue_roots,
                                 self.lexicon.suspect_codes):
                    events.append(event)
                    scene = scene_of(event) or scene
        fill_implicit_targets(
            events, plan.parsed, {i: s.start_char for i, s in enumerate(plan.sentences)}, self.lexicon
        )
        events = drop_vaguer_repeats(events)
        if self.calibration is not None:
            # last, once every penalty is in: the raw score becomes the share of such events
            # the gold confirms
            for event in events:
                event.confidence = self.calibration(event.confidence)
        return CodedArticle(
            article=article,
            events=events,
            actors=actors,
            quotes=quotes,
            sentences=len(plan.sentences),
            words=plan.words,
        )


def tokenizer_safe(text: str) -> str:
    """``text`` as the tokenizer may see it: cut to MAX_TEXT_CHARS, lone surrogates replaced,
    long runs of symbols and of non-space characters broken with spaces (see the limits above).
    Every character keeps its offset, and text without such runs comes back unchanged:
    ``tokenizer_safe("'" * 20)`` is ``"'" * 16 + "    "``."""
    text = text[:MAX_TEXT_CHARS]
    # A lone surrogate ("\ud800", from a bad JSON escape) cannot be encoded, and the tokenizer
    # encodes every token to hash it: U+FFFD (an Article has none; a text built otherwise may).
    text = replace_surrogates(text)
    text = _SYMBOL_RUN.sub(_blank_symbol_run, text)
    return _LONG_RUN.sub(_break_long_run, text)


def _blank_symbol_run(match: re.Match[str]) -> str:
    run = match.group()
    return run[:MAX_SYMBOL_RUN] + " " * (len(run) - MAX_SYMBOL_RUN)


def _break_long_run(match: re.Match[str]) -> str:
    run = match.group()
    step = MAX_RUN_CHARS + 1
    # every step-th character becomes a space: "a" * 1002 -> "a" * 500 + " " + "a" * 500 + " "
    return " ".join(run[i : i + MAX_RUN_CHARS] for i in range(0, len(run), step))[: len(run)].ljust(len(run))


def _code(actor: Actor | None) -> str:
    return actor.code if actor else ""

