"""Event extraction on parsed sentences, with a small stand-in for the actors stage.

``FakeActors`` is a test double of ``SentenceActors``: it knows a handful of names by token
text, follows appositions and compounds like a phrase resolver would, and maps pronouns to
whoever the test says they refer to. The sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from communique.events import EventExtractor
from communique.model import Actor

# token text -> (name, country, sectors)
KNOWN = {
    "russia": ("Russia", "RUS", []),
    "russian": ("Russia", "RUS", []),
    "moscow": ("Russia", "RUS", ["GOV"]),
    "kremlin": ("Russia", "RUS", ["GOV"]),
    "putin": ("Vladimir Putin", "RUS", ["GOV"]),
    "india": ("India", "IND", []),
    "indian": ("India", "IND", []),
    "modi": ("Narendra Modi", "IND", ["GOV"]),
    "jaishankar": ("Subrahmanyam Jaishankar", "IND", ["GOV"]),
    "china": ("China", "CHN", []),
    "chinese": ("China", "CHN", []),
    "beijing": ("China", "CHN", ["GOV"]),
    "ukraine": ("Ukraine", "UKR", []),
    "ukrainian": ("Ukraine", "UKR", []),
    "kyiv": ("Ukraine", "UKR", ["GOV"]),
    "zelensky": ("Volodymyr Zelensky", "UKR", ["GOV"]),
    "israel": ("Israel", "ISR", []),
    "israeli": ("Israel", "ISR", []),
    "iran": ("Iran", "IRN", []),
    "iranian": ("Iran", "IRN", []),
    "tehran": ("Iran", "IRN", ["GOV"]),
    "france": ("France", "FRA", []),
    "macron": ("Emmanuel Macron", "FRA", ["GOV"]),
    "germany": ("Germany", "DEU", []),
    "pakistan": ("Pakistan", "PAK", []),
    "pakistani": ("Pakistan", "PAK", []),
    "japan": ("Japan", "JPN", []),
    "turkey": ("Turkey", "TUR", []),
    "egypt": ("Egypt", "EGY", []),
    "egyptian": ("Egypt", "EGY", []),
    "sudan": ("Sudan", "SDN", []),
    "washington": ("United States", "USA", ["GOV"]),
    "army": ("army", None, ["MIL"]),
    "troops": ("troops", None, ["MIL"]),
    "police": ("police", None, ["COP"]),
    "rebels": ("rebels", None, ["REB"]),
    "rebel": ("rebels", None, ["REB"]),
    "protesters": ("protesters", None, ["CVL"]),
    "government": ("government", None, ["GOV"]),
    "ministry": ("ministry", None, ["GOV"]),
    "opposition": ("opposition", None, ["OPP"]),
    "journalists": ("journalists", None, ["MED"]),
    "villagers": ("villagers", None, ["CVL"]),
}
_MODIFIER_DEPS = ("amod", "compound", "poss")


class FakeActors:
    def __init__(self, pronouns: dict[str, str] | None = None) -> None:
        self.pronouns = {k.lower(): v.lower() for k, v in (pronouns or {}).items()}
        self.mentions: list[Actor] = []

    def _make(self, key: str, token, how: str) -> Actor:
        name, country, sectors = KNOWN[key]
        return Actor(text=token.text, name=name, code=(country or "") + "".join(sectors),
                     country=country, sectors=list(sectors), kb_id=None,
                     start=token.idx, end=token.idx + len(token.text), how=how)

    def actor_for(self, token):
        key = token.lower_
        if key in self.pronouns:
            return self._make(self.pronouns[key], token, "coref:pronoun")
        if key in KNOWN:
            base = self._make(key, token, "kb")
            if base.country is None:  # "the Chinese army", "Pakistani police"
                for c in token.children:
                    if c.dep_ in _MODIFIER_DEPS and KNOWN.get(c.lower_, (0, None))[1]:
                        country = KNOWN[c.lower_][1]
                        base.country = country
                        base.code = country + "".join(base.sectors)
                        base.name = f"{KNOWN[c.lower_][0]} {base.name}"
                        break
            return base
        for c in token.children:  # "India's minister, Jaishankar", "Prime Minister Modi"
            if c.dep_ == "appos" and c.lower_ in KNOWN:
                return self._make(c.lower_, c, "kb:appos")
        if token.pos_ == "PROPN":
            for c in token.children:
                if c.dep_ == "compound" and c.lower_ in KNOWN and KNOWN[c.lower_][2]:
                    return self._make(c.lower_, c, "kb")
        return None


@pytest.fixture(scope="module")
def extractor():
    return EventExtractor()


def code_sentence(nlp, extractor, text, pronouns=None, offset=0):
    doc = nlp(text)
    return extractor.extract(doc, FakeActors(pronouns), "art1", 0, offset)


def triples(events):
    return {(e.source.name, e.target.name if e.target else None, e.cameo) for e in events}


# (sentence, pronoun map, expected (source name, target name or None, code))
ROOT_CASES = [
    ("The Kremlin said it regretted the decision and declined to comment further.",
     {"it": "kremlin"}, ("Russia", None, "011")),
    ("Pakistan appealed to China for emergency food aid after the floods.", None,
     ("Pakistan", "China", "0233")),
    ("Iran pledged to provide humanitarian aid to Sudan.", None, ("Iran", "Sudan", "033")),
    ("Macron spoke by phone with Zelensky on Tuesday.", None,
     ("Emmanuel Macron", "Volodymyr Zelensky", "041")),
    ("Modi congratulated Putin on his election victory.", None,
     ("Narendra Modi", "Vladimir Putin", "018")),
    ("France and Germany signed a trade agreement with India.", None, ("France", "India", "057")),
    ("Egypt agreed to cooperate with Sudan on water security.", None, ("Egypt", "Sudan", "030")),
    ("Japan and Turkey held joint naval exercises last week.", None, ("Japan", "Turkey", "062")),
    ("Japan sent medical supplies to Turkey.", None, ("Japan", "Turkey", "073")),
    # announced by its source for the future: CAMEO's intent to provide humanitarian aid
    ("Japan will send medical supplies to Turkey.", None, ("Japan", "Turkey", "0333")),
    ("Russian troops pulled out of Ukraine.", None, ("Russia troops", "Ukraine", "0874")),
    ("Israel opened an investigation into the Iranian drone program.", None,
     ("Israel", "Iran", "090")),
    # asking is CAMEO's appeal (02), demanding its demand (10)
    ("The opposition called for talks with the government.", None,
     ("opposition", "government", "026")),
    ("Israel urged Iran to withdraw its troops from the border.", None, ("Israel", "Iran", "0256")),
    ("Israel demanded that Iran withdraw its troops from the border.", None,
     ("Israel", "Iran", "1056")),
    ("Russia and China condemned the Israeli strike on Iran.", None, ("Russia", "Israel", "111")),
    ("Ukraine accused Russia of aggression.", None, ("Ukraine", "Russia", "1123")),
    ("India rejected Pakistan's proposal for talks.", None, ("India", "Pakistan", "125")),
    ("Iran threatened to impose sanctions on Israel.", None, ("Iran", "Israel", "1312")),
    ("Thousands of protesters rallied against the government in Tehran.", None,
     ("protesters", "government", "141")),
    ("The Chinese army deployed troops along the border with India.", None,
     ("China army", None, "154")),
    ("Germany expelled four Russian diplomats on Friday.", None, ("Germany", "Russia", "161")),
    ("Turkey imposed sanctions on Israel.", None, ("Turkey", "Israel", "163")),
    ("Police arrested dozens of journalists in Cairo.", None, ("police", "journalists", "173")),
    ("The army cracked down on protesters in the capital.", None, ("army", "protesters", "175")),
    ("Rebels abducted ten villagers near the town.", None, ("rebels", "villagers", "181")),
    ("The Chinese army shelled rebel positions near the border on Monday.", None,
     ("China army", "rebels", "194")),
    ("The rebels launched an attack on the army base.", None, ("rebels", "army", "190")),
    ("Russia used chemical weapons against Ukraine, Kyiv said.", None,
     ("Russia", "Ukraine", "2041")),
]


@pytest.mark.parametrize("text,pronouns,expected", ROOT_CASES, ids=[c[2][2] for c in ROOT_CASES])
def test_root_families(nlp, extractor, text, pronouns, expected):
    events = code_sentence(nlp, extractor, text, pronouns)
    assert expected in triples(events), triples(events)


def test_every_root_is_exercised():
    roots = {c[2][2][:2] for c in ROOT_CASES}
    assert roots == {f"{i:02d}" for i in range(1, 21)}


# -- the example article's sentence shapes -------------------------------------------------------

def test_light_verb_meeting_and_visit_in_relative_clause(nlp, extractor):
    text = ("Russian President Vladimir Putin held a significant meeting on Wednesday evening "
            "with India's External Affairs Minister, Subrahmanyam Jaishankar, who is currently "
            "on an official four-day visit to Russia.")
    events = code_sentence(nlp, extractor, text, offset=100)
    got = triples(events)
    assert ("Vladimir Putin", "Subrahmanyam Jaishankar", "040") in got
    assert ("Subrahmanyam Jaishankar", "Russia", "042") in got
    meeting = next(e for e in events if e.cameo == "040")
    assert meeting.trigger.text == text[meeting.trigger.start - 100: meeting.trigger.end - 100]
    assert "meeting" in meeting.trigger.text
    assert meeting.cameo_name == "Consult" and meeting.quad_class == 1
    assert meeting.goldstein == 1.0 and meeting.plover == "CONSULT"
    assert meeting.evidence == text and meeting.modality == "asserted" and not meeting.negated


def test_invitation_gives_intent_to_meet(nlp, extractor):
    text = ("Putin extended a warm invitation to Prime Minister Narendra Modi, expressing a "
            "desire for a detailed discussion on bilateral matters.")
    got = triples(code_sentence(nlp, extractor, text))
    assert ("Vladimir Putin", "Narendra Modi", "036") in got
    assert ("Vladimir Putin", None, "036") not in got  # the untargeted duplicate is dropped


def test_refer_as_friend_is_praise(nlp, extractor):
    got = triples(code_sentence(nlp, extractor,
                                'Putin referred to Prime Minister Modi as a "friend".'))
    assert ("Vladimir Putin", "Narendra Modi", "051") in got


def test_target_is_possessor_of_non_actor_object(nlp, extractor):
    text = "Putin acknowledged Prime Minister Modi's stance on complex global issues."
    assert ("Vladimir Putin", "Narendra Modi", "051") in triples(
        code_sentence(nlp, extractor, text))


def test_expressed_intention_to_discuss(nlp, extractor):
    text = ("He highlighted Modi's resolve and expressed his intention to discuss the "
            "conflict in more detail.")
    got = triples(code_sentence(nlp, extractor, text, {"he": "putin", "his": "putin"}))
    assert ("Vladimir Putin", None, "036") in got


def test_greetings_without_target(nlp, extractor):
    text = 'During the meeting, Jaishankar conveyed "personal greetings" from Prime Minister Modi.'
    events = code_sentence(nlp, extractor, text)
    greet = [e for e in events if e.cameo == "018"]
    assert greet and greet[0].source.name == "Subrahmanyam Jaishankar"
    assert greet[0].target is None


def test_confidence_that_meeting_would_take_place_is_intended(nlp, extractor):
    text = ("The Indian diplomat expressed confidence that a meeting between the two leaders "
            "would take place in the coming year.")
    events = code_sentence(nlp, extractor, text, {"diplomat": "jaishankar"})
    e = next(e for e in events if e.cameo == "036")
    assert e.source.name == "Subrahmanyam Jaishankar"
    assert e.modality == "intended"


# -- voice, negation, modality, conjunctions -------------------------------------------------------

def test_passive_swaps_roles(nlp, extractor):
    got = triples(code_sentence(nlp, extractor, "Kyiv was attacked by Russia overnight."))
    assert ("Russia", "Ukraine", "190") in got
    got = triples(code_sentence(nlp, extractor, "Ukraine was shelled by Russian troops."))
    assert ("Russia troops", "Ukraine", "194") in got


def test_passive_without_agent_has_no_source(nlp, extractor):
    assert code_sentence(nlp, extractor, "Kyiv was attacked overnight.") == []


def test_negation(nlp, extractor):
    events = code_sentence(nlp, extractor, "Russia did not attack Ukraine.")
    assert [(e.cameo, e.negated) for e in events] == [("190", True)]
    events = code_sentence(nlp, extractor, "Israel and Iran held no talks.")
    assert events and all(e.negated for e in events)


def test_refusal_is_its_own_code_not_negation(nlp, extractor):
    events = code_sentence(nlp, extractor, "Putin refused to meet Zelensky.")
    assert [(e.cameo, e.target.name, e.negated) for e in events] == [
        ("125", "Volodymyr Zelensky", False)]


def test_modality(nlp, extractor):
    def mod(text):
        return {e.cameo: e.modality for e in code_sentence(nlp, extractor, text)}

    assert mod("Russia could attack Ukraine if talks fail.")["190"] == "hypothetical"
    assert mod("Modi is expected to visit Russia next month.")["042"] == "intended"
    # announced by its source: coded as the intent to meet, still intended
    assert mod("Modi will visit Russia next month.")["036"] == "intended"
    assert mod("Kyiv said Russia attacked Ukraine.")["190"] == "reported"
    assert mod("Russia attacked Ukraine.")["190"] == "asserted"


def test_conjoined_sources_and_targets(nlp, extractor):
    got = triples(code_sentence(nlp, extractor, "Russia and China condemned Israel."))
    assert {("Russia", "Israel", "111"), ("China", "Israel", "111")} <= got
    got = triples(code_sentence(nlp, extractor, "Israel offered to mediate between Russia and Ukraine."))
    assert {("Israel", "Russia", "039"), ("Israel", "Ukraine", "039")} <= got


def test_reciprocal_cooperation(nlp, extractor):
    got = triples(code_sentence(nlp, extractor, "India and Pakistan agreed to hold talks."))
    assert {("India", "Pakistan", "036"), ("Pakistan", "India", "036")} <= got


def test_derived_codes(nlp, extractor):
    got = triples(code_sentence(nlp, extractor, "Russia threatened to attack Ukraine."))
    assert ("Russia", "Ukraine", "1384") in got
    got = triples(code_sentence(nlp, extractor, "Putin expressed a desire to meet Modi."))
    assert ("Vladimir Putin", "Narendra Modi", "036") in got
    got = triples(code_sentence(nlp, extractor, "Sudan refused to release the Egyptian prisoners."))
    assert ("Sudan", "Egypt", "1243") in got
    # the complement is not coded as an event of its own
    assert not any(c == "190" for _, _, c in triples(
        code_sentence(nlp, extractor, "Russia threatened to attack Ukraine.")))


def test_no_event_without_actors_or_trigger(nlp, extractor):
    assert code_sentence(nlp, extractor, "The weather was mild in the capital on Monday.") == []
    assert code_sentence(nlp, extractor, "The committee condemned the decision.") == []


def test_confidence_orders_direct_above_derived(nlp, extractor):
    direct = code_sentence(nlp, extractor, "Russia attacked Ukraine.")[0]
    derived = code_sentence(nlp, extractor, "Russia threatened to attack Ukraine.")[0]
    assert 0 < derived.confidence < direct.confidence <= 1


def test_works_on_a_span_with_article_offsets(nlp, extractor):
    doc = nlp("Markets were calm. Turkey imposed sanctions on Israel.")
    sent = list(doc.sents)[1]
    events = extractor.extract(sent, FakeActors(), "a", 1, 0)
    e = next(e for e in events if e.cameo == "163")
    assert doc.text[e.trigger.start:e.trigger.end] == e.trigger.text
    assert e.sentence == 1 and e.evidence == sent.text

