"""``communique code``: code articles and print their events."""

from __future__ import annotations

import sys

import click

from communique.cli import tables
from communique.model import Article, DateError, iso_date

MAX_BYTES = 5_000_000


def _read_article(path: str) -> Article:
    """One article from a text file or stdin; raises ClickException with what to do next."""
    try:
        raw = sys.stdin.buffer.read(MAX_BYTES + 1) if path == "-" else open(path, "rb").read(MAX_BYTES + 1)
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot read ({exc.strerror}).") from exc
    if len(raw) > MAX_BYTES:
        raise click.ClickException(f"{path}: larger than {MAX_BYTES:,} bytes; split it or use `communique ingest`.")
    if b"\x00" in raw:
        raise click.ClickException(f"{path}: binary data (NUL bytes), not a text article.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(
            f"{path}: not valid UTF-8 (byte {exc.start}); convert it first, e.g. `iconv -f latin1 -t utf-8`."
        ) from exc
    if not text.strip():
        raise click.ClickException(f"{path}: empty article, nothing to code.")
    return Article.from_text(text, origin=path)


EPILOG = """\b
Examples:
  communique code ../shared/examples/menafn-2023-12-28-putin-modi.txt
  communique code a.txt b.txt --format jsonl > events.jsonl
  echo "Russia condemned the strike on Kyiv." | communique code - --date 2024-05-01
"""


@click.command(name="code", epilog=EPILOG)
@click.argument("files", nargs=-1, required=True, metavar="ARTICLE...")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True, help="table: readable events; jsonl: one JSON object per article.")
@click.option("--date", "pub_date", metavar="YYYY-MM-DD", help="Publication date, overriding the wire header.")
@click.option("--source", metavar="NAME", help="Publisher name, overriding the wire header.")
def command(files: tuple[str, ...], fmt: str, pub_date: str | None, source: str | None) -> None:
    """Code ARTICLE text files (or - for stdin) into CAMEO events.

    A first line like `date 2023-12-28 (MENAFN)` gives the publication date and source;
    relative dates ("Wednesday evening") are resolved against it.
    """
    from communique.cli.dictionary import check_user_dictionary
    from communique.cli.render import render_table
    from communique.pipeline import Coder

    try:
        pub_date = iso_date(pub_date)
    except DateError as exc:
        raise click.BadParameter(str(exc), param_hint="--date") from exc
    check_user_dictionary()
    coder = None
    failed = 0
    for path in files:
        try:
            article = _read_article(path)
        except click.ClickException as exc:
            click.echo(f"Error: {exc.message}", err=True)  # click's own style, as every command
            failed += 1
            continue
        article.date = pub_date or article.date
        article.source = source or article.source
        coder = coder or Coder()
        coded = coder.code(article)
        if fmt == "jsonl":
            click.echo(tables.json_text(coded.to_dict()))
        else:
            click.echo(render_table(coded, path))
    if failed:
        sys.exit(1)
