"""The naive pandas baseline of the page benchmark and the correctness oracle of pantauzi.pagedata:
every table a page needs loaded into pandas once, each page section's answer recomputed by filtering
and grouping there, independently of the SQL in pantauzi/store and of the page data's own assembly.

benchmarks/pages.py times it against the page data functions; tests/pages/test_pagedata_oracle.py
compares every page data function with it (``compare``)."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from pantauzi.core import access, localtime, ratings, signals
from pantauzi.core.filters import Filter, group_level
from pantauzi.core.vocab import LEVEL_NAMES

SEARCH_LIMIT = 50  # pantauzi.pagedata.SEARCH_LIMIT
MAX_ROWS = 60  # pantauzi.charts.ratings.MAX_ROWS, without importing plotly
STAGE_RANK = {"tpn": 1, "tpi": 2, "self": 3}
ADMIN = access.User("bench", "Benchmark", "admin", (), ())


# ---------------------------------------------------------------- the naive baseline (pandas)
class Naive:
    """Every table a page needs, loaded into pandas once; each page answer by filtering and grouping."""

    def __init__(self, con) -> None:
        q = lambda sql: con.execute(sql).df()  # noqa: E731
        regions = q("SELECT code, name, level, parent_code FROM regions")
        inst = q("SELECT code AS instansi_code, name AS instansi_name FROM instansi")
        units = q(
            "SELECT code AS unit, name AS unit_name, instansi_code, region_code, valid_from, valid_to, "
            "is_demo FROM units"
        )
        units = units.merge(inst, on="instansi_code").merge(
            regions[["code", "name"]].rename(columns={"code": "region_code", "name": "region_name"}),
            on="region_code",
            how="left",
        )
        units["label"] = units["unit"].str.replace(r"^[0-9.]+-", "", regex=True) + " · " + units["region_name"]
        self.regions, self.units = regions, units
        self.subs = q(
            "SELECT id, unit_code, year, stage, is_current, loaded_at, loaded_by, file_name, sha256, "
            "layout FROM lke_submissions"
        )
        self.scores = q("SELECT * FROM lke_scores")
        self.areas = q("SELECT * FROM lke_area_scores")
        self.readiness = q("SELECT * FROM lke_readiness")
        self.nodes = q("SELECT * FROM lke_node_scores")
        self.milestones = q("SELECT * FROM zi_milestones")
        self.files = q("SELECT * FROM stored_files")
        self.imports = q("SELECT id FROM imports")
        self.inst_kind = q(
            "SELECT code AS instansi_code, kind AS instansi_kind, region_code AS instansi_region FROM instansi"
        )
        self.ombudsman = q("SELECT * FROM ombudsman_ratings WHERE is_current")
        self.mcp = q("SELECT * FROM mcp_scores WHERE is_current")
        self.owners = q("SELECT region_code, comparable_area, unit_code FROM mcp_area_owners")
        self.answers = q("SELECT submission_id, question_id, answered, value, evidence, evidence_link FROM lke_answers")

    def evidence(self, f: Filter) -> pd.DataFrame:
        """Per unit-year of the selection from the raw answers: answered questions of the chosen
        submission, those with evidence there or in the unit-year's self-assessment, and the questions
        the TPI answered where the unit did not, or differently (NaN without both stages)."""
        per_sid, per_uy = self._evidence_all()
        chosen = self.chosen(f)[["unit", "year", "submission_id"]]
        out = chosen.merge(per_sid, on="submission_id", how="left").merge(per_uy, on=["unit", "year"], how="left")
        out[["answered", "with_evidence"]] = out[["answered", "with_evidence"]].fillna(0).astype(int)
        out = out.sort_values(["unit", "year"]).reset_index(drop=True)
        return out.assign(evidence_share=out["with_evidence"] / out["answered"].where(out["answered"] > 0))

    def _evidence_all(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Every current submission's counts and every unit-year's TPI changes, computed once."""
        if hasattr(self, "_ev"):
            return self._ev
        a = self.answers.assign(
            ev=self.answers["evidence"].fillna("").str.strip().ne("")
            | self.answers["evidence_link"].fillna("").str.strip().ne("")
        )
        cur = self.subs[self.subs["is_current"]][["id", "unit_code", "year", "stage"]]
        a = a.merge(cur, left_on="submission_id", right_on="id").rename(columns={"unit_code": "unit"})
        own = a[a["stage"] == "self"][["unit", "year", "question_id", "ev", "answered", "value"]]
        m = a.merge(
            own.add_prefix("s_"),
            left_on=["unit", "year", "question_id"],
            right_on=["s_unit", "s_year", "s_question_id"],
            how="left",
        )
        has = m["ev"] | m["s_ev"].fillna(False).astype(bool)
        per_sid = (
            m.assign(w=m["answered"] & has)
            .groupby("submission_id")
            .agg(answered=("answered", "sum"), with_evidence=("w", "sum"))
            .reset_index()
        )
        t = m[(m["stage"] == "tpi") & m["s_unit"].notna()]
        same = (t["value"] == t["s_value"]) | (t["value"].isna() & t["s_value"].isna())
        changed = t["answered"] & (~t["s_answered"].astype(bool) | ~same)
        per_uy = t.assign(c=changed).groupby(["unit", "year"])["c"].sum().astype(float).rename("tpi_changed")
        self._ev = (per_sid, per_uy.reset_index())
        return self._ev

    def units_sel(self, f: Filter) -> pd.DataFrame:
        u = self.units
        m = pd.Series(True, index=u.index)
        for code in (f.provinsi, f.kabkota):
            if code:
                m &= (u["region_code"] == code) | u["region_code"].str.startswith(code + ".")
        if f.instansi:
            m &= u["instansi_code"] == f.instansi
        if f.unit:
            m &= u["unit"] == f.unit
        return u[m]

    def chosen(self, f: Filter) -> pd.DataFrame:
        s = self.subs
        s = s[s["is_current"] & s["year"].between(f.tahun_dari, f.tahun_sampai)]
        if f.tahap != "akhir":
            s = s[s["stage"] == f.tahap]
        s = s.merge(self.units_sel(f), left_on="unit_code", right_on="unit")
        if f.tahap == "akhir":
            s = s.assign(rk=s["stage"].map(STAGE_RANK)).sort_values(["unit", "year", "rk"])
            s = s.drop_duplicates(["unit", "year"])
        return s.rename(columns={"id": "submission_id"})

    def totals(self, f: Filter) -> pd.DataFrame:
        return self.chosen(f).merge(self.scores, on="submission_id")

    def group_col(self, d: pd.DataFrame, level: str) -> pd.DataFrame:
        if level == "provinsi":
            code = d["region_code"].str.split(".").str[0]
            names = self.regions.set_index("code")["name"]
            return d.assign(code=code, glabel=code.map(names))
        if level == "kabkota":
            prov = ~d["region_code"].str.contains(".", regex=False)
            return d.assign(
                code=d["region_code"], glabel=d["region_name"].where(~prov, d["region_name"] + " (tingkat provinsi)")
            )
        if level == "instansi":
            return d.assign(code=d["instansi_code"], glabel=d["instansi_name"])
        return d.assign(code=d["unit"], glabel=d["label"])

    def year_summary(self, f: Filter) -> pd.DataFrame:
        t = self.totals(f)
        ready = ~t["incomplete"] & t["readiness"].isin(["wbk", "wbbm"])
        g = t.assign(ready=ready).groupby("year")
        return pd.DataFrame(
            {
                "units": g.size(),
                "mean_total": g["total"].mean(),
                "q1": g["total"].quantile(0.25),
                "median": g["total"].median(),
                "q3": g["total"].quantile(0.75),
                "ready": g["ready"].sum(),
            }
        ).reset_index()

    def group_totals(self, f: Filter, year: int, level: str) -> pd.DataFrame:
        t = self.group_col(self.totals(f), level)
        t = t[t["year"] == year]
        done = ~t["incomplete"]
        t = t.assign(
            wbbm=done & (t["readiness"] == "wbbm"),
            wbk=done & (t["readiness"] == "wbk"),
            belum=done & (t["readiness"] == "belum"),
            inc=t["incomplete"],
        )
        g = t.groupby(["code", "glabel"])
        out = pd.DataFrame(
            {
                "units": g.size(),
                "mean_total": g["total"].mean(),
                "min_total": g["total"].min(),
                "max_total": g["total"].max(),
                "wbbm": g["wbbm"].sum(),
                "wbk": g["wbk"].sum(),
                "belum": g["belum"].sum(),
                "incomplete": g["inc"].sum(),
            }
        ).reset_index()
        out = out.rename(columns={"glabel": "label"}).sort_values(["mean_total", "label"]).reset_index(drop=True)
        return out.merge(self.evidence_groups(f, year, level).drop(columns=["label", "units"]), on="code", how="left")

    def evidence_groups(self, f: Filter, year: int, level: str) -> pd.DataFrame:
        """evidence() summed per group of one year: pooled share, TPI changes over units with both stages."""
        e = self.evidence(f)
        e = e[e["year"] == year].merge(
            self.totals(f)[["unit", "year", "region_code", "region_name", "instansi_code", "instansi_name", "label"]],
            on=["unit", "year"],
        )
        g = self.group_col(e, level).groupby(["code", "glabel"])
        out = (
            pd.DataFrame(
                {
                    "units": g.size(),
                    "answered": g["answered"].sum(),
                    "with_evidence": g["with_evidence"].sum(),
                    "tpi_changed": g["tpi_changed"].sum(min_count=1),
                    "tpi_units": g["tpi_changed"].count(),
                }
            )
            .reset_index()
            .rename(columns={"glabel": "label"})
        )
        out["evidence_share"] = out["with_evidence"] / out["answered"].where(out["answered"] > 0)
        return out.sort_values("label", kind="stable").reset_index(drop=True)

    def area_by_group(self, f: Filter, year: int, level: str) -> pd.DataFrame:
        c = self.group_col(self.chosen(f), level)
        a = c[c["year"] == year].merge(self.areas, on="submission_id")
        g = a.groupby(["code", "glabel", "area_key", "area_order", "area_name"])
        out = (
            g["pct"]
            .agg(["mean", "size"])
            .reset_index()
            .rename(columns={"glabel": "label", "mean": "pct", "size": "units"})
        )
        return out.sort_values(["label", "area_order"]).reset_index(drop=True)

    def unit_search(self, f: Filter, year: int, order: str) -> pd.DataFrame:
        t = self.totals(f)
        t = t[t["year"] == year]
        by = ["total", "label"] if order == "total" else ["label"]
        return t.sort_values(by)[["unit", "label", "total"]].head(SEARCH_LIMIT).reset_index(drop=True)

    def movers(self, f: Filter, year: int, limit: int) -> pd.DataFrame:
        t = self.totals(f).sort_values(["unit", "year"])
        t["previous"] = t.groupby("unit")["total"].shift()
        t = t[(t["year"] == year) & t["previous"].notna()].assign(change=lambda d: d["total"] - d["previous"])
        t = t.assign(a=t["change"].abs()).sort_values(["a", "label"], ascending=[False, True])
        return t[["unit", "label", "total", "previous", "change"]].head(limit)

    def unit_row(self, f: Filter, unit: str, year: int) -> pd.DataFrame:
        return self.totals(Filter(f.provinsi, f.kabkota, f.instansi, unit, year, year, f.tahap))

    def failed(self, sid: int) -> pd.DataFrame:
        r = self.readiness
        return r[(r["submission_id"] == sid) & r["decisive"] & ~r["passed"]].sort_values(
            ["level", "criterion"], ascending=[False, True]
        )

    def weakest(self, sid: int) -> pd.DataFrame:
        n = self.nodes
        n = n[(n["submission_id"] == sid) & n["is_leaf"] & n["level"].isin(["sub_area", "sub_sub_area", "hasil_item"])]
        n = n.merge(
            self.areas[self.areas["submission_id"] == sid][["area_key", "area_name"]], on="area_key", how="left"
        ).assign(lost=lambda d: d["weight"] - d["score"], area_name=lambda d: d["area_name"].fillna("Hasil"))
        return n[n["lost"] > 1e-9].sort_values("lost", ascending=False).head(5)

    def area_scores(self, f: Filter) -> pd.DataFrame:
        return self.chosen(f).merge(self.areas, on="submission_id").sort_values(["label", "year", "area_order"])

    def stage_comparison(self, f: Filter) -> pd.DataFrame:
        s = self.subs
        s = s[s["is_current"] & s["year"].between(f.tahun_dari, f.tahun_sampai)]
        s = s.merge(self.units_sel(f), left_on="unit_code", right_on="unit").merge(
            self.scores, left_on="id", right_on="submission_id"
        )
        p = s.pivot_table(index=["unit", "label", "year"], columns="stage", values="total", aggfunc="max")
        if not {"self", "tpi"} <= set(p.columns):
            return pd.DataFrame(columns=["unit", "label", "year", "self_total", "tpi_total"])
        out = p[["self", "tpi"]].dropna().reset_index().rename(columns={"self": "self_total", "tpi": "tpi_total"})
        return out.sort_values(["label", "year"])

    def rating_rows(self, table: pd.DataFrame, f: Filter) -> pd.DataFrame:
        """Rows of a ratings table in the filter's years and regions (instansi/unit: their pemda)."""
        r = table[table["year"].between(f.tahun_dari, f.tahun_sampai)]
        for code in (f.provinsi, f.kabkota):
            if code:
                r = r[(r["region_code"] == code) | r["region_code"].str.startswith(code + ".")]
        if f.instansi:
            home = self.inst_kind.loc[self.inst_kind["instansi_code"] == f.instansi, "instansi_region"]
            r = r[r["region_code"] == home.iloc[0]] if not home.empty else r.iloc[0:0]
        if f.unit:
            own = self.units[self.units["unit"] == f.unit]["region_code"]
            r = r[r["region_code"] == own.iloc[0]] if not own.empty else r.iloc[0:0]
        return r.merge(
            self.regions[["code", "name"]].rename(columns={"code": "region_code", "name": "region_name"}),
            on="region_code",
        )

    def ombudsman_ratings(self, f: Filter, level: str | None = None, year: int | None = None) -> pd.DataFrame:
        r = self.rating_rows(self.ombudsman, f)
        if level:
            r = r[r["level"] == level]
        if year:
            r = r[r["year"] == year]
        r = r.assign(entity=r["region_name"].where(r["level"] == "pemda", r["entity_name"] + " · " + r["region_name"]))
        return r.sort_values(["level", "entity", "year"], ascending=[False, True, True])

    def ombudsman_summary(self, f: Filter) -> pd.DataFrame:
        g = self.rating_rows(self.ombudsman, f).groupby(["level", "year"])
        out = pd.DataFrame({"entities": g.size(), "scored": g["score"].count()}).reset_index()
        return out.sort_values(["level", "year"], ascending=[False, True])

    def ombudsman_by_provinsi(self, f: Filter, level: str) -> pd.DataFrame:
        r = self.rating_rows(self.ombudsman, f)
        r = r[r["level"] == level]
        r = r.assign(code=r["region_code"].str.split(".").str[0])
        r = r.merge(self.regions[["code", "name"]].rename(columns={"name": "label"}), on="code")
        g = r.assign(hijau=r["zone"] == "hijau", kuning=r["zone"] == "kuning", merah=r["zone"] == "merah").groupby(
            ["code", "label", "year"]
        )
        return (
            pd.DataFrame(
                {
                    "score": g["score"].mean(),
                    "entities": g.size(),
                    "scored": g["score"].count(),
                    "hijau": g["hijau"].sum(),
                    "kuning": g["kuning"].sum(),
                    "merah": g["merah"].sum(),
                }
            )
            .reset_index()
            .sort_values(["label", "year"])
        )

    def mcp_scores(
        self, f: Filter, year: int | None = None, area: str | None = None, region: str | None = None
    ) -> pd.DataFrame:
        m = self.rating_rows(self.mcp, f)
        for col, v in (("year", year), ("area_key", area), ("region_code", region)):
            if v is not None:
                m = m[m[col] == v]
        return m.sort_values(["region_name", "year", "area_key"])

    def mcp_summary(self, f: Filter) -> pd.DataFrame:
        m = self.rating_rows(self.mcp, f)
        return m.groupby("year")["region_code"].nunique().rename("pemda").reset_index()

    def mcp_by_provinsi(self, f: Filter, year: int) -> pd.DataFrame:
        m = self.mcp_scores(f, year)
        m = (
            m.assign(region_code=m["region_code"].str.split(".").str[0])
            .drop(columns="region_name")
            .merge(
                self.regions[["code", "name"]].rename(columns={"code": "region_code", "name": "region_name"}),
                on="region_code",
            )
        )
        g = m.groupby(["region_code", "region_name", "year", "area_key"])
        return (
            pd.DataFrame({"score": g["score"].mean(), "pemda": g.size()})
            .reset_index()
            .sort_values(["region_name", "area_key"])
        )

    def pemda_units(self, region: str) -> list[str]:
        u = self.units.merge(self.inst_kind, on="instansi_code")
        u = u[(u["region_code"] == region) & u["instansi_kind"].isin(signals.PEMDA_KINDS)]
        return sorted(u["unit"])

    def three_signals(self, f: Filter, totals: pd.DataFrame) -> dict[str, pd.DataFrame]:
        regions = sorted(set(totals["region_code"]))
        return {
            "ombudsman": self.ombudsman_ratings(f),
            "mcp": self.mcp_scores(f),
            "owners": self.owners,
            "pemda_units": pd.DataFrame(
                [(r, x) for r in regions for x in self.pemda_units(r)], columns=["region", "unit"]
            ),
        }


