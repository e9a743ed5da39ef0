"""PantauZI's vocabulary in one place: each set of codes as a `Literal` type, its values in order, and the
Indonesian label the UI shows for each value. Other modules import these names; none defines its own copy."""

from __future__ import annotations

from typing import Final, Literal, get_args

# Assessment stages of an LKE workbook: the unit's self-assessment, the instansi's evaluation team (TPI),
# the national team (TPN). The sidebar filter adds "akhir": the latest stage available per unit-year.
Stage = Literal["self", "tpi", "tpn"]
FilterStage = Literal["akhir", "self", "tpi", "tpn"]
STAGES: Final[tuple[Stage, ...]] = get_args(Stage)
FILTER_STAGES: Final[tuple[FilterStage, ...]] = get_args(FilterStage)
STAGE_LABELS: Final[dict[FilterStage, str]] = {
    "akhir": "Tahap terakhir tersedia",
    "self": "Penilaian mandiri",
    "tpi": "TPI",
    "tpn": "TPN",
}

# Readiness for a predicate (spec §5): the scored level of a unit-year, lowest first.
Readiness = Literal["belum", "wbk", "wbbm"]
READINESS_LEVELS: Final[tuple[Readiness, ...]] = get_args(Readiness)
READINESS_LABELS: Final[dict[Readiness, str]] = {"wbbm": "Siap WBBM", "wbk": "Siap WBK", "belum": "Belum siap"}
# A unit-year whose workbook is not filled in completely is shown apart from its readiness.
INCOMPLETE: Final = "incomplete"
INCOMPLETE_LABEL: Final = "Belum lengkap"
# The predicates a unit can hold, the levels with a threshold in the reference data.
Predicate = Literal["wbk", "wbbm"]
PREDICATES: Final[tuple[Predicate, ...]] = get_args(Predicate)
PREDICATE_LABELS: Final[dict[Predicate, str]] = {"wbk": "WBK", "wbbm": "WBBM"}

# Milestones of a unit's ZI history (milestones.csv `kind`).
Milestone = Literal["pencanangan", "diusulkan", "wbk", "wbbm", "dicabut"]
MILESTONE_KINDS: Final[tuple[Milestone, ...]] = get_args(Milestone)
MILESTONE_LABELS: Final[dict[Milestone, str]] = {
    "pencanangan": "Pencanangan ZI",
    "diusulkan": "Diusulkan",
    "wbk": "Predikat Menuju WBK",
    "wbbm": "Predikat Menuju WBBM",
    "dicabut": "Predikat dicabut",
}

# Roles of signed-in users, least privileged first; "none" is the role of a visitor when login is required.
Role = Literal["viewer", "evaluator", "admin"]
AnyRole = Literal["none", "viewer", "evaluator", "admin"]
ROLES: Final[tuple[Role, ...]] = get_args(Role)
ROLE_LABELS: Final[dict[AnyRole, str]] = {
    "none": "Tamu (belum masuk)",
    "viewer": "Pimpinan (lihat grafik)",
    "evaluator": "Evaluator (unggah)",
    "admin": "Admin",
}

# Submission layouts: PermenPANRB 90/2021 (sheet "LKE ZI"), PortalRB 2026 (sheet "Jawaban") and the
# PortalRB API's jawaban-unit JSON.
Layout = Literal["legacy", "portalrb", "portalrb-json"]
LAYOUTS: Final[tuple[Layout, ...]] = get_args(Layout)
LAYOUT_LABELS: Final[dict[Layout, str]] = {
    "legacy": "PermenPANRB 90/2021 (lembar LKE ZI)",
    "portalrb": "PortalRB 2026 (lembar Jawaban)",
    "portalrb-json": "JSON jawaban-unit (format API PortalRB)",
}

# What an import did with one workbook stage or rating file; "restored" is an earlier version made current.
ImportStatus = Literal["loaded", "unchanged", "replaced", "rejected", "restored"]
IMPORT_STATUSES: Final[tuple[ImportStatus, ...]] = get_args(ImportStatus)
IMPORT_STATUS_LABELS: Final[dict[ImportStatus, str]] = {
    "loaded": "disimpan sebagai pengajuan baru",
    "replaced": "menggantikan versi sebelumnya (versi lama tetap tersimpan sebagai riwayat)",
    "unchanged": "sama persis dengan versi yang berlaku; tidak ada yang berubah",
    "rejected": "ditolak; tidak ada yang disimpan",
    "restored": "versi sebelumnya dipulihkan sebagai versi yang berlaku",
}

# The same in one word or two, as command-line output and its summaries print it.
IMPORT_STATUS_WORDS: Final[dict[ImportStatus, str]] = {
    "loaded": "dimuat",
    "unchanged": "tidak berubah",
    "replaced": "diganti",
    "rejected": "ditolak",
    "restored": "dipulihkan",
}


def import_status_word(status: str) -> str:
    """'loaded' -> 'dimuat' (an unknown status is returned as it is)."""
    return next((w for k, w in IMPORT_STATUS_WORDS.items() if k == status), status)


# Region levels of the sidebar filter, largest first, and how a page names a group of each.
Level = Literal["provinsi", "kabkota", "instansi", "unit"]
LEVELS: Final[tuple[Level, ...]] = get_args(Level)
LEVEL_NAMES: Final[dict[Level, str]] = {
    "provinsi": "provinsi",
    "kabkota": "kabupaten/kota",
    "instansi": "instansi",
    "unit": "unit",
}
