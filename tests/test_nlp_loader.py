"""Loading the spaCy model: only what is used, and the cheap sentence splitter over it.
Sentences here are written for these tests."""

from __future__ import annotations

import spacy

from communique.actors.names import split_name
from communique.nlp import MODEL_NAME, load_nlp, load_tokenizer_pipeline

TEXT = (
    "Dr. Amara Osei arrived in St. Louis on Monday. She didn't say why! "
    "The U.S.-led coalition's envoy (a former general) met al-Sadr's aides... "
    "Talks resume at 10:30 a.m. in Geneva, the UN said."
)


def test_unused_components_are_not_loaded(nlp) -> None:
    coder_nlp = load_nlp(ner=False)
    assert "ner" not in coder_nlp.component_names and "ner" in nlp.component_names
    for pipeline in (coder_nlp, nlp):
        assert "senter" not in pipeline.component_names  # excluded, not only disabled
        assert {"tok2vec", "tagger", "parser"} <= set(pipeline.pipe_names)


def test_tokenizer_has_the_models_own_rules() -> None:
    # load_nlp leaves out the model's serialized tokenizer and keeps the one built from the
    # English defaults: only right while the two are the same (special cases, prefixes,
    # suffixes, infixes, URL and token matches). A model whose tokenizer differs fails here.
    from_model = spacy.load(MODEL_NAME, exclude=["ner", "senter", "parser", "tagger", "tok2vec",
                                                 "attribute_ruler", "lemmatizer"])
    ours = load_nlp(ner=False).tokenizer
    assert ours.to_bytes(exclude=["vocab"]) == from_model.tokenizer.to_bytes(exclude=["vocab"])
    # split_name may be handed this tokenizer (the coder shares it) or build a blank English one
    assert ours.to_bytes(exclude=["vocab"]) == spacy.blank("en").tokenizer.to_bytes(exclude=["vocab"])
    assert [t.text for t in ours(TEXT)] == [t.text for t in from_model(TEXT)]


def test_sentence_splitter_matches_a_sentencizer_pipeline() -> None:
    splitter = load_tokenizer_pipeline(ner=False)
    assert splitter.tokenizer is load_nlp(ner=False).tokenizer
    reference = spacy.blank("en")
    reference.add_pipe("sentencizer")
    ours = [s.text for s in splitter(TEXT).sents]
    assert ours == [s.text for s in reference(TEXT).sents]
    assert len(ours) == 3  # "..." ends no sentence for the sentencizer
    assert [[s.text for s in d.sents] for d in splitter.pipe([TEXT, "One. Two."])] == [ours, ["One.", "Two."]]


# Texts for the splitter's own reading of the sentencizer's rule: end marks inside and after
# quotes and brackets, runs of marks, marks glued to words, a text that ends on a mark or on a
# word, leading punctuation, line breaks and non-Latin end marks.
SPLIT_TEXTS = [
    "",
    ".",
    "No end mark here",
    '"We will not yield." The minister left. (He said nothing.) Then: silence!',
    "What?! Really?? Yes... no. Fine!!!",
    "He arrived at 3 p.m. on Monday. U.S. officials met him in Washington D.C. today.",
    "- LIMA (Reuters) - Police said on Monday.\n\nThe army denied it.\nOfficials agreed",
    "They said: «Non!» Puis ils sont partis. 他们走了。 Они ушли!",
    "Ends with a quote.\u201d And a new one starts \u201cHere.\u201d",
    "1. First point. 2. Second point; 3. third point",
]


def test_sentence_splitter_is_the_sentencizer_on_many_texts() -> None:
    # the splitter reads token ids instead of running spaCy's Sentencizer: same boundaries
    splitter = load_tokenizer_pipeline(ner=False)
    reference = spacy.blank("en")
    reference.add_pipe("sentencizer")
    for text in SPLIT_TEXTS:
        want = [(s.start, s.end) for s in reference(text).sents]
        got = splitter(text)
        assert [(s.start, s.end) for s in got.sents] == want, text
        assert [t.is_sent_start for t in got] == [t.is_sent_start for t in reference(text)], text


def test_split_name_is_the_same_with_either_tokenizer() -> None:
    names = ["al-Qaeda", "St. Louis", "Côte d'Ivoire", "U.S. Army", "Abu Mohammed al-Julani"]
    before = [split_name(n) for n in names]
    assert before[0] == ("al", "-", "Qaeda")
    fresh = spacy.blank("en").tokenizer
    assert [tuple(t.text for t in fresh(n)) for n in names] == before


def test_a_blank_line_ends_a_sentence_without_an_end_mark() -> None:
    # a headline above its body has no full stop: the blank line ends it
    splitter = load_tokenizer_pipeline(ner=False)
    text = "Kenya and Uganda sign border pact\n\nThe two presidents met in Kampala.\nThey agreed."
    got = [s.text for s in splitter(text).sents]
    assert got == ["Kenya and Uganda sign border pact\n\n", "The two presidents met in Kampala.",
                   "\nThey agreed."]
    # a single line break is no boundary (wire copy wraps lines mid-sentence)
    assert len(list(splitter("Police said the men\nwere arrested on Monday.").sents)) == 1
