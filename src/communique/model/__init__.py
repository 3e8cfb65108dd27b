"""The typed records every pipeline stage shares, and the one reading of a date."""

from communique.model.codes import ActorCode
from communique.model.dates import DateError, iso_date, try_iso_date
from communique.model.records import (
    DAY_PRECISIONS,
    Actor,
    Article,
    CodedArticle,
    Event,
    Location,
    Quote,
    Reject,
    Span,
)

__all__ = ["DAY_PRECISIONS", "Actor", "ActorCode", "Article", "CodedArticle", "DateError", "Event", "Location", "Quote",
           "Reject", "Span", "iso_date", "try_iso_date"]
