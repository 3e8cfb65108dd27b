"""A sentence Doc's text, read once (a bottom-layer utility: the stages read parsed sentences
and may import no spaCy helpers of ``nlp``).

``Doc.text`` joins every token each time it is read, and one parsed sentence is read by
several passes (its quotation marks, its numeric dates, each event's evidence): the text of
"Putin said ..." was joined again for each, about 6,000 joins per 150 articles in the profile.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_KEY = "communique.text"


def doc_text(doc: Doc | Span) -> str:
    """``doc.text``, kept in the Doc's ``user_data`` after the first read (a Span's is read
    each time: spans are built on the fly). Sentence Docs are not edited after parsing, so
    the text cannot go stale; the token count is kept with it as a guard all the same."""
    if not isinstance(doc, Doc):
        return doc.text
    found = doc.user_data.get(_KEY)
    if found is None or found[0] != len(doc):
        found = (len(doc), doc.text)
        doc.user_data[_KEY] = found
    return found[1]
