"""Rincian Jawaban: one unit-year question by question, every stage side by side (issue 21 part 1).

Points come from the real scorer (pantauzi.core.scoring) on the stored values of each stage: a leaf
sub-area scores mean(answered item values) × weight, so an answered item contributes value × weight /
answered items and loses (1 − value) × weight / answered items; in a sub-area without any answer each
item loses weight / items. Per sub-area the rows' points add up to its score and their losses to what it
loses against its weight. The Jumlah inputs of a % item carry no points themselves: the % item is a row
of its own, right after its last input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from pantauzi.core import fmt, refdata, scoring, vocab
from pantauzi.core.refdata import Methodology, Node
from pantauzi.store import answer_queries
from pantauzi.store.selection import Cursor

STAGE_SHORT: dict[str, str] = {"self": "Mandiri", "tpi": "TPI", "tpn": "TPN"}
BIGGEST_LOSS = 20  # rows kept by the filter 'kehilangan nilai terbesar'
FILTERS: dict[str, str] = {
    "changed": "Hanya yang diubah TPI",
    "no_evidence": "Tanpa bukti dukung",
    "unanswered": "Belum dijawab",
    "biggest_loss": "Kehilangan nilai terbesar",
}
POINTS_RULE = (
    "Poin = nilai jawaban × bobot sub-area ÷ jumlah butir yang dijawab di sub-area itu (rata-rata atas butir "
    "yang dijawab, seperti templat LKE); Hilang = yang belum diperoleh dari bobot. Jumlah (isian angka) "
    "tidak berpoin sendiri: persentasenya menjadi baris tersendiri."
)


def methodology(key: str) -> Methodology:
    return next(m for m in refdata.methodologies() if m.key == key)


def is_http(link: object) -> bool:
    return isinstance(link, str) and link.strip().lower().startswith(("http://", "https://"))


def _text(v: object) -> str | None:
    """A stored text, None for NULL/NaN/blank."""
    if v is None or (isinstance(v, float) and v != v):
        return None
    s = str(v).strip()
    return s or None


def lke_order(m: Methodology) -> list[tuple[str, Any]]:
    """('question', Question) and ('percent', PercentItem) in the LKE's order: the tree depth-first, each
    leaf's questions in bank order, a % item right after the last of its inputs."""
    out: list[tuple[str, Any]] = []

    def walk(n: Node) -> None:
        for k in m.children(n.id):
            walk(k)
        qs = m.questions_of(n.id)
        at = {q.id: i for i, q in enumerate(qs)}
        last = {p.id: max(p.inputs, key=lambda x: at.get(x, -1)) for p in m.percent_items_of(n.id)}
        placed: set[str] = set()
        for q in qs:
            out.append(("question", q))
            for p in m.percent_items_of(n.id):
                if last[p.id] == q.id:
                    out.append(("percent", p))
                    placed.add(p.id)
        out.extend(("percent", p) for p in m.percent_items_of(n.id) if p.id not in placed)

    for top in m.children(None):
        walk(top)
    return out


def _chain(m: Methodology, node_id: str) -> list[Node]:
    chain: list[Node] = []
    current: str | None = node_id
    while current:
        n = m.node(current)
        chain.append(n)
        current = n.parent
    return chain[::-1]


def _places(m: Methodology, node_id: str) -> tuple[str, str, str, str]:
    """(Bagian, area key or 'hasil', Area, Sub-area) of a leaf node."""
    chain = _chain(m, node_id)
    if chain[0].level == "komponen" and chain[-1].level == "hasil_item":
        return chain[0].name, "hasil", chain[1].name if len(chain) > 2 else chain[0].name, chain[-1].name
    part = next((n.name for n in chain if n.level == "sub_komponen"), "")
    area = next((n for n in chain if n.level == "area_perubahan"), None)
    subs = [n.name for n in chain if n.level in ("sub_area", "sub_sub_area")]
    return part, (area.area or "") if area else "", area.name if area else "", " › ".join(subs)


def item_points(m: Methodology, s: scoring.Score) -> dict[tuple[str, Any], tuple[float | None, float | None]]:
    """(kind, id) -> (points, lost) of every scored item (a choice/index question or a % item) by the
    scorer's own node scores; Jumlah questions are absent (they score through their % item)."""
    out: dict[tuple[str, Any], tuple[float | None, float | None]] = {}
    for ns in s.nodes.values():
        if not ns.leaf or ns.items == 0:
            continue
        w = float(ns.node.weight)
        items: list[tuple[tuple[str, Any], float | None]] = [
            (("question", q.id), scoring.question_item_value(m, q.id, s.question_values.get(q.id)))
            for q in m.questions_of(ns.node.id)
            if q.type != "JUMLAH"
        ]
        items += [(("percent", p.id), s.percent_values.get(p.id)) for p in m.percent_items_of(ns.node.id)]
        for key, v in items:
            if ns.answered_items == 0:
                out[key] = (0.0, w / ns.items)
            elif v is None:
                out[key] = (None, None)
            else:
                out[key] = (v * w / ns.answered_items, (1 - v) * w / ns.answered_items)
    return out


