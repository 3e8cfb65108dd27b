"""Hostile text through ``Coder.code``: every case is coded without an exception, in bounded
time, and what the coder reports still points into the article text.

spaCy's tokenizer is quadratic in the length of a run without spaces that it splits one
character at a time: on the coder without a guard 10,000 apostrophes took 8-17 s and 50,000
emoji 254 s. The coder now bounds what reaches the tokenizer (``pipeline.coder``: a text cap of
MAX_TEXT_CHARS, symbol runs cut at MAX_SYMBOL_RUN, non-space runs broken every MAX_RUN_CHARS,
lone surrogates replaced), so these cases take well under a second each; the bounds below are
generous (a loaded CI machine) but far below what the unguarded tokenizer takes.

Hypothesis runs a fixed number of examples from a fixed seed (derandomize), so the file is
deterministic and takes about 20 s.
"""

from __future__ import annotations

import resource
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.model import Article
from communique.pipeline.coder import (
    MAX_RUN_CHARS,
    MAX_SYMBOL_RUN,
    MAX_TEXT_CHARS,
    tokenizer_safe,
)

SENTENCE = "Russian President Vladimir Putin met Indian Prime Minister Narendra Modi in Moscow."
# A hostile case may take this long at most; a normal article codes in well under 0.1 s.
SECONDS_PER_CASE = 15.0
# The coder's memory may grow this much over the whole file (the vocabulary learns every new
# string it sees; one hostile text must not cost gigabytes).
MAX_RSS_GROWTH_MB = 600


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _code_checked(coder, text: str):
    """Codes ``text`` within SECONDS_PER_CASE and checks that every event and actor points
    into the article's text."""
    article = Article(id="fuzz", text=text, date="2024-05-17")
    start = time.perf_counter()
    coded = coder.code(article)
    elapsed = time.perf_counter() - start
    assert elapsed < SECONDS_PER_CASE, f"{elapsed:.1f} s for {len(text)} chars: {text[:40]!r}"
    body = coded.article.text
    for event in coded.events:
        assert body[event.trigger.start : event.trigger.end] == event.trigger.text
    return coded


# -- the runs the issue measured --------------------------------------------------------------

# 12,000 of one character, no space: the unguarded tokenizer takes 20-60 s on each (measured
# about 3 s for 4,000 apostrophes and growing with the square of the length).
LONG_RUNS = {
    "apostrophes": "'" * 12_000,
    "dollars": "$" * 12_000,
    "percent": "%" * 12_000,
    "emoji": "\U0001F600" * 12_000,
    # one 60 kB word: was 41.6 s through the ingest's relink pass (since removed); one token
    "letters": "a" * 60_000,
}


@pytest.mark.parametrize("name", sorted(LONG_RUNS))
def test_long_run_without_spaces_codes_in_bounded_time(coder, name):
    _code_checked(coder, LONG_RUNS[name])


def test_events_after_a_hostile_run_keep_their_offsets(coder):
    # The guard blanks characters instead of removing them, so the meeting after 5,000
    # apostrophes is found at its place in the article text.
    coded = _code_checked(coder, "'" * 5_000 + " Nothing else happened. " + SENTENCE)
    meeting = [e for e in coded.events if e.cameo == "040"]
    assert meeting, [e.cameo for e in coded.events]
    assert meeting[0].trigger.start > 5_000


def test_text_past_the_cap_is_not_coded(coder):
    # The article is kept whole; only its first MAX_TEXT_CHARS characters are coded.
    filler = "The weather was mild. " * (MAX_TEXT_CHARS // 22 + 1)
    coded = _code_checked(coder, filler + SENTENCE)
    assert len(coded.article.text) > MAX_TEXT_CHARS
    assert not [e for e in coded.events if e.cameo == "040"]


# -- the guard itself ---------------------------------------------------------------------------


def test_guard_keeps_offsets_and_bounds_runs():
    text = "a" * 1_002 + " " + "'" * 20 + " x\ud800y " + SENTENCE
    safe = tokenizer_safe(text)
    assert len(safe) == len(text)
    assert safe[:1_002] == "a" * 500 + " " + "a" * 500 + " "
    assert safe[1_003 : 1_003 + 20] == "'" * MAX_SYMBOL_RUN + " " * (20 - MAX_SYMBOL_RUN)
    assert "x\ufffdy" in safe
    assert safe.endswith(SENTENCE)
    assert max(len(run) for run in safe.split()) <= MAX_RUN_CHARS
    assert len(tokenizer_safe("b" * (MAX_TEXT_CHARS + 10))) == MAX_TEXT_CHARS


def test_guard_leaves_news_text_alone():
    # URLs up to MAX_RUN_CHARS, ellipses, "?!", a few emoji: unchanged
    text = (
        "See https://example.org/" + "x" * 400 + " ... Really?! \U0001F600\U0001F600 "
        '"We will," he said -- (quoted). ' + SENTENCE
    )
    assert tokenizer_safe(text) == text


# -- generated hostile texts ------------------------------------------------------------------

HOSTILE_CHARS = (
    "'\"`$%&#@*()[]{}<>-_.,;:!?/\\|~^+=" "\u00a0\u2028\u2029\u200b\u200d\u200e\u200f\u202e\ufeff"
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9b" "\U0001F600\U0001F1FA\U0001F1F8\U0001F468\u0301\u0651"
)
SCRIPTS = "abcXYZ019 \u0410\u0431\u0432 \u05d0\u05d1 \u0627\u0644\u0639 \u4e2d\u6587 \u0939\u093f\u0928\u094d\u0926\u0940 "
LONE_SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]

pieces = st.one_of(
    st.just(SENTENCE),
    st.text(alphabet=HOSTILE_CHARS + SCRIPTS, max_size=300),
    # a long run of one character or of a few
    st.builds(lambda c, n: c * n, st.sampled_from(HOSTILE_CHARS + "a1"), st.integers(100, 20_000)),
    st.builds(lambda s, n: s * n, st.text(alphabet=HOSTILE_CHARS + "ab", min_size=2, max_size=5),
              st.integers(100, 4_000)),
    st.sampled_from(LONE_SURROGATES),
    # huge numbers, dates and amounts
    st.integers(min_value=-(10**400), max_value=10**400).map(str),
    st.sampled_from(["NaN", "Infinity", "1e400", "$1,000,000,000,000,000", "on 99/99/9999",
                     "\x1b[31mred\x1b[0m", "\u202eevil\u202c", "date 2024-02-30 (X)"]),
)


@settings(max_examples=60, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(pieces, min_size=0, max_size=6).map(" ".join))
def test_hostile_texts_code_without_error_in_bounded_time(coder, text):
    _code_checked(coder, text)


def test_memory_stays_bounded(coder):
    # ``coder`` is the session's (conftest): after the cases above, coding the long runs again,
    # reversed, does not balloon the process
    before = _rss_mb()
    for run in LONG_RUNS.values():
        _code_checked(coder, run + " " + run[::-1])
    assert _rss_mb() - before < MAX_RSS_GROWTH_MB