# ---------------------------------------------------------------- display tables, written independently
def _num(x: float | None, digits: int = 2) -> str:
    """95.576 -> '95,58', 1234.5 -> '1.234,50' (Indonesian separators), NaN/None -> '–'."""
    if x is None or x != x:
        return "–"
    return f"{x:,.{digits}f}".translate(str.maketrans(",.", ".,"))


def _pct(x: float | None) -> str:
    return "–" if x is None else _num(x * 100, 1) + "%"


READY = {"wbbm": "Siap WBBM", "wbk": "Siap WBK", "belum": "Belum siap"}


def evidence_table(e: pd.DataFrame, level: str) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            LEVEL_NAMES[level].capitalize(): e["label"],
            "Unit dinilai": [_num(x, 0) for x in e["units"]],
            "Dijawab": [_num(x, 0) for x in e["answered"]],
            "Dengan bukti dukung": [_num(x, 0) for x in e["with_evidence"]],
            "Kelengkapan bukti": ["–" if pd.isna(x) else _pct(x) for x in e["evidence_share"]],
            "Diubah TPI": [
                "–" if n == 0 else _num(0.0 if pd.isna(x) else x, 0) for x, n in zip(e["tpi_changed"], e["tpi_units"])
            ],
        }
    )
    return table.drop(columns=["Unit dinilai"]) if level == "unit" else table