@dataclass(frozen=True)
class RincianView:
    unit: str
    year: int
    headline: str  # Markdown (names escaped): unit, year, methodology, each stage's total
    stages: tuple[str, ...]  # stages present: self, tpi, tpn in that order
    final_stage: str
    methodology_title: str
    totals: dict[str, float]  # stage -> total as stored
    rows: pd.DataFrame  # one row per question / % item, numbers unformatted (see rincian_rows)
    summary: pd.DataFrame  # per area: Area, Dijawab, Dengan bukti, Kelengkapan bukti, Diubah TPI, Selisih poin TPI
    table: pd.DataFrame  # the rows the filters keep, for display (Indonesian columns, formatted numbers)
    download: pd.DataFrame  # the same rows with numbers as numbers (CSV/Excel)
    link_column: str  # the table's column of http(s) links ("Tautan bukti")
    answered: int
    with_evidence: int
    changed: int  # questions the TPI changed (None-like -1 when the unit-year lacks self or TPI)
    changed_points: float | None  # TPI total − self total (None without both stages)
    shown: int  # rows in `table`


def rincian_rows(cur: Cursor, unit: str, year: int) -> tuple[pd.DataFrame, pd.DataFrame, Methodology]:
    """The unit-year's current stages and one row per question / % item in LKE order with, per stage s
    present, s_raw, s_value, s_points, s_lost, s_answered; then number, part, area_key, area, subarea,
    text, kind, question_id, unit_note, tpi_note, evidence, link, has_evidence, answered (final stage),
    changed (by the TPI), delta_points (TPI − self points of the row)."""
    stages = answer_queries.unit_year_stages(cur, unit, year)
    if stages.empty:
        return stages, pd.DataFrame(), refdata.for_year(year)
    m = methodology(str(stages["methodology"].iloc[0]))
    ids = [int(x) for x in stages["submission_id"]]
    answers = answer_queries.stage_answers(cur, ids)
    # stage -> question id -> its stored row (plain dicts: a row lookup per cell in pandas costs 100x)
    by_stage: dict[str, dict[int, dict[str, Any]]] = {
        str(st): {
            int(r["question_id"]): {str(k): v for k, v in r.items()}
            for r in answers[answers["submission_id"] == sid].to_dict("records")
        }
        for st, sid in zip(stages["stage"], ids)
    }
    present = [s for s in vocab.STAGES if s in by_stage]
    final = present[-1]
    scored: dict[str, tuple[scoring.Score, dict[tuple[str, Any], tuple[float | None, float | None]]]] = {}
    for st in present:
        values = {q: (None if r["value"] != r["value"] else float(r["value"])) for q, r in by_stage[st].items()}
        s = scoring.score(m, values)
        scored[st] = (s, item_points(m, s))
    records: list[dict[str, Any]] = []
    for kind, item in lke_order(m):
        node = item.node
        part, area_key, area, sub = _places(m, node)
        key = (kind, item.id)
        rec: dict[str, Any] = {
            "kind": kind,
            "question_id": item.id if kind == "question" else None,
            "item": str(item.id),
            "part": part,
            "area_key": area_key,
            "area": area,
            "subarea": sub,
            "text": item.text if kind == "question" else item.label,
            "type": item.type if kind == "question" else "PERSEN",
        }
        for st in present:
            s, pts = scored[st]
            if kind == "question":
                row = by_stage[st].get(item.id)
                value = s.question_values.get(item.id)
                rec[f"{st}_raw"] = None if row is None else _text(row["raw"])
            else:
                value = s.percent_values.get(item.id)
                rec[f"{st}_raw"] = None if value is None else fmt.pct(value)
            rec[f"{st}_value"] = value
            rec[f"{st}_answered"] = value is not None
            rec[f"{st}_points"], rec[f"{st}_lost"] = pts.get(key, (None, None))
        own: dict[str, Any] = {
            st: by_stage[st][item.id] for st in present if kind == "question" and item.id in by_stage[st]
        }
        first = own.get(final)
        rec["number"] = _text(first["number"]) if first is not None else None
        if rec["number"] is None and kind == "question":
            rec["number"] = next((_text(r["number"]) for r in own.values() if _text(r["number"])), None)
        rec["unit_note"], rec["tpi_note"] = _notes(own)
        evidence_from = [own[st] for st in ("self", final) if st in own] + list(own.values())
        rec["evidence"] = next((t for r in evidence_from if (t := _text(r["evidence"]))), None)
        rec["link"] = next((t for r in evidence_from if (t := _text(r["evidence_link"]))), None)
        ev_final = [own[st] for st in dict.fromkeys(("self", final)) if st in own]
        rec["has_evidence"] = kind == "question" and any(
            _text(r["evidence"]) or _text(r["evidence_link"]) for r in ev_final
        )
        rec["answered"] = bool(rec[f"{final}_answered"])
        both = "self" in present and "tpi" in present
        rec["changed"] = bool(
            both
            and kind == "question"
            and rec["tpi_answered"]
            and (not rec["self_answered"] or rec["self_value"] != rec["tpi_value"])
        )
        rec["delta_points"] = (
            (rec["tpi_points"] or 0.0) - (rec["self_points"] or 0.0)
            if both and (rec["tpi_points"] is not None or rec["self_points"] is not None)
            else None
        )
        records.append(rec)
    return stages, pd.DataFrame.from_records(records), m


