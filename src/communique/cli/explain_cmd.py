"""``communique explain``: the codebook at hand, for a CAMEO code, an actor code or a name."""

from __future__ import annotations

from typing import Any

import click

from communique.cli import tables

EPILOG = """\b
Examples:
  communique explain 0874          # CAMEO code: name, description, Goldstein, quad class, PLOVER
  communique explain RUSGOV        # actor code: country, sectors, people coded so, with roles
  communique explain "Jaishankar"  # a name: who the knowledge base says it is, roles and dates
  communique explain 04 --json
"""


def _roles(person: dict[str, Any]) -> list[str]:
    out = []
    for r in person["roles"]:
        span = f"{r['start'] or '…'} to {r['end'] or 'now'}"
        out.append(f"    {r['code']:<12} {r['title'] or r['sector_name']}  ({span})")
    return out


def render(info: dict[str, Any]) -> list[str]:
    """Plain lines for the terminal (no colour needed to read them)."""
    if info["kind"] == "event_code":
        lines = [f"{info['code']}  {info['name']}", f"  {info['description']}",
                 f"  Goldstein {info['goldstein']:+.1f}   quad class {info['quad_class']} ({info['quad_name']})"
                 f"   PLOVER {info['plover'] or '-'}" + (f" / {info['plover_mode']}" if info["plover_mode"] else "")]
        if info["children"]:
            lines.append("  more specific codes: " + "; ".join(f"{c['code']} {c['name']}" for c in info["children"]))
        if info["triggers"]:
            more = f" (+{info['more_triggers']} more)" if info["more_triggers"] else ""
            lines.append("  coded from words like: " + ", ".join(info["triggers"]) + more)
        return lines
    if info["kind"] == "actor_code":
        lines = [f"{info['code']}  {info['description']}"]
        for o in info["organisations"]:
            lines.append(f"  organisation: {o['name']}" + (f" (also {', '.join(o['aliases'][:4])})" if o["aliases"] else ""))
        if info["people"]:
            lines.append("  people the knowledge base codes so:")
            for p in info["people"]:
                lines.append(f"  {p['name']}  [{p['source']}]")
                lines += _roles(p)
        if info["more_people"]:
            lines.append(f"  ... and {info['more_people']} more")
        return lines
    lines = [f"{info['query']!r}" + (f": {info['note']}" if info.get("note") else "")]
    for m in info["matches"]:
        if m["kind"] == "person":
            how = " (matched by surname)" if m.get("matched") == "surname" else ""
            lines.append(f"  person: {m['name']}{how}  [{m['source']}]")
            lines += _roles(m)
        elif m["kind"] == "title":
            lines.append(f"  title: {m['name']} -> sector {m['sector']} ({m['sector_name']}); the country comes from the text")
        else:
            lines.append(f"  {m['kind']}: {m['name']} -> {m.get('code') or '-'}")
    return lines


@click.command(name="explain", epilog=EPILOG)
@click.argument("term")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON (as GET /api/explain/TERM).")
def command(term: str, as_json: bool) -> None:
    """What TERM means: a CAMEO event code (0874), an actor code (RUSGOV) or a name (Jaishankar)."""
    from communique.analysis.explain import NotFound, explain

    try:
        info = explain(term)
    except NotFound as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(tables.json_text(info, indent=2))
        return
    for line in render(info):
        click.echo(line)
