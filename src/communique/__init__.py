"""communique: political event data (CAMEO / PLOVER) from news text.

>>> import communique
>>> coded = communique.code("date 2023-12-28 (MENAFN) Russia condemned the strike.")
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the coder pulls in spaCy; keep `import communique` light
    from communique.model import CodedArticle
    from communique.pipeline import Coder

__version__ = "0.1.0"
__all__ = ["code", "default_coder", "__version__"]


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
    from communique.ingest.header import parse_header
    from communique.model import Article

    body, header_date, header_source = parse_header(text)
    article = Article(text=body, date=date or header_date, source=source or header_source)
    return default_coder().code(article)