def movers_table(m: pd.DataFrame) -> pd.DataFrame:
    arrows = ["▲ " + _num(c) if c > 0 else "▼ " + _num(-c if c < 0 else c) for c in m["change"]]
    return pd.DataFrame(
        {
            "Unit": list(m["label"]),
            "Nilai": [_num(x) for x in m["total"]],
            "Sebelumnya": [_num(x) for x in m["previous"]],
            "Perubahan": arrows,
        }
    )


def failed_table(d: pd.DataFrame) -> pd.DataFrame:
    area = ["area:" in c for c in d["criterion"]]
    return pd.DataFrame(
        {
            "Predikat": [x.upper() for x in d["level"]],
            "Kriteria": list(d["label"]),
            "Nilai": [_pct(x) if a else _num(x) for x, a in zip(d["value"], area)],
            "Syarat": [
                "predikat WBK" if pd.isna(t) else "≥ " + (_pct(t) if a else _num(t))
                for t, a in zip(d["threshold"], area)
            ],
        }
    )


def weakest_table(d: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Sub-area": list(d["name"]),
            "Area": list(d["area_name"]),
            "Bobot": [_num(x) for x in d["weight"]],
            "Nilai": [_num(x) for x in d["score"]],
            "Hilang": [_num(x) for x in d["lost"]],
        }
    )


