"""YAML reading for every packaged data file: libyaml's C parser when PyYAML has it (several
times faster than the pure-Python one, which was a good part of a cold start), the safe
constructors always.

``load`` reads YAML as ``yaml.safe_load`` does. ``load_words`` is for word lists (the event
lexicon): YAML 1.1 reads on/off/yes/no as booleans, but there they are words ("crack down
on"), so only true/false are booleans.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _WordsLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    pass


_WordsLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordsLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"),
)


def load(text: str) -> Any:
    return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - the safe loader


def load_words(text: str) -> Any:
    return yaml.load(text, Loader=_WordsLoader)  # noqa: S506 - a safe loader subclass
