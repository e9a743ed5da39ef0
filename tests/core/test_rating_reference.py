"""Ombudsman RI and KPK MCP reference data by year: methodology, areas, national averages."""

from __future__ import annotations

from pantauzi.core import ratings


def test_reference_data_years():
    assert ratings.ombudsman_method(2020) is None and "2020" in ratings.ombudsman_not_rated(2020)
    assert [a.key for a in ratings.mcp_areas(2023)][-1] == "dana_desa"
    assert "dana_desa" not in [a.key for a in ratings.mcp_areas(2024)]
    assert ratings.national_average(2023) == 75.13
