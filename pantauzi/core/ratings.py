"""Ombudsman RI and KPK MCP reference data by year (pantauzi/reference/ratings.json), no Streamlit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pantauzi.core.refdata import REFERENCE_DIR

OMBUDSMAN_MEASURES = ("nilai", "zona", "kategori", "input", "proses", "output", "pengaduan", "kepercayaan")
DIMENSIONS = ("input", "proses", "output", "pengaduan", "kepercayaan")


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    with open(REFERENCE_DIR / "ratings.json", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@dataclass(frozen=True)
class Band:
    zone: str
    category: str | None
    label: str


@dataclass(frozen=True)
class OmbudsmanMethod:
    key: str
    name: str
    first: int
    last: int
    bands: tuple[tuple[float, Band], ...]
    dimensions: tuple[str, ...]

    def band(self, score: float) -> Band:
        for low, b in self.bands:
            if score >= low:
                return b
        return self.bands[-1][1]


def ombudsman_methods() -> list[OmbudsmanMethod]:
    out = []
    for m in _data()["ombudsman"]["methodologies"]:
        bands = tuple((float(b["min"]), Band(b["zone"], b["category"], b["label"])) for b in m["bands"])
        out.append(
            OmbudsmanMethod(m["key"], m["name"], m["from"], m["to"], bands, tuple(d["key"] for d in m["dimensions"]))
        )
    return out


def ombudsman_method(year: int) -> OmbudsmanMethod | None:
    """The methodology of a year, or None when there was no assessment (2020, before 2013)."""
    return next((m for m in ombudsman_methods() if m.first <= year <= m.last), None)


def ombudsman_not_rated(year: int) -> str | None:
    why = _data()["ombudsman"]["not_rated_years"].get(str(year))
    return None if why is None else str(why)


def zones() -> list[str]:
    return list(_data()["ombudsman"]["zones"])


@dataclass(frozen=True)
class McpArea:
    key: str
    label: str
    comparable: str


def mcp_areas(year: int) -> list[McpArea]:
    """The year's own MCP areas (the set changed in 2024)."""
    for s in _data()["mcp"]["area_sets"]:
        if s["from"] <= year <= s["to"]:
            return [McpArea(a["key"], a["label"], a["comparable"]) for a in s["areas"]]
    return []


def mcp_area_label(key: str) -> str:
    return label(key, "mcp_area")


LabelKind = Literal["level", "methodology", "dimension", "mcp_area", "comparable"]


@lru_cache(maxsize=1)
def labels() -> dict[LabelKind, dict[str, str]]:
    """Every code the rating data stores, per kind, with the Indonesian label a person reads: the
    Ombudsman level (pemda/opd), methodology and dimension, the MCP area (and `total`) and comparable
    area, all from ratings.json."""
    d = _data()
    methods = d["ombudsman"]["methodologies"]
    dims: dict[str, str] = {}
    for m in reversed(methods):  # the newest methodology's wording of a dimension first
        for dim in m["dimensions"]:
            dims.setdefault(str(dim["key"]), str(dim["label"]))
    areas = {"total": str(d["mcp"]["total_label"])}
    for area_set in d["mcp"]["area_sets"]:
        for a in area_set["areas"]:
            areas.setdefault(str(a["key"]), str(a["label"]))
    return {
        "level": {str(k): str(v) for k, v in d["ombudsman"]["level_labels"].items()},
        "methodology": {str(m["key"]): str(m["name"]) for m in methods},
        "dimension": dims,
        "mcp_area": areas,
        "comparable": {str(k): str(v["label"]) for k, v in d["mcp"]["comparable"].items()},
    }


def label(code: object, kind: LabelKind) -> str:
    """The Indonesian label of a stored code (the code itself when the reference data has none; a
    missing value as "–")."""
    if code is None or (isinstance(code, float) and code != code):
        return "–"
    return labels()[kind].get(str(code), str(code))


def comparable_areas() -> dict[str, dict[str, Any]]:
    return dict(_data()["mcp"]["comparable"])


def mcp_area_changes() -> list[tuple[int, str]]:
    """(first year, what changed) for every MCP area set after the first: where a trend marks a break."""
    sets = sorted(_data()["mcp"]["area_sets"], key=lambda s: int(s["from"]))
    return [(int(s["from"]), str(s.get("change_note", "area berubah"))) for s in sets[1:]]


def crosswalk() -> list[tuple[int, int, str, str]]:
    """(from year, to year, area key, comparable area) rows: the table behind trends across 2024."""
    return [(s["from"], s["to"], a["key"], a["comparable"]) for s in _data()["mcp"]["area_sets"] for a in s["areas"]]


def national_average(year: int) -> float | None:
    v = _data()["mcp"]["national_average"].get(str(year))
    return None if v is None else float(v)


def national_averages() -> dict[int, float]:
    return {int(y): float(v) for y, v in _data()["mcp"]["national_average"].items()}


def national_area_averages() -> dict[int, dict[str, float]]:
    return {
        int(y): {k: float(v) for k, v in areas.items()} for y, areas in _data()["mcp"]["national_area_average"].items()
    }


def mcp_band(score: float) -> str:
    for b in _data()["mcp"]["bands"]:
        if score >= b["min"]:
            return str(b["label"])
    return str(_data()["mcp"]["bands"][-1]["label"])


def default_owner(comparable: str, unit_codes: list[str]) -> str | None:
    """The unit of a pemda responsible for an MCP area by convention (suffix of its code), if registered."""
    owners = comparable_areas().get(comparable, {}).get("owners", [])
    for wanted in owners:
        for code in unit_codes:
            if code.rsplit("-", 1)[-1].upper() == wanted:
                return code
    return None
