"""Demo Ombudsman and KPK MCP files (2019–2025, seed regions) in PantauZI's own templates.

    python -m pantauzi.workbooks.ratings_demo      # rewrites data/demo/ratings/*.xlsx deterministically

Real published figures (pantauzi/reference/source/ratings-published.csv) are used wherever they exist, with
their source; everything else is a plausible synthetic value marked `sintetis = Ya`. A year with no
published figure and no survey (2020; Sarolangun's 2025 Opini sample) stays absent: 'tidak dinilai'.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Set as AbstractSet
from typing import Any

from pantauzi.core import config, ratings
from pantauzi.core.refdata import REFERENCE_DIR
from pantauzi.workbooks.rating_template import write_template

PUBLISHED = REFERENCE_DIR / "source" / "ratings-published.csv"
OUT = config.demo_dir() / "ratings"
PEMDA = ["81", "81.71", "36", "36.71", "53", "53.02", "15", "15.03"]
OMBUDSMAN_YEARS = [2019, 2021, 2022, 2023, 2024, 2025]
MCP_YEARS = list(range(2019, 2026))
NOT_ASSESSED = {("15.03", 2025), ("53.02", 2019)}  # published: outside the year's sample
OPD_UNITS = {
    "81.71": ["81.71-DPMPTSP", "81.71-DUKCAPIL", "81.71-DINKES"],
    "53.02": ["53.02-DPMPTSP", "53.02-DUKCAPIL", "53.02-DINKES"],
    "15.03": ["15.03-DPMPTSP", "15.03-DUKCAPIL"],
}
MCP_AREA_NAMES = {
    "perencanaan dan penganggaran APBD": "perencanaan_penganggaran",
    "pengadaan barang dan jasa": "pbj",
    "perizinan": "perizinan",
    "pengawasan APIP": "apip",
    "manajemen ASN": "asn",
    "optimalisasi pajak daerah": "pajak",
    "pengelolaan BMD": "bmd",
    "tata kelola keuangan desa": "dana_desa",
}
SYNTH = "sintetis (data contoh PantauZI)"


def _published() -> list[dict[str, str]]:
    with open(PUBLISHED, newline="", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["level"] in ("pemda", "opd")]


def _number(text: str) -> float | None:
    return float(text) if re.fullmatch(r"\d+(\.\d+)?", text.strip()) else None


def ombudsman_rows(rng: random.Random) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    have: set[tuple[str, int]] = set()
    for r in _published():
        if r["source_kind"] != "ombudsman" or int(r["year"]) not in OMBUDSMAN_YEARS:
            continue
        year, region = int(r["year"]), r["region_code"]
        measure = {"total": "nilai", "zone": "zona", "category": "kategori"}[r["measure"]]
        value: Any = _number(r["value"]) if measure == "nilai" else r["value"].strip()
        if value is None:  # "~30 (sekitar 30 poin)": not a published number
            continue
        unit = ""
        if r["level"] == "opd" and r["opd"] == "Dinas Kesehatan" and region == "81.71":
            unit = "81.71-DINKES"
        rows.append(
            {
                "tingkat": r["level"],
                "kode_wilayah": region,
                "kode_unit": unit,
                "nama_entitas": r["opd"] if r["level"] == "opd" else "",
                "tahun": year,
                "ukuran": measure,
                "nilai": value,
                "sumber": r["source_url_or_title"],
                "sintetis": "Tidak",
            }
        )
        have.add((unit or (region if r["level"] == "pemda" else f"{region}|{r['opd']}"), year))
    base = {code: rng.uniform(62, 88) for code in PEMDA}
    for code in PEMDA:
        for year in OMBUDSMAN_YEARS:
            if (code, year) in have or (code, year) in NOT_ASSESSED:
                continue
            score = round(min(99.5, max(30, base[code] + (year - 2019) * rng.uniform(0.5, 2.5) + rng.gauss(0, 4))), 2)
            rows += ombudsman_synthetic("pemda", code, "", year, score, rng)
    for region, units in OPD_UNITS.items():
        for unit in units:
            start = rng.uniform(55, 85)
            for year in OMBUDSMAN_YEARS[1:]:
                if (unit, year) in have:
                    continue
                score = round(min(99, max(25, start + (year - 2021) * rng.uniform(1, 4) + rng.gauss(0, 5))), 2)
                rows += ombudsman_synthetic("opd", region, unit, year, score, rng)
    return rows


def ombudsman_synthetic(
    level: str, region: str, unit: str, year: int, score: float, rng: random.Random
) -> list[dict[str, Any]]:
    row = {
        "tingkat": level,
        "kode_wilayah": region,
        "kode_unit": unit,
        "nama_entitas": "",
        "tahun": year,
        "sumber": SYNTH,
        "sintetis": "Ya",
    }
    out = [{**row, "ukuran": "nilai", "nilai": score}]
    method = ratings.ombudsman_method(year)
    for dim in method.dimensions if method else ():
        out.append({**row, "ukuran": dim, "nilai": round(min(100, max(0, score + rng.gauss(0, 6))), 2)})
    return out


def mcp_rows(rng: random.Random) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    have: set[tuple[str, int, str]] = set()
    for r in _published():
        if r["source_kind"] != "mcp" or int(r["year"]) not in MCP_YEARS:
            continue
        measure = r["measure"]
        area = "total" if measure in ("total", "total (MCSP)") else MCP_AREA_NAMES.get(measure)
        value = _number(r["value"])
        if area is None or value is None:  # ranks, interim figures, province-wide averages
            continue
        rows.append(
            {
                "kode_wilayah": r["region_code"],
                "tahun": int(r["year"]),
                "area": area,
                "nilai": value,
                "sumber": r["source_url_or_title"],
                "sintetis": "Tidak",
            }
        )
        have.add((r["region_code"], int(r["year"]), area))
    for code in PEMDA:
        rows += mcp_synthetic(code, MCP_YEARS, rng, have)
    return rows


def mcp_synthetic(
    code: str, years: list[int], rng: random.Random, have: AbstractSet[tuple[str, int, str]] = frozenset()
) -> list[dict[str, Any]]:
    """Template rows of one pemda: a drifting level, each of the year's own areas around it, and the
    total as their mean; (code, year, area) in `have` are left to the published figures."""
    rows: list[dict[str, Any]] = []
    level = rng.uniform(55, 80)
    for year in years:
        level = min(97, max(35, level + rng.uniform(-3, 6)))
        areas = [a.key for a in ratings.mcp_areas(year)]
        kabupaten = "." in code and not code.split(".")[1].startswith("7")
        if not kabupaten:
            areas = [a for a in areas if a != "dana_desa"]  # village funds: kabupaten only [U]
        scores = {}
        for area in areas:
            scores[area] = round(min(100, max(10, level + rng.gauss(0, 9))), 2)
            if (code, year, area) not in have:
                rows.append(
                    {
                        "kode_wilayah": code,
                        "tahun": year,
                        "area": area,
                        "nilai": scores[area],
                        "sumber": SYNTH,
                        "sintetis": "Ya",
                    }
                )
        if (code, year, "total") not in have:
            rows.append(
                {
                    "kode_wilayah": code,
                    "tahun": year,
                    "area": "total",
                    "nilai": round(sum(scores.values()) / len(scores), 2),
                    "sumber": SYNTH,
                    "sintetis": "Ya",
                }
            )
    return rows


OWNERS = [
    {"kode_wilayah": "81.71", "area": "pajak", "kode_unit": "81.71-BPPRD"},
    {"kode_wilayah": "81.71", "area": "pelayanan", "kode_unit": "81.71-DPMPTSP"},
    {"kode_wilayah": "81.71", "area": "apip", "kode_unit": "81.71-INSPEKTORAT"},
    {"kode_wilayah": "15.03", "area": "pajak", "kode_unit": "15.03-BAPENDA"},
]


def main() -> None:
    rng = random.Random(2026)
    OUT.mkdir(parents=True, exist_ok=True)
    write_template("ombudsman", OUT / "ombudsman.xlsx", ombudsman_rows(rng))
    write_template("mcp", OUT / "mcp.xlsx", mcp_rows(rng), OWNERS)
    print(f"ditulis: {OUT / 'ombudsman.xlsx'}, {OUT / 'mcp.xlsx'}")


if __name__ == "__main__":
    main()
