"""Opening a store for a command that reads one (export, query, report, actors suggest)."""

from __future__ import annotations

import click
import duckdb

from communique.analysis.queries import StoreUnavailable, open_readonly
from communique.store import open_error, unfinished_ingest, unfinished_ingest_warning


def open_store(db: str) -> duckdb.DuckDBPyConnection:
    """A read-only connection to ``db``. A file that is no readable store (text, an image, a
    directory, a truncated copy, one an ingest holds) is a one-line error saying what to do; a
    store an ingest left unfinished (killed before it rebuilt the events: articles but no
    events) is read, with a warning on stderr saying to rerun the ingest."""
    try:
        con = open_readonly(db)
    except StoreUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        unfinished = unfinished_ingest(con)
    except duckdb.Error as exc:  # a damaged block the open did not reach
        con.close()
        raise click.ClickException(open_error(db, exc)) from exc
    if unfinished:
        click.echo(unfinished_ingest_warning(db, unfinished), err=True)
    return con
