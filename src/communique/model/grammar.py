"""English function words that more than one stage reads, listed once.

The events stage (modality: "will attack" is intended) and the temporal stage (tense: "will
meet on Monday" points ahead) must agree on what marks the future, so both import it here.
"""

from __future__ import annotations

# Auxiliaries of the future ("won't" is tokenised "wo" + "n't"). Not "'d": it is "had" as often
# as "would" ("they'd left").
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "wo"})

# Heads whose infinitive complement lies ahead of them: "plans to visit", "is expected to meet",
# "is set to sign", "is going to ...", "pledged to withdraw".
INTENT_HEADS = frozenset({
    "plan", "expect", "intend", "schedule", "set", "due", "hope", "aim", "seek", "want", "go",
    "prepare", "slate", "propose", "agree", "promise", "pledge", "vow", "wish", "invite", "mean",
})
