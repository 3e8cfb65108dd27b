"""Records passed between stages and written to the store.

Dates are ISO strings (``YYYY-MM-DD``) rather than ``datetime.date`` objects so the records
round-trip through JSON, Arrow and DuckDB without per-stage conversion.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from communique.model.dateline import dateline_date
from communique.model.dates import iso_date
from communique.model.header import parse_header
from communique.model.text import repair_text, replace_surrogates

Modality = Literal["asserted", "intended", "hypothetical", "reported"]
DatePrecision = Literal["day", "month", "year", "publication"]
# Precisions that name the day an event happened: an expression like "on Tuesday", or the
# publication day of the story reporting it (how GDELT dates events). Month and year dates
# are stored as their first day, which must never be read as that day.
DAY_PRECISIONS = frozenset({"day", "publication"})


def content_hash(text: str) -> str:
    """Stable article key: the same text always gets the same id, so re-ingest is idempotent."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _clean(value: Any) -> Any:
    return replace_surrogates(value) if isinstance(value, str) else value


@dataclass(slots=True)
class Span:
    """A piece of the article text, by character offsets into ``Article.text``."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Article:
    text: str
    id: str = ""
    title: str | None = None
    date: str | None = None  # publication date, ISO; else the dateline's (see __post_init__)
    source: str | None = None  # publisher, e.g. "MENAFN"
    url: str | None = None
    origin: str | None = None  # where it was read from: "path:line" or "stdin:3"

    def __post_init__(self) -> None:
        # A lone surrogate (JSON "\\ud800", a file name that is not UTF-8) cannot be hashed
        # or stored: it becomes U+FFFD here, so no path (ingest, code, the API) fails on it.
        self.text, self.title, self.source, self.url, self.origin = (
            _clean(self.text), _clean(self.title), _clean(self.source), _clean(self.url), _clean(self.origin))
        # The one place article text is repaired ("Britain #39;s" -> "Britain's"), so every
        # path (code, ingest, the API) codes, stores and hashes the same text.
        if self.text:
            self.text = repair_text(self.text)
        if not self.id:
            self.id = content_hash(self.text)
        # The one place a publication date is read: "20231228" and a datetime become
        # "2023-12-28", a bad value raises DateError. Without one, the story's own dateline
        # ("BERNE 1996-08-28", "MOSCOW, March 4 (Reuters)" in a story naming 2004) dates it.
        self.date = iso_date(self.date) or dateline_date(self.text or "")

    @classmethod
    def from_text(cls, text: str, date: str | None = None, source: str | None = None, **fields: Any) -> Article:
        """An article from raw text: a leading wire header (``date 2023-12-28 (MENAFN)``) is
        taken off the text and supplies the date and source unless they are given. The one
        place the header is parsed for text handed to the coder."""
        body, header_date, header_source = parse_header(text)
        return cls(text=body, date=date or header_date, source=source or header_source, **fields)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Actor:
    """One resolved actor mention.

    ``code`` is the CAMEO actor code: country (ISO3, or IGO/NGO/MNC...) followed by sector
    codes, e.g. ``RUSGOV``; ``sectors`` lists the sector codes separately (``["GOV"]``).
    """

    text: str  # as written in the article
    name: str  # resolved name: "Vladimir Putin", "Russia", "United Nations"
    code: str
    country: str | None = None  # ISO3 of the actor's country, None for IGOs/NGOs
    sectors: list[str] = field(default_factory=list)
    kb_id: str | None = None  # knowledge-base entry id, when it came from the KB
    start: int = -1  # character span of the mention in the article
    end: int = -1
    sentence: int = -1
    how: str = ""  # which rule resolved it: "kb:person", "demonym+title", "coref:pronoun", ...

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Location:
    name: str
    country: str | None = None  # ISO3
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str = ""  # "country", "city", "admin1", "landmark"
    geonameid: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Quote:
    text: str
    start: int
    end: int
    sentence: int
    kind: Literal["direct", "reported"] = "direct"
    speaker: Actor | None = None
    speaker_text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["speaker"] = self.speaker.to_dict() if self.speaker else None
        return d


@dataclass(slots=True)
class Event:
    article_id: str
    source: Actor | None
    target: Actor | None
    cameo: str  # full code as a zero-padded string: "040", "1823"
    root: str  # first two digits: "04"
    cameo_name: str
    plover: str | None
    plover_mode: str | None
    quad_class: int  # GDELT QuadClass 1-4
    goldstein: float
    sentence: int
    trigger: Span
    evidence: str  # the sentence text
    rule: str  # lexicon entry id or rule name that fired
    date: str | None = None
    date_precision: DatePrecision | None = "publication"  # None when the event has no date
    date_text: str | None = None
    location: Location | None = None
    modality: Modality = "asserted"
    negated: bool = False
    confidence: float = 0.5
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            key = "|".join(
                [
                    self.article_id,
                    str(self.sentence),
                    str(self.trigger.start),
                    self.cameo,
                    self.source.code if self.source else "",
                    self.target.code if self.target else "",
                ]
            )
            self.id = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["source"] = self.source.to_dict() if self.source else None
        d["target"] = self.target.to_dict() if self.target else None
        d["location"] = self.location.to_dict() if self.location else None
        return d


@dataclass(slots=True)
class CodedArticle:
    article: Article
    events: list[Event] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    sentences: int = 0
    words: int = 0

    def to_dict(self) -> dict[str, Any]:
        d = self.article.to_dict()
        d["sentences"] = self.sentences
        d["words"] = self.words
        d["events"] = [e.to_dict() for e in self.events]
        d["actors"] = [a.to_dict() for a in self.actors]
        d["quotes"] = [q.to_dict() for q in self.quotes]
        return d


@dataclass(slots=True)
class Reject:
    """An input record that could not become an Article, with the reason why."""

    origin: str  # "path:line", "path", "stdin:4"
    reason: str
    record: str = ""  # the raw record, truncated for storage

    def __post_init__(self) -> None:
        # stored like an article's fields: a lone surrogate would fail the write (see Article)
        self.origin, self.reason, self.record = _clean(self.origin), _clean(self.reason), _clean(self.record)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
