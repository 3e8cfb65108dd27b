"""Checks the packaged CAMEO table is complete and consistent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from communique.events.ontology import Ontology

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "CAMEO2PLOVER-2021.txt"


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return Ontology.load()


def test_every_root_present(onto):
    roots = [f"{i:02d}" for i in range(1, 21)]
    assert onto.roots() == roots
    for r in roots:
        assert r in onto, r
        assert f"{r}0" in onto, f"{r}0 missing"


def test_size_matches_cameo_1_1b3(onto):
    # 20 roots + 3-digit + 4-digit codes of CAMEO 1.1b3
    assert len(onto) == 313
    for code in ["0211", "0256", "0874", "1056", "1214", "1246", "1385", "1454", "1663", "1724",
                 "1833", "2042", "175", "196", "201"]:
        assert code in onto


def test_codes_are_strings_and_roots_consistent(onto):
    for c in onto:
        assert isinstance(c.code, str) and re.fullmatch(r"\d{2,4}", c.code)
        assert c.root == c.code[:2]
        if len(c.code) == 4:
            assert c.code[:3] in onto, f"{c.code} has no 3-digit parent"
        assert c.name


def test_goldstein_and_quad_class(onto):
    for c in onto:
        assert -10.0 <= c.goldstein <= 10.0
        r = int(c.root)
        expected = 1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4
        assert c.quad_class == expected, c.code


def test_known_gdelt_goldstein_values(onto):
    # spot values from GDELT's table, which differs from other Goldstein tables
    assert onto.get("040").goldstein == 1.0
    assert onto.get("042").goldstein == 1.9
    assert onto.get("051").goldstein == 3.4
    assert onto.get("0874").goldstein == 10.0
    assert onto.get("163").goldstein == -8.0
    assert onto.get("1823").goldstein == -10.0
    assert onto.get("1213").goldstein == onto.get("121").goldstein  # inherited


def test_names_follow_cameo_manual(onto):
    assert onto.get("036").name == "Express intent to meet or negotiate"
    assert onto.get("106").name == "Demand meeting, negotiation"
    assert onto.get("108").name == "Demand mediation"


def test_plover_present_where_reference_maps(onto):
    if not REFERENCE.is_file():
        pytest.skip(f"PLOVER reference not found at {REFERENCE}")
    mapped = {}
    for line in REFERENCE.read_text().splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line.split("#", 1)[0].strip())
        if m:
            mapped.setdefault(m.group(1), m.group(2))
    assert len(mapped) > 200
    for code, ptype in mapped.items():
        assert onto.get(code).plover == ptype, code
    assert onto.get("042").plover_mode == "visit"
    assert onto.get("1712").plover == "ASSAULT"
