"""The lexicon layer imported from PETRARCH2's verb dictionary, its converter, and the discard
guard. Sentences here are written for these tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from communique.events.discards import Discards, read_phrases
from communique.events.lexicon import Lexicon, curated_keys
from communique.model import Article

TOOL = Path(__file__).resolve().parents[1] / "tools" / "import_petrarch_verbs.py"


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("import_petrarch_verbs", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return Lexicon.load()


def test_imported_layer_loads_under_curated(lex):
    imported = [e for e in lex.entries if e.imported]
    curated = [e for e in lex.entries if not e.imported]
    assert len(imported) > 10_000 and len(curated) > 500
    # curated entries come first, so among equally specific matches they are tried first
    assert max(i for i, e in enumerate(lex.entries) if not e.imported) < min(
        i for i, e in enumerate(lex.entries) if e.imported)
    # same lemma + pattern: the curated entry only
    assert not curated_keys(imported) & curated_keys(curated)
    assert all(e.id.startswith("pv.") for e in imported)


def test_cached_lexicon_equals_fresh(lex):
    fresh = Lexicon.from_package()
    assert fresh.entries == lex.entries
    assert fresh.trigger_forms() == lex.trigger_forms()


def test_imported_irregular_forms_reach_the_prefilter(lex):
    # "sped" is only in PETRARCH's list of forms ("SPEED {SPEEDING SPEEDS SPED}")
    assert "sped" in lex.trigger_forms()


def test_parse_pattern(tool):
    vd = tool.VerbDictionary("&ARMS\n+RIFLE\n+TANK\n+ASSAULT_RIFLE\n")
    ok = tool.parse_pattern
    assert ok("* AID", vd)[0] == {"particle": None, "objects": ["aid"], "prep": None, "pnouns": None}
    assert ok("* &ARMS", vd)[0]["objects"] == ["rifle", "tank"]
    assert ok("* (FOR HELP)", vd)[0] == {"particle": None, "objects": None, "prep": "for",
                                         "pnouns": ["help"]}
    assert ok("* (AGAINST)", vd)[0]["pnouns"] == []
    assert ok("* OFF &ARMS", vd)[0]["particle"] == "off"
    assert ok("* PROTEST (IN SOLIDARITY)", vd)[0]["prep"] == "in"
    for pattern in ("&ARMS * ATTACK", "* {FINANCIAL AID}", "* (ON ALERT) (ALONG BORDER)",
                    "* (TO {BANNED PARTIES}) $", "* DOWN", "* INTO"):
        assert ok(pattern, vd)[0] is None, pattern


def test_parse_verb_and_code(tool):
    assert tool.parse_verb("ASK") == ("ask", None)
    assert tool.parse_verb("+CALL_OFF") == ("call", "off")
    assert tool.parse_verb("WIRE_+TAP") is None
    assert tool.parse_verb("+TAKE_SHAPE") is None
    cameo = {"042", "173"}
    assert tool.convert_code("042:043", cameo) == ("042", "")
    assert tool.convert_code(":173", cameo)[0] is None
    assert tool.convert_code("---", cameo)[0] is None
    assert tool.convert_code("999", cameo)[0] is None


def test_block_patterns_spread_bare_prepositions_do_not(tool):
    from collections import Counter

    text = ("####### VERB PATTERNS #######\n--- DESTROY [---] ---\nDESTROY\nBREAK\n"
            "- * (WITH) [130] # BREAK\n- * BRIDGE [1712] # DESTROY\nTELL [010]\n")
    found, _ = tool.atoms(tool.VerbDictionary(text), {"130", "1712", "010"}, {}, Counter())
    assert found[("break", None, None, "with", None)] == {"130"}
    assert ("destroy", None, None, "with", None) not in found
    assert found[("break", None, "bridge", None, None)] == {"1712"}
    assert found[("tell", None, None, None, None)] == {"010"}
    assert ("destroy", None, None, None, None) not in found  # no code of its own


@pytest.mark.skipif(not (Path(__file__).resolve().parents[2] / "shared/reference/petrarch2").is_dir(),
                    reason="PETRARCH2 dictionaries not found in ../shared/reference")
def test_packaged_files_are_the_converter_output(tool):
    from collections import Counter

    ref = Path(__file__).resolve().parents[2] / "shared/reference/petrarch2"
    files = tool.outputs(ref, Counter())
    for path, text in files.items():
        assert path.read_text("utf-8") == text, f"{path.name} is stale: run {TOOL.name}"


def test_exclusions_have_reasons():
    from importlib import resources

    from communique import yamlio

    doc = yamlio.load_words(resources.files("communique.events").joinpath(
        "data/petrarch/excluded.yaml").read_text("utf-8"))
    items = [x for key in ("verbs", "patterns", "block_patterns", "discards")
             for x in doc.get(key) or []]
    assert items and all(str(x.get("reason", "")).strip() for x in items)


def test_discard_matching():
    d = Discards(["champions league", "fifa", "world cup"], ["tennis", "group a_"])
    assert d.story("Milan beat Porto in the Champions League on Tuesday.")
    assert d.story("The FIFA executive met in Zurich.")
    assert d.story("two World Cups later")  # a stem
    assert not d.story("The leagues of champions met.")
    assert d.sentence("She won the TENNIS final.")
    assert d.sentence("They top Group A.") and not d.sentence("They top Group Alpha.")
    assert not d.sentence("Tennyson wrote it.")  # the phrase starts at a word boundary
    packaged = Discards.load()
    assert packaged.story("a goalkeeper")
    assert not packaged.sentence("Talks resumed in 2004, two years ago.")


def test_discarded_story_and_sentence_yield_no_events(coder):
    plain = "France condemned Germany on Monday."
    assert coder.code(Article(text=plain)).events
    sport = plain + " The midfielder was sent off in the Champions League match."
    assert coder.code(Article(text=sport)).events == []
    titled = Article(text=plain, title="Champions League: Paris out")
    assert coder.code(titled).events == []
    mixed = "France condemned Germany after the tennis final. Spain condemned Italy on Monday."
    events = coder.code(Article(text=mixed)).events
    assert events and all(e.sentence == 1 for e in events)


def test_an_imported_pattern_codes(coder):
    # DEFEND * (AGAINST CRITICISM) [052]: no curated entry says it
    coded = coder.code(Article(text="Egypt defended Sudan against criticism on Friday."))
    assert [(e.source.code, e.target.code, e.cameo) for e in coded.events] == [("EGY", "SDN", "052")]
    assert coded.events[0].rule.startswith("pv.")


def test_sports_jargon_discards_the_story(coder):
    # none of these is coded: a result, a title defended, a fight for a title
    for text in ["Maria Lopez of Spain beat Germany's Anna Weber 2-0 in the best-of-three final to retain "
                 "her title.",
                 "Russia's Olga Ivanova fought off a challenge from American Jane Smith to take the title for a "
                 "second year."]:
        assert not coder.code(Article(text=text, date="1996-08-30")).events, text
    # a political story is not touched
    assert coder.code(Article(text="Kenya and Uganda agreed to hold talks on the border dispute.",
                              date="1996-08-30")).events


def test_a_discards_file_with_an_unknown_key_is_refused():
    with pytest.raises(ValueError, match="unknown key 'stories'"):
        read_phrases("stories:\n  - goalkeeper\n", "discards.yaml")
