"""Parties the text implies but does not name, or names only by their role.

"Five people were killed in a car bombing in Baghdad": CAMEO coders give the attack to
unidentified armed forces (UAF) of the country where it happened (IRQUAF). The extractor makes
the actor without a country; once the event has a place, ``place_unnamed`` gives it the place's
country, or else the victims' own.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from communique.model import Actor, ActorCode, Event
from communique.model.codes import state_sectors

UNNAMED_ATTACKER = "implicit:unnamed-attacker"
UNKNOWN_PERSON = "implicit:unknown-person"
UNNAMED_AUTHORITIES = "implicit:unnamed-authorities"
_UNNAMED = {UNNAMED_ATTACKER, UNNAMED_AUTHORITIES}
_STATE_SECTORS = state_sectors()


def unnamed_attacker(anchor: Token, country: str | None = None) -> Actor:
    """The doer of violence nobody names, read at ``anchor`` (the verb or the weapon);
    ``country`` when the text says where they struck ("killed in Iraq bombings")."""
    return Actor(text=anchor.text, name="unidentified attackers",
                 code=str(ActorCode.of(country, ["UAF"])), country=country, sectors=["UAF"],
                 how=UNNAMED_ATTACKER)


def unnamed_authorities(anchor: Token, sector: str = "GOV") -> Actor:
    """The state behind an agentless arrest or deportation ("were arrested in Lima"), or its
    courts behind a trial (``sector`` JUD: "is being tried in Guatemala")."""
    return Actor(text=anchor.text, name="authorities", code=sector, country=None,
                 sectors=[sector], how=UNNAMED_AUTHORITIES)


def unknown_person(name: str, start: int, end: int) -> Actor:
    """Someone named whom the knowledge base does not know, hit by violence or arrest: a
    civilian, of the country where it happened (given by ``place_unnamed``)."""
    return Actor(text=name, name=name, code="CVL", country=None, sectors=["CVL"],
                 start=start, end=end, how=UNKNOWN_PERSON)


def with_sector(actor: Actor, sector: str, text: str | None = None) -> Actor:
    """A copy of a country-level actor in one sector: "leaders from Spain" (ESPGOV), "police
    detained a man" (the man as a suspect, CRM). The mention itself is left as it was read."""
    # a region has no country but its code is the root: "leaders from Latin America" = LAMGOV
    root = actor.country or (actor.code if actor.how.startswith("kb:region") else None)
    return replace(actor, code=str(ActorCode.of(root, [sector])), sectors=[sector],
                   text=text or actor.text, how=f"{actor.how}+{sector.lower()}")


def place_unnamed(event: Event, scene: str | None = None, venue_roots: frozenset[str] = frozenset(),
                  suspect_codes: frozenset[str] = frozenset()) -> bool:
    """Give an unnamed attacker or authority the country of the event's place, else of the
    story's scene (``scene``: where its dateline or its last located event was), else of its
    target; and unnamed people ("four villagers were killed near Kandahar") the country of the
    place. False when the event should go: an unnamed party no country could be found for
    (a wrong actor is worse than none), or two parties that now have the same code."""
    place = event.location.country if event.location else None
    target = event.target
    if target is not None and target.how == UNKNOWN_PERSON:
        # where it happened; a state's forces act at home ("Mexican marines captured Juan
        # Garcia"); else no dyad - a stranger's country is not guessed
        state = event.source is not None and bool(set(event.source.sectors) & _STATE_SECTORS)
        where = place or scene or (event.source.country if state else None)
        if where:
            if event.cameo in suspect_codes:
                target.sectors = ["CRM"]  # the one arrested is a suspect, as "a man" is
            _give_country(target, where)
        else:
            event.target = target = None
    # parties nobody gave a country are of where it happened: "civilians were shot dead" in a
    # story filed from Kabul, "shot by assailants in Cali" - unless the place is a venue its
    # parties travel to ("the mayor visited Ecuador")
    venue = event.root in venue_roots
    if target is not None and (place or scene) and _countryless_group(target):
        _give_country(target, place or scene)
    elif (target is not None and place and target.sectors == ["CVL"] and target.country != place
          and target.how.endswith("+context")):
        # "Car bombs in Mosul killed 12 people" in a story about a British visit: the victims are
        # where it happened, not of the country the article mentioned first
        target = event.target = replace(target, country=place,
                                        code=str(ActorCode.of(place, ["CVL"])),
                                        how=f"{target.how}+place")
    source = event.source
    if source is not None and (place or scene) and _countryless_group(source) and source.how not in _UNNAMED and not venue:
        _give_country(source, place or scene)
    if source is not None and source.how in _UNNAMED and not source.country:
        # "Three Canadian soldiers died in roadside bombings" in a story filed from Kandahar: the
        # attackers are where the story is, not of the victims' country
        country = place or scene
        if not country and target is not None and not (
                source.how == UNNAMED_AUTHORITIES and _by_nationality(target)):
            # "three men were arrested": the state arrests at home - but people named by
            # their nationality ("Colombians charged", "a Guinean man, detained") are
            # news because they are abroad
            country = target.country
        if not country:
            return False
        _give_country(source, country)
        if source.how == UNNAMED_AUTHORITIES and target is not None and source.code == target.code:
            # "the mayor, who was arrested for extortion": the state arresting one of its own
            # officials does so through its police
            source.sectors = ["COP"]
            source.code = str(ActorCode.of(source.country, source.sectors))
    if target is not None and any(party is not None and _countryless_group(party)
                                  and set(party.sectors) <= _STATE_SECTORS for party in (source, target)):
        # "the federal government welcomed the charges against X": a dyad with a state no
        # text names is no one's; what happened is kept, without the target
        event.target = target = None
    return not (source is not None and target is not None and source.code == target.code)


def scene_of(event: Event) -> str | None:
    """Where an event happened, as far as the text says: its place's country, or the country
    its unnamed attackers struck in ("Three soldiers killed in Kandahar bombings")."""
    if event.location is not None and event.location.country:
        return event.location.country
    source = event.source
    if source is not None and source.how == UNNAMED_ATTACKER and source.country:
        return source.country
    return None


def _by_nationality(actor: Actor) -> bool:
    # "Colombians" (kb:people), "a Guinean man" (demonym+title): the country is a nationality
    return actor.how.startswith(("kb:people", "kb:demonym", "demonym"))


def _countryless_group(actor: Actor) -> bool:
    # "CVL", "UAF": a sector noun that found no country in its sentence or the article
    return not actor.country and bool(actor.sectors) and actor.code == "".join(actor.sectors)


def _give_country(actor: Actor, country: str) -> None:
    actor.country = country
    actor.code = str(ActorCode.of(country, actor.sectors))
