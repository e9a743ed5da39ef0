"""Simulasi: the plan of one unit-year's latest stage towards WBK or WBBM, and its recomputation after edits."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from pantauzi.core import fmt, refdata, simulation, vocab
from pantauzi.core.vocab import Predicate
from pantauzi.store import simulation_queries
from pantauzi.store.selection import Cursor

TARGET_LABELS: dict[Predicate, str] = {"wbk": "Menuju WBK", "wbbm": "Menuju WBBM"}
ALL_OPTIONS = ["Ya", "Tidak", "A", "B", "C", "D", "E"]
# the editable answer first, so that a phone shows it without scrolling sideways
PLAN_COLUMNS = ["Pakai", "No", "Jawaban kini", "Usulan", "Poin", "Pertanyaan", "Kriteria", "Area", "qid"]


@dataclass(frozen=True)
class SimulasiView:
    unit: str
    unit_name: str
    year: int
    target: Predicate
    found: bool  # the unit-year has a submission
    stage_label: str
    methodology: str
    methodology_title: str
    holds_wbk: bool
    plan: simulation.Plan | None
    today: dict[int, float | None]  # today's answer values
    evidence: dict[int, str]  # the unit's evidence text per question today
    table: pd.DataFrame  # PLAN_COLUMNS: the plan for st.data_editor (qid hidden)
    survey: pd.DataFrame  # Item, Kini, Harus mencapai, Kriteria
    summary: str  # one sentence: how many changes, steps, the method
    method_note: str  # which method the page uses in general


@dataclass(frozen=True)
class SimulasiCheck:
    total_today: float
    total: float
    pengungkit: float
    meets: bool
    status: str  # one sentence on the target after the (edited) plan
    criteria: pd.DataFrame  # Kriteria, Syarat, Kini, Dengan rencana, Status
    problems: list[str]  # rows whose edited answer is not an option of the question
    changes: dict[int, float]  # the applied changes (question -> value)
    rows: pd.DataFrame  # the applied rows, for the action list


@cache
def option_criteria() -> dict[int, dict[str, str]]:
    """Per question of the 2026 bank (same ids as 90/2021) the scoring criterion of each option
    (`skema_penilaian`): what the evidence must show for that answer."""
    path = refdata.REFERENCE_DIR / "source" / "lke-zi-2026-master-soal.json"
    out: dict[int, dict[str, str]] = {}

    def walk(node: dict[str, Any]) -> None:
        for soal in node.get("soals") or []:
            out[int(soal["id"])] = {str(s["key"]): str(s["label"]) for s in soal.get("skema_penilaian") or []}
        for child in node.get("children") or []:
            walk(child)

    for top in json.loads(path.read_text(encoding="utf-8"))["data"]:
        walk(top)
    return out


def method_note() -> str:
    return (
        f"Metode: rencana serakah dengan perbaikan, lalu pencarian lengkap (cabang-dan-batas) untuk rencana sampai "
        f"{simulation.EXACT_MAX_CHANGES} perubahan (batas {fmt.num(simulation.SEARCH_BUDGET, 0)} langkah pencarian); "
        "setiap rencana diperiksa dengan penilai PantauZI sendiri. Minimal berarti paling sedikit jawaban yang "
        "diubah, lalu langkah terkecil (A→B lebih kecil dari C→A). IPAK, IPKP dan capaian kinerja tidak diusulkan "
        "sebagai jawaban; ditampilkan nilai yang harus dicapai."
    )


def _empty(unit: str, name: str, year: int, target: Predicate) -> SimulasiView:
    return SimulasiView(
        unit, name, year, target, False, "", "", "", False, None, {}, {}, pd.DataFrame(columns=PLAN_COLUMNS),
        pd.DataFrame(), "", method_note(),
    )  # fmt: skip


def simulasi(cur: Cursor, unit: str, year: int, target: Predicate) -> SimulasiView:
    """The shortest plan from the unit-year's latest stage to `target`."""
    sub = simulation_queries.latest_submission(cur, unit, year)
    if sub.empty:
        return _empty(unit, unit, year, target)
    row = sub.iloc[0]
    m = next(x for x in refdata.methodologies() if x.key == row["methodology"])
    ans = simulation_queries.answers(cur, int(row["submission_id"]))
    today: dict[int, float | None] = {q.id: None for q in m.questions}
    evidence: dict[int, str] = {}
    for qid, value, ev in zip(ans["question_id"], ans["value"], ans["evidence"]):
        if int(qid) in today:
            today[int(qid)] = None if pd.isna(value) else float(value)
            evidence[int(qid)] = "" if ev is None or (isinstance(ev, float) and pd.isna(ev)) else str(ev)
    holds = simulation_queries.holds_wbk(cur, unit, year)
    p = simulation.plan(m, today, target, holds)
    table = pd.DataFrame(
        [
            [
                True,
                r.qid,
                r.today or "belum dijawab",
                r.proposed,
                fmt.num(r.points, 2),
                m.question(r.qid).text,
                "; ".join(r.serves),
                m.area_name(r.area) if r.area else "",
                r.qid,
            ]
            for r in p.rows
        ],
        columns=PLAN_COLUMNS,
    )
    survey = pd.DataFrame(
        [
            [
                n.label,
                "belum diisi"
                if n.today is None
                else (
                    str(simulation.option_of(m, n.qid, n.today)) if n.qid == simulation.CAPAIAN_Q else fmt.num(n.today)
                ),
                n.required_text,
                "; ".join(n.criteria),
            ]
            for n in p.survey
        ],
        columns=["Item", "Kini", "Harus mencapai", "Kriteria"],
    )
    if p.already:
        summary = f"Nilai-nilai {TARGET_LABELS[target]} sudah terpenuhi hari ini: tidak ada jawaban yang perlu diubah."
    elif not p.rows and simulation.evaluate(m, p.planning_values, target, holds).meets:
        summary = "Tidak ada jawaban yang perlu diubah: yang kurang hanya nilai survei/capaian di atas."
    elif not p.rows:
        summary = "Tidak ada rencana perubahan jawaban yang dapat memenuhi target ini (lihat alasannya di atas)."
    else:
        proven = {
            "exact": "terbukti paling sedikit",
            "exact_count": "jumlah perubahan terbukti paling sedikit",
        }.get(p.method, f"paling sedikit {p.lower_bound} perubahan diperlukan")
        summary = (
            f"{len(p.rows)} jawaban diubah, {p.steps} langkah ({proven}). Metode untuk rencana ini: {p.method_text}."
        )
    return SimulasiView(
        unit,
        str(row["unit_name"]),
        year,
        target,
        True,
        vocab.STAGE_LABELS.get(row["stage"], str(row["stage"])),
        m.key,
        m.title,
        holds,
        p,
        today,
        evidence,
        table,
        survey,
        summary,
        method_note(),
    )


