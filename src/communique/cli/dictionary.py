"""The user dictionary checked before a command codes anything (code, ingest, eval)."""

from __future__ import annotations

import click

from communique.curation.userdict import UserDictError, check


def check_user_dictionary() -> None:
    """A broken user dictionary ($COMMUNIQUE_ACTORS, else ~/.config/communique/actors.yaml)
    is one error naming the file, the line and entry, and what is wrong, before any model is
    loaded or worker started: ``Error: actors.yaml:4: people[0] (William Ruto): code 'KENGOVV'
    ...``."""
    try:
        check()
    except UserDictError as exc:
        raise click.ClickException(
            f"{exc}\nFix the user dictionary, or point COMMUNIQUE_ACTORS at another file.") from exc
