"""Wire datelines: ``MOSCOW (Reuters) - Putin met Xi``, ``GUWAHATI, India (Reuters) -``,
``CAIRO, Dec 17 (AFP) --``, ``BANGALORE, DEC 5:``, ``BERNE 1996-08-28``.

A dateline says where the reporter filed from, not who acted: parsed as part of the sentence,
"MOSCOW" becomes the subject of "met" and its capital-as-government reading takes the place of
the real actor. The coder blanks datelines (same length, so character offsets hold) before the
text is split and parsed.
"""

from __future__ import annotations

import re

# An ALL-CAPS place of one to four words ("THE HAGUE", "UNITED NATIONS", "SAMARRA"), then an
# optional ", Country" or ", New York", an optional month and day, an optional "(Agency)",
# and the dash or colon that ends the dateline. The place must be followed by at least one of
# the agency or the separator; a dated form ("BERNE 1996-08-28") needs neither.
_PLACE = r"[A-Z][A-Z.'\-]+(?:[ \t]+[A-Z][A-Z.'\-]+){0,3}"
_REGION = r"(?:,[ \t]*[A-Z][A-Za-z.\-]+(?:[ \t]+[A-Z][A-Za-z.\-]+){0,2})?"
_MONTH_DAY = r"(?:,?[ \t]*(?:[A-Z][a-z]{2,8}\.?|[A-Z]{3,4}\.?)[ \t]+\d{1,2})?"
_AGENCY = r"(?:[ \t]*\([A-Za-z][A-Za-z .&'\-]{0,40}\))?"
_DATELINE = re.compile(
    rf"(?:^|(?<=[.!?\"'] )|(?<=[.!?\"']  )|(?<=\n))[ \t]*"
    rf"(?:(?P<place>{_PLACE}){_REGION}{_MONTH_DAY}{_AGENCY}[ \t]*(?:--?|\u2013|\u2014|:)[ \t]"
    rf"|(?P<dplace>{_PLACE})[ \t]+\d{{4}}-\d{{2}}-\d{{2}}[ \t])"
)
# An agency alone opens some copy: "AFP - South Korea's President ...", "(AP) - ...".
_AGENCY_ONLY = re.compile(r"(?:^|(?<=[.!?] ))[ \t]*\(?(?:AFP|AP|Reuters|PTI|UPI|IANS|Xinhua)\)?[ \t]*(?:--?|:)[ \t]")


def dateline_place(text: str) -> str | None:
    """The place of the first dateline in ``text`` as written ("BAGHDAD", "TBILISI")."""
    for m in _DATELINE.finditer(text):
        place = m.group("place") or m.group("dplace")
        if place and len(place.replace(".", "")) >= 2:
            return place
    return None


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the datelines in ``text`` (at its start or a sentence's)."""
    spans = []
    for pattern in (_DATELINE, _AGENCY_ONLY):
        for m in pattern.finditer(text):
            place = m.group("place") or m.group("dplace") if pattern is _DATELINE else "AGENCY"
            if place and len(place.replace(".", "")) >= 2:
                spans.append((m.start(), m.end()))
    return sorted(spans)


def blank_datelines(text: str) -> str:
    """``text`` with its datelines replaced by spaces, offsets unchanged."""
    for start, end in dateline_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text
