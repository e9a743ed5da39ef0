"""Indonesian number and label formatting: 95,58 and 1.234,5."""

from __future__ import annotations

import math

READINESS = {"wbbm": "Siap WBBM", "wbk": "Siap WBK", "belum": "Belum siap"}
STAGES = {"akhir": "Tahap terakhir tersedia", "self": "Penilaian mandiri", "tpi": "TPI", "tpn": "TPN"}


def num(value: float | None, digits: int = 2) -> str:
    """95.576 -> '95,58'; None -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def pct(value: float | None, digits: int = 1) -> str:
    """0.6 -> '60,0%'."""
    return "–" if value is None else num(value * 100, digits) + "%"


MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
MILESTONES = {
    "pencanangan": "Pencanangan ZI",
    "diusulkan": "Diusulkan",
    "wbk": "Predikat Menuju WBK",
    "wbbm": "Predikat Menuju WBBM",
    "dicabut": "Predikat dicabut",
}


def date(d) -> str:
    """2022-09-21 -> '21 September 2022'."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
