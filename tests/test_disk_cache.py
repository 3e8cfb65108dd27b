"""The disk cache and the tables read back from it: what a new process reads must be what it
would have built. Names and sentences here are written for these tests."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from communique import disk_cache
from communique.actors import KnowledgeBase
from communique.events import lexicon as lexicon_module
from communique.pipeline.prefilter import Prefilter


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("COMMUNIQUE_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_round_trip_keeps_shared_objects(cache) -> None:
    shared = ("a", "b")
    disk_cache.write("demo", "k1", {"x": shared, "y": shared, "s": {1, 2}})
    back = disk_cache.read("demo", "k1")
    assert back == {"x": ("a", "b"), "y": ("a", "b"), "s": {1, 2}}
    assert back["x"] is back["y"]
    assert disk_cache.read("demo", "other") is None
    (cache / "demo-k2.pickle").write_bytes(b"not a pickle")
    assert disk_cache.read("demo", "k2") is None  # corrupt: rebuilt, never an error


def test_off_reads_and_writes_nothing(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("COMMUNIQUE_CACHE_DIR", "off")
    disk_cache.write("demo", "k1", [1])
    assert disk_cache.read("demo", "k1") is None
    assert list(tmp_path.iterdir()) == []


def test_newest_files_of_a_kind_are_kept(cache) -> None:
    import os

    for n in range(6):
        disk_cache.write("demo", f"key{n}", n)
        os.utime(cache / f"demo-key{n}.pickle", (1_000_000 + n, 1_000_000 + n))
    disk_cache.write("other", "key0", "x")
    kept = sorted(p.name for p in cache.glob("demo-*"))
    assert kept == ["demo-key2.pickle", "demo-key3.pickle", "demo-key4.pickle", "demo-key5.pickle"]
    assert (cache / "other-key0.pickle").exists()  # another kind is not touched


def test_shared_makes_equal_values_one_object() -> None:
    a = ("Mr", "Smith", frozenset({"aid", "troops"}))
    b = tuple(["Mr", "Smith", frozenset({"troops", "aid"})])
    assert a is not b and a[2] is not b[2]
    memo: dict = {}
    sa, sb = disk_cache.shared(a, memo), disk_cache.shared(b, memo)
    assert sa == a and sa is sb
    assert disk_cache.shared([a], memo)[0] is not sa  # a list is left alone (mutable)


def test_collector_paused_restores_the_collector() -> None:
    assert gc.isenabled()
    with disk_cache.collector_paused():
        assert not gc.isenabled()
        with disk_cache.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block does not turn it on under the outer one
    assert gc.isenabled()


def test_lexicon_read_back_equals_built(cache) -> None:
    build = lexicon_module._load_default.__wrapped__
    built = build()  # nothing cached yet: built from the YAML, then written
    assert list(cache.glob("lexicon-*.pickle"))
    read = build()
    assert read is not built and read.cache_key == built.cache_key is not None
    assert read.entries == built.entries
    assert read.by_verb == built.by_verb and read.by_noun == built.by_noun
    assert read._verb_by_key == built._verb_by_key and read._verb_plain == built._verb_plain
    assert read.trigger_forms() == built.trigger_forms()
    assert read.conditional_triggers() == built.conditional_triggers()
    assert read.wrappers_by_verb == built.wrappers_by_verb and read.families == built.families
    assert read.frames == built.frames
    # the indexes still point into the entries they index, as built ones do
    lemma = next(lem for lem, found in read.by_verb.items() if len(found) > 3)
    assert all(read.by_verb[lemma][n] is e for n, e in read._verb_plain.get(lemma, ()))
    words = frozenset(w for e in read.by_verb[lemma] for w in e.objects)
    preps = frozenset(p for e in read.by_verb[lemma] for p, _ in e.pps)
    assert read.verb_entries(lemma, words, preps) == built.verb_entries(lemma, words, preps)


def _write_user(path: Path, title: str) -> None:
    path.write_text(
        "people:\n"
        "  - id: okonkwo-adaeze\n"
        "    name: Adaeze Okonkwo\n"
        "    roles:\n"
        f"      - {{country: NGA, sector: GOV, title: {title}, start: 2021-01-01, end: null}}\n",
        encoding="utf-8")


def test_knowledge_base_read_back_equals_built(cache, tmp_path) -> None:
    user = tmp_path / "actors.yaml"
    _write_user(user, "Minister of Trade")
    built = KnowledgeBase._read_or_build(user, True)
    assert len(list(cache.glob("kb-*.pickle"))) == 1
    read = KnowledgeBase._read_or_build(user, True)
    assert read is not built and read.cache_key == built.cache_key is not None
    for name in ("Adaeze Okonkwo", "Kremlin", "Russia", "the Kremlin", "Hamas", "UN"):
        a, b = read.names.get(name), built.names.get(name)
        assert (a.kind, a.name, a.country, a.code, a.sectors) == (b.kind, b.name, b.country, b.code, b.sectors)
    assert list(read.names.shapes()) == list(built.names.shapes())
    assert read.people.keys() == built.people.keys()
    # a name of the imported layer is made on first use, in the read-back index too
    imported = next(row for rows in read.names._deferred.values() for row in rows if row[3][0] == "person")
    assert read.names.get(imported[0]) is not None
    # the user dictionary is part of the key: an edit is seen, not an old copy
    _write_user(user, "Minister of Finance")
    edited = KnowledgeBase._read_or_build(user, True)
    assert edited.cache_key != built.cache_key
    assert edited.people["okonkwo-adaeze"].roles[0].title == "Minister of Finance"


def test_prefilter_words_read_back_equal_built(cache) -> None:
    lex = lexicon_module._load_default.__wrapped__()
    kb = KnowledgeBase._read_or_build(cache / "no-user-dictionary.yaml", False)
    built = Prefilter(lex, kb)
    assert len(list(cache.glob("prefilter-*.pickle"))) == 1
    read = Prefilter(lex, kb)
    for field in ("conditional", "triggers", "exact", "cased", "anycase"):
        assert getattr(read, field) == getattr(built, field), field
    assert "Kremlin" in read.exact or "kremlin" in read.cased | read.anycase
    # tables built in memory (no cache key) are never cached
    kb.cache_key = None
    Prefilter(lex, kb)
    assert len(list(cache.glob("prefilter-*.pickle"))) == 1
