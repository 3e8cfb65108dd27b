"""A faster drop-in for the model's ``attribute_ruler`` + ``lemmatizer`` pair.

The small English model maps tags to POS/morphology with an AttributeRuler: a token Matcher
over 179 one-token patterns. Run per sentence, that matcher cost more than the tagger itself
in our profile, and the rule lemmatizer after it pays Python overhead on every token. Every
pattern in the model tests only the token's TAG, its lower-case form and (once) its
dependency label, so the ruler compiles into a dictionary keyed by (tag, lower form). The
result is the same annotation, checked token by token in tests against the original pipes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs

FACTORY = "communique_fast_attributes"

class _Pred:
    """One token's constraints in an attribute_ruler pattern."""

    __slots__ = ("tests",)

    def __init__(self, spec: dict) -> None:
        self.tests: list[tuple[str, Callable[[object], bool]]] = []
        for key, want in spec.items():
            if key not in _GETTERS:
                raise ValueError(f"attribute_ruler pattern key not supported: {key}")
            self.tests.append((key, _value_test(want)))

    def __call__(self, token: Token) -> bool:
        return all(test(_GETTERS[key](token)) for key, test in self.tests)


_GETTERS: dict[str, Callable[[Token], object]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}


def _value_test(want) -> Callable[[object], bool]:
    if isinstance(want, dict):
        ((op, arg),) = want.items()
        if op == "IN":
            values = frozenset(arg)
            return lambda v: v in values
        if op == "NOT_IN":
            values = frozenset(arg)
            return lambda v: v not in values
        if op == "REGEX":
            rx = re.compile(arg)
            return lambda v: bool(rx.search(str(v)))
        raise ValueError(f"attribute_ruler operator not supported: {op}")
    return lambda v: v == want


class _CompiledRuler:
    """The ruler's patterns, with the rules whose first token matches memoized per token
    signature: a corpus has few distinct (lower form, tag, dependency) triples, and fewer once
    the forms no rule names count as one, so each token costs one dictionary lookup instead of
    a pass of the Matcher."""

    def __init__(self, ruler) -> None:
        vocab = ruler.vocab
        # rule id (the ruler's precedence order) -> (token predicates, index, attrs)
        self.rules: list[tuple[list[_Pred], int, dict]] = []
        # Rules that can start at a token, by its lower form, by its tag, or anywhere.
        self._by_lower: dict[str, list[int]] = {}
        self._by_tag: dict[str, list[int]] = {}
        self._anywhere: list[int] = []
        self._lowers_named: set[str] = set()
        self._lower_regexes: list[re.Pattern[str]] = []
        for spec in ruler.patterns:
            attrs = normalize_token_attrs(vocab, dict(spec["attrs"]))
            for pattern in spec["patterns"]:
                rid = len(self.rules)
                self.rules.append(([_Pred(t) for t in pattern], int(spec.get("index", 0)), attrs))
                self._index(rid, pattern[0])
                self._note_lowers(pattern[0].get("LOWER"))
        self._starting: dict[tuple[str | None, str, str, bool], tuple[int, ...]] = {}
        self._lower_keys: dict[str, str | None] = {}

    def _note_lowers(self, want) -> None:
        """Remember the lower forms a first token's LOWER test names, and its regexes: for
        any other form every such test answers alike (equal or IN: no; NOT_IN: yes)."""
        if want is None:
            return
        if isinstance(want, dict):
            ((op, arg),) = want.items()
            if op == "REGEX":
                self._lower_regexes.append(re.compile(arg))
            else:
                self._lowers_named.update(arg)
        else:
            self._lowers_named.add(str(want))

    def _lower_key(self, lower: str) -> str | None:
        """The lower form as far as the rules tell forms apart: itself when a rule names it
        or one of their regexes matches it ("ai", "nothin'"), else None ("minister", "police"
        and most words start the same rules for the same tag and dependency)."""
        try:
            return self._lower_keys[lower]
        except KeyError:
            pass
        key = lower if lower in self._lowers_named or any(rx.search(lower) for rx in self._lower_regexes) \
            else None
        if len(self._lower_keys) < 1_000_000:
            self._lower_keys[lower] = key
        return key

    def _index(self, rid: int, first: dict) -> None:
        lower, tag = first.get("LOWER"), first.get("TAG")
        if isinstance(lower, str):
            self._by_lower.setdefault(lower, []).append(rid)
        elif isinstance(lower, dict) and set(lower) == {"IN"}:
            for v in lower["IN"]:
                self._by_lower.setdefault(v, []).append(rid)
        elif isinstance(tag, str):
            self._by_tag.setdefault(tag, []).append(rid)
        elif isinstance(tag, dict) and set(tag) == {"IN"}:
            for v in tag["IN"]:
                self._by_tag.setdefault(v, []).append(rid)
        else:
            self._anywhere.append(rid)

    def _rules_starting_at(self, token: Token) -> tuple[int, ...]:
        key = (self._lower_key(token.lower_), token.tag_, token.dep_, token.is_space)
        found = self._starting.get(key)
        if found is None:
            cands = sorted(
                {*self._by_lower.get(token.lower_, ()), *self._by_tag.get(token.tag_, ()),
                 *self._anywhere}
            )
            found = tuple(rid for rid in cands if self.rules[rid][0][0](token))
            if len(self._starting) < 1_000_000:
                self._starting[key] = found
        return found

    def matches(self, doc: Doc) -> list[tuple[int, int]]:
        """(rule id, token index to set) for every match, read before anything is set."""
        found: list[tuple[int, int]] = []
        n = len(doc)
        for i, token in enumerate(doc):
            for rid in self._rules_starting_at(token):
                preds, index, _ = self.rules[rid]
                if len(preds) > 1 and (
                    i + len(preds) > n
                    or not all(p(doc[i + k]) for k, p in enumerate(preds) if k)
                ):
                    continue
                found.append((rid, i + (index if index >= 0 else len(preds) + index)))
        found.sort()
        return found