def _notes(own: dict[str, Any]) -> tuple[str | None, str | None]:
    """(the unit's note, the TPI's note): the layout's own columns where it has them, else the note of
    the stage's submission (self: the unit's, tpi: the TPI's), else the other stage's file."""
    unit = next((t for st in vocab.STAGES if st in own for t in [_text(own[st]["unit_note"])] if t), None) or (
        _text(own["self"]["note"]) if "self" in own else None
    )
    tpi = (_text(own["tpi"]["tpi_note"]) or _text(own["tpi"]["note"]) if "tpi" in own else None) or next(
        (t for st in ("self", "tpn") if st in own for t in [_text(own[st]["tpi_note"])] if t), None
    )
    return unit, tpi


def marks(row: pd.Series, stages: tuple[str, ...]) -> str:
    out = []
    if row["changed"]:
        d = row["delta_points"]
        out.append("diubah TPI" + ("" if d is None or d != d else f" ({'+' if d >= 0 else '−'}{fmt.num(abs(d), 3)})"))
    if row["kind"] == "question" and row["answered"] and not row["has_evidence"]:
        out.append("tanpa bukti")
    if not row["answered"]:
        out.append("belum dijawab")
    return " · ".join(out)


def apply_filters(rows: pd.DataFrame, final: str, chosen: frozenset[str]) -> pd.DataFrame:
    """The rows the page's filters keep (all of them at once: AND); 'biggest_loss' keeps the
    BIGGEST_LOSS rows of the final stage that lose most, largest first."""
    out = rows
    if "changed" in chosen:
        out = out[out["changed"]]
    if "no_evidence" in chosen:
        out = out[(out["kind"] == "question") & out["answered"] & ~out["has_evidence"]]
    if "unanswered" in chosen:
        out = out[~out["answered"]]
    if "biggest_loss" in chosen:
        lost = out[f"{final}_lost"].astype(float)
        out = out.assign(_lost=lost)[lost > 1e-9].sort_values("_lost", ascending=False, kind="stable")
        out = out.drop(columns="_lost").head(BIGGEST_LOSS)
    return out


def _prefix(name: object) -> str | None:
    """'ii. Rencana …' -> 'ii', 'I. PEMENUHAN' -> 'I'; None without a leading numbering."""
    first = str(name or "").split(" ", 1)[0]
    return first[:-1] if first.endswith(".") and 1 < len(first) <= 6 else None


def lke_number(part: object, area: object, sub: object, number: object) -> str:
    """The question's place as the LKE numbers it, in one short code: 'I.1.ii.b' (Pemenuhan, area 1,
    sub-area ii, question b); the workbook's own numbering of the question last."""
    pieces = [_prefix(part), _prefix(area)] + [_prefix(x) for x in str(sub or "").split(" › ")]
    own = _text(number)
    pieces.append(own.rstrip(".") if own and own not in ("-", "–") else None)
    return ".".join(x for x in pieces if x)


