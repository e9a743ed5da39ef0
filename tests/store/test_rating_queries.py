"""Ombudsman RI and KPK MCP on the demo: the committed files hold published figures with sources, and the
rating queries equal independent pandas computations on those files."""

from __future__ import annotations

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from pantauzi.core import signals
from pantauzi.core.filters import Filter
from pantauzi.store import db, rating_queries
from tests.lke_helpers import ROOT

DEMO = ROOT / "data" / "demo" / "ratings"


def demo_frame(kind: str) -> pd.DataFrame:
    rows = CalamineWorkbook.from_path(str(DEMO / f"{kind}.xlsx")).get_sheet_by_name("Data").to_python()
    return pd.DataFrame(rows[1:], columns=rows[0])


def test_demo_uses_published_figures_with_sources(demo_db):
    o = demo_frame("ombudsman")
    ambon_2024 = o[
        (o["kode_wilayah"] == "81.71") & (o["tahun"] == 2024) & (o["ukuran"] == "nilai") & (o["tingkat"] == "pemda")
    ]
    assert list(ambon_2024["nilai"]) == [91.01] and list(ambon_2024["sintetis"]) == ["Tidak"]
    assert ambon_2024["sumber"].iloc[0].startswith("http")
    assert not (o["tahun"] == 2020).any()  # no survey in 2020: absent, never 0
    # Sarolangun was outside the 2025 Opini sample: 'tidak dinilai'
    assert o[(o["kode_wilayah"] == "15.03") & (o["tahun"] == 2025) & (o["tingkat"] == "pemda")].empty


def test_queries_equal_pandas_on_the_demo_files(demo_db):
    con = db.connect(demo_db)  # the pages' in-process connection may hold the file: same configuration
    try:
        f = Filter(provinsi="81", tahun_dari=2019, tahun_sampai=2025)
        got = rating_queries.mcp_scores(con, f)
        m = demo_frame("mcp")
        m["kode_wilayah"] = m["kode_wilayah"].astype(str)
        want = m[m["kode_wilayah"].str.match(r"^81(\.|$)")]
        assert len(got) == len(want)
        assert got["score"].sum() == pytest.approx(want["nilai"].astype(float).sum())
        o = demo_frame("ombudsman")
        o = o[o["kode_wilayah"].astype(str).str.match(r"^81(\.|$)") & (o["ukuran"] == "nilai")]
        ratings_ = rating_queries.ombudsman_ratings(con, f)
        assert ratings_["score"].sum() == pytest.approx(o["nilai"].astype(float).sum())
        comp = signals.mcp_comparable(
            rating_queries.mcp_scores(con, Filter(kabkota="81.71", tahun_dari=2024, tahun_sampai=2024))
        )
        plan = comp[comp["comparable"] == "perencanaan_penganggaran"]["score"].iloc[0]
        mm = m[(m["kode_wilayah"] == "81.71") & (m["tahun"] == 2024) & m["area"].isin(["perencanaan", "penganggaran"])]
        assert plan == pytest.approx(mm["nilai"].astype(float).mean())
    finally:
        con.close()
