"""Pair quotation marks in one sentence's text.

A sentence splitter may cut a long quotation, so a mark may be left without its partner: an
opening mark with no close quotes up to the sentence end, a closing mark with no opener quotes
from the sentence start. Straight marks carry no direction, so it is read from the spacing
around them ("said, "We ..." opens; ...ahead." closes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = frozenset("“«„")
CLOSERS = frozenset("”»")
STRAIGHT = '"'
# one opening or closing mark, or a run of straight ones
_MARK = re.compile('"+|[' + ''.join(sorted(OPENERS | CLOSERS)) + ']')


@dataclass(frozen=True, slots=True)
class Marked:
    start: int  # first character inside the marks (sentence offsets)
    end: int  # one past the last character inside
    opened: bool  # False when the quote began before this sentence
    closed: bool  # False when it runs on after this sentence


def quoted_regions(text: str, starts_inside: bool = False) -> list[Marked]:
    return scan(text, starts_inside)[0]


def scan(text: str, starts_inside: bool = False) -> tuple[list[Marked], bool]:
    """The quoted regions of ``text`` and whether a quotation is still open at its end.

    ``starts_inside`` says the previous sentence left a quotation open, so the first mark
    here closes it (or, with no mark at all, the whole sentence is quoted).
    """
    marks = _marks(text)
    if marks and marks[0][2] in OPENERS:  # a fresh opening mark: whatever was open has ended
        starts_inside = False
    straight = [m for m in marks if m[2] == STRAIGHT]
    # With an odd number of straight marks one has no partner; when the first reads as a
    # closer ("... a breakdown, " he said") the quote began in an earlier sentence.
    lone_closer = bool(straight) and (
        starts_inside or (len(straight) % 2 == 1 and _looks_closing(text, *straight[0][:2])))
    regions: list[Marked] = []
    open_at: int | None = 0 if starts_inside else None  # where the quoted text starts
    opened = not starts_inside
    for start, end, ch in marks:
        closing = ch in CLOSERS or (ch == STRAIGHT and (
            open_at is not None or (lone_closer and start == straight[0][0])))
        if closing:
            if open_at is not None:
                regions.append(Marked(open_at, start, opened, True))
            elif not regions:
                regions.append(Marked(0, start, False, True))
            open_at = None
        elif open_at is None:
            open_at, opened = end, True
    still_open = open_at is not None
    # A mark with nothing after it opens the next sentence's quote (or closes one split off
    # before): nothing to take from this sentence.
    if still_open and text[open_at:].strip():
        regions.append(Marked(open_at, len(text), opened, False))
    return [r for r in regions if text[r.start:r.end].strip()], still_open


def _marks(text: str) -> list[tuple[int, int, str]]:
    """Quotation marks as (start, end, kind); a doubled straight mark ("" from CSV escaping)
    counts once. A regular expression finds them: most sentences hold none, and a loop over
    every character was the costliest part of looking."""
    return [(m.start(), m.end(), m.group()[0]) for m in _MARK.finditer(text)]


def _looks_closing(text: str, start: int, end: int) -> bool:
    """A closer hugs the quote's last character ("ahead," he said); an opener hugs the first
    quoted word (said, "We). Wire copy re-joined from tokens spaces both sides; there a mark
    after a comma or full stop and before a lowercase word closes ('breakdown , " he said')."""
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    if not before or not after:
        return False
    space_before = text[start - 1].isspace()
    space_after = text[end].isspace()
    if space_before != space_after:
        return not space_before
    return before[-1] in ",.?!" and not after[0].isupper()
