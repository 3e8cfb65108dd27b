"""Pair quotation marks in one sentence's text.

A sentence splitter may cut a long quotation, so a mark may be left without its partner: an
opening mark with no close quotes up to the sentence end, a closing mark with no opener quotes
from the sentence start. Straight marks carry no direction, so it is read from the spacing
around them ("said, "We ..." opens; ...ahead." closes).
"""

from __future__ import annotations

from dataclasses import dataclass

OPENERS = frozenset("“«„")
CLOSERS = frozenset("”»")
STRAIGHT = '"'


@dataclass(frozen=True, slots=True)
class Marked:
    start: int  # first character inside the marks (sentence offsets)
    end: int  # one past the last character inside
    opened: bool  # False when the quote began before this sentence
    closed: bool  # False when it runs on after this sentence


def quoted_regions(text: str) -> list[Marked]:
    regions: list[Marked] = []
    open_at: int | None = None
    for pos, ch in enumerate(text):
        if ch in OPENERS:
            if open_at is None:
                open_at = pos
        elif ch in CLOSERS or (ch == STRAIGHT and open_at is not None):
            if open_at is not None:
                regions.append(Marked(open_at + 1, pos, True, True))
                open_at = None
            elif not regions:
                regions.append(Marked(0, pos, False, True))
        elif ch == STRAIGHT:
            if _looks_closing(text, pos) and not regions and STRAIGHT not in text[pos + 1:]:
                regions.append(Marked(0, pos, False, True))
            else:
                open_at = pos
    if open_at is not None and text[open_at + 1:].strip():
        regions.append(Marked(open_at + 1, len(text), True, False))
    return [r for r in regions if text[r.start:r.end].strip()]


def _looks_closing(text: str, pos: int) -> bool:
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())