def ombudsman_table(r: pd.DataFrame) -> pd.DataFrame:
    cat = [
        c if isinstance(c, str) else (p if isinstance(p, str) else "–")
        for c, p in zip(r["category"], r["published_category"])
    ]
    return pd.DataFrame(
        {
            "Entitas": list(r["entity"]),
            "Tahun": [str(y) for y in r["year"]],
            "Nilai": [_num(x) for x in r["score"]],
            "Zona": [z if isinstance(z, str) else "–" for z in r["zone"]],
            "Kategori": cat,
            "Metodologi": [ratings.label(m, "methodology") for m in r["methodology"]],
            "Data": ["sintetis" if s else "terbit" for s in r["synthetic"]],
            "Sumber": [s if isinstance(s, str) else "–" for s in r["source"]],
        }
    )


def mcp_table(now: pd.DataFrame, year: int) -> pd.DataFrame:

    nat = ratings.national_average(year)
    out = {"Pemda": list(now["region_name"]), "Nilai": [_num(x) for x in now["score"]]}
    if nat is not None:
        out["Nasional"] = [_num(nat)] * len(now)
        out["Selisih"] = [("+" if s >= nat else "−") + _num(abs(s - nat)) for s in now["score"]]
    out["Pita"] = [ratings.mcp_band(s) for s in now["score"]]
    out["Sumber"] = [s if isinstance(s, str) else "–" for s in now["source"]]
    return pd.DataFrame(out)


