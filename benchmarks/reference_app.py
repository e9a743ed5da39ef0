"""A minimal Streamlit app of PantauZI's widget shape: what one view costs with no project code.

benchmarks.serve measures it in the same run as the real app (`streamlit run benchmarks/reference_app.py`):
a sidebar of five selectboxes and a slider (the shared filter, seeded from the URL like ui.filter),
a title, four metrics, two plotly charts and two small tables, from data made in memory per filter (no
database, no cache), built the way a plain Streamlit app builds them (plotly.graph_objects, DataFrames).
"""

import random

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Referensi", layout="wide")
q = st.query_params.to_dict()
CHOICES = {k: [""] + [f"{k}-{i:02d}" for i in range(38)] for k in ("provinsi", "kabkota", "instansi", "unit")}
for k in CHOICES:
    if k not in st.session_state:
        st.session_state[k] = q.get(k, "") if q.get(k, "") in CHOICES[k] else ""
st.sidebar.header("Filter")
picked = [st.sidebar.selectbox(k.capitalize(), CHOICES[k], key=k) for k in CHOICES]
years = st.sidebar.slider("Tahun", 2019, 2025, (2019, 2025))
stage = st.sidebar.selectbox("Tahap penilaian", ["akhir", "self", "tpi"])

rng = random.Random("|".join(picked) + str(years) + stage)
st.title("Referensi")
groups = pd.DataFrame(
    {"group": [f"Provinsi {i:02d}" for i in range(38)], "value": [rng.uniform(50, 95) for _ in range(38)]}
)
trend = pd.DataFrame({"year": list(range(years[0], years[1] + 1))})
trend["value"] = [rng.uniform(60, 90) for _ in range(len(trend))]
c1, c2, c3, c4 = st.columns(4)
c1.metric("Siap WBBM", rng.randint(0, 500))
c2.metric("Siap WBK", rng.randint(0, 2000))
c3.metric("Belum siap", rng.randint(0, 20000))
c4.metric("Belum lengkap", rng.randint(0, 100))
bar = go.Figure(go.Bar(x=groups["value"], y=groups["group"], orientation="h"))
bar.update_layout(title="Rata-rata nilai per provinsi", height=700, xaxis_range=[0, 100])
st.plotly_chart(bar, width="stretch")
line = go.Figure(go.Scatter(x=trend["year"], y=trend["value"], mode="lines+markers"))
line.update_layout(title="Nilai lintas tahun", yaxis_range=[0, 100])
st.plotly_chart(line, width="stretch")
st.subheader("Perubahan terbesar")
st.dataframe(groups.sort_values("value").head(10), hide_index=True, width="stretch")
st.subheader("Yang perlu dibenahi")
st.dataframe(groups.sort_values("value", ascending=False).head(10), hide_index=True, width="stretch")
