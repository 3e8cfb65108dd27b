"""The wire header many news crawls put before the text: ``date 2023-12-28 (MENAFN)``.

Parsed once, where an `Article` is built from raw text (`communique.code`, the readers, the
server); the coder strips one left in the text of an article built by hand."""

from __future__ import annotations

import re
from datetime import date

# The header may be preceded by whitespace and followed directly by the first sentence on the
# same line, so it is matched as a prefix, not as a line.
_HEADER = re.compile(
    r"^\s*date[ \t:]+(?P<date>\d{4}-\d{2}-\d{2})(?:[ \t]*\((?P<source>[^()\n]{1,80})\))?[ \t]*",
    re.IGNORECASE,
)


def parse_header(text: str) -> tuple[str, str | None, str | None]:
    """Split ``text`` into (body, publication date ISO, source); body is ``text`` when no header.

    A header whose date is not a real calendar date is left in the text: better an article
    without a date than one silently dated wrong.
    """
    m = _HEADER.match(text)
    if not m:
        return text, None, None
    try:
        date.fromisoformat(m.group("date"))
    except ValueError:
        return text, None, None
    source = (m.group("source") or "").strip() or None
    return text[m.end():], m.group("date"), source
