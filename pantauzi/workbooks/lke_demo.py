"""Generate the demo LKE workbooks under data/demo/ (``python -m pantauzi.demo``). Deterministic per seed.

Each unit has a latent "maturity" per year (0–1): higher maturity gives more A/Ya answers, better
ratios in the 'Jumlah' rows and higher IPAK/IPKP indices. Unit-specific area strengths keep a unit's
weak spots stable over the years; the TPI re-checks the unit's own answers and downgrades a few.
Everything is synthetic and the app labels it "Data contoh".
"""

from __future__ import annotations

import argparse
import csv
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pantauzi.core import config, refdata, scoring
from pantauzi.core.refdata import Methodology
from pantauzi.workbooks import lke_template

LAST_LEGACY_YEAR = 2025
PORTALRB_YEAR = 2026
# maturity per year from 2021 (entries before the unit's first year are ignored)
PROFILES: dict[str, list[float]] = {
    "81-KEJATI": [0.60, 0.80, 0.85, 0.87, 0.89, 0.92],
    "36.71-KEJARI": [0.55, 0.66, 0.81, 0.85, 0.87, 0.89],
    "81.71-KEJARI": [0.45, 0.52, 0.58, 0.63, 0.67, 0.72],
    "81.03-KEJARI": [0.40, 0.46, 0.52, 0.57, 0.61, 0.65],
    "81.04-KEJARI": [0.35, 0.40, 0.44, 0.49, 0.53, 0.58],
    "81.71-DPMPTSP": [0.0, 0.48, 0.62, 0.80, 0.87, 0.95],
    "81.71-BPPRD": [0.0, 0.46, 0.63, 0.79, 0.60, 0.68],
    "81.71-DUKCAPIL": [0.0, 0.0, 0.45, 0.53, 0.60, 0.66],
    "81.71-DINKES": [0.0, 0.0, 0.40, 0.45, 0.50, 0.55],
    "81.71-INSPEKTORAT": [0.0, 0.0, 0.50, 0.58, 0.64, 0.70],
    "53.02-DUKCAPIL": [0.50, 0.56, 0.62, 0.67, 0.71, 0.75],
    "53.02-DPMPTSP": [0.48, 0.54, 0.60, 0.64, 0.69, 0.73],
    "53.02-RSUD": [0.42, 0.47, 0.52, 0.56, 0.60, 0.63],
    "53.02-DINKES": [0.30, 0.34, 0.37, 0.40, 0.43, 0.46],
    "53.02-KEC-KOTASOE": [0.33, 0.38, 0.42, 0.46, 0.49, 0.52],
    "15.03-DPMPTSP": [0.71, 0.72, 0.73, 0.72, 0.73, 0.72],
    "15.03-DUKCAPIL": [0.46, 0.52, 0.58, 0.63, 0.67, 0.70],
    "15.03-BAPENDA": [0.40, 0.45, 0.50, 0.55, 0.59, 0.63],
}
# the one submission left incomplete: every question of this sub-area unanswered, plus IPKP
INCOMPLETE = ("53.02-KEC-KOTASOE", 2024, "self")
INCOMPLETE_SUB_AREA, INCOMPLETE_ALSO = "n24", (127,)  # SPIP sub-area, IPKP
# quirks seen in real files; each must still load (with warnings or reported differences)
CASE_QUIRK = {("81.71-BPPRD", 2023, "self"), ("53.02-DPMPTSP", 2022, "tpi")}
COMMA_QUIRK = {("81-KEJATI", 2024, "self"), ("15.03-DUKCAPIL", 2023, "self")}
TEXT_COUNT_QUIRK = {("53.02-DUKCAPIL", 2023, "self"), ("81.03-KEJARI", 2022, "self")}
TYPED_TOTAL_SLIP = {("15.03-DPMPTSP", 2022, "self")}
STALE_TOTAL = {("53.02-RSUD", 2023, "self")}
RENAMED_SHEET = {("81.71-DUKCAPIL", 2023, "self")}
TPI_SHARE = 0.75
NOTES = {
    1: "SK Kepala tentang Tim Kerja Pembangunan ZI",
    3: "Rencana kerja pembangunan ZI tahun berjalan",
    43: "Renstra dan Perjanjian Kinerja",
    53: "Laporan pemantauan SPIP",
    109: "Laporan pengendalian berjenjang",
    125: "Hasil survei eksternal (data contoh)",
    127: "Hasil survei eksternal (data contoh)",
}


