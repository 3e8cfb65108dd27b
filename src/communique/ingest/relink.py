"""After an ingest: code again the articles that name people learned elsewhere in the corpus.

A batch learns people from their titles ("Kenyan President William Ruto" -> KENGOV) and a
bare "Ruto" later in the same batch resolves. Batches start without what other batches
learned, so that a batch codes the same on any worker, engine or resumed run. Each batch stores
what it learned (table ``learned_names``); once every batch is in, the articles whose text names
any learned person are coded again with all of them known and their rows replaced. The result
depends only on what the store holds, not on how the corpus was split, so parallel, Ray and
resumed runs still end with the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from communique.actors.mentions import Learned
from communique.model import Article
from communique.store import Store, rows

# Article tables an article's coding writes, besides the article row itself.
_CODED_TABLES = ("mentions", "mention_geo", "actors", "quotes")
# Names per regular expression handed to DuckDB.
_CHUNK = 400


def learned_snapshot(store: Store) -> list[tuple[tuple[str, ...], Learned]]:
    """Every learned name, one reading per key (the same choice whatever the insert order)."""
    found = store.con.execute(
        """
        SELECT tokens, name, code, country, sectors, classes, gender
        FROM (SELECT *, row_number() OVER (PARTITION BY key ORDER BY code, name) AS rk FROM learned_names)
        WHERE rk = 1 ORDER BY key
        """
    ).fetchall()
    return [
        (tuple(tokens), Learned(name, country, list(sectors or []), code, list(classes or []), gender))
        for tokens, name, code, country, sectors, classes, gender in found
    ]


def _pattern(keys: list[tuple[str, ...]]) -> str:
    names = sorted({r"\s+".join(re.escape(t) for t in key) for key in keys}, key=len, reverse=True)
    return r"\b(" + "|".join(names) + r")\b"


def candidate_articles(store: Store, keys: list[tuple[str, ...]]) -> list[str]:
    """Ids of stored articles whose text contains any learned name, in id order."""
    ids: set[str] = set()
    for i in range(0, len(keys), _CHUNK):
        pattern = _pattern(keys[i : i + _CHUNK])
        ids.update(r[0] for r in store.con.execute(
            "SELECT id FROM articles WHERE regexp_matches(text, ?, 'i')", [pattern]).fetchall())
    return sorted(ids)


def relink(store: Store, make_coder: Callable[[], Any], progress: Callable[[int], None] | None = None) -> int:
    """Code again the articles naming learned people; returns how many were looked at."""
    snapshot = learned_snapshot(store)
    if not snapshot:
        return 0
    ids = candidate_articles(store, [key for key, _ in snapshot])
    if not ids:
        return 0
    coder = make_coder()
    touched_events: set[str] = set()
    for article_id in ids:
        row = store.con.execute(
            "SELECT text, title, CAST(date AS VARCHAR), source, url, origin, ext_id FROM articles WHERE id = ?",
            [article_id],
        ).fetchone()
        text, title, date, source, url, origin, ext_id = row
        coder.forget_learned()
        coder.teach(snapshot)
        coded = coder.code(Article(text=text, id=article_id, title=title, date=date, source=source,
                                   url=url, origin=origin))
        columns = rows.to_columns([coded], [ext_id])
        touched_events.update(_replace(store, article_id, columns, len(coded.events)))
        touched_events.update(columns["mentions"]["event_id"])
        if progress:
            progress(1)
    coder.forget_learned()
    if touched_events:
        store.refresh_events(sorted(touched_events))
    return len(ids)


def _replace(store: Store, article_id: str, columns: dict[str, rows.Columns], n_events: int) -> list[str]:
    """Swap one article's coded rows in one transaction; returns the events its old mentions
    belonged to (they need counting again)."""
    con = store.con
    old = [r[0] for r in con.execute("SELECT DISTINCT event_id FROM mentions WHERE article_id = ?",
                                     [article_id]).fetchall()]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM mention_geo WHERE mention_id IN (SELECT id FROM mentions WHERE article_id = ?)",
                    [article_id])
        for table in ("mentions", "actors", "quotes"):
            con.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])  # noqa: S608 - fixed names
        con.execute("UPDATE articles SET n_events = ? WHERE id = ?", [n_events, article_id])
        for table in _CODED_TABLES:
            if rows.n_rows(columns, table):
                store.append(table, columns[table])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return old
