"""Generate the demo LKE workbooks under data/demo/ (``python -m pantauzi.demo``). Deterministic.

Scores are driven by a per-unit "maturity" per year (0-1): higher maturity, more A/Ya answers,
better ratios and survey indices. Everything here is synthetic and the app labels it "Data contoh".
"""
from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path
from typing import Any

from pantauzi import config, refdata, templates

YEARS = range(2021, 2027)
# maturity per year 2021..2026 (None: not yet declared)
PROFILES: dict[str, list[float | None]] = {
    "81-KEJATI": [0.82, 0.92, 0.94, 0.95, 0.96, 0.97],
    "36.71-KEJARI": [0.80, 0.90, 0.93, 0.94, 0.95, 0.96],
    "81.71-KEJARI": [0.62, 0.72, 0.80, 0.86, 0.90, 0.92],
    "81.03-KEJARI": [0.55, 0.62, 0.70, 0.74, 0.78, 0.80],
    "81.04-KEJARI": [0.50, 0.55, 0.60, 0.64, 0.70, 0.72],
    "81.71-DPMPTSP": [None, 0.60, 0.78, 0.92, 0.95, 0.99],
    "81.71-BPPRD": [None, 0.58, 0.80, 0.90, 0.72, 0.76],
    "81.71-DUKCAPIL": [None, None, 0.55, 0.66, 0.74, 0.80],
    "81.71-DINKES": [None, None, 0.50, 0.58, 0.63, 0.70],
    "81.71-INSPEKTORAT": [None, None, 0.60, 0.70, 0.78, 0.84],
    "53.02-DUKCAPIL": [0.60, 0.68, 0.76, 0.84, 0.90, 0.92],
    "53.02-DPMPTSP": [0.58, 0.66, 0.72, 0.80, 0.86, 0.88],
    "53.02-RSUD": [0.50, 0.56, 0.62, 0.66, 0.70, 0.74],
    "53.02-DINKES": [0.48, 0.52, 0.55, 0.58, 0.60, 0.62],
    "53.02-KEC-KOTASOE": [0.40, 0.46, 0.50, 0.54, 0.56, 0.60],
    "15.03-DPMPTSP": [0.84, 0.86, 0.85, 0.87, 0.86, 0.88],
    "15.03-DUKCAPIL": [0.62, 0.70, 0.74, 0.80, 0.84, 0.86],
    "15.03-BAPENDA": [0.55, 0.60, 0.66, 0.70, 0.74, 0.78],
}
INCOMPLETE = ("53.02-KEC-KOTASOE", 2024, "self")
# quirks real files contain; each must still load (with warnings)
QUIRKS: dict[tuple[str, int, str], dict[int, Any]] = {
    ("81.71-BPPRD", 2023, "self"): {1: "ya ", 2: " a"},
    ("81-KEJATI", 2024, "self"): {125: "3,72"},
    ("53.02-DUKCAPIL", 2023, "self"): {88: "7", 89: "6"},
}
TYPED_TOTAL_SLIP = ("15.03-DPMPTSP", 2022, "self")


def answers_for(rng: random.Random, maturity: float) -> dict[int, Any]:
    """Answers of a unit whose practices are `maturity` (0-1) developed."""
    m = refdata.for_layout("legacy")
    out: dict[int, Any] = {}
    for q in m.questions:
        spec = m.answer_types[q.type]
        if spec["kind"] == "choice":
            keys = list(spec["values"])
            u = rng.random()
            idx = 0 if u < maturity else min(len(keys) - 1, 1 + int(rng.random() * (len(keys) - 1) * (1 - maturity) * 2))
            out[q.id] = keys[idx]
        elif spec["kind"] == "index":
            out[q.id] = round(min(4.0, 2.6 + 1.35 * maturity + rng.uniform(-0.08, 0.08)), 2)
    total = rng.randint(5, 12)

    def part(share: float) -> int:
        return max(0, min(total, round(total * min(1.0, share + rng.uniform(-0.1, 0.05)))))
    out.update({88: total, 89: part(maturity), 90: total, 91: part(maturity - 0.1)})
    prev = rng.randint(1, 6)
    out.update({102: prev, 103: max(0, round(prev * (1 - maturity) * 1.3)), 104: 0})
    out.update({105: total, 106: part(maturity), 110: total, 111: 0, 112: part(maturity)})
    out.update({113: 1, 114: 2, 115: total, 116: part(maturity) + 3})
    out[116] = min(out[116], 3 + total)
    out.update({117: 1, 118: 3, 119: total, 120: min(4 + total, part(maturity) + 4)})
    out.update({122: total, 123: part(maturity)})
    return out


def _jobs() -> list[tuple[str, int, str]]:
    jobs = []
    for unit, levels in PROFILES.items():
        for i, year in enumerate(YEARS):
            if levels[i] is None:
                continue
            if year == 2026:
                jobs.append((unit, year, "portalrb"))
                continue
            jobs.append((unit, year, "self"))
            if (i + len(unit)) % 4 != 0:
                jobs.append((unit, year, "tpi"))
    return jobs


def generate(out: Path, seed: int = 2026) -> list[dict[str, str]]:
    """Write every demo workbook and manifest.csv; returns the manifest rows."""
    m = refdata.for_layout("legacy")
    rows = []
    for unit, year, stage in _jobs():
        maturity = PROFILES[unit][year - 2021]
        rng = random.Random(f"{seed}-{unit}-{year}-{stage}")
        rel = f"lke/{unit}/{year}-{'portalrb' if stage == 'portalrb' else stage}.xlsx"
        if stage == "portalrb":
            unit_answers = answers_for(rng, maturity)
            tpi_answers = answers_for(random.Random(f"{seed}-{unit}-{year}-tpi"), maturity - 0.04)
            templates.write_portalrb(out / rel, unit_answers, tpi_answers)
            rows.append({"file": rel, "unit": unit, "year": str(year), "stage": ""})
            continue
        answers = answers_for(rng, maturity - (0.04 if stage == "tpi" else 0))
        answers.update(QUIRKS.get((unit, year, stage), {}))
        if (unit, year, stage) == INCOMPLETE:
            for q in m.questions:
                if q.node == "n24" or q.id == 127:
                    answers.pop(q.id, None)
        typed = {"total_wajib_non_lhkpn": answers[117] + answers[118] + answers[119] - 1} \
            if (unit, year, stage) == TYPED_TOTAL_SLIP else None
        notes = {q: "Data contoh (sintetis)" for q in (1, 9, 109)}
        templates.write_legacy(out / rel, answers, notes=notes, typed_totals=typed)
        rows.append({"file": rel, "unit": unit, "year": str(year), "stage": stage})
    with open(out / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["file", "unit", "year", "stage"])
        w.writeheader()
        w.writerows(rows)
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description="Tulis workbook contoh PantauZI")
    p.add_argument("--out", default=str(config.demo_dir()))
    p.add_argument("--seed", type=int, default=2026)
    args = p.parse_args()
    rows = generate(Path(args.out), args.seed)
    print(f"{len(rows)} workbook ditulis ke {args.out}")


if __name__ == "__main__":
    main()
