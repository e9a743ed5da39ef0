"""Pickers that scale to national selections: focus year, unit search and lookup."""

from __future__ import annotations

import streamlit as st

from pantauzi.core import fmt
from pantauzi.core.filters import Filter
from ui import data, filter


def focus_year(
    years: list[int], with_data: set[int] | None = None, label: str = "Tahun penilaian", key: str | None = None
) -> int:
    """The focus-year select, newest first, remembered in the URL as ?tahun=. Its default is the latest
    year that also has data in `with_data` (the other signals the page shows), else the latest year."""
    years = sorted({int(y) for y in years}, reverse=True)
    default = next((y for y in years if with_data is None or y in with_data), years[0])
    return int(filter.page_select(label, "tahun", years, default, key=key))


def rating_years(f: Filter, version: int) -> set[int]:
    """The years of the selection with an Ombudsman or MCP rating."""
    ombudsman = data.ombudsman_summary(f, version).years
    return {y for years in ombudsman.values() for y in years} | set(data.mcp_years(f, version).years)


def search_unit(label: str, f: Filter, year: int, version: int, order: str, default: str | None = None) -> str | None:
    """A unit picker that scales: the first SEARCH_LIMIT units of the year (weakest or strongest
    first, or by name), narrowed by a search box when the selection holds more."""
    found = data.unit_choices(f, year, None, order, version).units
    if len(found) >= data.SEARCH_LIMIT:
        c1, c2 = st.columns([3, 2])
        text = c1.text_input("Cari unit", placeholder="nama unit, singkatan atau wilayah").strip() or None
        wanted = order
        if order != "label":
            wanted = (
                "-total"
                if c2.radio(
                    "Urutkan nilai", ["Terendah", "Tertinggi"], horizontal=True, index=0 if order == "total" else 1
                )
                == "Tertinggi"
                else "total"
            )
        st.caption(f"Menampilkan paling banyak {data.SEARCH_LIMIT} unit; ketik untuk mencari unit lain.")
        if text or wanted != order:
            found = data.unit_choices(f, year, text, wanted, version).units
    if found.empty:
        st.info("Tidak ada unit yang cocok dengan pencarian.")
        return None
    labels = dict(zip(found["unit"], found["label"]))
    units = list(found["unit"])
    return pick_unit(label, labels, units, default if default in labels else units[0])


def lookup_unit(label: str, f: Filter, version: int) -> str | None:
    """A picker over every unit of the selection (assessed or not) that scales: the first SEARCH_LIMIT
    by name, the unit of the link (?tinjau=) or the sidebar first, and a search box for the rest."""
    keep = st.query_params.get("tinjau") or f.unit
    lookup = data.unit_lookup(f, None, keep, version)
    found = lookup.units
    if lookup.matches > data.SEARCH_LIMIT:
        text = st.text_input("Cari unit", placeholder="nama unit, singkatan atau wilayah").strip() or None
        st.caption(
            f"{fmt.num(lookup.matches, 0)} unit pada pilihan ini; menampilkan paling banyak "
            f"{data.SEARCH_LIMIT}, ketik untuk mencari unit lain."
        )
        if text:
            found = data.unit_lookup(f, text, keep, version).units
    if found.empty:
        return None
    labels = dict(zip(found["code"], found["name"]))
    order = list(found["code"])
    return pick_unit(label, labels, order, keep if keep in labels else order[0])


def pick_unit(label: str, labels: dict[str, str], order: list[str], default: str) -> str:
    """A unit select remembered in the URL as ?tinjau=."""
    return str(filter.page_select(label, "tinjau", order, default, format_func=labels.get))
