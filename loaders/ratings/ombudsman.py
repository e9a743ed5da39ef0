"""Ombudsman RI rows: scores, zones and opini categories by the year's bands, every bad cell named."""

from __future__ import annotations

from typing import Any

import duckdb

from loaders.ratings import checks, tables
from pantauzi.core import fmt, ratings
from pantauzi.core.problems import CellProblem


def parse_ombudsman(
    con: duckdb.DuckDBPyConnection, table: tables.Table, label: str
) -> tuple[list[dict[str, Any]], list[CellProblem]]:
    """One record per entity and year from rows of one measure each."""
    regions, units = checks.known(con)
    ck = checks.Checker(label, table)
    records: dict[tuple[str, int], dict[str, Any]] = {}
    seen: dict[tuple[str, int, str], int] = {}
    for i, row in enumerate(table.rows):
        level = tables.norm(row.get("tingkat"))
        if level not in ("pemda", "opd"):
            ck.error(i, "tingkat", "tingkat tidak dikenal", row.get("tingkat"), "pemda / opd")
            continue
        region = checks.region(ck, i, regions)
        year = ck.year(i, 2013, 2030)
        unit = tables.text(row.get("kode_unit"))
        name = tables.text(row.get("nama_entitas"))
        measure = tables.norm(row.get("ukuran"))
        if unit and unit not in units:
            ck.error(i, "kode_unit", "kode unit tidak dikenal", unit, "kode unit terdaftar, atau kosong")
            continue
        if unit and region and units[unit][0] != region and not units[unit][0].startswith(region + "."):
            ck.error(i, "kode_unit", f"unit tidak berada di wilayah {region}", unit)
            continue
        if level == "opd" and not unit and not name:
            ck.error(i, "nama_entitas", "OPD tanpa kode unit harus diberi nama entitas", None, "nama OPD")
            continue
        if measure not in ratings.OMBUDSMAN_MEASURES:
            ck.error(i, "ukuran", "ukuran tidak dikenal", row.get("ukuran"), " / ".join(ratings.OMBUDSMAN_MEASURES))
            continue
        if region is None or year is None:
            continue
        method = ratings.ombudsman_method(year)
        if method is None:
            ck.error(
                i,
                "tahun",
                ratings.ombudsman_not_rated(year) or "tidak ada metodologi Ombudsman untuk tahun ini",
                year,
                "tahun dengan penilaian Ombudsman",
            )
            continue
        if measure in ratings.DIMENSIONS and measure not in method.dimensions:
            ck.error(
                i,
                "ukuran",
                f"dimensi '{measure}' tidak dinilai dalam metodologi {year}",
                measure,
                " / ".join(method.dimensions) or "tidak ada dimensi",
            )
            continue
        if level == "pemda":
            key, shown = region, regions[region]
        else:
            key = unit or f"{region}|{name}"
            shown = name or (units[unit][1] if unit else "")  # an OPD without a name has a unit code
        dup = (key, year, measure)
        if dup in seen:
            ck.error(
                i, "ukuran", f"baris ganda: ukuran yang sama sudah ada di {table.where[seen[dup]]['ukuran']}", measure
            )
            continue
        seen[dup] = i
        rec = records.setdefault(
            (key, year),
            {
                "level": level,
                "region_code": region,
                "unit_code": unit if level == "opd" else None,
                "entity_key": key,
                "entity_name": shown,
                "year": year,
                "methodology": method.key,
                "score": None,
                "zone": None,
                "category": None,
                "published_zone": None,
                "published_category": None,
                **{f"dim_{d}": None for d in ratings.DIMENSIONS},
                "source": None,
                "synthetic": False,
                "_rows": {},
            },
        )
        rec["_rows"][measure] = i
        rec["source"] = rec["source"] or tables.text(row.get("sumber"))
        rec["synthetic"] = rec["synthetic"] or tables.norm(row.get("sintetis")) in tables.YES
        if measure == "zona":
            z = tables.norm(row.get("nilai"))
            if z not in ratings.zones():
                ck.error(i, "nilai", "zona tidak dikenal", row.get("nilai"), " / ".join(ratings.zones()))
            rec["published_zone"] = z
        elif measure == "kategori":
            rec["published_category"] = tables.text(row.get("nilai"))
        else:
            x = ck.number(i, "nilai")
            rec["score" if measure == "nilai" else f"dim_{measure}"] = x
    out = []
    for rec in records.values():
        rows = rec.pop("_rows")
        if not {"nilai", "zona", "kategori"} & set(rows):
            ck.error(
                next(iter(rows.values())),
                "ukuran",
                "entitas ini hanya punya dimensi: tambahkan baris ukuran 'nilai', 'zona' atau 'kategori'",
            )
            continue
        method = ratings.ombudsman_method(rec["year"])  # every row's year was checked to have one
        if rec["score"] is not None and method is not None:
            band = method.band(rec["score"])
            rec["zone"], rec["category"] = band.zone, band.category
            if rec["published_zone"] and rec["published_zone"] != band.zone:
                ck.warn(
                    rows["zona"],
                    "nilai",
                    f"zona tertulis tidak sesuai nilai {fmt.num(rec['score'])} menurut "
                    f"pita tahun {rec['year']}; yang dipakai: menurut pita",
                    rec["published_zone"],
                    band.zone,
                )
        else:
            rec["zone"] = rec["published_zone"]
        out.append(rec)
    return out, ck.problems
