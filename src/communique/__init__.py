"""communique: political event data (CAMEO / PLOVER) from news text.

>>> import communique
>>> coded = communique.code("date 2023-12-28 (MENAFN) Russia condemned the strike.")
>>> df = communique.load_events("events.duckdb", dyad="RUS:IND", date_from="2023-01")
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the coder pulls in spaCy and the store pandas; keep `import communique` light
    import pandas

    from communique.model import CodedArticle
    from communique.pipeline import Coder

__version__ = "0.1.0"
__all__ = ["code", "default_coder", "load_events", "__version__"]


@lru_cache(maxsize=1)
def default_coder() -> Coder:
    from communique.pipeline import Coder

    return Coder()


def code(text: str, date: str | None = None, source: str | None = None) -> CodedArticle:
    """Code one article. A leading wire header (``date 2023-12-28 (MENAFN)``) supplies the
    publication date and source unless they are given here. ``date`` is a day ("2023-12-28",
    "20231228", a ``datetime.date``); anything else raises ``communique.model.DateError`` (a
    ValueError) before any coding: "2023-12" is a month, and guessing its day would date every
    event of the article wrong."""
    from communique.model import Article

    return default_coder().code(Article.from_text(text, date=date, source=source))


def load_events(db: str | Path, **filters: Any) -> pandas.DataFrame:
    """The store's deduplicated events as a pandas DataFrame, one row per event with every
    field of the exports (codes as strings, ``date`` as datetime, sectors as lists).

    ``filters`` are those of the web API and ``EventFilter.parse``: ``actor``, ``source``,
    ``target``, ``country``, ``dyad`` ("RUS:IND"), ``both_directions``, ``root``, ``cameo``,
    ``plover``, ``quad``, ``date_from``, ``date_to``, ``text``, ``min_confidence``. Actor and
    country values may be names ("Venezuela", "Putin") as in the web UI.
    """
    from communique.analysis.names import parse_filter
    from communique.analysis.queries import open_readonly
    from communique.export import frame

    con = open_readonly(db)
    try:
        flt = parse_filter(con, **filters)
        return frame(con, flt.where())
    finally:
        con.close()