def versions_table(h: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Versi": list(h["submission_id"]),
            "Berlaku": ["Ya" if c else "" for c in h["is_current"]],
            # the agency's zone (Asia/Jakarta unless PANTAUZI_TZ says otherwise): WIB
            f"Diunggah ({localtime.label(localtime.zone_name())})": list(
                pd.Series(h["loaded_at"], dtype="datetime64[us]")
                .dt.tz_localize("UTC")
                .dt.tz_convert(localtime.zone_name())
                .dt.strftime("%d-%m-%Y %H:%M")
            ),
            "Oleh": list(h["loaded_by"]),
            "Berkas": list(h["file_name"]),
            "Nilai": [_num(x) for x in h["total"]],
            "Kesiapan": [READY.get(r) for r in h["readiness"]],
        }
    )


# ---------------------------------------------------------------- each page at its defaults
def naive_sidebar(n: Naive, f: Filter) -> dict[str, pd.DataFrame]:
    provs = set(n.units["region_code"].str.split(".").str[0])
    r = n.regions
    sel = n.units_sel(Filter(f.provinsi, f.kabkota))
    kab = r[(r["level"] == "kabkota") & r["code"].isin(set(n.units["region_code"]))]
    return {
        "bounds": pd.DataFrame([(n.subs["year"].min(), n.subs["year"].max())]),
        "demo": pd.DataFrame([bool(n.units["is_demo"].any())]),
        "provinsi": r[(r["level"] == "provinsi") & r["code"].isin(provs)].sort_values("name"),
        "kabkota": (kab[kab["parent_code"] == f.provinsi] if f.provinsi else kab).sort_values("name"),
        "instansi": sel[["instansi_code", "instansi_name"]].drop_duplicates().sort_values("instansi_name"),
        "unit": n.units_sel(Filter(f.provinsi, f.kabkota, f.instansi)).sort_values("label")[["unit", "label"]],
    }


