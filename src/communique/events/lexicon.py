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
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from communique import disk_cache, yamlio
from communique.events.frames import Family, Frames, WrapperKind
from communique.events.inflect import noun_forms, verb_forms
from communique.events.ontology import Ontology
from communique.model.grammar import INTENT_HEADS

_DATA = "communique.events"


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
    28,000 (most from the imported layer) and reads them back from the disk cache at every
    start, where a tuple is made several times faster."""

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
    def family(self) -> str:
        """The id of the data file's entry this trigger came from: an entry listing several
        verbs gives one trigger per verb ("travel.to:head", "travel.to:fly")."""
        return self.id.split(":")[0]

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
    kind: WrapperKind
    pos: str
    lemma: str
    particle: str | None = None
    default: str | None = None  # code when the complement matches no family


def read_predicates(doc: dict, name: str, codes: Ontology) -> list[Entry]:
    """The entries of one predicate file (``root:`` and ``entries:``), each code checked
    against the file's root and the CAMEO table."""
    root = str(doc["root"])
    entries = []
    for raw in doc["entries"]:
        for entry in _parse_entry(raw, name):
            if entry.code[:2] != root:
                raise ValueError(f"{name}: {entry.id} code {entry.code} not in root {root}")
            if entry.code not in codes:
                raise ValueError(f"{name}: {entry.id} code {entry.code} not in cameo.csv")
            entries.append(entry)
    return entries


