"""The typed records every pipeline stage shares."""

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

__all__ = ["Actor", "Article", "CodedArticle", "Event", "Location", "Quote", "Reject", "Span"]