def naive_three(n: Naive, f: Filter, year: int) -> pd.DataFrame:
    """Ringkasan's three-signal table: the naive inputs through the same pantauzi.core.signals."""
    totals = n.totals(f).sort_values(["label", "year"]).merge(n.inst_kind, on="instansi_code")
    inputs = n.three_signals(f, totals)
    regions_of = dict(zip(totals["unit"], totals["region_code"]))
    units_of = {r: list(g["unit"]) for r, g in inputs["pemda_units"].groupby("region")}
    vertical = set(totals.loc[~totals["instansi_kind"].isin(signals.PEMDA_KINDS), "unit"])
    three = signals.three_signals(
        totals,
        inputs["ombudsman"],
        inputs["mcp"],
        inputs["owners"],
        {r: units_of.get(r, []) for r in set(regions_of.values())},
        regions_of,
        year,
        vertical,
    )
    if three.empty:
        return three
    ev = n.evidence(Filter(f.provinsi, f.kabkota, f.instansi, f.unit, year, year, f.tahap)).set_index("unit")
    share = ["–" if pd.isna(x) else _pct(x) for x in three["unit"].map(ev["evidence_share"])]
    changed = ["–" if pd.isna(x) else _num(x, 0) for x in three["unit"].map(ev["tpi_changed"])]
    return three.drop(columns=["unit"]).assign(
        **{"Bukti dukung": share, "Diubah TPI": changed}, Profil=["/profil_opd?tinjau=" + u for u in three["unit"]]
    )


