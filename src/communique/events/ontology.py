"""The CAMEO event ontology: codes, names, GDELT Goldstein values and QuadClass, PLOVER type.

The table is ``data/cameo.csv`` (see ``data/README.md`` for where each column comes from).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str  # zero-padded: "010", "1823"
    name: str
    root: str  # first two digits
    goldstein: float
    quad_class: int  # GDELT QuadClass 1-4
    plover: str | None
    plover_mode: str | None


class Ontology:
    def __init__(self, codes: dict[str, CameoCode]) -> None:
        self._codes = codes

    @classmethod
    def load(cls) -> Ontology:
        return _load_default()

    @classmethod
    def from_rows(cls, rows) -> Ontology:
        codes: dict[str, CameoCode] = {}
        for row in rows:
            code = row["code"].strip()
            if code in codes:
                raise ValueError(f"duplicate CAMEO code {code!r}")
            codes[code] = CameoCode(
                code=code,
                name=row["name"].strip(),
                root=row["root"].strip(),
                goldstein=float(row["goldstein"]),
                quad_class=int(row["quad_class"]),
                plover=row["plover"].strip() or None,
                plover_mode=row["plover_mode"].strip() or None,
            )
        return cls(codes)

    def get(self, code: str) -> CameoCode:
        """The entry for ``code``; raises KeyError for codes CAMEO does not define."""
        return self._codes[code]

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __iter__(self):
        return iter(self._codes.values())

    def __len__(self) -> int:
        return len(self._codes)

    def codes(self) -> list[str]:
        return list(self._codes)

    def roots(self) -> list[str]:
        return sorted({c.root for c in self._codes.values()})


@lru_cache(maxsize=1)
def _load_default() -> Ontology:
    text = resources.files("communique.events").joinpath("data/cameo.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return Ontology.from_rows(csv.DictReader(lines))