@dataclass(frozen=True)
class UnitTraits:
    """What stays the same for a unit across years: area and question strengths, head counts."""

    area_offset: dict[str, float]
    question_offset: dict[int, float]
    agents: int
    targets: int
    complaints: int
    officials: int
    staff: int
    services: int


@dataclass
class Job:
    unit: str
    year: int
    stage: str  # self | tpi | portalrb
    file: str
    answers: dict[int, Any]
    tpi: dict[int, Any] | None = None
    options: dict[str, Any] = field(default_factory=dict)


def traits_for(rng: random.Random, m: Methodology | None = None) -> UnitTraits:
    """Random stable traits of one unit."""
    m = m or refdata.for_layout("legacy")
    return UnitTraits(
        area_offset={a: max(-0.1, min(0.1, rng.gauss(0, 0.05))) for a in m.area_keys},
        question_offset={q.id: rng.gauss(0, 0.17) for q in m.questions},
        agents=rng.randint(4, 14),
        targets=rng.randint(4, 10),
        complaints=rng.randint(3, 25),
        officials=rng.randint(2, 7),
        staff=rng.randint(12, 60),
        services=rng.randint(3, 20),
    )


def _clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    """x limited to [lo, hi]."""
    return max(lo, min(hi, x))


def _choice(rng: random.Random, spec: dict[str, Any], level: float) -> str:
    """The option whose value is nearest to the unit's (noisy) level on this question."""
    target = _clamp(level + rng.gauss(0, 0.08))
    values: dict[str, float] = spec["values"]
    return min(values, key=lambda k: (abs(values[k] - target), k))


def _share(rng: random.Random, total: int, level: float) -> int:
    """How many of `total` are done at this level (e.g. complaints settled), with some noise."""
    return max(0, min(total, round(total * _clamp(level + rng.gauss(0, 0.08)))))


def answers_for(rng: random.Random, maturity: float, traits: UnitTraits | None = None) -> dict[int, Any]:
    """Answers of a unit whose practices are `maturity` (0–1) developed."""
    m = refdata.for_layout("legacy")
    traits = traits or traits_for(rng, m)
    out: dict[int, Any] = {}
    for q in m.questions:
        spec = m.answer_types[q.type]
        area = m.node(q.node).area
        level = maturity + traits.question_offset.get(q.id, 0.0) + (traits.area_offset[area] if area else 0.0)
        if spec["kind"] == "choice":
            out[q.id] = _choice(rng, spec, level)
    out[125] = round(_clamp(2.72 + 1.25 * maturity + rng.gauss(0, 0.05), 0, 3.98), 2)
    out[127] = round(_clamp(2.85 + 1.12 * maturity + rng.gauss(0, 0.05), 0, 3.98), 2)
    out.update(_counts(rng, maturity, traits))
    return out


