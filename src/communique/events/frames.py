"""``data/frames.yaml``, read into a typed object that refuses what it does not know.

A typo in a key of the frames file ("victim_noun:") used to leave the list it meant empty and
the coder quietly worse; here an unknown or a missing key, an unknown wrapper kind and a code
the CAMEO table (``data/cameo.csv``) lacks are errors that name the file and the key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

SOURCE = "frames.yaml"


class WrapperKind(StrEnum):
    """What a complement-taking wrapper makes of the event it carries ("pledged to send aid" is
    an intent, "demanded that troops withdraw" a demand). A family's codes are keyed by it."""

    INTENT = "intent"
    DEMAND = "demand"
    APPEAL = "appeal"
    THREAT = "threat"
    REFUSE = "refuse"


@dataclass(frozen=True, slots=True)
class WrapperGroup:
    """One ``wrappers:`` entry: words of one kind sharing a default code."""

    name: str
    kind: WrapperKind
    default: str | None  # code when the complement matches no family (None: no event)
    verbs: tuple[str, ...]
    nouns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Family:
    """One ``families:`` entry: complement words and the code each wrapper kind gives them."""

    name: str
    words: frozenset[str]
    codes: Mapping[WrapperKind, str | None]


@dataclass(frozen=True, slots=True)
class Obligation:
    modals: frozenset[str]
    verbs: frozenset[str]
    nouns: frozenset[str]


@dataclass(frozen=True, slots=True)
class Frames:
    """The frames file, key by key (each documented in the file itself)."""

    light_verbs: frozenset[str]
    measure_nouns: frozenset[str]
    ending_verbs: frozenset[str]
    coercing_verbs: frozenset[str]
    victim_nouns: frozenset[str]
    deliberate_verbs: frozenset[str]
    violent_causes: frozenset[str]
    weapon_subjects: frozenset[str]
    military_weapons: frozenset[str]
    document_nouns: frozenset[str]
    owning_verbs: frozenset[str]
    venue_roots: frozenset[str]
    follower_nouns: frozenset[str]
    opponent_nouns: frozenset[str]
    place_nouns: frozenset[str]
    organisation_heads: frozenset[str]
    bombing_doers: frozenset[str]
    sport_verbs: frozenset[str]
    receiving_verbs: frozenset[str]
    collective_nouns: frozenset[str]
    generic_heads: frozenset[str]
    presence_verbs: Mapping[str, frozenset[str]]
    encounter_preps: frozenset[str]
    noun_carriers: frozenset[str]
    happen_verbs: frozenset[str]
    say_verbs: frozenset[str]
    obligation: Obligation
    announced_codes: Mapping[str, str]
    announcing_heads: frozenset[str]
    negating_heads: frozenset[str]
    denying_heads: frozenset[str]
    unproven_heads: frozenset[str]
    claiming_heads: frozenset[str]
    encounter_nouns: frozenset[str]
    implicit_target_roots: frozenset[str]
    symmetric_codes: frozenset[str]
    raid_words: frozenset[str]
    naming_verbs: frozenset[str]
    visit_codes: frozenset[str]
    destination_entries: frozenset[str]
    motion_entries: frozenset[str]
    strict_entries: frozenset[str]
    judicial_entries: frozenset[str]
    patient_subject_entries: frozenset[str]
    unofficial_sectors: frozenset[str]
    comment_verbs: frozenset[str]
    relaying_sectors: frozenset[str]
    pessimistic_words: frozenset[str]
    optimistic_words: frozenset[str]
    blaming_words: frozenset[str]
    mutual_triggers: frozenset[str]
    mutual_entries: frozenset[str]
    envoy_nouns: frozenset[str]
    quantity_nouns: frozenset[str]
    reciprocal_roots: frozenset[str]
    victim_roots: frozenset[str]
    violent_roots: frozenset[str]
    state_acts: frozenset[str]
    suspect_codes: frozenset[str]
    place_object_codes: frozenset[str]
    suspect_participles: frozenset[str]
    wrappers: tuple[WrapperGroup, ...]
    families: tuple[Family, ...]

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], is_code: Callable[[str], bool],
                  source: str = SOURCE) -> Frames:
        """``is_code``: whether a CAMEO code (or root: "18", a prefix of codes) is in the table."""
        if not isinstance(raw, Mapping):
            raise ValueError(f"{source}: expected a mapping of keys, got {type(raw).__name__}")
        _keys(raw, {f.name for f in fields(cls)}, source, required=True)

        def words(key: str) -> frozenset[str]:
            value = raw[key]
            if not isinstance(value, list):
                raise ValueError(f"{source}: {key} must be a list, got {type(value).__name__}")
            return frozenset(str(w) for w in value)

        def codes(key: str, values) -> frozenset[str]:
            for code in values:
                _code(code, is_code, f"{source}: {key}")
            return frozenset(values)

        obligation = raw["obligation"]
        _keys(obligation, {"modals", "verbs", "nouns"}, f"{source}: obligation", required=True)
        announced = {str(k): str(v) for k, v in raw["announced_codes"].items()}
        for material, announced_as in announced.items():
            _code(material, is_code, f"{source}: announced_codes")
            _code(announced_as, is_code, f"{source}: announced_codes[{material!r}]")
        lists = {f.name: words(f.name) for f in fields(cls)
                 if f.type == "frozenset[str]" and f.name not in _CODE_LISTS}
        return cls(
            **lists,
            **{key: codes(key, words(key)) for key in _CODE_LISTS},
            presence_verbs={str(v): frozenset(str(p) for p in preps)
                            for v, preps in raw["presence_verbs"].items()},
            obligation=Obligation(*(frozenset(str(w) for w in obligation[k])
                                    for k in ("modals", "verbs", "nouns"))),
            announced_codes=announced,
            wrappers=tuple(_wrapper(name, spec, is_code, source)
                           for name, spec in raw["wrappers"].items()),
            families=tuple(_family(name, spec, is_code, source)
                           for name, spec in raw["families"].items()),
        )


