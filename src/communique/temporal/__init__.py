"""Event dates from time expressions, resolved against the publication date.

``resolve_date`` works on one sentence; ``DateContext`` (one per article) adds dates carried
from an earlier sentence to clauses set "during the talks".
"""

from communique.temporal.context import DateContext
from communique.temporal.resolve import resolve_date

__all__ = ["DateContext", "resolve_date"]