def _counts(rng: random.Random, maturity: float, t: UnitTraits) -> dict[int, int]:
    """The 'Jumlah' inputs of the % items (no zero denominators)."""
    agents = max(1, t.agents + rng.randint(-1, 2))
    made = max(1, _share(rng, agents, maturity))
    prev = rng.randint(0, 5)
    now = 0 if prev == 0 else prev - _share(rng, prev, maturity)
    targets = max(1, t.targets + rng.randint(-1, 1))
    complaints = max(1, t.complaints + rng.randint(-3, 3))
    done = _share(rng, complaints, maturity + 0.05)
    lhkpn = 1 + t.officials + rng.randint(0, 2)
    non = [rng.randint(0, 2), rng.randint(1, 6), t.staff + rng.randint(-3, 3)]
    services = max(1, t.services + rng.randint(-1, 2))
    return {
        88: agents,
        89: made,
        90: made,
        91: _share(rng, made, maturity - 0.05),
        102: prev,
        103: now,
        104: rng.randint(0, now) if now else 0,
        105: targets,
        106: _share(rng, targets, maturity),
        110: complaints,
        111: rng.randint(0, complaints - done),
        112: done,
        113: 1,
        114: lhkpn - 1 - min(2, lhkpn // 3),
        115: min(2, lhkpn // 3),
        116: _share(rng, lhkpn, maturity + 0.2),
        117: non[0],
        118: non[1],
        119: non[2],
        120: _share(rng, sum(non), maturity + 0.15),
        122: services,
        123: _share(rng, services, maturity - 0.05),
    }


def tpi_review(rng: random.Random, own: dict[int, Any], strictness: float = 0.16) -> dict[int, Any]:
    """The TPI's answers: the unit's own, a few downgraded one step after checking the evidence.

    Hasil items (survey indices, capaian kinerja) come from external data and stay as reported.
    """
    m = refdata.for_layout("legacy")
    out = dict(own)
    for q in m.questions:
        spec = m.answer_types[q.type]
        keys = list(spec.get("values", ()))
        if q.id not in own or spec["kind"] != "choice" or own[q.id] not in keys or q.node.startswith("h"):
            continue
        i, u = keys.index(own[q.id]), rng.random()
        if u < strictness and i < len(keys) - 1:
            out[q.id] = keys[i + 1]
        elif u > 0.985 and i > 0:
            out[q.id] = keys[i - 1]
    for num in (89, 106, 112, 116, 120, 123):
        if isinstance(own.get(num), int) and own[num] > 1 and rng.random() < strictness:
            out[num] = own[num] - 1
    out[90] = out[89]
    out[91] = min(out[91], out[90])
    return out


# ---------------------------------------------------------------- planning the files
def _read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file as dicts."""
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def first_years(folder: Path) -> dict[str, int]:
    """Unit code -> first LKE year: max(2021, pencanangan year) from milestones.csv."""
    units = [u["code"] for u in _read_csv(folder / "units.csv")]
    declared = {
        r["unit_code"]: int(r["year"]) for r in _read_csv(folder / "milestones.csv") if r["kind"] == "pencanangan"
    }
    return {u: max(2021, declared.get(u, 2021)) for u in units if u in PROFILES}


def wbk_years(folder: Path) -> dict[str, int]:
    """Unit code -> year the (synthetic) Menuju WBK predicate was granted."""
    return {r["unit_code"]: int(r["year"]) for r in _read_csv(folder / "milestones.csv") if r["kind"] == "wbk"}


def plan(folder: Path, seed: int = 2026) -> list[Job]:
    """Every demo submission with its answers and quirks (nothing written yet)."""
    m = refdata.for_layout("legacy")
    jobs: list[Job] = []
    for unit, start in first_years(folder).items():
        traits = traits_for(random.Random(f"{seed}-{unit}-traits"), m)
        for year in range(start, PORTALRB_YEAR + 1):
            maturity = PROFILES[unit][year - 2021]
            own = answers_for(random.Random(f"{seed}-{unit}-{year}"), maturity, traits)
            tpi = tpi_review(random.Random(f"{seed}-{unit}-{year}-tpi"), own)
            if year == PORTALRB_YEAR:
                jobs.append(Job(unit, year, "portalrb", f"lke/{unit}/{year}-portalrb.xlsx", own, tpi))
                continue
            jobs.append(_legacy_job(m, unit, year, "self", own))
            has_tpi = random.Random(f"{seed}-{unit}-{year}-has-tpi").random() < TPI_SHARE
            if has_tpi and (unit, year, "self") != INCOMPLETE:
                jobs.append(_legacy_job(m, unit, year, "tpi", tpi))
    return jobs


def _legacy_job(m: Methodology, unit: str, year: int, stage: str, answers: dict[int, Any]) -> Job:
    """One legacy submission with its quirks applied."""
    key = (unit, year, stage)
    answers = dict(answers)
    options: dict[str, Any] = {}
    if key == INCOMPLETE:
        for q in m.questions:
            if q.node == INCOMPLETE_SUB_AREA or q.id in INCOMPLETE_ALSO:
                answers.pop(q.id, None)
    if key in CASE_QUIRK:
        _sloppy_case(answers)
    if key in COMMA_QUIRK:
        answers[125] = f"{answers[125]:.2f}".replace(".", ",")
    if key in TEXT_COUNT_QUIRK:
        for qid in (88, 89, 105):
            answers[qid] = str(answers[qid])
    if key in TYPED_TOTAL_SLIP:
        options["typed_totals"] = {"total_wajib_non_lhkpn": answers[117] + answers[118] + answers[119] - 1}
    if key in STALE_TOTAL:
        total = scoring.score(m, lke_template.normalized_values(m, answers)).total
        options["cached_overrides"] = {"L208": round(total - 2.37, 2)}
    if key in RENAMED_SHEET:
        options["sheet_name"] = f"LKE ZI {year}"
        options["extra_sheets"] = {
            "Sheet1": [
                ["Rekap bukti dukung (draf)"],
                ["No", "Dokumen", "Status"],
                [1, "SK Tim ZI", "ada"],
                [2, "Rencana kerja ZI", "revisi"],
            ]
        }
    return Job(unit, year, stage, f"lke/{unit}/{year}-{stage}.xlsx", answers, None, options)


def _sloppy_case(answers: dict[int, Any]) -> None:
    """Answers typed with stray case and spaces: 'ya ', ' b', 'a'."""
    m = refdata.for_layout("legacy")
    sloppy = {"YA_TIDAK": lambda v: f"{v.lower()} ", "ABC": lambda v: f" {v.lower()}", "ABCD": str.lower}
    for q in m.questions:
        if q.type in sloppy and isinstance(answers.get(q.id), str):
            answers[q.id] = sloppy.pop(q.type)(answers[q.id])


# ---------------------------------------------------------------- checking the stories
@dataclass(frozen=True)
class Outcome:
    unit: str
    year: int
    stage: str  # self | tpi
    total: float
    readiness: str
    wbbm_scores: bool  # meets every WBBM score criterion (with or without the WBK predicate)
    incomplete: bool


def outcomes(jobs: list[Job], wbk: dict[str, int]) -> list[Outcome]:
    """Scores and readiness of every planned submission, as the loader will recompute them."""
    out = []
    for job in jobs:
        stages = [("self", job.answers), ("tpi", job.tpi)] if job.stage == "portalrb" else [(job.stage, job.answers)]
        for stage, answers in stages:
            m = refdata.for_year(job.year)
            s = scoring.score(m, lke_template.normalized_values(m, answers or {}))
            r = scoring.readiness(s, m, holds_wbk=wbk.get(job.unit, 9999) < job.year)
            out.append(
                Outcome(
                    job.unit, job.year, stage, s.total, r.level, r.level == "wbbm" or r.wbbm_needs_wbk, s.incomplete
                )
            )
    return out


def story_failures(rows: list[Outcome]) -> list[str]:
    """The required demo stories that do not hold (empty when all hold)."""
    at = {(o.unit, o.year, o.stage): o for o in rows}
    ready = {"wbk", "wbbm"}
    fails = []

    def need(cond: bool, text: str) -> None:
        if not cond:
            fails.append(text)

    for unit, year in (("81-KEJATI", 2022), ("36.71-KEJARI", 2023)):
        for o in rows:
            if o.unit == unit and o.year >= year:
                need(o.readiness in ready, f"{unit} {o.year} {o.stage} belum siap WBK")
        need(at[(unit, year - 1, "self")].readiness == "belum", f"{unit} sudah siap sebelum {year}")
    dp = "81.71-DPMPTSP"
    need(
        at[(dp, 2023, "self")].readiness == "belum" and at[(dp, 2024, "self")].readiness in ready,
        f"{dp} tidak menjadi siap WBK tepat pada 2024",
    )
    need(at[(dp, 2026, "self")].wbbm_scores, f"{dp} 2026 belum bernilai setingkat WBBM")
    need(
        [at[(dp, y, "self")].total for y in range(2022, 2027)]
        == sorted(at[(dp, y, "self")].total for y in range(2022, 2027)),
        f"{dp} tidak naik tiap tahun",
    )
    bp = "81.71-BPPRD"
    need(
        at[(bp, 2024, "self")].readiness in ready
        and at[(bp, 2025, "self")].readiness == "belum"
        and at[(bp, 2025, "self")].total < at[(bp, 2024, "self")].total,
        f"{bp} tidak turun pada 2025",
    )
    need(all(o.total < 75 for o in rows if o.unit == "53.02-DINKES"), "53.02-DINKES mencapai 75")
    need(
        all(78 <= o.total <= 82 for o in rows if o.unit == "15.03-DPMPTSP" and o.stage == "self"),
        "15.03-DPMPTSP (self) keluar dari rentang 78–82",
    )
    incomplete = [(o.unit, o.year, o.stage) for o in rows if o.incomplete]
    need(incomplete == [INCOMPLETE], f"pengajuan belum lengkap: {incomplete}")
    pairs = [
        (at[(o.unit, o.year, "self")].total, o.total)
        for o in rows
        if o.stage == "tpi" and (o.unit, o.year, "self") in at
    ]
    need(sum(t < s for s, t in pairs) >= 0.8 * len(pairs), "nilai TPI tidak umumnya lebih rendah")
    return fails


def summary_table(rows: list[Outcome]) -> str:
    """unit / year / stage / total / readiness, one line per submission."""
    lines = [f"{'unit':<20} {'tahun':>5} {'tahap':<5} {'total':>6}  kesiapan"]
    for o in sorted(rows, key=lambda o: (o.unit, o.year, o.stage)):
        note = " (belum lengkap)" if o.incomplete else " (nilai WBBM)" if o.wbbm_scores and o.readiness == "wbk" else ""
        lines.append(f"{o.unit:<20} {o.year:>5} {o.stage:<5} {o.total:6.2f}  {o.readiness}{note}")
    return "\n".join(lines)


# ---------------------------------------------------------------- writing
def write_job(out: Path, job: Job) -> dict[str, str]:
    """Write one workbook; returns its manifest row."""
    notes = {q: text for q, text in NOTES.items() if q in job.answers}
    if job.stage == "portalrb":
        lke_template.write_portalrb(out / job.file, job.answers, job.tpi, notes=notes)
        return {"file": job.file, "unit": job.unit, "year": str(job.year), "stage": ""}
    lke_template.write_legacy(out / job.file, job.answers, notes=notes, **job.options)
    return {"file": job.file, "unit": job.unit, "year": str(job.year), "stage": job.stage}


def generate(out: Path, seed: int = 2026) -> tuple[list[dict[str, str]], list[Outcome]]:
    """Write every demo workbook and manifest.csv; remove workbooks the plan no longer has."""
    jobs = plan(out, seed)
    rows = [write_job(out, job) for job in jobs]
    keep = {out / r["file"] for r in rows}
    for old in (out / "lke").rglob("*.xlsx"):
        if old not in keep:
            old.unlink()
    with open(out / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["file", "unit", "year", "stage"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return rows, outcomes(jobs, wbk_years(out))


def main(argv: list[str] | None = None) -> int:
    """Command line: write the demo data (or only --check it), print the story table; 1 if a story fails."""
    p = argparse.ArgumentParser(
        prog="python -m pantauzi.workbooks.lke_demo", description="Tulis workbook contoh PantauZI"
    )
    p.add_argument("--out", default=str(config.demo_dir()), help="folder data contoh (berisi units.csv)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--check", action="store_true", help="hanya hitung nilai dan periksa cerita, tanpa menulis")
    args = p.parse_args(argv)
    out = Path(args.out)
    if args.check:
        rows = outcomes(plan(out, args.seed), wbk_years(out))
    else:
        files, rows = generate(out, args.seed)
        print(f"{len(files)} workbook ditulis ke {out}")
    print(summary_table(rows))
    fails = story_failures(rows)
    for f in fails:
        print(f"PERINGATAN cerita data contoh: {f}")
    return 1 if fails else 0


if __name__ == "__main__":
    raise SystemExit(main())
