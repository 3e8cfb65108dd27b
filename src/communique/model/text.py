"""Repairs to article text made once, when an ``Article`` is built, before anything reads it.

Feeds scraped from HTML often carry numeric character references whose ampersand became a
space ("Japan #39;s Prime Minister", "up to  #36;50 million"; AG News is full of them):
the tokenizer then reads "#39;s" as a word, splits "Britain" from its title and misses the
possessive. Numeric references, broken or whole ("&#39;"), are turned back into their
character; for a broken one the space that stood for the ampersand goes too.
"""

from __future__ import annotations

import re

# " #39;", "&#39;" or "#39;" at the very start: the marker is the ampersand or the one space
# that stands for it ("up to  #36;50": the first space is the text's, the second the "&").
_NUMERIC_REFERENCE = re.compile(r"(?:&| |^)#(\d{2,4});")
# Code points 128-159 are C1 controls in Unicode; feeds that write them mean Windows-1252
# ("#146;" a right quote, "#151;" an em dash).
_C1 = range(128, 160)
# A code point in the surrogate range is never a character on its own: JSON can carry one
# ("\\ud800" with no low half) and a file name with a byte that is not UTF-8 decodes to one
# (os.fsdecode's surrogateescape). Such a string cannot be encoded as UTF-8, so hashing or
# storing it fails; it is replaced by U+FFFD, the character that says "unreadable here".
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _character(match: re.Match[str]) -> str:
    number = int(match.group(1))
    if number in _C1:
        try:
            return bytes([number]).decode("cp1252")
        except UnicodeDecodeError:  # the five code points cp1252 leaves undefined
            return match.group(0)
    if 32 <= number < 256 or 0x2000 <= number < 0x2070:  # Latin-1, and dashes/quotes/bullets
        return chr(number)
    return match.group(0)  # "ticket #1234;" is not a reference a feed would write


def repair_text(text: str) -> str:
    """``"Britain #39;s envoy"`` -> ``"Britain's envoy"``; ``"up to  #36;50"`` -> ``"up to $50"``."""
    if "#" not in text:
        return text
    return _NUMERIC_REFERENCE.sub(_character, text)


def replace_surrogates(text: str) -> str:
    """``"a\\ud800b"`` -> ``"a\\ufffdb"``: a string that encodes as UTF-8. Python combines a
    well-formed pair when it decodes JSON, so any surrogate left in a ``str`` stands alone."""
    if text.isascii():
        return text
    return _LONE_SURROGATE.sub("\ufffd", text)


# -- text shown on a terminal -------------------------------------------------------------------

# A terminal escape sequence as a whole: CSI ("\x1b[31m", "\x1b[2J", 8-bit "\x9b2J"), OSC
# ("\x1b]0;title\x07": sets the window title) and two-character escapes ("\x1bc" resets).
_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]")
# Characters that are not shown but change what is: bidirectional overrides and isolates
# ("\u202e" prints what follows right to left), zero-width space, word joiner, marks, BOM and
# the soft hyphen. (ZWNJ and ZWJ stay: Persian and Indic names and emoji need them.)
_INVISIBLE = re.compile("[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Control characters (C0, DEL, C1), line and paragraph separators, and whitespace: one space.
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029\s]+")


def printable(text: str | None) -> str:
    """``text`` from an article (a name, a sentence, a quote) made safe to print on one line
    of a terminal and to copy from it: escape sequences and invisible characters removed,
    control characters and line breaks made single spaces, lone surrogates made U+FFFD.
    ``printable("Zorba\\x1b[31m\\u200bQuillan\\n")`` -> ``"ZorbaQuillan"``;
    ``printable("Ilse\\x85 Dunmore")`` -> ``"Ilse Dunmore"``."""
    if not text:
        return ""
    text = _ESCAPE.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = replace_surrogates(text)  # a lone surrogate cannot be printed: the encoder raises
    return _CONTROL.sub(" ", text).strip()
