"""The codebook at hand: what a CAMEO event code means, and what the knowledge base knows about
an actor code ("RUSGOV") or a name ("Jaishankar").

Nothing here keeps a table of its own: event codes come from the CAMEO table the coder uses
(``events.ontology``), the words that trigger a code from the coder's curated lexicon, actors
from the knowledge base the resolver reads, sector names from the exports' sector table.
"""

from __future__ import annotations

import re
from typing import Any

from communique.actors.kb import KnowledgeBase
from communique.actors.tables import Person, Role
from communique.events.lexicon import Lexicon
from communique.events.ontology import Ontology
from communique.export.codes import sector_name
from communique.model import ActorCode

QUAD_NAMES = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}
EVENT_CODE_RE = re.compile(r"^[0-9]{2,4}$")
ACTOR_CODE_RE = re.compile(r"^(?:[A-Z]{3})+$")
MAX_PEOPLE = 25  # a country's government has hundreds of imported office holders over the years
MAX_TRIGGERS = 30


class NotFound(LookupError):
    """Neither a CAMEO code nor a code or name the knowledge base knows."""


def explain(term: str, kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """A CAMEO event code ("0874"), an actor code ("RUSGOV") or a name ("Jaishankar")."""
    t = " ".join(term.split())
    if not t:
        raise NotFound("nothing to explain")
    if EVENT_CODE_RE.match(t):
        return explain_event_code(t)
    kb = kb or KnowledgeBase.load()
    if ACTOR_CODE_RE.match(t):
        return explain_actor_code(t, kb)
    return explain_name(t, kb)


def explain_event_code(code: str) -> dict[str, Any]:
    """Name, place in the hierarchy, Goldstein, quad class, PLOVER, and the words that code it."""
    onto = Ontology.load()
    if code not in onto:
        close = sorted(c for c in onto.codes() if c.startswith(code[:2]))[:8]
        raise NotFound(f"{code} is not a CAMEO event code" + (f"; codes under {code[:2]}: {', '.join(close)}" if close else ""))
    c = onto.get(code)
    parents = [onto.get(p) for p in (code[:2], code[:3]) if len(p) < len(code) and p in onto]
    children = [x for x in onto if x.code != code and x.code.startswith(code) and len(x.code) == len(code) + 1]
    lex = Lexicon.load()
    triggers = sorted({e.lemma for e in lex.entries if e.code == code and not e.imported})
    description = c.name
    if parents:
        description += " (under " + "; ".join(f"{p.code} {p.name}" for p in parents) + ")"
    description += f". {QUAD_NAMES[c.quad_class]}, Goldstein {c.goldstein:+.1f}"
    if c.plover:
        description += f"; PLOVER {c.plover}" + (f" ({c.plover_mode})" if c.plover_mode else "")
    return {
        "kind": "event_code",
        "code": c.code,
        "name": c.name,
        "description": description + ".",
        "root": c.root,
        "root_name": onto.get(c.root).name if c.root in onto else None,
        "parents": [{"code": p.code, "name": p.name} for p in parents],
        "children": [{"code": x.code, "name": x.name} for x in children],
        "goldstein": c.goldstein,
        "quad_class": c.quad_class,
        "quad_name": QUAD_NAMES[c.quad_class],
        "plover": c.plover,
        "plover_mode": c.plover_mode,
        "triggers": triggers[:MAX_TRIGGERS],
        "more_triggers": max(0, len(triggers) - MAX_TRIGGERS),
    }


def _role(r: Role) -> dict[str, Any]:
    return {"code": r.country + r.sector, "country": r.country, "sector": r.sector,
            "sector_name": sector_name(r.sector), "title": r.title,
            "start": None if r.start == "0001-01-01" else r.start, "end": r.end}


def _person(p: Person, imported: bool) -> dict[str, Any]:
    roles = sorted(p.roles, key=lambda r: r.start, reverse=True)
    return {"kind": "person", "id": p.id, "name": p.name, "aliases": list(p.aliases),
            "roles": [_role(r) for r in roles], "source": "PETRARCH2 dictionaries" if imported else "curated"}


def explain_actor_code(code: str, kb: KnowledgeBase) -> dict[str, Any]:
    """The country and sectors a code is made of, and the people and organisations the knowledge
    base codes with it (people by their roles, most recent first)."""
    parsed = ActorCode.parse(code)
    head, secs = parsed.root, list(parsed.rest)
    country = kb.countries.get(head)
    unknown = [s for s in secs if sector_name(s) == s]
    if country is None and not parsed.is_org and not any(
        o.code == code for o in kb.organisations.values()
    ):
        raise NotFound(f"{code}: {head} is not a country or an IGO/NGO/IMG/MNC prefix")
    if unknown and country is not None:  # after IGO/NGO... come organisation codes, not sectors
        raise NotFound(f"{code}: unknown sector code(s) {', '.join(unknown)}")

    def holds(p: Person) -> bool:
        return any((r.country + r.sector).startswith(code) or (r.country + r.sector) == code for r in p.roles)

    curated = [_person(p, False) for p in kb.people.values() if holds(p)]
    imported = [p for p in kb.imported.people if holds(p)]
    imported.sort(key=lambda p: max((r.start for r in p.roles), default=""), reverse=True)
    people = curated + [_person(p, True) for p in imported]
    orgs = [{"kind": "organisation", "id": o.id, "name": o.name, "code": o.code, "aliases": list(o.aliases)}
            for o in list(kb.organisations.values()) + kb.imported.organisations if o.code == code]
    return {
        "kind": "actor_code",
        "code": code,
        "country": head if country else None,
        "country_name": country.name if country else None,
        "sectors": [{"code": s, "name": sector_name(s)} for s in secs] if country else [],
        "description": (" / ".join([country.name] + [sector_name(s) for s in secs]) if country
                        else " / ".join(o["name"] for o in orgs[:3]) or sector_name(head)),
        "people": people[:MAX_PEOPLE],
        "more_people": max(0, len(people) - MAX_PEOPLE),
        "organisations": orgs[:MAX_PEOPLE],
    }


def explain_name(name: str, kb: KnowledgeBase) -> dict[str, Any]:
    """What the knowledge base makes of a name: a person with roles and dates, a country, an
    organisation, a title."""
    entry = kb.names.get(name)
    if entry is not None and entry.candidates:
        matches = [_person(p, True) for p in entry.candidates]
        return {"kind": "name", "query": name, "matches": matches,
                "note": "several people share this name; the coder picks the one in office on the article's date"}
    if entry is None:
        title = kb.title_index.get(name)
        if title is None:
            raise NotFound(f"{name!r}: the knowledge base knows no such name; try `communique actors suggest`"
                           " for names it lacks")
        return {"kind": "name", "query": name, "matches": [
            {"kind": "title", "name": title.title, "sector": title.sector, "sector_name": sector_name(title.sector),
             "forms": list(title.forms), "classes": list(title.classes)}]}
    match: dict[str, Any]
    if entry.person is not None:
        match = _person(entry.person, entry.imported)
        if entry.surname_only:
            match["matched"] = "surname"
    elif entry.org is not None:
        match = {"kind": "organisation", "id": entry.org.id, "name": entry.org.name, "code": entry.org.code,
                 "aliases": list(entry.org.aliases)}
    else:
        code = entry.code or ((entry.country or "") + "".join(entry.sectors))
        match = {"kind": entry.kind, "name": entry.name, "code": code or None, "country": entry.country}
    return {"kind": "name", "query": name, "matches": [match]}
