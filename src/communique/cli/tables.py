"""Terminal tables through rich: cells wrap instead of being cut ("036 Express intent to meet
or negotiate" stays whole), quad classes are coloured when the output is a terminal, and no
line ends in padding spaces (diffs and copy-paste stay clean)."""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from typing import Any

import click
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

QUAD_STYLES = {1: "cyan", 2: "bold blue", 3: "yellow", 4: "bold red"}
QUAD_SHORT = {1: "verbal coop.", 2: "material coop.", 3: "verbal conflict", 4: "material conflict"}
_TRAILING = re.compile(r"[ ]+((?:\x1b\[[0-9;]*m)*)$")
# What json.dumps(ensure_ascii=False) leaves raw and a terminal acts on or hides: DEL and C1
# controls ("\x9b" starts an escape sequence), bidirectional overrides, zero-width and
# separator characters, lone surrogates (which the terminal's encoder cannot even write).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u00ad\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e"
                          "\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]")


def table(*columns: str, caption: str | None = None) -> Table:
    """A table without vertical rules: header, a line under it, then rows."""
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, caption=caption, caption_justify="left",
              header_style="bold", expand=False)
    for c in columns:
        t.add_column(c, overflow="fold")
    return t


def quad(q: int | None) -> Text:
    """The quad class number, in its colour."""
    if not q:
        return Text("-")
    return Text(str(q), style=QUAD_STYLES.get(q, ""))


def render(*renderables: object, err: bool = False, color: bool | None = None) -> str:
    """Render to text for the terminal (colour only when it is one, or as ``color`` says),
    right-stripped."""
    stream = sys.stderr if err else sys.stdout
    if color is None:
        color = stream.isatty()
    width = shutil.get_terminal_size((160, 24)).columns
    buf = io.StringIO()
    # markup and emoji off: text from articles is shown as written ("[/b]" in a quote was read
    # as a closing tag, and an unmatched one raised MarkupError; ":flag_ru:" became a flag)
    console = Console(file=buf, width=max(width, 60), force_terminal=color, no_color=not color,
                      highlight=False, soft_wrap=False, markup=False, emoji=False)
    for r in renderables:
        console.print(r)
    return "\n".join(_TRAILING.sub(r"\1", line) for line in buf.getvalue().splitlines())


def echo(*renderables: object, err: bool = False) -> None:
    click.echo(render(*renderables, err=err), err=err)


def json_text(value: Any, **kw: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)`` with the characters a terminal would act on or
    hide written as \\u escapes: the same JSON value, safe to print. ``json_text("a\\x9b2Jb")``
    -> ``'"a\\u009b2Jb"'``."""
    text = json.dumps(value, ensure_ascii=False, **kw)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
