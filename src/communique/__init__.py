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
    publication date and source unless they are given here."""
    from communique.model import Article

    return default_coder().code(Article.from_text(text, date=date, source=source))
