"""The sector table (model/data/cameo_sectors.csv): one owner for which sectors are local and
which are organs of the state."""

from __future__ import annotations

from communique.model.codes import local_sectors, sector_table, state_sectors


def test_state_organs_are_the_governments_offices_and_forces():
    assert state_sectors() == {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}


def test_no_sector_is_both_a_state_organ_and_local_to_the_scene():
    # police are the state's wherever they act; rebels belong to where they fight
    assert not state_sectors() & local_sectors()
    assert {"REB", "CRM", "CVL", "UAF"} <= local_sectors()


def test_every_sector_says_yes_or_no_for_each_flag():
    for sector in sector_table().values():
        assert isinstance(sector.local, bool) and isinstance(sector.state, bool)