def simulasi_check(view: SimulasiView, edited: pd.DataFrame) -> SimulasiCheck:
    """The real scorer on the plan as edited (unticked rows dropped, edited answers applied)."""
    p = view.plan
    if p is None:
        raise ValueError("no plan")
    m = next(x for x in refdata.methodologies() if x.key == view.methodology)
    changes: dict[int, float] = {}
    problems: list[str] = []
    keep: list[int] = []
    for i, (use, qid, answer) in enumerate(zip(edited["Pakai"], edited["qid"], edited["Usulan"])):
        if not bool(use):
            continue
        allowed = dict(simulation.options(m, int(qid)))
        if answer not in allowed:
            problems.append(
                f"Baris {i + 1} (soal {int(qid)}): '{answer}' bukan pilihan soal ini "
                f"({'/'.join(reversed(allowed))}); baris ini tidak dihitung."
            )
            continue
        changes[int(qid)] = allowed[str(answer)]
        keep.append(i)
    now = simulation.evaluate(m, view.today, view.target, view.holds_wbk)
    after = simulation.evaluate(m, simulation.apply(p, changes), view.target, view.holds_wbk)
    before = {c.key: c for c in now.criteria}
    rows = []
    for c in after.criteria:
        area = ":area:" in c.key
        show = fmt.pct if area else fmt.num
        b = before[c.key]
        rows.append([c.label, show(c.threshold), show(b.value), show(c.value), "memenuhi" if c.passed else "belum"])
    criteria = pd.DataFrame(rows, columns=["Kriteria", "Syarat", "Kini", "Dengan rencana", "Status"])
    label = TARGET_LABELS[view.target]
    survey = " dan nilai survei/capaian di atas tercapai" if p.survey else ""
    if after.meets and (view.target == "wbk" or view.holds_wbk):
        status = f"Bila rencana ini dijalankan{survey}, semua kriteria {label} terpenuhi (dihitung ulang oleh penilai)."
    elif after.meets:
        status = (
            f"Bila rencana ini dijalankan{survey}, nilai-nilai {label} terpenuhi, tetapi unit belum memegang "
            "predikat Menuju WBK."
        )
    else:
        failed = sum(1 for c in after.criteria if not c.passed)
        also = " (dan nilai survei/capaian di atas)" if p.survey else ""
        status = f"Dengan rencana ini{also} {label} belum tercapai: {failed} kriteria belum terpenuhi."
        if after.readiness.incomplete:
            status += " Penilaian juga belum lengkap."
    return SimulasiCheck(
        now.score.total,
        after.score.total,
        after.score.pengungkit,
        after.meets,
        status,
        criteria,
        problems,
        changes,
        edited.iloc[keep],
    )


