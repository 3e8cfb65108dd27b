"""``communique serve``: the HTTP API and web UI over a store."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


EPILOG = """\b
Examples:
  communique serve --db events.duckdb                  # then open http://127.0.0.1:8080/
  communique serve --db events.duckdb --port 9000 --no-store
  curl 'http://127.0.0.1:8080/api/events?country=Venezuela&min_confidence=0.5'
  curl -o rus-ind.csv 'http://127.0.0.1:8080/api/export?format=csv&dyad=RUS:IND'
"""


@click.command(name="serve", epilog=EPILOG)
@click.option("--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="DuckDB store written by `communique ingest`.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind. Only loopback by default: the API has no authentication.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-store", is_flag=True, help="Never write: POST /api/code only returns the coded JSON.")
@click.option("--max-body", default=200_000, show_default=True, type=click.IntRange(1_000, 10_000_000),
              help="Largest accepted request body in bytes (larger gets 413).")
def command(db_path: str, host: str, port: int, no_store: bool, max_body: int) -> None:
    """Serve the web UI at http://HOST:PORT/, the JSON API under /api and its docs at /docs."""
    import uvicorn

    from communique.server import create_app

    if not _is_loopback(host):
        click.echo(f"Warning: binding {host}: the API has no authentication and is reachable from the network",
                   err=True)
    app = create_app(Path(db_path), allow_store=not no_store, max_body_bytes=max_body)
    click.echo(f"communique: serving {db_path} at http://{host}:{port}/ (API docs at /docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
