"""The typed records every pipeline stage shares."""

from communique.model.codes import ActorCode
from communique.model.records import (
    Actor,
    Article,
    CodedArticle,
    Event,
    Location,
    Quote,
    Reject,
    Span,
)

__all__ = ["Actor", "ActorCode", "Article", "CodedArticle", "Event", "Location", "Quote", "Reject", "Span"]
