"""Terminal tables through rich: cells wrap instead of being cut ("036 Express intent to meet
or negotiate" stays whole), quad classes are coloured when the output is a terminal, and no
line ends in padding spaces (diffs and copy-paste stay clean)."""

from __future__ import annotations

import io
import re
import shutil
import sys

import click
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

QUAD_STYLES = {1: "cyan", 2: "bold blue", 3: "yellow", 4: "bold red"}
QUAD_SHORT = {1: "verbal coop.", 2: "material coop.", 3: "verbal conflict", 4: "material conflict"}
_TRAILING = re.compile(r"[ ]+((?:\x1b\[[0-9;]*m)*)$")


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
    console = Console(file=buf, width=max(width, 60), force_terminal=color, no_color=not color,
                      highlight=False, soft_wrap=False)
    for r in renderables:
        console.print(r)
    return "\n".join(_TRAILING.sub(r"\1", line) for line in buf.getvalue().splitlines())


def echo(*renderables: object, err: bool = False) -> None:
    click.echo(render(*renderables, err=err), err=err)
