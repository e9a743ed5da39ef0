"""The shared sidebar selection and its URL query-string form (no streamlit here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pantauzi.core import fmt, vocab
from pantauzi.core.vocab import FilterStage, Level

STAGES = vocab.FILTER_STAGES
KEYS = ("provinsi", "kabkota", "instansi", "unit", "tahun_dari", "tahun_sampai", "tahap")


@dataclass(frozen=True)
class Filter:
    provinsi: str | None = None
    kabkota: str | None = None
    instansi: str | None = None
    unit: str | None = None
    tahun_dari: int = 2021
    tahun_sampai: int = 2026
    tahap: FilterStage = "akhir"


def to_query(f: Filter, defaults: Filter) -> dict[str, str]:
    """Only what differs from the defaults, so links stay short."""
    out: dict[str, str] = {}
    for k in KEYS:
        v = getattr(f, k)
        if v is not None and v != getattr(defaults, k):
            out[k] = str(v)
    return out


def _first(v: str | list[str] | None) -> str | None:
    if isinstance(v, list):
        v = v[0] if v else None
    return v.strip() if isinstance(v, str) and v.strip() else None


def _year(v: str | None, default: int, lo: int, hi: int) -> int:
    try:
        y = int(v) if v is not None else default
    except ValueError:
        return default
    return min(max(y, lo), hi)


def from_query(params: Mapping[str, str | list[str]], defaults: Filter, known: Mapping[str, set[str]]) -> Filter:
    """Parse query parameters; unknown codes and bad years fall back to the defaults, never raise."""

    def code(key: str) -> str | None:
        v = _first(params.get(key))
        return v if v in known.get(key, set()) else None

    lo, hi = defaults.tahun_dari, defaults.tahun_sampai
    a = _year(_first(params.get("tahun_dari")), lo, lo, hi)
    b = _year(_first(params.get("tahun_sampai")), hi, lo, hi)
    tahap = _first(params.get("tahap"))
    return Filter(
        code("provinsi"),
        code("kabkota"),
        code("instansi"),
        code("unit"),
        min(a, b),
        max(a, b),
        next((s for s in STAGES if s == tahap), defaults.tahap),
    )


LEVELS: dict[str, tuple[str, str]] = {  # URL key -> (level name, the "all" choice), as the sidebar says them
    "provinsi": ("provinsi", "semua provinsi"),
    "kabkota": ("kabupaten/kota", "semua kabupaten/kota"),
    "instansi": ("instansi", "semua instansi"),
    "unit": ("OPD / unit", "semua OPD / unit"),
}


def _said(key: str, raw: str) -> str:
    """`key=value` of a link as text safe in Markdown (a link is anyone's text), at most 40 characters."""
    return fmt.md(f"{key}={raw if len(raw) <= 40 else raw[:39] + '…'}")


def read_query(
    params: Mapping[str, str | list[str]], defaults: Filter, known: Mapping[str, set[str]]
) -> tuple[Filter, list[str]]:
    """The filter a link asks for, and an Indonesian sentence for each value the data does not hold
    (naming the parameter and its value, then what is shown instead: the default). A kab/kota outside
    the link's provinsi is said here; whether an instansi or unit fits its region, the sidebar checks."""
    said: list[str] = []
    codes: dict[str, str | None] = {}
    for key, (name, all_label) in LEVELS.items():
        raw = _first(params.get(key))
        if raw is not None and raw not in known.get(key, set()):
            said.append(f"Tautan memuat {_said(key, raw)}: tidak ada {name} dengan kode itu. Ditampilkan {all_label}.")
            raw = None
        codes[key] = raw
    prov, kab = codes["provinsi"], codes["kabkota"]
    if prov and kab and not kab.startswith(prov + "."):
        said.append(
            f"Tautan memuat {_said('kabkota', kab)}, yang tidak termasuk provinsi={prov}: "
            "ditampilkan semua kabupaten/kota."
        )
        codes["kabkota"] = None
    lo, hi = defaults.tahun_dari, defaults.tahun_sampai
    years = []
    for key, default in (("tahun_dari", lo), ("tahun_sampai", hi)):
        raw = _first(params.get(key))
        if raw is None:
            years.append(default)
        elif raw.isdigit() and lo <= int(raw) <= hi:
            years.append(int(raw))
        else:
            said.append(f"Tautan memuat {_said(key, raw)}, bukan tahun data ({lo}–{hi}): memakai {default}.")
            years.append(default)
    a, b = years
    if a > b:
        said.append(f"Tautan memuat tahun_dari={a} sesudah tahun_sampai={b}: keduanya ditukar.")
        a, b = b, a
    raw = _first(params.get("tahap"))
    tahap = next((s for s in STAGES if s == raw), defaults.tahap)
    if raw is not None and raw != tahap:
        shown = vocab.STAGE_LABELS[defaults.tahap].lower()
        said.append(f"Tautan memuat {_said('tahap', raw)}: tahap itu tidak dikenal. Ditampilkan {shown}.")
    return Filter(prov, codes["kabkota"], codes["instansi"], codes["unit"], a, b, tahap), said


MAX_UNITS = 50  # a selection with more units than this is drawn by groups, not one bar per unit
LEVEL_NAMES = vocab.LEVEL_NAMES


def group_level(f: Filter, units: int) -> Level:
    """How a page groups a selection: per unit when it is small or one instansi/unit is chosen,
    else one level below the chosen region (provinsi -> kab/kota -> instansi)."""
    if units <= MAX_UNITS or f.unit or f.instansi:
        return "unit"
    if f.kabkota:
        return "instansi"
    return "kabkota" if f.provinsi else "provinsi"
