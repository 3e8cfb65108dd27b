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
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from communique.actors import tables
from communique.actors.mentions import Learned
from communique.model import Article, CodedArticle
from communique.store import Store, rows

# Article tables an article's coding writes, besides the article row itself.
_CODED_TABLES = ("mentions", "mention_geo", "actors", "quotes")
# Learned people per pass over the articles.
_CHUNK = 400


def learned_snapshot(store: Store) -> list[tuple[tuple[str, ...], Learned]]:
    """Every learned name that means one person: a key learned for two people ("Castillo",
    a minister in one story and a judge in another) is left out."""
    found = store.con.execute(
        """
        SELECT any_value(tokens), any_value(name), any_value(code), any_value(country),
               any_value(sectors), any_value(classes), any_value(gender)
        FROM learned_names GROUP BY key HAVING count(DISTINCT (name, code)) = 1 ORDER BY key
        """
    ).fetchall()
    return [
        (tuple(tokens), Learned(name, country, list(sectors or []), code, list(classes or []), gender))
        for tokens, name, code, country, sectors, classes, gender in found
    ]


def _pattern(keys: list[tuple[str, ...]]) -> str:
    names = sorted({r"\s+".join(re.escape(t) for t in key) for key in keys}, key=len, reverse=True)
    return r"\b(" + "|".join(names) + r")\b"


def candidate_articles(store: Store, snapshot: list[tuple[tuple[str, ...], Learned]]) -> list[str]:
    """Ids of stored articles that name a learned person without having resolved them, in id
    order. The article a person was learned from already has them and is left alone. One scan
    of the articles per few hundred names, so a large corpus is read a few times, not once per
    name."""
    name_of = {" ".join(key): learned.name for key, learned in snapshot}
    keys = sorted(key for key, _ in snapshot)
    named: dict[str, set[str]] = {}  # article id -> learned names its text mentions
    for i in range(0, len(keys), _CHUNK):
        pattern = "(?i)" + _pattern(keys[i : i + _CHUNK])
        for article_id, found in store.con.execute(
            "SELECT id, regexp_extract_all(text, ?, 1) FROM articles WHERE regexp_matches(text, ?)",
            [pattern, pattern],
        ).fetchall():
            names = {name_of.get(" ".join(m.lower().split())) for m in found}
            named.setdefault(article_id, set()).update(n for n in names if n)
    if not named:
        return []
    resolved = store.con.execute(
        "SELECT DISTINCT article_id, name FROM actors WHERE article_id IN (SELECT unnest(?::VARCHAR[]))",
        [sorted(named)],
    ).fetchall()
    have: dict[str, set[str]] = {}
    for article_id, name in resolved:
        have.setdefault(article_id, set()).add(name)
    return sorted(a for a, names in named.items() if names - have.get(a, set()))


class _BareMentions:
    """Whether a text names a learned person by a form that needs the learning: the full name,
    or the surname alone or after a title ("Morales", "President Morales"), but not the surname
    after another given name ("Jimmy Morales" is someone else). Most articles that merely
    share a common surname are left alone this way."""

    def __init__(self, snapshot: list[tuple[tuple[str, ...], Learned]]) -> None:
        self.titles = {w for t in tables.load_titles() for f in (t.title, *t.forms) for w in f.lower().split()}
        self.full = [k for k, _ in snapshot if len(k) > 1]
        self.single = {k[0] for k, _ in snapshot if len(k) == 1}
        self.full_rx = re.compile(_pattern(self.full), re.IGNORECASE) if self.full else None
        surnames = "|".join(sorted(map(re.escape, self.single)))
        self.single_rx = re.compile(r"(\S+)?(\s+)(" + surnames + r")\b", re.IGNORECASE) if self.single else None
        self.opening_rx = re.compile(r"(" + surnames + r")\b", re.IGNORECASE) if self.single else None

    def in_text(self, text: str) -> bool:
        if self.full_rx is not None and self.full_rx.search(text):
            return True
        if self.single_rx is None or self.opening_rx is None:
            return False
        if self.opening_rx.match(text):
            return True  # the article opens with the surname
        for m in self.single_rx.finditer(text):
            before = (m.group(1) or "").strip(".,;:!?\"'()[]")
            if not before[:1].isupper() or before.lower() in self.titles:
                return True
        return False


Snapshot = list[tuple[tuple[str, ...], Learned]]
# (articles, snapshot) -> their codings, each article coded from the snapshot alone; or a
# Future of them when a worker pool codes
CodeWith = Callable[[list[Article], Snapshot], "list[CodedArticle] | Future[list[CodedArticle]]"]
# Articles per call of a CodeWith (a worker task)
_TASK = 16


def code_with_snapshot(coder: Any, articles: list[Article], snapshot: Snapshot) -> list[CodedArticle]:
    """Code each article knowing exactly the snapshot's people (and what it learns itself)."""
    out = []
    for article in articles:
        coder.forget_learned()
        coder.teach(snapshot)
        out.append(coder.code(article))
    coder.forget_learned()
    return out


def relink(store: Store, code_with: CodeWith, progress: Callable[[int], None] | None = None) -> int:
    """Code again the articles naming learned people; returns how many were looked at.
    ``code_with`` codes a list of articles from a snapshot (in process, or on workers: it may
    return results in any grouping, but in the order given)."""
    snapshot = learned_snapshot(store)
    if not snapshot:
        return 0
    ids = candidate_articles(store, snapshot)
    if not ids:
        return 0
    found = store.con.execute(
        """SELECT id, text, title, CAST(date AS VARCHAR), source, url, origin, ext_id
           FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[])) ORDER BY id""", [ids]).fetchall()
    bare = _BareMentions(snapshot)
    found = [row for row in found if bare.in_text(row[1])]
    articles = [Article(text=text, id=aid, title=title, date=date, source=source, url=url, origin=origin)
                for aid, text, title, date, source, url, origin, _ in found]
    ext_ids = {row[0]: row[7] for row in found}
    touched_events: set[str] = set()
    tasks = [articles[i : i + _TASK] for i in range(0, len(articles), _TASK)]
    for coded_list in code_with_tasks(code_with, tasks, snapshot):
        for coded in coded_list:
            columns = rows.to_columns([coded], [ext_ids[coded.article.id]])
            touched_events.update(_replace(store, coded.article.id, columns, len(coded.events)))
            touched_events.update(columns["mentions"]["event_id"])
            if progress:
                progress(1)
    if touched_events:
        store.refresh_events(sorted(touched_events))
    return len(articles)


def code_with_tasks(code_with: CodeWith, tasks: list[list[Article]], snapshot: Snapshot, window: int = 4):
    """Results of the tasks in order. ``code_with`` may return a Future (worker pool); a few
    are kept in flight so the workers stay busy while the store is written."""
    pending: deque = deque()
    for task in tasks:
        pending.append(code_with(task, snapshot))
        while len(pending) > window:
            yield _result(pending.popleft())
    while pending:
        yield _result(pending.popleft())


def _result(value: Any) -> list[CodedArticle]:
    return value.result() if isinstance(value, Future) else value


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