def action_list(view: SimulasiView, check: SimulasiCheck) -> bytes:
    """The (edited) plan as an Excel action list: evidence needed per proposed answer, PIC and target date."""
    crit = option_criteria()
    gained = {r.qid: r.points for r in view.plan.rows} if view.plan else {}
    plan_option = {r.qid: r.proposed for r in view.plan.rows} if view.plan else {}
    rows = []
    for qid, area, text, now, proposed, serves in zip(
        check.rows["qid"],
        check.rows["Area"],
        check.rows["Pertanyaan"],
        check.rows["Jawaban kini"],
        check.rows["Usulan"],
        check.rows["Kriteria"],
    ):
        need = crit.get(int(qid), {}).get(str(proposed), "")
        have = view.evidence.get(int(qid), "")
        evidence = f"Jawaban {proposed}: {need}" if need else f"Bukti yang mendukung jawaban {proposed}"
        if have:
            evidence += f"\nBukti saat ini: {have}"
        rows.append(
            {
                "No": int(qid),
                "Area": area,
                "Pertanyaan": text,
                "Jawaban kini": now,
                "Jawaban usulan": proposed,
                "Bukti dukung yang diperlukan": evidence,
                "Kriteria yang dipenuhi": serves,
                "Poin": round(gained.get(int(qid), 0.0), 3) if proposed == plan_option.get(int(qid)) else None,
            }
        )
    title = [
        f"Daftar tindakan Simulasi PantauZI — {view.unit_name} ({view.unit}), tahun {view.year}",
        f"Target: {TARGET_LABELS[view.target]}; dari tahap: {view.stage_label}",
        check.status,
        view.summary,
    ]
    survey = [tuple(r) for r in view.survey[["Item", "Kini", "Harus mencapai"]].itertuples(index=False)]
    return action_list_bytes(title, rows, survey)


def action_list_bytes(title: list[str], rows: list[dict[str, object]], survey: list[tuple[object, ...]]) -> bytes:
    from pantauzi.workbooks import action_list as writer

    return writer.build(title, rows, survey)