def naive_ringkasan(n: Naive, f: Filter) -> dict[str, pd.DataFrame]:
    out = {"summary": n.year_summary(f)}
    if out["summary"].empty:
        return out
    year = int(out["summary"]["year"].max())
    level = group_level(f, int(out["summary"].loc[out["summary"]["year"] == year, "units"].iloc[0]))
    out["groups"] = n.group_totals(f, year, level)
    if level == "unit":
        totals = n.totals(f).sort_values(["label", "year"])
        out["bars"] = totals[totals["year"] == year]
        out["three"] = naive_three(n, f, year)
    out["movers"] = n.movers(f, year, 8)
    out["movers_table"] = movers_table(out["movers"])
    out["search"] = n.unit_search(f, year, "total")
    unit = f.unit if f.unit in set(out["search"]["unit"]) else out["search"]["unit"].iloc[0]
    out["row"] = n.unit_row(f, unit, year)
    sid = int(out["row"]["submission_id"].iloc[0])
    out["milestones"] = n.milestones[n.milestones["unit_code"] == unit].sort_values(["year", "date"])
    out["failed"] = n.failed(sid)
    out["failed_table"] = failed_table(out["failed"])
    out["weakest"] = n.weakest(sid)
    out["weakest_table"] = weakest_table(out["weakest"])
    return out


def naive_area(n: Naive, f: Filter) -> dict[str, pd.DataFrame]:
    out = {"summary": n.year_summary(f)}
    if out["summary"].empty:
        return out
    year = int(out["summary"]["year"].max())
    level = group_level(f, int(out["summary"].loc[out["summary"]["year"] == year, "units"].iloc[0]))
    out["heat"] = n.area_by_group(f, year, level)
    out["evidence"] = evidence_table(n.evidence_groups(f, year, level), level)
    out["search"] = n.unit_search(f, year, "label")
    unit = f.unit if f.unit in set(out["search"]["unit"]) else out["search"]["unit"].iloc[0]
    mine = Filter(f.provinsi, f.kabkota, f.instansi, unit, f.tahun_dari, f.tahun_sampai, f.tahap)
    out["one"] = n.area_scores(mine)
    out["this_year"] = out["one"][out["one"]["year"] == year]
    out["both"] = n.stage_comparison(mine)
    if out["both"].empty and level == "unit":
        out["both"] = n.stage_comparison(f)
    return out


def naive_ombudsman_level(n: Naive, f: Filter, level: str) -> dict[str, pd.DataFrame]:
    """The Ombudsman page at one level, its newest year."""
    out = {"summary": n.ombudsman_summary(f)}
    mine = out["summary"][out["summary"]["level"] == level]
    if mine.empty:
        return out
    year = int(mine["year"].max())
    if int(mine["entities"].max()) > MAX_ROWS:
        out["grouped"] = n.ombudsman_by_provinsi(f, level)
        out["ratings"] = n.ombudsman_ratings(f, level, year).sort_values("score", na_position="last", kind="stable")
    else:
        out["ratings"] = n.ombudsman_ratings(f, level)
    out["table"] = ombudsman_table(out["ratings"])
    return out


def naive_ombudsman(n: Naive, f: Filter) -> dict[str, pd.DataFrame]:
    return naive_ombudsman_level(n, f, "pemda")


def naive_mcp(n: Naive, f: Filter) -> dict[str, pd.DataFrame]:
    out = {"summary": n.mcp_summary(f)}
    if out["summary"].empty:
        return out
    year = int(out["summary"]["year"].max())
    big = int(out["summary"]["pemda"].iloc[-1]) > MAX_ROWS
    out["heat"] = n.mcp_by_provinsi(f, year) if big else n.mcp_scores(f, year)
    now = n.mcp_scores(f, year, "total").sort_values("score", kind="stable")
    out["now"], out["table"] = now, mcp_table(now, year)
    if not out["now"].empty:
        region = out["now"].sort_values(["region_name", "region_code"])["region_code"].iloc[0]
        one = n.mcp_scores(f, region=region)
        out["one"] = one[one["area_key"] == "total"]
    return out


