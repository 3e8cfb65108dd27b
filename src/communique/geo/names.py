"""Name normalisation shared by the index and the matcher, so both sides agree on keys."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans(
    {"’": "'", "‘": "'", "`": "'", "ʻ": "'", "ʼ": "'", "ʿ": "'", "ʾ": "'", "‐": "-", "–": "-", "‑": "-"}
)
# Letters NFKD cannot split (ł, ø, đ...) still need an ascii form to match English spellings.
_LETTERS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE", "ı": "i"}
)
_SPACES = re.compile(r"\s+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lowercase, strip diacritics and apostrophes, hyphens as spaces, collapse spaces."""
    if text.isascii():
        text = text.lower().replace("`", "'")
    else:
        text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
        text = _COMBINING.sub("", text).translate(_LETTERS).lower()
    if "'" in text:
        # "Sana'a" = "Sanaa", "Cote d'Ivoire" = "Cote dIvoire": news drops or keeps them at will.
        text = text.replace("'", "")
    if "-" in text:
        # "Al-Bab" = "Al Bab", "Guinea-Bissau" = "Guinea Bissau".
        text = _SPACES.sub(" ", text.replace("-", " ")).strip()
    if "  " in text or text[:1].isspace() or text[-1:].isspace() or "\t" in text or "\n" in text:
        text = _SPACES.sub(" ", text).strip()
    return text


def key(name: str) -> str:
    """Index key of a place name: folded, without a leading article ("the Hague" = "Hague")."""
    k = fold(name)
    if k.startswith("the "):
        k = k[4:]
    return k


def first_word(k: str) -> str:
    """First word of a key, as one token of the sentence would fold to."""
    return k.split(" ", 1)[0]


def is_plain(k: str) -> bool:
    """Latin-script names only: other scripts can never match English news text anyway."""
    return bool(k) and k.isascii()
