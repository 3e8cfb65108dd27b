"""``communique actors``: suggest actors the knowledge base lacks, add them, list your own.

The user dictionary is a YAML file (``$COMMUNIQUE_ACTORS``, else
``$XDG_CONFIG_HOME/communique/actors.yaml``) that the knowledge base merges over its packaged
data; the next ``ingest`` resolves what it holds.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from communique.cli import tables
from communique.model.text import printable

_DICT_HELP = ("User dictionary file. [default: $COMMUNIQUE_ACTORS, else "
              "$XDG_CONFIG_HOME/communique/actors.yaml, i.e. ~/.config/communique/actors.yaml]")


def _dict_path(path: str | None) -> Path:
    from communique.actors.kb import user_dictionary_path

    return Path(path).expanduser() if path else user_dictionary_path()


def _read_userdict(path: Path):
    from communique.curation.userdict import UserDictError, read

    try:
        return read(path)
    except UserDictError as exc:
        raise click.ClickException(f"{exc}\nFix the file by hand, or pass --dict to use another file.") from exc


@contextmanager
def _dict_lock(path: Path) -> Iterator[None]:
    """``userdict.locked`` with its error in the CLI's style."""
    from communique.curation.userdict import UserDictError, locked

    try:
        with locked(path):
            yield
    except UserDictError as exc:
        raise click.ClickException(str(exc)) from exc


def _load_kb(path: Path):
    """The knowledge base with the user dictionary at ``path`` merged in."""
    from communique.actors.kb import KnowledgeBase

    try:
        return KnowledgeBase.load(user_path=path)
    except Exception as exc:  # a broken user file is the usual cause; say which file
        raise click.ClickException(f"the knowledge base could not read {path}: {exc}") from exc


def _kb_entry(kb: Any, name: str) -> Any:
    names = getattr(kb, "names", None)
    if names is None:
        return None
    for form in (name, name.removeprefix("the ")):
        entry = names.get(form)
        # the imported PETRARCH layer lies under the user's entries: no conflict with it
        if entry is not None and getattr(entry, "kind", "") != "title" and not getattr(entry, "imported", False):
            return entry
    return None


@click.group(name="actors", context_settings={"help_option_names": ["-h", "--help"]})
def command() -> None:
    """Find people and organisations the knowledge base does not know, and add them.

    \b
    Examples:
      # the typical round trip
      communique actors suggest --db events.duckdb
      communique actors suggest --db events.duckdb --format yaml -o new-actors.yaml
      (edit new-actors.yaml: fix codes and titles, delete what you do not want)
      communique actors add --from-suggest new-actors.yaml
      communique ingest corpus/ --db events.duckdb   # resolves them from now on

    \b
    Or one at a time:
      communique actors add "Daniel Wekesa" --code KENGOV --title Governor --gender m --surname Wekesa

    Your entries live in one YAML file (see --dict); `communique actors list-user` shows it.
    """


# ---------------------------------------------------------------------------- suggest


def _articles(con: Any, limit: int | None) -> Iterator[tuple[str, str]]:
    sql = "SELECT id, text FROM articles WHERE text IS NOT NULL ORDER BY date DESC NULLS LAST, id"
    cur = con.execute(sql + (f" LIMIT {int(limit)}" if limit else ""))
    while True:
        rows = cur.fetchmany(256)
        if not rows:
            return
        yield from rows


def _render_table(suggestions: list, scanned: int, min_count: int, color: bool = False) -> list[str]:
    people = sum(s.kind == "person" for s in suggestions)
    lines = [f"{len(suggestions)} suggestion{'s' if len(suggestions) != 1 else ''} "
             f"({people} people, {len(suggestions) - people} organisations) from {scanned} articles; "
             f"at least {min_count} mention{'s' if min_count != 1 else ''}, known actors left out"]
    if not suggestions:
        return lines
    t = tables.table("mentions", "articles", "code", "kind", "name", "title / context, evidence")
    for col in t.columns[:4]:
        col.no_wrap = True
    t.columns[0].justify = t.columns[1].justify = "right"
    t.columns[4].max_width = 30
    for s in suggestions:
        # names and sentences from articles, shown as `actors add` takes them (see printable)
        why = " ".join(x for x in (printable(s.title), f"({printable(s.context)})" if s.context else "") if x)
        kind = "person" if s.kind == "person" else "org"
        cell = "\n".join([why] * bool(why) + [f"> {printable(sentence)}" for sentence in s.evidence])
        t.add_row(str(s.mentions), str(s.articles), printable(s.code) or "?", kind, printable(s.name), cell)
    return lines + tables.render(t, color=color).splitlines()


