"""Profil OPD: one unit on one page."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from pantauzi.core import fmt, ratings, signals, vocab
from pantauzi.core import milestones as zi_milestones
from pantauzi.core.filters import Filter
from pantauzi.pagedata.lke import milestone_steps
from pantauzi.store import lke_queries, rating_queries
from pantauzi.store.selection import Cursor


@dataclass(frozen=True)
class ProfileView:
    unit: str
    unit_name: str
    instansi_name: str
    region_code: str
    region_name: str
    stage: str  # the ZI milestones in one line ("belum dicanangkan" when none)
    pemda_opd: bool  # an OPD of a pemda: Ombudsman and MCP of the pemda apply
    selection: Filter  # the sidebar's years and stage, for this unit alone
    totals: pd.DataFrame  # unit_totals across the years
    report_years: list[int]  # years with LKE scores, newest first
    areas: pd.DataFrame  # area_scores across the years
    ombudsman: pd.DataFrame  # its own Ombudsman ratings, else its pemda's
    ombudsman_own: bool  # rated as an OPD itself
    mcp: pd.DataFrame  # its pemda's MCP scores (none for a vertical unit)
    mcp_totals: pd.DataFrame  # of those, the total scores
    mcp_areas: list[str]  # the comparable MCP areas it answers for
    mcp_area_names: str  # their labels, "–" when none
    comparable: pd.DataFrame  # its pemda's scores of those areas
    checked: list[str]  # years with LKE and at least one rating, newest first
    flags: list[str]  # "year: sentence" where the signals disagree
    headline: str  # Markdown: the latest year's total, readiness and unmet criteria with their thresholds
    failed: pd.DataFrame  # that year's failed_criteria (the scorer's, stored at load): level, label, value…
    agreement: str  # the sentence shown when no flag is raised (differs for a vertical unit)
    predicate: str = ""  # the WBK/WBBM predicate it holds and since when (pantauzi.core.milestones.held)


def _flags(totals: pd.DataFrame, omb: pd.DataFrame, comp: pd.DataFrame) -> tuple[list[str], list[str]]:
    checked, notes = [], []
    for year in sorted(set(totals["year"]) & (set(omb["year"]) | set(comp["year"])), reverse=True):
        last, o_now, m_now = totals[totals["year"] == year], omb[omb["year"] == year], comp[comp["year"] == year]
        checked.append(str(year))
        notes += [
            f"{year}: {n}"
            for n in signals.flags(
                float(last["total"].iloc[0]),
                None if bool(last["incomplete"].iloc[0]) else last["readiness"].iloc[0],
                o_now["zone"].iloc[0] if not o_now.empty else None,
                float(m_now["score"].mean()) if not m_now.empty else None,
                ratings.national_average(int(year)),
            )
        ]
    return checked, notes


def _value(v: float, criterion: str) -> str:
    return fmt.pct(v) if criterion.startswith("area:") else fmt.num(v)


def _unmet(failed: pd.DataFrame, predicate: str) -> list[str]:
    """'Nilai total 72,09 dari minimal 75,00' per unmet criterion of one predicate."""
    rows = failed[failed["level"] == predicate]
    first = {"total": 0, "pengungkit": 1}  # the totals a head of OPD knows first, then the rest in order
    rows = rows.iloc[sorted(range(len(rows)), key=lambda i: (first.get(rows["criterion"].iloc[i], 2), i))]
    return [
        f"predikat {vocab.PREDICATE_LABELS['wbk']} belum dipegang (WBBM mensyaratkannya)"
        if t != t  # NaN: WBBM needs the WBK predicate held, not a number
        else f"{label} {_value(v, c)} dari minimal {_value(t, c)}"
        for label, v, t, c in zip(rows["label"], rows["value"], rows["threshold"], rows["criterion"])
    ]


def headline(row: pd.Series | None, failed: pd.DataFrame) -> str:
    """The line a head of OPD reads first: the latest year's total, its readiness and what stands
    between the unit and the next predicate (each unmet criterion with its value and threshold)."""
    if row is None:
        return "Belum ada nilai LKE pada rentang tahun ini."
    stage = vocab.STAGE_LABELS[row["stage"]]
    if row["incomplete"]:
        status = vocab.INCOMPLETE_LABEL
    else:
        status = vocab.READINESS_LABELS[row["readiness"]]
    head = f"**{int(row['year'])} · {stage}: nilai {fmt.num(row['total'])} — {status}.**"
    if row["incomplete"]:
        return head + " Ada sub-area tanpa jawaban: tidak direkomendasikan untuk WBK/WBBM sebelum lengkap."
    if row["readiness"] == "wbbm":
        return head + " Semua kriteria WBK dan WBBM terpenuhi."
    nxt: vocab.Predicate = "wbbm" if row["readiness"] == "wbk" else "wbk"
    unmet = _unmet(failed, nxt)
    text = head + f" Belum terpenuhi untuk {vocab.PREDICATE_LABELS[nxt]} ({len(unmet)} kriteria):\n"
    text += "".join(f"\n- {fmt.md(u)}" for u in unmet)
    more = len(_unmet(failed, "wbbm")) if nxt == "wbk" else 0
    if more:
        text += f"\n\nUntuk WBBM: {more} kriteria belum terpenuhi (rinciannya di Ringkasan)."
    return text


def _agreement(pemda_opd: bool, checked: list[str]) -> str:
    if not pemda_opd:
        return (
            "Unit instansi vertikal: hanya LKE yang berlaku (penilaian Ombudsman dan MCP pemda tidak), "
            "jadi tidak ada sinyal lain untuk dibandingkan."
        )
    if not checked:
        return (
            "Belum ada tahun yang punya nilai LKE dan penilaian Ombudsman atau MCP sekaligus, jadi belum ada "
            "yang bisa dibandingkan."
        )
    return "LKE, Ombudsman dan MCP tidak saling bertentangan pada tahun " + ", ".join(checked) + "."


def profile(cur: Cursor, f: Filter, unit: str) -> ProfileView:
    """Everything Profil OPD shows of one unit in the sidebar's years and stage."""
    info = rating_queries.unit_profile(cur, unit).iloc[0]
    region = str(info["region_code"])
    recorded = lke_queries.unit_milestones(cur, unit)
    steps = milestone_steps(recorded)
    held = zi_milestones.held(
        zi_milestones.Milestone(unit, str(k), int(y), decree=d if isinstance(d, str) else None)
        for k, y, d in zip(recorded["kind"], recorded["year"], recorded["decree"])
    )
    stage = " → ".join(f"{k} ({w})" for k, w in steps) if steps else "belum dicanangkan"
    mine = replace(f, unit=unit, provinsi=None, kabkota=None, instansi=None)
    pemda_opd = info["instansi_kind"] in signals.PEMDA_KINDS
    totals = lke_queries.unit_totals(cur, mine)
    omb_all = rating_queries.ombudsman_ratings(cur, mine)
    mcp = rating_queries.mcp_scores(cur, mine)
    if not pemda_opd:  # a vertical unit: the pemda's ratings are not its own
        omb_all, mcp = omb_all.iloc[0:0], mcp.iloc[0:0]
    own = omb_all[omb_all["unit_code"] == unit]
    omb = own if not own.empty else omb_all[omb_all["level"] == "pemda"]
    areas = signals.owned_areas(unit, region, rating_queries.mcp_owners(cur), rating_queries.pemda_units(cur, region))
    comp = signals.mcp_comparable(mcp)
    comp = comp[comp["comparable"].isin(areas)]
    checked, notes = _flags(totals, omb, comp)
    labels = ratings.comparable_areas()
    last = totals.sort_values("year").iloc[-1] if not totals.empty else None
    failed = lke_queries.failed_criteria(cur, int(last["submission_id"])) if last is not None else pd.DataFrame()
    return ProfileView(
        unit,
        str(info["unit_name"]),
        str(info["instansi_name"]),
        region,
        str(info["region_name"]),
        stage,
        bool(pemda_opd),
        mine,
        totals,
        sorted({int(y) for y in totals["year"]}, reverse=True),
        lke_queries.area_scores(cur, mine) if not totals.empty else pd.DataFrame(),
        omb,
        not own.empty,
        mcp,
        mcp[mcp["area_key"] == "total"],
        areas,
        ", ".join(labels[a]["label"] for a in areas) or "–",
        comp,
        checked,
        notes,
        headline(last, failed),
        failed,
        _agreement(bool(pemda_opd), checked),
        predicate=held.sentence() if held else zi_milestones.NONE_HELD,
    )