def _frames(rows: pd.DataFrame, present: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(display table, download table) of `rows`."""
    numbers: dict[str, Any] = {
        "Nomor": [
            lke_number(part, area, sub, number)
            for part, area, sub, number in zip(rows["part"], rows["area"], rows["subarea"], rows["number"])
        ],
        "No.": rows["number"],
        "Pertanyaan": rows["text"],
    }
    shown = {k: v for k, v in numbers.items() if k != "No."}  # on screen 'Nomor' holds it; the files keep both
    for st in present:
        label = STAGE_SHORT[st]
        numbers[f"Jawaban {label}"] = rows[f"{st}_raw"]
        shown[f"Jawaban {label}"] = rows[f"{st}_raw"]
        for col, name in (("value", "Nilai"), ("points", "Poin"), ("lost", "Hilang")):
            values = rows[f"{st}_{col}"].astype(float)
            numbers[f"{name} {label}"] = values
            digits = 3 if col != "value" else 2
            shown[f"{name} {label}"] = [None if v != v else fmt.num(v, digits) for v in values]
    if "self" in present and "tpi" in present:
        delta = rows["delta_points"].astype(float)
        numbers["Selisih poin TPI"] = delta
        shown["Selisih poin TPI"] = [None if v != v else fmt.num(v, 3) for v in delta]
    tanda = [marks(r, present) for _, r in rows.iterrows()]
    texts = [(_text(ev), _text(lk)) for ev, lk in zip(rows["evidence"], rows["link"])]
    links = [lk if is_http(lk) else None for _, lk in texts]
    evidence = [
        " · ".join(x for x in (ev, None if lk is None or is_http(lk) else f"tautan: {lk}") if x) or None
        for ev, lk in texts
    ]
    tail = {
        "Sub-area": rows["subarea"],
        "Area": rows["area"],
        "Bagian": rows["part"],
        "Tanda": tanda,
        "Catatan unit": [_text(x) for x in rows["unit_note"]],
        "Catatan TPI": [_text(x) for x in rows["tpi_note"]],
        "Bukti dukung": evidence,
        "Tautan bukti": links,
    }
    numbers.update(tail)
    shown.update(tail)
    return pd.DataFrame(shown).reset_index(drop=True), pd.DataFrame(numbers).reset_index(drop=True)


def area_summary(rows: pd.DataFrame, present: tuple[str, ...], m: Methodology) -> pd.DataFrame:
    """Per change area (and Hasil), in LKE order: answered questions (final stage), those with
    evidence, the share, the questions the TPI changed and the TPI − self points of the area."""
    q = rows[rows["kind"] == "question"]
    both = "self" in present and "tpi" in present
    keys = [k for k in m.area_keys if k in set(rows["area_key"])] + (
        ["hasil"] if "hasil" in set(rows["area_key"]) else []
    )
    out = []
    for k in keys:
        mine, all_rows = q[q["area_key"] == k], rows[rows["area_key"] == k]
        answered = int(mine["answered"].sum())
        with_ev = int((mine["answered"] & mine["has_evidence"]).sum())
        out.append(
            {
                "Area": "Hasil" if k == "hasil" else m.area_name(k),
                "Dijawab": answered,
                "Dengan bukti": with_ev,
                "Kelengkapan bukti": fmt.pct(with_ev / answered) if answered else "–",
                "Diubah TPI": int(mine["changed"].sum()) if both else None,
                "Selisih poin TPI": fmt.num(float(all_rows["delta_points"].astype(float).sum()), 3) if both else None,
            }
        )
    frame = pd.DataFrame(out)
    if not both:
        frame = frame.drop(columns=["Diubah TPI", "Selisih poin TPI"])
    return frame


def rincian_years(cur: Cursor, unit: str) -> list[int]:
    """The years the unit has a current LKE submission, newest first (the page's year picker)."""
    return answer_queries.unit_years(cur, unit)


def rincian_jawaban(cur: Cursor, unit: str, year: int, chosen: frozenset[str] = frozenset()) -> RincianView | None:
    """The Rincian Jawaban page of one unit-year with the filters `chosen` (keys of FILTERS); None when
    the unit has no current submission that year."""
    stages, rows, m = rincian_rows(cur, unit, year)
    if stages.empty:
        return None
    present = tuple(s for s in vocab.STAGES if s in set(stages["stage"]))
    final = present[-1]
    kept = apply_filters(rows, final, chosen)
    table, download = _frames(kept, present)
    q = rows[rows["kind"] == "question"]
    both = "self" in present and "tpi" in present
    totals = {str(s): float(t) for s, t in zip(stages["stage"], stages["total"])}
    name = answer_queries.unit_name(cur, unit) or unit
    headline = f"**{fmt.md(name)}** · tahun {year} · {fmt.md(m.title)} · " + " · ".join(
        f"{vocab.STAGE_LABELS[s]}: **{fmt.num(totals[s])}**" for s in present
    )
    return RincianView(
        unit,
        year,
        headline,
        present,
        final,
        m.title,
        totals,
        rows,
        area_summary(rows, present, m),
        table,
        download,
        "Tautan bukti",
        int(q["answered"].sum()),
        int((q["answered"] & q["has_evidence"]).sum()),
        int(q["changed"].sum()) if both else -1,
        totals["tpi"] - totals["self"] if both else None,
        len(table),
    )