def _yaml_text(suggestions: list, db: str, scanned: int) -> str:
    from communique.curation.userdict import UserDictError, make_organisation, make_person, render

    people: list[dict] = []
    orgs: list[dict] = []
    notes: dict[str, list[str]] = {}
    uncoded: list[str] = []
    ids: set[str] = set()
    for s in suggestions:
        if not s.code:
            first = s.evidence[0] if s.evidence else ""
            uncoded.append(f"{s.name} ({s.kind}, {s.mentions} mentions): "
                           + (first if len(first) <= 160 else first[:159] + "…"))
            continue
        try:
            if s.kind == "person":
                entry = make_person(s.name, s.code, s.title, s.gender, surnames=s.surnames)
            else:
                entry = make_organisation(s.name, s.code)
        except UserDictError as exc:
            uncoded.append(f"{s.name}: {exc}")
            continue
        base, n = entry["id"], 2
        while entry["id"] in ids:  # two names that slug alike
            entry["id"], n = f"{base}-{n}", n + 1
        ids.add(entry["id"])
        why = f'; code from "{s.context}"' if s.context else ""
        notes[entry["id"]] = [f"{s.mentions} mentions in {s.articles} articles{why}"
                              + ("; gender guessed from pronouns" if s.gender else "")]
        if s.country is None and s.sector not in (None, "REB", "INS", "UAF", "SEP", "CRM"):
            notes[entry["id"]].append("no country found: set country (ISO3) in the role before adding")
        notes[entry["id"]] += [f"  > {e}" for e in s.evidence]
        (people if s.kind == "person" else orgs).append(entry)
    header = [
        f"Actors the knowledge base does not know, suggested from {scanned} articles of {db}.",
        "This file is a communique user dictionary. Check each entry (name, code, title, dates;",
        "start: null means the start of the role is unknown), delete what you do not want, then:",
        "  communique actors add --from-suggest THIS_FILE",
        "",
    ]
    text = render(people, orgs, header=header, notes=notes)
    if uncoded:
        text += "# Not written as entries (no code could be told from their context):\n"
        text += "".join(f"#   {line}\n" for line in uncoded)
    return text


@command.command(name="suggest")
@click.option("--db", required=True, metavar="FILE.duckdb", help="Store written by `communique ingest`.")
@click.option("--min-count", type=click.IntRange(1), default=2, show_default=True,
              help="Leave out names mentioned fewer times than this.")
@click.option("--limit", type=click.IntRange(0), default=50, show_default=True,
              help="Print at most this many suggestions, most mentioned first (0: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "yaml"]), default="table", show_default=True,
              help="table: for reading; jsonl: one JSON object a line; yaml: a user dictionary to edit and "
                   "pass to `actors add --from-suggest`.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), metavar="FILE",
              help="Write to FILE instead of standard output.")
@click.option("--all", "include_uncoded", is_flag=True,
              help="Also list names whose context gave no country or sector (code '?').")
@click.option("--max-articles", type=click.IntRange(1), default=None, metavar="N",
              help="Scan only the N most recent articles (a quick look at a big store).")
