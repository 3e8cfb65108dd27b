"""The frames file and the predicate files are checked when read: a typo in a key, a wrapper
kind or a code is an error naming it, never a silently empty list."""

from __future__ import annotations

import copy
from importlib import resources

import pytest
import yaml

from communique.events.frames import Frames, WrapperKind
from communique.events.lexicon import read_frames, read_predicates
from communique.events.ontology import Ontology

CODES = Ontology.load()
RAW = yaml.safe_load(resources.files("communique.events").joinpath("data/frames.yaml").read_text("utf-8"))


def frames_with(change) -> dict:
    raw = copy.deepcopy(RAW)
    change(raw)
    return raw


def test_packaged_frames_are_typed() -> None:
    frames = read_frames(RAW, CODES)
    assert isinstance(frames, Frames)
    assert "people" in frames.victim_nouns
    assert {g.kind for g in frames.wrappers} == set(WrapperKind)
    assert frames.reciprocal_roots == {"03", "04", "05", "06", "0871"}


def test_unknown_key_is_refused() -> None:
    raw = frames_with(lambda r: r.__setitem__("victim_noun", r.pop("victim_nouns")))
    with pytest.raises(ValueError, match="unknown key 'victim_noun'"):
        read_frames(raw, CODES)


def test_missing_key_is_refused() -> None:
    raw = frames_with(lambda r: r.pop("sport_verbs"))
    with pytest.raises(ValueError, match="missing key 'sport_verbs'"):
        read_frames(raw, CODES)


def test_unknown_key_in_a_wrapper_is_refused() -> None:
    raw = frames_with(lambda r: r["wrappers"]["demand"].__setitem__("verb", ["insist"]))
    with pytest.raises(ValueError, match=r"wrappers.demand: unknown key 'verb'"):
        read_frames(raw, CODES)


def test_unknown_wrapper_kind_is_refused() -> None:
    raw = frames_with(lambda r: r["wrappers"]["agree"].__setitem__("kind", "intend"))
    with pytest.raises(ValueError, match="unknown wrapper kind 'intend'"):
        read_frames(raw, CODES)


def test_unknown_kind_in_a_family_is_refused() -> None:
    raw = frames_with(lambda r: r["families"]["meet"]["codes"].__setitem__("apeal", "026"))
    with pytest.raises(ValueError, match="unknown wrapper kind 'apeal'"):
        read_frames(raw, CODES)


@pytest.mark.parametrize("change, where", [
    (lambda r: r["wrappers"]["demand"].__setitem__("default", "1999"), "wrappers.demand.default"),
    (lambda r: r["families"]["meet"]["codes"].__setitem__("intent", "0366"), "families.meet.codes.intent"),
    (lambda r: r["announced_codes"].__setitem__("18", "1399"), "announced_codes"),
    (lambda r: r.__setitem__("victim_roots", ["18", "27"]), "victim_roots"),
    (lambda r: r.__setitem__("symmetric_codes", [40]), "symmetric_codes"),
])
def test_code_missing_from_the_cameo_table_is_refused(change, where: str) -> None:
    with pytest.raises(ValueError, match=f"{where}.*not a CAMEO code"):
        read_frames(frames_with(change), CODES)


def test_predicate_entry_with_an_unknown_code_is_refused() -> None:
    doc = {"root": "04", "entries": [{"id": "meet", "code": "0499", "verb": "meet"}]}
    with pytest.raises(ValueError, match="code 0499 not in cameo.csv"):
        read_predicates(doc, "predicates/04_consult.yaml", CODES)


def test_predicate_entry_outside_its_root_is_refused() -> None:
    doc = {"root": "04", "entries": [{"id": "meet", "code": "190", "verb": "meet"}]}
    with pytest.raises(ValueError, match="not in root 04"):
        read_predicates(doc, "predicates/04_consult.yaml", CODES)


def test_a_good_predicate_entry_is_read() -> None:
    doc = {"root": "04", "entries": [{"id": "meet", "code": "040", "verb": "meet"}]}
    (entry,) = read_predicates(doc, "predicates/04_consult.yaml", CODES)
    assert (entry.code, entry.lemma) == ("040", "meet")