# What the pipe reads of a token before annotating it; the result is a function of these.
_KEY_ATTRS = [ORTH, TAG, DEP, POS, MORPH, LEMMA]
_OUT_ATTRS = [POS, MORPH, LEMMA]


class _Entry:
    """The annotation of every token with one signature (orth, tag, dep, pos, morph, lemma):
    the values its own one-token rules and the lemmatizer give it, the rules that start at it,
    and the longer rules whose first token it matches (checked against its neighbours)."""

    __slots__ = ("values", "tag", "dep", "singles", "multis")

    def __init__(self, values: tuple[int, int, int], tag: int | None, dep: int | None,
                 singles: tuple[int, ...], multis: tuple[int, ...]) -> None:
        self.values = values  # (POS, MORPH, LEMMA)
        self.tag = tag  # a rule's new TAG, or None when the rules leave it
        self.dep = dep
        self.singles = singles
        self.multis = multis


class FastAttributes:
    def __init__(self, ruler, lemmatizer) -> None:
        self._ruler = _CompiledRuler(ruler)
        _index_as_sets(lemmatizer)
        self._lemmatize: Callable[[Token], list[str]] = lemmatizer.lemmatize
        self._overwrite = bool(lemmatizer.overwrite)
        self._lemmas: dict[tuple[int, int, int], str] = {}
        self._entries: dict[tuple[int, ...], _Entry] = {}

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        rows = doc.to_array(_KEY_ATTRS)
        keys = list(map(tuple, rows.tolist()))
        entries = self._entries
        rules = self._ruler.rules
        found: list[_Entry | None] = [entries.get(k) for k in keys]
        # Read every match before setting anything, as AttributeRuler does.
        new: dict[int, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        longer: list[tuple[int, int]] = []  # (rule id, token index to set) of multi-token matches
        for i, entry in enumerate(found):
            if entry is None:
                starting = self._ruler._rules_starting_at(doc[i])
                singles = tuple(r for r in starting if len(rules[r][0]) == 1)
                multis = tuple(r for r in starting if len(rules[r][0]) > 1)
                new[i] = (singles, multis)
            else:
                multis = entry.multis
            for rid in multis:
                preds, index, _ = rules[rid]
                if i + len(preds) <= n and all(p(doc[i + k]) for k, p in enumerate(preds) if k):
                    longer.append((rid, i + (index if index >= 0 else len(preds) + index)))
        targeted: dict[int, list[int]] = {}
        for rid, i in longer:
            targeted.setdefault(i, []).append(rid)
        # (POS, MORPH, LEMMA) per token, gathered in a list and written in one from_array:
        # assigning numpy rows one by one cost more than the lookups themselves
        out: list[tuple[int, int, int]] = []
        append = out.append
        for i, entry in enumerate(found):
            if i in targeted:
                own = entry.singles if entry is not None else new[i][0]
                self._annotate(doc[i], sorted((*own, *targeted[i])))
                token = doc[i]
                append((token.pos, token.morph.key, token.lemma))
            elif entry is None:
                singles, multis = new[i]
                token = doc[i]
                self._annotate(token, singles)
                entry = _Entry((token.pos, token.morph.key, token.lemma),
                               token.tag if token.tag != keys[i][1] else None,
                               token.dep if token.dep != keys[i][2] else None, singles, multis)
                if len(entries) < 1_000_000:
                    entries[keys[i]] = entry
                append(entry.values)
            else:
                append(entry.values)
                if entry.tag is not None:
                    doc[i].tag = entry.tag
                if entry.dep is not None:
                    doc[i].dep = entry.dep
        doc.from_array(_OUT_ATTRS, numpy.array(out, dtype=rows.dtype))
        return doc

    def _annotate(self, token: Token, rule_ids) -> None:
        """Apply these rules in order (later ones win, as in AttributeRuler), then lemmatize."""
        rules = self._ruler.rules
        for rid in rule_ids:
            set_token_attrs(token, rules[rid][2])
        if self._overwrite or token.lemma == 0:
            key = (token.orth, token.pos, token.morph.key)
            lemma = self._lemmas.get(key)
            if lemma is None:
                lemma = self._lemmatize(token)[0]
                if len(self._lemmas) < 500_000:
                    self._lemmas[key] = lemma
            token.lemma_ = lemma


def _index_as_sets(lemmatizer) -> None:
    """The rule lemmatizer asks ``form in index`` of a word list per part of speech (tens of
    thousands of nouns): as sets, the same answers at a fraction of the cost."""
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for pos in list(table.keys()):
        table[pos] = frozenset(table[pos])


@Language.factory(FACTORY)
def _make_fast_attributes(nlp: Language, name: str) -> FastAttributes:
    return FastAttributes(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


def install(nlp: Language) -> Language:
    """Replace the model's attribute_ruler and lemmatizer with the compiled equivalent."""
    if FACTORY in nlp.pipe_names or "attribute_ruler" not in nlp.pipe_names:
        return nlp
    nlp.add_pipe(FACTORY, after="lemmatizer")
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")
    return nlp
