"""``communique serve``: the HTTP API and web UI over a store."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click
import uvicorn

from communique.analysis.queries import StoreUnavailable
from communique.server import create_app
from communique.server.app import check_store
from communique.server.limits import hosts_for_bind

# how long in-flight requests get to finish after SIGTERM or Ctrl-C before the server stops
# anyway (a request stuck in a slow tokenizer must not keep it alive)
GRACEFUL_SHUTDOWN_S = 5


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
  communique serve --db events.duckdb --host 0.0.0.0 --allow-host events.example.org
  curl 'http://127.0.0.1:8080/api/events?country=Venezuela&min_confidence=0.5'
  curl -o rus-ind.csv 'http://127.0.0.1:8080/api/export?format=csv&dyad=RUS:IND'

\b
Host check (DNS rebinding protection): requests whose Host header is not the address
the server is bound to get 421. Bound to loopback, localhost, 127.0.0.1 and [::1] are all
accepted; to reach it under another name (a reverse proxy, /etc/hosts), name it with
--allow-host, once per name: --allow-host events.example.org --allow-host events.
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
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests whose Host header is NAME (repeatable; '*' accepts any, "
                   "which turns DNS rebinding protection off). Others get 421.")
@click.option("--max-queue", default=32, show_default=True, type=click.IntRange(1, 10_000),
              help="Articles that may wait for the coder; POST /api/code gets 503 (retry) beyond.")
def command(db_path: str, host: str, port: int, no_store: bool, max_body: int,
            allow_hosts: tuple[str, ...], max_queue: int) -> None:
    """Serve the web UI at http://HOST:PORT/, the JSON API under /api and its docs at /docs."""
    try:
        check_store(Path(db_path))
    except StoreUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    if not _is_loopback(host):
        click.echo(f"Warning: binding {host}: the API has no authentication and is reachable from the network",
                   err=True)
    app = create_app(Path(db_path), allow_store=not no_store, max_body_bytes=max_body,
                     max_coding_queue=max_queue, allowed_hosts=hosts_for_bind(host, allow_hosts))
    click.echo(f"communique: serving {db_path} at http://{host}:{port}/ (API docs at /docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S)
