"""communique: political event data (CAMEO / PLOVER) from news text.

>>> import communique
>>> coded = communique.code("date 2023-12-28 (MENAFN) Russia condemned the strike.")
>>> df = communique.load_events("events.duckdb", dyad="RUS:IND", date_from="2023-01")
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the coder pulls in spaCy and the store pandas; keep `import communique` light
    import pandas

    from communique.model import CodedArticle
    from communique.pipeline import Coder

__version__ = "0.1.0"
__all__ = ["code", "default_coder", "load_events", "__version__"]


# -- spaCy without its command line -----------------------------------------------------------
# ``import spacy`` runs ``from .cli.info import info``, and importing that one function loads
# spaCy's whole command line: typer, weasel, requests, jinja2 and every ``spacy ...`` command,
# about 0.3 s of the 1.1 s spaCy takes to import, a sixth of `communique code` on one article,
# for code the coder never calls. While spaCy's own ``__init__`` runs, the finder below hands
# it a stand-in ``spacy.cli.info`` whose ``info`` loads the real function when called; the
# stand-ins leave ``sys.modules`` as soon as that name is read, so ``import spacy.cli`` (or
# ``spacy.cli`` after ``import spacy``) later loads the real command line exactly as before.
# It acts only on that one import inside spaCy's first initialisation; anything else, or a
# spaCy imported before communique, goes through the normal import system untouched.


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: spaCy's own, loaded on the first call."""
    return importlib.import_module("spacy.cli.info").info(*args, **kwargs)


def _spacy_cli(name: str) -> Any:
    """``spacy.cli`` read as an attribute of ``spacy`` before anything imported it."""
    if name == "cli":
        return importlib.import_module("spacy.cli")
    raise AttributeError(f"module 'spacy' has no attribute {name!r}")


class _CliStandIn(types.ModuleType):
    """``spacy.cli`` or ``spacy.cli.info`` while spaCy's ``__init__`` imports ``info``."""

    def __getattr__(self, name: str) -> Any:
        if name != "info" or self.__name__ != "spacy.cli.info":
            raise AttributeError(name)
        # spaCy's __init__ has what it asked for: from here on, the real modules load on demand
        for stand_in in ("spacy.cli.info", "spacy.cli"):
            if isinstance(sys.modules.get(stand_in), _CliStandIn):
                del sys.modules[stand_in]
        spacy = sys.modules.get("spacy")
        if spacy is not None:
            if isinstance(spacy.__dict__.get("cli"), _CliStandIn):
                del spacy.cli
            spacy.__dict__.setdefault("__getattr__", _spacy_cli)
        return _spacy_info


class _SpacyCliFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in ("spacy.cli", "spacy.cli.info"):
            return None
        spacy_spec = getattr(sys.modules.get("spacy"), "__spec__", None)
        if not getattr(spacy_spec, "_initializing", False):
            return None  # not spaCy's own first import: the real modules
        if fullname == "spacy.cli.info":
            sys.meta_path[:] = [f for f in sys.meta_path if f is not self]  # once per process
        return importlib.machinery.ModuleSpec(fullname, self, is_package=fullname == "spacy.cli")

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _CliStandIn(spec.name)

    def exec_module(self, module: types.ModuleType) -> None:
        return None


if "spacy" not in sys.modules and not any(isinstance(f, _SpacyCliFinder) for f in sys.meta_path):
    sys.meta_path.insert(0, _SpacyCliFinder())


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