def read_frames(raw: dict, codes: Ontology) -> Frames:
    """The frames file's data, typed and checked: its codes and roots (a code's first digits,
    "18") must be in the CAMEO table."""
    prefixes = {c[:n] for c in codes.codes() for n in range(2, len(c) + 1)}
    return Frames.from_dict(raw, prefixes.__contains__)


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
        frames: Frames,
        irregular_verbs: dict[str, list[str]],
        doubling: frozenset[str],
        irregular_plurals: dict[str, str],
    ) -> None:
        dupes = {i for i, n in Counter(e.id for e in entries).items() if n > 1}
        if dupes:
            raise ValueError(f"duplicate lexicon entry ids: {sorted(dupes)}")
        self.entries = entries
        self.frames = frames
        self.cache_key: str | None = None  # set when loaded through the disk cache
        # built on first use, or read back with the lexicon from the disk cache
        self._forms: dict[str, set[str]] | None = None
        self._conditional: dict[str, frozenset[str]] | None = None
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
        _share_lists(self._verb_plain)
        _share_lists(self._verb_by_key)

        # the frames' word lists and root policies, under the names the extractor reads
        self.light_verbs = frames.light_verbs
        self.presence_verbs = frames.presence_verbs
        self.noun_carriers = frames.noun_carriers
        self.happen_verbs = frames.happen_verbs
        self.say_verbs = frames.say_verbs
        self.intent_heads = INTENT_HEADS
        self.negating_heads = frames.negating_heads
        self.denying_heads = frames.denying_heads
        self.unproven_heads = frames.unproven_heads
        self.claiming_heads = frames.claiming_heads
        self.encounter_nouns = frames.encounter_nouns
        self.encounter_preps = frames.encounter_preps
        self.implicit_target_roots = frames.implicit_target_roots
        self.symmetric_codes = frames.symmetric_codes
        self.visit_codes = frames.visit_codes
        self.naming_verbs = frames.naming_verbs
        self.destination_entries = frames.destination_entries
        self.motion_entries = frames.motion_entries
        self.strict_entries = frames.strict_entries
        self.judicial_entries = frames.judicial_entries
        self.patient_subject_entries = frames.patient_subject_entries
        self.raid_words = frames.raid_words
        self.unofficial_sectors = frames.unofficial_sectors
        self.comment_verbs = frames.comment_verbs
        self.relaying_sectors = frames.relaying_sectors
        self.blaming_words = frames.blaming_words
        self.comment_tones_pessimistic = frames.pessimistic_words
        self.comment_tones = {**{w: "012" for w in frames.pessimistic_words},
                              **{w: "013" for w in frames.optimistic_words}}
        self.mutual_triggers = frames.mutual_triggers
        self.mutual_entries = frames.mutual_entries
        self.announced_codes = frames.announced_codes
        self.announcing_heads = frames.announcing_heads
        self.coercing_verbs = frames.coercing_verbs
        self.ending_verbs = frames.ending_verbs
        self.sport_verbs = frames.sport_verbs
        self.victim_nouns = frames.victim_nouns
        self.deliberate_verbs = frames.deliberate_verbs
        self.violent_causes = frames.violent_causes
        self.weapon_subjects = frames.weapon_subjects
        self.military_weapons = frames.military_weapons
        self.document_nouns = frames.document_nouns
        self.owning_verbs = frames.owning_verbs
        self.venue_roots = frames.venue_roots
        self.follower_nouns = frames.follower_nouns
        self.opponent_nouns = frames.opponent_nouns
        self.place_nouns = frames.place_nouns
        self.organisation_heads = frames.organisation_heads
        self.bombing_doers = frames.bombing_doers
        self.receiving_verbs = frames.receiving_verbs
        self.collective_nouns = frames.collective_nouns
        self.generic_heads = frames.generic_heads
        self.measure_nouns = frames.measure_nouns
        self.envoy_nouns = frames.envoy_nouns
        # those who speak for a body count as a quantity of it too ("leaders of the coalition")
        self.quantity_nouns = frames.quantity_nouns | frames.envoy_nouns
        self.reciprocal_roots = frames.reciprocal_roots
        self.victim_roots = frames.victim_roots
        self.violent_roots = frames.violent_roots
        self.state_acts = frames.state_acts
        self.suspect_codes = frames.suspect_codes
        self.place_object_codes = frames.place_object_codes
        self.suspect_participles = frames.suspect_participles
        self.obligation_modals = frames.obligation.modals
        self.obligation_verbs = frames.obligation.verbs
        self.obligation_nouns = frames.obligation.nouns
        self.wrappers_by_verb: dict[str, list[Wrapper]] = {}
        self.wrappers_by_noun: dict[str, list[Wrapper]] = {}
        for group in frames.wrappers:
            kind, default = group.kind, group.default
            for phrase in group.verbs:
                lemma, particle = split_phrase(phrase)
                w = Wrapper(f"{kind}.v:{phrase.replace(' ', '_')}", kind, "verb", lemma, particle,
                            default)
                self.wrappers_by_verb.setdefault(lemma, []).append(w)
            for phrase in group.nouns:
                w = Wrapper(f"{kind}.n:{phrase}", kind, "noun", phrase, None, default)
                self.wrappers_by_noun.setdefault(phrase, []).append(w)
        self.families: tuple[Family, ...] = frames.families
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
                doc = yamlio.load_words(item.read_text("utf-8"))
                entries.extend(read_predicates(doc, f"{layer}/{item.name}", codes))
        frames = read_frames(yamlio.load_words(base.joinpath("frames.yaml").read_text("utf-8")), codes)
        irr = yamlio.load_words(base.joinpath("irregular_verbs.yaml").read_text("utf-8"))
        irregular = {k: [str(f) for f in v] for k, v in irr["verbs"].items()}
        for layer in layers[1:]:
            extra = base.joinpath(layer, "irregular_verbs.yaml")
            if extra.is_file():
                for verb, forms in (yamlio.load_words(extra.read_text("utf-8"))["verbs"] or {}).items():
                    irregular.setdefault(verb, [str(f) for f in forms])  # curated wins
        return cls(
            _shared_fields(entries),
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

    def inflect_verbs(self, lemmas) -> frozenset[str]:
        """Every form of these one-word verb lemmas, with the lexicon's irregular and doubling
        tables ("say" -> say, says, said, saying)."""
        return frozenset().union(*(verb_forms(v, self._irregular, self._doubling) for v in lemmas))

    def trigger_forms(self) -> frozenset[str]:
        return frozenset(self._form_index())

    def _form_index(self) -> dict[str, set[str]]:
        if self._forms is None:
            self._forms = self._build_form_index()
        return self._forms

    def _build_form_index(self) -> dict[str, set[str]]:
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

    def conditional_triggers(self) -> dict[str, frozenset[str]]:
        """Trigger forms that can only fire with another word in the sentence: forms of verbs
        whose every entry asks for an object, a PP or a particle ("rush" only with "aid",
        "troops" ...; most of the imported layer). Form -> the words (surface forms), one of
        which the sentence must hold. Every other trigger form stands alone."""
        if self._conditional is None:
            self._conditional = self._build_conditional_triggers()
        return self._conditional

    def _build_conditional_triggers(self) -> dict[str, frozenset[str]]:
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
        shared: dict[frozenset[str], frozenset[str]] = {}  # a verb's forms share one word set
        for form, lemmas in self._form_index().items():
            if lemmas & alone or not lemmas <= needs.keys():
                continue
            words = frozenset().union(*(needs[lem] for lem in lemmas))
            out[form] = shared.setdefault(words, words)
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


def _shared_fields(entries: list[Entry]) -> list[Entry]:
    """The entries with equal field values made one object (the imported layer repeats the
    same object lists, PPs and targets thousands of times): less memory, and the disk cache,
    which keeps shared objects shared, reads back a fraction of the objects."""
    memo: dict = {}
    return [Entry(e.id, *(disk_cache.shared(v, memo) for v in e[1:])) for e in entries]


def _share_lists(index: dict) -> None:
    """Equal value lists of an index made one object (an entry listing ten object words is
    the one (place, entry) pair under ten keys). Values are only read after the build."""
    pairs: dict = {}
    lists: dict = {}
    for k, found in index.items():
        t = tuple(pairs.setdefault((n, e.id), (n, e)) for n, e in found)
        index[k] = lists.setdefault(t, list(t))


_CACHE_KIND = "lexicon"


def _fingerprint() -> str:
    """Hash of the data files and the code that reads them: any change rebuilds the cache."""
    pkg = resources.files(_DATA)
    parts = [pkg.joinpath(name).read_bytes()
             for name in ("lexicon.py", "ontology.py", "inflect.py", "frames.py")]
    parts.append(resources.files("communique.model").joinpath("grammar.py").read_bytes())
    data = pkg.joinpath("data")
    for folder in (data, *(data.joinpath(layer) for layer in LAYERS)):
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.is_file():
                parts += [f"{folder.name}/{item.name}".encode(), item.read_bytes()]
    return disk_cache.fingerprint(parts)


@lru_cache(maxsize=1)
def _load_default() -> Lexicon:
    """The packaged lexicon, from the disk cache when the files are unchanged: parsing the
    YAML and indexing its ~28,000 entries is most of a second; the cache holds the built
    lexicon itself (entries, the indexes over them, the frames and the trigger-form indexes
    the prefilter reads), read back in a few hundredths."""
    key = _fingerprint()
    cached = disk_cache.read(_CACHE_KIND, key)
    if isinstance(cached, Lexicon):
        return cached
    lex = Lexicon.from_package()
    lex._form_index()
    lex.conditional_triggers()
    lex.cache_key = key  # what tables derived from it (the prefilter's) are keyed by
    disk_cache.write(_CACHE_KIND, key, lex)
    return lex