@click.option("--dict", "dict_path", type=click.Path(dir_okay=False), metavar="FILE", help=_DICT_HELP)
@click.option("--progress/--no-progress", default=True, show_default=True, help="Progress bar on stderr.")
def suggest_cmd(db: str, min_count: int, limit: int, fmt: str, output: str | None, include_uncoded: bool,
                max_articles: int | None, dict_path: str | None, progress: bool) -> None:
    """List people and organisations in the stored articles that the knowledge base lacks.

    Names come from spaCy's entity recognizer; the code each one gets comes from the words
    around it: "Kenyan President Daniel Wekesa" -> KENGOV, "Ghana's foreign minister, Abena
    Mensah" -> GHAGOV, "rebel commander Ali Dembe" -> REB, "the Sudanese army chief General
    Kamal Omer" -> SDNMIL. A title with no country ("President X") takes the country its
    articles name most, and says so. People and organisations the knowledge base or your user
    dictionary already resolve (by name, alias or surname) are left out. Each suggestion
    shows its mentions, the articles it appears in and up to three evidence sentences.

    \b
    Examples:
      communique actors suggest --db events.duckdb
      communique actors suggest --db events.duckdb --min-count 5 --limit 100
      communique actors suggest --db events.duckdb --format yaml -o new-actors.yaml
      communique actors add --from-suggest new-actors.yaml
    """
    from tqdm import tqdm

    from communique.curation.suggest import known_in, load_tables, place_names, suggest
    from communique.cli.stores import open_store

    path = _dict_path(dict_path)
    userdict = _read_userdict(path)
    kb = _load_kb(path)
    kb_known = known_in(kb)

    def known(name: str, kind: str) -> bool:
        return userdict.knows(name) or kb_known(name, kind)

    con = open_store(db)
    try:
        total = con.execute("SELECT count(*) FROM articles WHERE text IS NOT NULL").fetchone()[0]
        total = min(total, max_articles) if max_articles else total
        if total == 0:
            raise click.ClickException(f"{db} holds no article text; ingest some first: "
                                       f"communique ingest PATH... --db {db}")
        bar = tqdm(_articles(con, max_articles), total=total, unit="art", desc="suggest", file=sys.stderr,
                   disable=not progress, dynamic_ncols=True)
        results = suggest(bar, load_tables(), known=known, min_count=min_count, limit=limit or None,
                          include_uncoded=include_uncoded, is_place=place_names())
        bar.close()
    finally:
        con.close()

    if fmt == "jsonl":
        text = "".join(tables.json_text(s.to_dict()) + "\n" for s in results)
    elif fmt == "yaml":
        text = _yaml_text(results, db, total)
    else:
        lines = _render_table(results, total, min_count, color=output is None and sys.stdout.isatty())
        if results:
            lines += ["", "Next: --format yaml -o FILE writes these as a user dictionary to edit; then "
                          "`communique actors add --from-suggest FILE`."]
        text = "\n".join(lines) + "\n"
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(results)} suggestions to {output}", err=True)
    else:
        click.echo(text, nl=False)


# ---------------------------------------------------------------------------- add