# Keys whose items are CAMEO codes or roots, checked against the table.
_CODE_LISTS = ("implicit_target_roots", "symmetric_codes", "reciprocal_roots", "victim_roots",
               "violent_roots", "state_acts", "suspect_codes", "venue_roots", "visit_codes",
               "place_object_codes")


def _keys(raw: Any, known: set[str], where: str, required: bool = False) -> None:
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where}: expected a mapping, got {type(raw).__name__}")
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ValueError(f"{where}: unknown key {', '.join(map(repr, unknown))}; "
                         f"known keys: {', '.join(sorted(known))}")
    missing = sorted(known - set(raw)) if required else []
    if missing:
        raise ValueError(f"{where}: missing key {', '.join(map(repr, missing))}")


def _code(code: Any, is_code: Callable[[str], bool], where: str) -> str:
    if not isinstance(code, str) or not is_code(code):
        raise ValueError(f"{where}: {code!r} is not a CAMEO code of data/cameo.csv "
                         "(codes are quoted strings: \"036\")")
    return code


def _kind(value: Any, where: str) -> WrapperKind:
    try:
        return WrapperKind(value)
    except ValueError:
        raise ValueError(f"{where}: unknown wrapper kind {value!r}; "
                         f"kinds: {', '.join(k.value for k in WrapperKind)}") from None


def _wrapper(name: str, spec: Any, is_code: Callable[[str], bool], source: str) -> WrapperGroup:
    where = f"{source}: wrappers.{name}"
    _keys(spec, {"kind", "default", "verbs", "nouns"}, where)
    default = spec.get("default")
    return WrapperGroup(
        name=name,
        # a group may share another kind's family codes with its own default ("agree")
        kind=_kind(spec.get("kind", name), where),
        default=None if default is None else _code(default, is_code, f"{where}.default"),
        verbs=tuple(str(v) for v in spec.get("verbs") or ()),
        nouns=tuple(str(n) for n in spec.get("nouns") or ()),
    )


def _family(name: str, spec: Any, is_code: Callable[[str], bool], source: str) -> Family:
    where = f"{source}: families.{name}"
    _keys(spec, {"words", "codes"}, where, required=True)
    return Family(
        name=name,
        words=frozenset(str(w).lower() for w in spec["words"]),
        # null: the kind makes no event of this family (absent: the kind's default applies)
        codes={_kind(k, f"{where}.codes"): None if v is None else _code(v, is_code, f"{where}.codes.{k}")
               for k, v in spec["codes"].items()},
    )
