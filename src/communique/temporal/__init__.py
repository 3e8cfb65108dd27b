"""Event dates from time expressions, resolved against the publication date."""

from communique.temporal.resolve import resolve_date

__all__ = ["resolve_date"]
