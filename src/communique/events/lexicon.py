"""The predicate lexicon: which words trigger which CAMEO code, and where the actors are.

Data lives in ``data/predicates/NN_<root-name>.yaml`` (one file per CAMEO root, curated) and
``data/frames.yaml`` (light verbs, complement-taking wrappers and complement families), plus
``data/irregular_verbs.yaml`` for surface forms. Under the curated entries lies a layer
imported from PETRARCH2's verb dictionary, ``data/petrarch/NN.yaml`` (written by
``tools/import_petrarch_verbs.py``, which leaves to the curated entries every lemma + pattern
they have); its entries rank after curated ones of the same specificity. Every code must be in
``data/cameo.csv``. Entry format (one YAML mapping per entry)::

    - id: attack            # unique across the lexicon; lists of lemmas get id:lemma
      code: "190"           # CAMEO code, a string
      verb: attack          # head lemma; "crack down" = lemma + required particle;
                            # or noun: attack (a nominal trigger); a list shares the frame
      target: [dobj, on]    # where the target is: dobj, iobj, or a preposition; in order.
                            # Passives swap roles on their own (nsubjpass -> target, by -> source)
      no_target: false      # the event stands without a target ("protesters rallied")
      object: [ambassador]  # verb entries: the direct object must be one of these lemmas
      pp: {as: [friend]}    # one of these PPs must be present (its object in the list; [] = any)
      mod: [humanitarian]   # noun entries: an amod/compound modifier must be one of these
      light: [launch]       # noun entries: verbs that carry the noun, besides frames' defaults

More constraints make an entry more specific; on one trigger the most specific entry wins.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple
import re
from importlib import resources

import yaml

from communique import disk_cache
from communique.events.inflect import noun_forms, verb_forms
from communique.events.ontology import Ontology

_DATA = "communique.events"


class _DataLoader(yaml.SafeLoader):
    """YAML 1.1 reads on/off/yes/no as booleans; in a lexicon they are words ("crack down
    on"), so only true/false are booleans here."""


_DataLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_DataLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


if getattr(yaml, "CSafeLoader", None) is not None:
    class _FastLoader(yaml.CSafeLoader):
        """The same resolvers on libyaml's parser: the imported layer is thousands of lines."""

    _FastLoader.yaml_implicit_resolvers = _DataLoader.yaml_implicit_resolvers
else:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = _DataLoader


def _read_yaml(text: str):
    return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a SafeLoader subclass


_SLOT_WORDS = {"dobj", "iobj"}
# Entry layers, highest first: the curated predicates, then the PETRARCH2 import.
LAYERS = ("predicates", "petrarch")


def curated_keys(entries: list[Entry]) -> set[tuple]:
    """(lemma, particle, object, preposition, PP noun) of every verb entry's pattern: what
    'the same lemma + pattern' means when an imported entry meets a curated one."""
    keys: set[tuple] = set()
    for e in entries:
        if e.pos != "verb":
            continue
        for obj in sorted(e.objects) or [None]:
            for prep, words in e.pps or ((None, frozenset()),):
                for w in sorted(words) or [None]:
                    keys.add((e.lemma, e.particle, obj, prep, w))
    return keys


class Entry(NamedTuple):
    """One trigger of the lexicon. A named tuple, not a dataclass: the lexicon holds some
    28,000 (most from the imported layer) and rebuilds them from the disk cache at every start,
    where a tuple is made several times faster."""

    id: str
    code: str
    pos: str  # "verb" or "noun"
    lemma: str
    particle: str | None = None
    target: tuple[str, ...] = ()
    no_target: bool = False
    objects: frozenset[str] = frozenset()
    pps: tuple[tuple[str, frozenset[str]], ...] = ()
    mods: frozenset[str] = frozenset()
    light: tuple[tuple[str, str | None], ...] = ()
    source_file: str = ""

    @property
    def imported(self) -> bool:
        """From the PETRARCH2 layer, under the curated entries."""
        return self.source_file.startswith("petrarch/")

    @property
    def specificity(self) -> int:
        score = 1
        score += 2 * bool(self.particle) + 2 * bool(self.objects) + 2 * bool(self.pps)
        score += any(words for _, words in self.pps)
        score += 2 * bool(self.mods)
        score += len(self.code) == 4
        return score


@dataclass(frozen=True, slots=True)
class Wrapper:
    """A verb or noun that takes an event as its complement: intend, demand, threaten, refuse."""

    id: str
    kind: str  # intent | demand | appeal | threat | refuse
    pos: str
    lemma: str
    particle: str | None = None
    default: str | None = None  # code when the complement matches no family


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    words: frozenset[str]
    codes: dict[str, str] = field(default_factory=dict)


def split_phrase(phrase: str) -> tuple[str, str | None]:
    """'crack down' -> ('crack', 'down'); 'meet' -> ('meet', None)."""
    parts = phrase.lower().split()
    if not parts or len(parts) > 2:
        raise ValueError(f"trigger must be one word or word + particle: {phrase!r}")
    return parts[0], parts[1] if len(parts) == 2 else None


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _parse_entry(raw: dict, source_file: str) -> list[Entry]:
    unknown = set(raw) - {"id", "code", "verb", "noun", "target", "no_target", "object", "pp",
                          "mod", "light"}
    if unknown:
        raise ValueError(f"{source_file}: entry {raw.get('id')!r} has unknown keys {unknown}")
    if ("verb" in raw) == ("noun" in raw):
        raise ValueError(f"{source_file}: entry {raw.get('id')!r} needs exactly one of verb/noun")
    code = raw["code"]
    if not isinstance(code, str):
        raise ValueError(f"{source_file}: entry {raw['id']!r} code must be a quoted string")
    pos = "verb" if "verb" in raw else "noun"
    phrases = _as_list(raw[pos])
    default_target = ["dobj"] if pos == "verb" else []
    target = tuple(str(t).lower() for t in _as_list(raw.get("target", default_target)))
    pps = tuple(
        (str(p).lower(), frozenset(str(w).lower() for w in _as_list(words)))
        for p, words in (raw.get("pp") or {}).items()
    )
    light = tuple(split_phrase(v) for v in _as_list(raw.get("light")))
    out = []
    for phrase in phrases:
        lemma, particle = split_phrase(str(phrase))
        entry_id = raw["id"] if len(phrases) == 1 else f"{raw['id']}:{str(phrase).replace(' ', '_')}"
        out.append(
            Entry(
                id=entry_id,
                code=code,
                pos=pos,
                lemma=lemma,
                particle=particle,
                target=target,
                no_target=bool(raw.get("no_target", False)),
                objects=frozenset(str(o).lower() for o in _as_list(raw.get("object"))),
                pps=pps,
                mods=frozenset(str(m).lower() for m in _as_list(raw.get("mod"))),
                light=light,
                source_file=source_file,
            )
        )
    return out


class Lexicon:
    def __init__(
        self,
        entries: list[Entry],
        frames: dict,
        irregular_verbs: dict[str, list[str]],
        doubling: frozenset[str],
        irregular_plurals: dict[str, str],
    ) -> None:
        dupes = {i for i, n in Counter(e.id for e in entries).items() if n > 1}
        if dupes:
            raise ValueError(f"duplicate lexicon entry ids: {sorted(dupes)}")
        self.entries = entries
        self.frames = frames
        self._irregular = irregular_verbs
        self._doubling = doubling
        self._irregular_plurals = irregular_plurals
        self.by_verb: dict[str, list[Entry]] = {}
        self.by_noun: dict[str, list[Entry]] = {}
        for e in entries:
            (self.by_verb if e.pos == "verb" else self.by_noun).setdefault(e.lemma, []).append(e)
        # what verb_entries looks up, with each entry's place in by_verb: the verb entries
        # asking for neither object nor PP; those asking for a PP (no object) by preposition;
        # those asking for an object by each word of its list
        self._verb_plain: dict[str, list[tuple[int, Entry]]] = {}
        self._verb_by_key: dict[tuple[str, str, str], list[tuple[int, Entry]]] = {}
        for lem, found in self.by_verb.items():
            for n, e in enumerate(found):
                keys = ([("obj", w) for w in e.objects] if e.objects
                        else [("pp", prep) for prep, _ in e.pps])
                if not keys:
                    self._verb_plain.setdefault(lem, []).append((n, e))
                for kind, word in keys:
                    self._verb_by_key.setdefault((lem, kind, word), []).append((n, e))

        self.light_verbs = frozenset(frames["light_verbs"])
        self.presence_verbs = {v: frozenset(p) for v, p in frames["presence_verbs"].items()}
        self.noun_carriers = frozenset(frames["noun_carriers"])
        self.happen_verbs = frozenset(frames["happen_verbs"])
        self.say_verbs = frozenset(frames["say_verbs"])
        self.intent_heads = frozenset(frames["intent_heads"])
        self.negating_heads = frozenset(frames["negating_heads"])
        self.denying_heads = frozenset(frames["denying_heads"])
        self.unproven_heads = frozenset(frames["unproven_heads"])
        self.claiming_heads = frozenset(frames["claiming_heads"])
        self.encounter_nouns = frozenset(frames["encounter_nouns"])
        self.encounter_preps = frozenset(frames["encounter_preps"])
        self.implicit_target_roots = frozenset(frames["implicit_target_roots"])
        self.symmetric_codes = frozenset(frames["symmetric_codes"])
        self.mutual_triggers = frozenset(frames["mutual_triggers"])
        self.announced_codes = {str(k): str(v) for k, v in
                                (frames.get("announced_codes") or {}).items()}
        self.announcing_heads = frozenset(frames.get("announcing_heads") or ())
        self.coercing_verbs = frozenset(frames.get("coercing_verbs") or ())
        self.ending_verbs = frozenset(frames.get("ending_verbs") or ())
        self.sport_verbs = frozenset(frames.get("sport_verbs") or ())
        self.victim_nouns = frozenset(frames.get("victim_nouns") or ())
        self.deliberate_verbs = frozenset(frames["deliberate_verbs"])
        self.violent_causes = frozenset(frames["violent_causes"])
        self.weapon_subjects = frozenset(frames["weapon_subjects"])
        self.place_nouns = frozenset(frames["place_nouns"])
        self.organisation_heads = frozenset(frames["organisation_heads"])
        self.bombing_doers = frozenset(frames["bombing_doers"])
        self.receiving_verbs = frozenset(frames.get("receiving_verbs") or ())
        self.collective_nouns = frozenset(frames.get("collective_nouns") or ())
        self.generic_heads = frozenset(frames.get("generic_heads") or ())
        self.measure_nouns = frozenset(frames.get("measure_nouns") or ())
        obligation = frames.get("obligation") or {}
        self.obligation_modals = frozenset(obligation.get("modals") or ())
        self.obligation_verbs = frozenset(obligation.get("verbs") or ())
        self.obligation_nouns = frozenset(obligation.get("nouns") or ())
        self.wrappers_by_verb: dict[str, list[Wrapper]] = {}
        self.wrappers_by_noun: dict[str, list[Wrapper]] = {}
        for name, spec in frames["wrappers"].items():
            # a group may share another kind's family codes with its own default ("agree")
            kind = spec.get("kind", name)
            default = spec.get("default")
            for phrase in _as_list(spec.get("verbs")):
                lemma, particle = split_phrase(phrase)
                w = Wrapper(f"{kind}.v:{phrase.replace(' ', '_')}", kind, "verb", lemma, particle,
                            default)
                self.wrappers_by_verb.setdefault(lemma, []).append(w)
            for phrase in _as_list(spec.get("nouns")):
                w = Wrapper(f"{kind}.n:{phrase}", kind, "noun", phrase, None, default)
                self.wrappers_by_noun.setdefault(phrase, []).append(w)
        self.families: list[Family] = [
            Family(name, frozenset(str(w).lower() for w in spec["words"]), dict(spec["codes"]))
            for name, spec in frames["families"].items()
        ]
        self._family_index: dict[str, Family] = {}
        for fam in self.families:
            for word in fam.words:
                if word in self._family_index:
                    raise ValueError(f"complement word {word!r} in two families")
                self._family_index[word] = fam

    # -- loading ------------------------------------------------------------------------------

    @classmethod
    def load(cls) -> Lexicon:
        return _load_default()

    @classmethod
    def from_package(cls, layers: tuple[str, ...] = LAYERS) -> Lexicon:
        """The packaged lexicon: the curated predicates, then the imported layers under them."""
        base = resources.files(_DATA).joinpath("data")
        codes = Ontology.load()
        entries: list[Entry] = []
        for layer in layers:
            layer_dir = base.joinpath(layer)
            for item in sorted(layer_dir.iterdir(), key=lambda p: p.name):
                if not (item.name[:2].isdigit() and item.name.endswith(".yaml")):
                    continue
                doc = _read_yaml(item.read_text("utf-8"))
                root = str(doc["root"])
                name = f"{layer}/{item.name}"
                for raw in doc["entries"]:
                    for entry in _parse_entry(raw, name):
                        if entry.code[:2] != root:
                            raise ValueError(f"{name}: {entry.id} code {entry.code} not in root {root}")
                        if entry.code not in codes:
                            raise ValueError(f"{name}: {entry.id} code {entry.code} not in cameo.csv")
                        entries.append(entry)
        frames = _read_yaml(base.joinpath("frames.yaml").read_text("utf-8"))
        irr = _read_yaml(base.joinpath("irregular_verbs.yaml").read_text("utf-8"))
        irregular = {k: [str(f) for f in v] for k, v in irr["verbs"].items()}
        for layer in layers[1:]:
            extra = base.joinpath(layer, "irregular_verbs.yaml")
            if extra.is_file():
                for verb, forms in (_read_yaml(extra.read_text("utf-8"))["verbs"] or {}).items():
                    irregular.setdefault(verb, [str(f) for f in forms])  # curated wins
        return cls(
            entries,
            frames,
            irregular,
            frozenset(irr["doubling"]),
            dict(irr.get("plurals") or {}),
        )

    # -- lookups ------------------------------------------------------------------------------

    def announced_code(self, code: str) -> str | None:
        """The intent or threat code of a material event announced for the future."""
        for n in range(len(code), 1, -1):
            found = self.announced_codes.get(code[:n])
            if found is not None:
                return found
        return None

    def verb_entries(self, lemma: str, object_words: frozenset[str],
                     preps: frozenset[str]) -> list[Entry]:
        """The entries of a verb that may match a clause whose object gives these words and
        which has PPs with these prepositions, in by_verb order: a verb of the imported layer
        has hundreds of entries, most asking for an object or PP the clause does not have."""
        found = list(self._verb_plain.get(lemma, ()))
        keys = [("obj", w) for w in object_words] + [("pp", p) for p in preps]
        for kind, word in keys:
            found.extend(self._verb_by_key.get((lemma, kind, word), ()))
        # an entry listing two of the words is found twice; the place orders and dedupes
        return [e for _, e in sorted(dict(found).items())]

    def family_of(self, word: str) -> Family | None:
        return self._family_index.get(word)

    def lemma_for_form(self, form: str) -> set[str]:
        """Lemmas a surface form may belong to: backs up the tagger's lemma on odd tokens."""
        return self._form_index().get(form, set())

    def trigger_forms(self) -> frozenset[str]:
        return frozenset(self._form_index())

    @lru_cache(maxsize=1)  # noqa: B019 - one Lexicon per process, built once
    def _form_index(self) -> dict[str, set[str]]:
        index: dict[str, set[str]] = {}

        def add(forms: set[str], lemma: str) -> None:
            for f in forms:
                index.setdefault(f, set()).add(lemma)

        for lemma in set(self.by_verb) | set(self.wrappers_by_verb):
            add(verb_forms(lemma, self._irregular, self._doubling), lemma)
        for lemma in set(self.by_noun) | set(self.wrappers_by_noun) | set(self.obligation_nouns):
            add(noun_forms(lemma, self._irregular_plurals), lemma)
        # "X said Y must ...": the modal is what makes the sentence a demand
        for modal in self.obligation_modals:
            add({modal}, modal)
        return index

    @lru_cache(maxsize=1)  # noqa: B019 - one Lexicon per process, built once
    def conditional_triggers(self) -> dict[str, frozenset[str]]:
        """Trigger forms that can only fire with another word in the sentence: forms of verbs
        whose every entry asks for an object, a PP or a particle ("rush" only with "aid",
        "troops" ...; most of the imported layer). Form -> the words (surface forms), one of
        which the sentence must hold. Every other trigger form stands alone."""
        alone: set[str] = set(self.by_noun) | set(self.wrappers_by_noun) | set(self.wrappers_by_verb)
        alone |= set(self.obligation_nouns) | set(self.obligation_modals)
        needs: dict[str, set[str]] = {}
        forms_of: dict[frozenset[str], set[str]] = {}  # the imported layer shares word sets

        def forms(lemmas: frozenset[str]) -> set[str]:
            found = forms_of.get(lemmas)
            if found is None:
                found = forms_of[lemmas] = {f for w in lemmas
                                            for f in noun_forms(w, self._irregular_plurals)}
            return found

        for lemma, entries in self.by_verb.items():
            words: set[str] = set()
            for e in entries:
                if not (e.objects or e.pps or e.particle):
                    alone.add(lemma)
                    break
                words |= forms(e.objects)
                for prep, pp_words in e.pps:
                    words |= forms(pp_words) if pp_words else {prep}
                if e.particle and not (e.objects or e.pps):
                    words.add(e.particle)
            else:
                needs[lemma] = words
        out: dict[str, frozenset[str]] = {}
        for form, lemmas in self._form_index().items():
            if lemmas & alone or not lemmas <= needs.keys():
                continue
            out[form] = frozenset().union(*(needs[lem] for lem in lemmas))
        return out

    def support_lemmas_for_form(self, form: str) -> set[str]:
        """Lemmas of carrying verbs (light verbs, noun carriers) a surface form may belong to:
        the tagger lemmatizes some of them wrongly ("staged" -> "stag")."""
        return self._support_index().get(form, set())

    @lru_cache(maxsize=1)  # noqa: B019 - one Lexicon per process, built once
    def _support_index(self) -> dict[str, set[str]]:
        verbs = set(self.light_verbs) | set(self.noun_carriers) | set(self.presence_verbs)
        verbs |= {lv for e in self.entries for lv, _ in e.light}
        index: dict[str, set[str]] = {}
        for lemma in verbs:
            for f in verb_forms(lemma, self._irregular, self._doubling):
                index.setdefault(f, set()).add(lemma)
        return index

    def counts(self) -> dict[str, int]:
        return {
            "entries": len(self.entries),
            "verb_entries": sum(e.pos == "verb" for e in self.entries),
            "noun_entries": sum(e.pos == "noun" for e in self.entries),
            "wrappers": sum(len(v) for v in self.wrappers_by_verb.values())
            + sum(len(v) for v in self.wrappers_by_noun.values()),
            "families": len(self.families),
            "forms": len(self.trigger_forms()),
        }


_CACHE_KIND = "lexicon"


def _fingerprint() -> str:
    """Hash of the data files and the code that reads them: any change rebuilds the cache."""
    pkg = resources.files(_DATA)
    parts = [pkg.joinpath(name).read_bytes() for name in ("lexicon.py", "ontology.py")]
    data = pkg.joinpath("data")
    for folder in (data, *(data.joinpath(layer) for layer in LAYERS)):
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.is_file():
                parts += [f"{folder.name}/{item.name}".encode(), item.read_bytes()]
    return disk_cache.fingerprint(parts)


@lru_cache(maxsize=1)
def _load_default() -> Lexicon:
    """The packaged lexicon, from the disk cache when the files are unchanged: parsing the
    imported layer's YAML is most of a second, reading the cache back a few hundredths."""
    key = _fingerprint()
    cached = disk_cache.read(_CACHE_KIND, key)
    if cached is not None:
        try:
            rows, frames, irregular, doubling, plurals = cached
            return Lexicon(list(map(Entry._make, rows)), frames, irregular, doubling, plurals)
        except Exception:  # a foreign shape: rebuilt below
            pass
    lex = Lexicon.from_package()
    rows = [tuple(e) for e in lex.entries]
    disk_cache.write(_CACHE_KIND, key, (rows, lex.frames, lex._irregular, lex._doubling,
                                        lex._irregular_plurals))
    return lex
