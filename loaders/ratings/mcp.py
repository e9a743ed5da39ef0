"""KPK MCP rows: total and area scores per pemda and year, and which unit answers for which area."""

from __future__ import annotations

from typing import Any

import duckdb

from loaders.ratings import checks, tables
from pantauzi.core import ratings
from pantauzi.core.problems import CellProblem


def parse_mcp(
    con: duckdb.DuckDBPyConnection, table: tables.Table, owners: tables.Table | None, label: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[CellProblem]]:
    regions, units = checks.known(con)
    ck = checks.Checker(label, table)
    out: list[dict[str, Any]] = []
    seen: dict[tuple[str, int, str], int] = {}
    for i, row in enumerate(table.rows):
        region = checks.region(ck, i, regions)
        year = ck.year(i, 2018, 2030)
        area = tables.norm(row.get("area"))
        score = ck.number(i, "nilai")
        if year is None or region is None:
            continue
        allowed = ["total"] + [a.key for a in ratings.mcp_areas(year)]
        if area not in allowed:
            ck.error(i, "area", f"area MCP tidak dikenal untuk tahun {year}", row.get("area"), " / ".join(allowed))
            continue
        if (region, year, area) in seen:
            ck.error(
                i,
                "area",
                f"baris ganda: area yang sama sudah ada di {table.where[seen[(region, year, area)]]['area']}",
                area,
            )
            continue
        seen[(region, year, area)] = i
        if score is not None:
            out.append(
                {
                    "region_code": region,
                    "year": year,
                    "area_key": area,
                    "score": score,
                    "source": tables.text(row.get("sumber")),
                    "synthetic": tables.norm(row.get("sintetis")) in tables.YES,
                }
            )
    owner_rows: list[dict[str, Any]] = []
    problems = ck.problems
    if owners is not None:
        ok = checks.Checker(label, owners)
        comparable = ratings.comparable_areas()
        for i, row in enumerate(owners.rows):
            region = checks.region(ok, i, regions)
            area = tables.norm(row.get("area"))
            unit = tables.text(row.get("kode_unit"))
            if area not in comparable:
                ok.error(i, "area", "area pembanding tidak dikenal", row.get("area"), " / ".join(comparable))
                continue
            if not unit or unit not in units:
                ok.error(i, "kode_unit", "kode unit tidak dikenal", unit, "kode unit terdaftar")
                continue
            if region and units[unit][0] != region:
                ok.error(i, "kode_unit", f"unit bukan milik pemda {region}", unit)
                continue
            if region:
                owner_rows.append(
                    {"region_code": region, "comparable_area": area, "unit_code": unit, "file_name": label}
                )
        problems = problems + ok.problems
    return out, owner_rows, problems