def _entries_from_file(path: Path) -> tuple[list[dict], list[dict]]:
    import yaml

    from communique.curation.userdict import UserDictError, validate_organisation, validate_person

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise click.ClickException(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not set(data) <= {"people", "organisations"}:
        raise click.ClickException(f"{path}: expected a mapping with people and/or organisations, as "
                                   "`communique actors suggest --format yaml` writes")
    people, orgs, problems = [], [], []
    for i, raw in enumerate(data.get("people") or []):
        try:
            people.append(validate_person(raw, f"people[{i}]"))
        except UserDictError as exc:
            problems.append(str(exc))
    for i, raw in enumerate(data.get("organisations") or []):
        try:
            orgs.append(validate_organisation(raw, f"organisations[{i}]"))
        except UserDictError as exc:
            problems.append(str(exc))
    if problems:
        raise click.ClickException(f"{path} has entries to fix first (nothing was added):\n  "
                                   + "\n  ".join(problems))
    return people, orgs


@command.command(name="add")
@click.argument("name", required=False)
@click.option("--code", metavar="CODE", help="CAMEO actor code: country ISO3 + sector, e.g. KENGOV, SDNMIL, "
              "GHAGOV; a sector alone (REB) when no country applies.")
@click.option("--title", metavar="TITLE", help="Role title from the title vocabulary, e.g. President, "
              "Foreign Minister, General.")
@click.option("--gender", type=click.Choice(["m", "f"]), help="For he/she coreference.")
@click.option("--alias", "aliases", multiple=True, metavar="NAME", help="Other spelling of the full name (repeatable).")
@click.option("--surname", "surnames", multiple=True, metavar="NAME",
              help="Form that names the person alone in news, e.g. Ruto (repeatable).")
@click.option("--since", metavar="YYYY-MM-DD", help="Start of the role (default: unknown, valid on any date).")
@click.option("--until", metavar="YYYY-MM-DD", help="End of the role (default: still in office).")
@click.option("--org", is_flag=True, help="NAME is an organisation, not a person.")
@click.option("--id", "entry_id", metavar="ID", help="Entry id (default: from the name, e.g. ruto-william).")
@click.option("--from-suggest", "from_file", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="Add every entry of FILE (as written by `actors suggest --format yaml`, edited or not).")
@click.option("--force", is_flag=True, help="Add even when the packaged knowledge base already knows the name "
              "(your entry then wins). Entries already in your dictionary are never added twice.")
@click.option("--dict", "dict_path", type=click.Path(dir_okay=False), metavar="FILE", help=_DICT_HELP)
def add_cmd(name: str | None, code: str | None, title: str | None, gender: str | None, aliases: tuple[str, ...],
            surnames: tuple[str, ...], since: str | None, until: str | None, org: bool, entry_id: str | None,
            from_file: str | None, force: bool, dict_path: str | None) -> None:
    """Add NAME (or every entry of --from-suggest FILE) to your user dictionary.

    The knowledge base reads the dictionary on load, so the next `communique ingest` or
    `communique code` resolves the new actors. Codes are checked (country ISO3 + CAMEO
    sector), titles against the title vocabulary, and a name already in the dictionary is
    refused.

    \b
    Examples:
      communique actors add "Daniel Wekesa" --code KENGOV --title Governor --gender m --surname Wekesa
      communique actors add "Abena Mensah" --code GHAGOV --title "Foreign Minister" --since 2025-01-10
      communique actors add "Ali Dembe" --code REB --title "rebel leader" --alias "Ali Dembe Musa"
      communique actors add "Northern Hills Brigade" --org --code KENUAF --alias NHB
      communique actors add --from-suggest new-actors.yaml
    """
    from communique.curation.userdict import UserDictError, make_organisation, make_person, write_atomic

    if from_file and name:
        raise click.UsageError("give either NAME or --from-suggest FILE, not both")
    if not from_file and not name:
        raise click.UsageError("give the NAME to add (with --code), or --from-suggest FILE")
    path = _dict_path(dict_path)
    # one read-change-save at a time: without the lock, adds started together each saved what
    # they had read plus their own entry, and the last one won (4 parallel adds kept 1 entry)
    with _dict_lock(path):
        userdict = _read_userdict(path)

        if from_file:
            if any((code, title, gender, aliases, surnames, since, until, org, entry_id)):
                raise click.UsageError("--from-suggest takes its codes and titles from the file; "
                                       "edit the file instead of passing --code/--title/...")
            people, orgs = _entries_from_file(Path(from_file))
            batch = [(e, "person") for e in people] + [(e, "organisation") for e in orgs]
        else:
            if not code:
                raise click.UsageError(f"--code is required: the CAMEO code {name!r} stands for, e.g. KENGOV "
                                       "(Kenyan government) or REB (rebels)")
            try:
                if org:
                    if any((title, gender, surnames, since, until)):
                        raise click.UsageError("--title, --gender, --surname, --since and --until are for people; "
                                               "an organisation takes --code and --alias")
                    entry = make_organisation(name, code, aliases, id=entry_id)
                else:
                    entry = make_person(name, code, title, gender, aliases, surnames, since, until, id=entry_id)
            except UserDictError as exc:
                raise click.ClickException(str(exc)) from exc
            batch = [(entry, "organisation" if org else "person")]

        kb = _load_kb(path)
        added, skipped = [], []
        for entry, kind in batch:
            why = userdict.conflict(entry)
            if why is None and not force:
                for form in [entry["name"], *entry.get("aliases", [])]:
                    known = _kb_entry(kb, form)
                    if known is not None:
                        what = getattr(known, "name", form)
                        where = getattr(known, "country", None)
                        why = (f"{form!r} is already in the knowledge base as {what}"
                               + (f" ({where})" if where else "") + "; pass --force to add your own entry over it")
                        break
            if why is None and not force:
                for surname in entry.get("surnames", []):
                    known = _kb_entry(kb, surname)
                    if known is not None and getattr(known, "name", None) != entry["name"]:
                        why = (f"surname {surname!r} already stands for {getattr(known, 'name', surname)} in the "
                               "knowledge base; leave it out (the full name still resolves) or pass --force")
                        break
            if why:
                skipped.append(f"{entry['name']}: {why}")
                continue
            userdict.add(entry, kind)
            added.append(entry)

        if not from_file and skipped:
            raise click.ClickException(f"not added: {skipped[0]}" + (
                "\nTo change an entry of your dictionary, edit the file (see `communique actors list-user`)."
                if "already in" in skipped[0] and str(path) in skipped[0] else ""))
        if added:
            old = path.read_bytes() if path.exists() else None
            if userdict.had_comments:
                click.echo(f"Note: the comments in {path} are not kept; the file as it was is {path}.bak", err=True)
            userdict.save()
            try:
                kb = _load_kb(path)  # the file must stay readable by the resolver
            except click.ClickException:
                if old is None:
                    path.unlink()
                else:
                    write_atomic(path, old)
                raise
    for e in added:
        code_text = e.get("code") or "".join(filter(None, [e["roles"][0]["country"], e["roles"][0]["sector"]]))
        click.echo(f"added {printable(e['name'])} ({code_text}, id {e['id']})")
    for line in skipped:
        click.echo(f"skipped {printable(line)}", err=True)
    if from_file and not added:
        click.echo(f"nothing new to add from {from_file}", err=True)
    if added:
        click.echo(f"{len(added)} added to {path}; the next ingest resolves them", err=True)


# ---------------------------------------------------------------------------- list-user


@command.command(name="list-user")
@click.option("--format", "fmt", type=click.Choice(["table", "yaml", "jsonl"]), default="table", show_default=True)
@click.option("--dict", "dict_path", type=click.Path(dir_okay=False), metavar="FILE", help=_DICT_HELP)
def list_user_cmd(fmt: str, dict_path: str | None) -> None:
    """Show the actors in your user dictionary and where the file is.

    \b
    Examples:
      communique actors list-user
      COMMUNIQUE_ACTORS=team-actors.yaml communique actors list-user --format yaml
    """
    from communique.curation.userdict import render

    path = _dict_path(dict_path)
    ud = _read_userdict(path)
    if fmt == "yaml":
        click.echo(render(ud.people, ud.organisations), nl=False)
        return
    if fmt == "jsonl":
        for kind, entries in (("person", ud.people), ("organisation", ud.organisations)):
            for e in entries:
                click.echo(tables.json_text({"kind": kind, **e}, default=str))
        return
    if not path.exists():
        click.echo(f"No user dictionary at {path} yet. Add actors with `communique actors add NAME --code CODE` "
                   "or `communique actors add --from-suggest FILE`.")
        return
    click.echo(f"{path}: {len(ud.people)} people, {len(ud.organisations)} organisations")
    if not ud.people and not ud.organisations:
        return
    t = tables.table("code", "kind", "name", "title", "since", "id / other names")
    for p in ud.people:
        r = p["roles"][0]
        other = ", ".join([*p.get("aliases", []), *p.get("surnames", [])])
        t.add_row(f"{r['country'] or ''}{r['sector']}", "person", printable(p["name"]), printable(r["title"]),
                  r["start"] or "?", p["id"] + (f" ({printable(other)})" if other else ""))
    for o in ud.organisations:
        other = ", ".join(o.get("aliases") or [])
        t.add_row(o["code"], "org", printable(o["name"]), "", "", o["id"] + (f" ({printable(other)})" if other else ""))
    tables.echo(t)