def naive_profil(n: Naive, f: Filter) -> dict[str, pd.DataFrame]:
    units = n.units_sel(Filter(f.provinsi, f.kabkota, f.instansi))
    options = units.assign(first=units["unit"] == f.unit).sort_values(["first", "label"], ascending=[False, True])
    options = options.head(SEARCH_LIMIT).rename(columns={"unit": "code", "label": "name"})[["code", "name"]]
    out = {"options": options}
    if options.empty:
        return out
    unit = options["code"].iloc[0]
    info = n.units[n.units["unit"] == unit].merge(n.inst_kind, on="instansi_code")
    pemda = bool(info["instansi_kind"].isin(signals.PEMDA_KINDS).iloc[0])
    region = info["region_code"].iloc[0]
    mine = Filter(None, None, None, unit, f.tahun_dari, f.tahun_sampai, f.tahap)
    out["totals"] = n.totals(mine).sort_values(["label", "year"])
    omb = n.ombudsman_ratings(mine) if pemda else n.ombudsman_ratings(mine).iloc[0:0]
    own = omb[omb["unit_code"] == unit]
    out["ombudsman"] = own if not own.empty else omb[omb["level"] == "pemda"]
    out["mcp"] = n.mcp_scores(mine) if pemda else n.mcp_scores(mine).iloc[0:0]
    out["mcp_totals"] = out["mcp"][out["mcp"]["area_key"] == "total"]
    areas = signals.owned_areas(unit, region, n.owners, n.pemda_units(region))
    comp = signals.mcp_comparable(out["mcp"])
    out["comparable"] = comp[comp["comparable"].isin(areas)]
    out["areas"] = n.area_scores(mine) if not out["totals"].empty else pd.DataFrame()
    rated = set(out["ombudsman"]["year"]) | set(out["comparable"]["year"])
    out["info"] = pd.DataFrame(
        [
            {
                "unit_name": info["unit_name"].iloc[0],
                "instansi_name": info["instansi_name"].iloc[0],
                "region_name": info["region_name"].iloc[0],
                "pemda_opd": pemda,
                "mcp_areas": ",".join(areas),
                "checked": ",".join(str(y) for y in sorted(set(out["totals"]["year"]) & rated, reverse=True)),
            }
        ]
    )
    return out


def naive_unggah_units(n: Naive, f: Filter) -> dict[str, pd.DataFrame]:
    units = n.units.sort_values(["region_code", "unit_name"])
    keep = [access.may_upload(ADMIN, r, i) for r, i in zip(units["region_code"], units["instansi_code"])]
    return {"units": units[keep]}


def naive_unggah_versions(n: Naive, f: Filter) -> dict[str, pd.DataFrame]:
    unit = f.unit or n.units["unit"].min()
    s = n.subs
    hist = (
        s[(s["unit_code"] == unit) & (s["year"] == f.tahun_sampai) & (s["stage"] == "self")]
        .merge(n.scores, left_on="id", right_on="submission_id")
        .sort_values(["loaded_at", "id"], ascending=False)
    )
    out = {"versions": hist, "table": versions_table(hist)}
    if not hist.empty:
        out["file"] = n.files[n.files["sha256"] == hist["sha256"].iloc[0]]
    return out


NAIVE: dict[str, Callable] = {
    "Ringkasan": naive_ringkasan,
    "Area Perubahan": naive_area,
    "Ombudsman RI": naive_ombudsman,
    "KPK MCP": naive_mcp,
    "Profil OPD": naive_profil,
    "Unggah Data (versi)": naive_unggah_versions,
    "Filter (sidebar)": naive_sidebar,
    "Unggah (daftar unit)": naive_unggah_units,
}


# ---------------------------------------------------------------- checking
def _same(u, w) -> bool:
    if isinstance(u, (bytes, bytearray, memoryview)) or isinstance(w, (bytes, bytearray, memoryview)):
        return bytes(u) == bytes(w)
    if pd.isna(u) and pd.isna(w):
        return True
    if isinstance(u, (int, float)) and isinstance(w, (int, float)) and not isinstance(u, bool):
        return math.isclose(u, w, rel_tol=1e-9, abs_tol=1e-9)
    return u == w


ONLY = {"weakest": ["lost"], "weakest_table": ["Hilang"]}  # equal losses may come in either order: compare the losses


def compare(ours: dict[str, pd.DataFrame], naive: dict[str, pd.DataFrame], page: str, f: Filter) -> list[str]:
    """Where the two answers differ: row counts, then every column both have, value by value."""
    problems = []
    for key in sorted(set(ours) | set(naive)):
        if key not in ours or key not in naive:
            problems.append(f"{page} {f}: {key} only on one side")
            continue
        a, b = ours[key].reset_index(drop=True), naive[key].reset_index(drop=True)
        if len(a) != len(b):
            problems.append(f"{page} {f}: {key} has {len(a)} rows, naive {len(b)}")
            continue
        for col in ONLY.get(key, a.columns):
            if col not in b.columns or col == "loaded_at":
                continue
            bad = next(((u, w) for u, w in zip(a[col].tolist(), b[col].tolist()) if not _same(u, w)), None)
            if bad:
                problems.append(f"{page} {f}: {key}.{col} {bad[0]!r} != {bad[1]!r}")
    return problems
