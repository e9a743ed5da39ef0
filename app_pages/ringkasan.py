"""Ringkasan: who is ready for WBK/WBBM this year, who is slipping, and what to fix first."""

import streamlit as st

import ui
from pantauzi.charts import lke as lke_charts
from pantauzi.core import fmt, vocab
from pantauzi.core.filters import Filter, group_level
from pantauzi.core.vocab import LEVEL_NAMES, READINESS_LABELS

f, v = ui.page.page_start("Ringkasan")
summary = ui.data.year_summary(f, v)
if summary.empty:
    ui.page.empty_state()
    st.stop()

year = ui.pickers.focus_year(list(summary["year"]))
level = group_level(f, int(summary.loc[summary["year"] == year, "units"].iloc[0]))
groups = ui.data.group_totals(f, year, level, v)
ui.downloads.rekap_button(f, v, small=level == "unit")

c1, c2, c3, c4 = st.columns(4)
c1.metric(READINESS_LABELS["wbbm"], int(groups["wbbm"].sum()))
c2.metric(READINESS_LABELS["wbk"], int(groups["wbk"].sum()))
c3.metric(READINESS_LABELS["belum"], int(groups["belum"].sum()))
c4.metric(
    vocab.INCOMPLETE_LABEL,
    int(groups["incomplete"].sum()),
    help="Ada sub-area tanpa jawaban: dicatat, tetapi tidak pernah direkomendasikan untuk WBK/WBBM.",
)
st.caption(
    f"Tahun {year}: {fmt.num(int(groups['units'].sum()), 0)} unit dinilai. Kesiapan memakai semua kriteria "
    "PermenPANRB (nilai total, pengungkit, tiap area, IPAK, capaian kinerja, IPKP), bukan hanya nilai total."
)

if level == "unit":
    df = ui.data.unit_totals(f, v)
    st.plotly_chart(lke_charts.totals_bar(df[df["year"] == year]), width="stretch")
    if df["year"].nunique() > 1:
        st.plotly_chart(lke_charts.totals_trend(df), width="stretch")
else:
    st.plotly_chart(lke_charts.group_bar(groups, LEVEL_NAMES[level]), width="stretch")
    st.caption(
        f"Terlalu banyak unit untuk satu batang per unit: dikelompokkan per {LEVEL_NAMES[level]}. "
        "Pilih wilayah atau instansi di filter samping untuk menelusuri sampai ke OPD."
    )
    if len(summary) > 1:
        st.plotly_chart(lke_charts.totals_band(summary), width="stretch")

st.subheader("Perubahan terbesar dibanding tahun sebelumnya")
moves = ui.data.movers(f, int(year), v, 8)
if moves.empty:
    ui.page.empty_state("Belum ada tahun pembanding untuk tahun ini.")
else:
    st.dataframe(
        moves.assign(
            Unit=moves["label"],
            Nilai=moves["total"].map(fmt.num),
            Sebelumnya=moves["previous"].map(fmt.num),
            Perubahan=[("▲ " if c > 0 else "▼ ") + fmt.num(abs(c)) for c in moves["change"]],
        )[["Unit", "Nilai", "Sebelumnya", "Perubahan"]],
        hide_index=True,
        width="stretch",
    )

st.subheader("Yang perlu dibenahi lebih dulu")
unit = ui.pickers.search_unit("Unit untuk ditinjau", f, int(year), v, "total", f.unit)
if unit is None:
    st.stop()
row = ui.data.unit_totals(Filter(f.provinsi, f.kabkota, f.instansi, unit, year, year, f.tahap), v).iloc[0]
ui.page.profile_link(unit)
status = vocab.INCOMPLETE_LABEL if row["incomplete"] else READINESS_LABELS[row["readiness"]]
if row["wbbm_needs_wbk"]:
    status += " (nilai sudah memenuhi WBBM, tetapi predikat Menuju WBK belum dipegang)"
st.markdown(
    f"**{row['unit_name']}** ({row['instansi_name']}), tahap {vocab.STAGE_LABELS[row['stage']]}: "
    f"nilai **{fmt.num(row['total'])}** — {status}."
)
steps = ui.data.unit_milestones(unit, v)
if not steps.empty:
    st.caption(
        " · ".join(
            f"{vocab.MILESTONE_LABELS.get(k, k)}: {fmt.date(d) if d == d and d is not None else y}"
            for k, y, d in zip(steps["kind"], steps["year"], steps["date"])
        )
    )
failed = ui.data.failed_criteria(int(row["submission_id"]), v)
left, right = st.columns(2)
with left:
    st.markdown("**Kriteria yang belum terpenuhi**")
    if failed.empty:
        st.success("Semua kriteria WBK dan WBBM terpenuhi.")
    else:
        st.dataframe(
            failed.assign(
                Predikat=failed["level"].str.upper(),
                Kriteria=failed["label"],
                Nilai=[
                    fmt.pct(x) if "area:" in c else fmt.num(x) for x, c in zip(failed["value"], failed["criterion"])
                ],
                Syarat=[
                    ("≥ " + (fmt.pct(t) if "area:" in c else fmt.num(t))) if t == t else "predikat WBK"
                    for t, c in zip(failed["threshold"], failed["criterion"])
                ],
            )[["Predikat", "Kriteria", "Nilai", "Syarat"]],
            hide_index=True,
            width="stretch",
        )
with right:
    st.markdown("**Sub-area yang paling banyak kehilangan nilai**")
    weak = ui.data.weakest_subareas(int(row["submission_id"]), v)
    if weak.empty:
        st.success("Tidak ada nilai yang hilang.")
    else:
        st.dataframe(
            weak.assign(
                **{
                    "Sub-area": weak["name"],
                    "Area": weak["area_name"],
                    "Bobot": weak["weight"].map(fmt.num),
                    "Nilai": weak["score"].map(fmt.num),
                    "Hilang": weak["lost"].map(fmt.num),
                }
            )[["Sub-area", "Area", "Bobot", "Nilai", "Hilang"]],
            hide_index=True,
            width="stretch",
        )

st.subheader(f"Tiga sinyal {year}: LKE, Ombudsman RI, KPK MCP")
three = ui.data.three_signals(f, int(year), v) if level == "unit" else None
if three is None:
    st.caption("Pilih provinsi, kabupaten/kota atau instansi di filter untuk melihat tiga sinyal per OPD.")
elif three.empty:
    ui.page.empty_state()
else:
    st.dataframe(
        three.drop(columns=["unit"]).assign(Profil=[f"/profil_opd?tinjau={u}" for u in three["unit"]]),
        hide_index=True,
        width="stretch",
        column_config={
            "Profil": st.column_config.LinkColumn("Profil", display_text="buka profil"),
            "Catatan": st.column_config.TextColumn(width="large"),
        },
    )
    st.caption(
        "Ombudsman: nilai OPD sendiri bila dinilai, selain itu nilai pemdanya. MCP: area yang menjadi "
        "tanggung jawab unit (konvensi atau penetapan pemda), selain itu nilai total pemda."
    )
