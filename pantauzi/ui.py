"""Streamlit glue: the cached connection, cached queries keyed by filter, sidebar filter <-> URL."""
from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

from pantauzi import access, config, db, fmt, queries
from pantauzi.filters import KEYS, STAGES, Filter, from_query, to_query
from pantauzi.fmt import STAGES as STAGE_LABELS


ALL = ""  # the "Semua ..." option
SEARCH_LIMIT = 50  # units offered by a unit picker at once (the rest through its search box)
SIDEBAR_OPTIONS = 2000  # a sidebar level with more choices than this asks for a narrower selection first


@st.cache_resource
def _connection(target: str) -> duckdb.DuckDBPyConnection:
    return db.connect(target)


def _db() -> duckdb.DuckDBPyConnection:
    """One connection per process and store (DuckDB file or PostgreSQL URL); every query takes its own
    cursor (db.cursor: on PostgreSQL a new cursor must select the attached catalog again)."""
    return _connection(config.database())


def _run(fn, *args):
    with db.cursor(_db()) as cur:  # a cursor per call: thread-safe
        return fn(cur, *args)


def data_version() -> int:
    return _run(queries.data_version)


@st.cache_data(max_entries=256)
def unit_totals(f: Filter, version: int) -> pd.DataFrame:
    return _run(queries.unit_totals, f)


@st.cache_data(max_entries=256)
def area_scores(f: Filter, version: int) -> pd.DataFrame:
    return _run(queries.area_scores, f)


@st.cache_data(max_entries=256)
def movers(f: Filter, year: int, version: int, limit: int | None = None) -> pd.DataFrame:
    return _run(queries.movers, f, year, limit)


@st.cache_data(max_entries=256)
def year_summary(f: Filter, version: int) -> pd.DataFrame:
    return _run(queries.year_summary, f)


@st.cache_data(max_entries=256)
def group_totals(f: Filter, year: int, level: str, version: int) -> pd.DataFrame:
    return _run(queries.group_totals, f, year, level)


@st.cache_data(max_entries=256)
def area_by_group(f: Filter, year: int, level: str, version: int) -> pd.DataFrame:
    return _run(queries.area_by_group, f, year, level)


@st.cache_data(max_entries=256)
def unit_search(f: Filter, year: int, text: str | None, order: str, version: int) -> pd.DataFrame:
    return _run(queries.unit_search, f, year, text, order, SEARCH_LIMIT)


@st.cache_data(max_entries=256)
def stage_comparison(f: Filter, version: int) -> pd.DataFrame:
    return _run(queries.stage_comparison, f)


@st.cache_data(max_entries=256)
def failed_criteria(submission_id: int, version: int) -> pd.DataFrame:
    return _run(queries.failed_criteria, submission_id)


@st.cache_data(max_entries=256)
def weakest_subareas(submission_id: int, version: int) -> pd.DataFrame:
    return _run(queries.weakest_subareas, submission_id)


@st.cache_data(max_entries=256)
def unit_milestones(unit: str, version: int) -> pd.DataFrame:
    return _run(queries.unit_milestones, unit)


@st.cache_data(max_entries=64)
def _options(kind: str, f: Filter, version: int) -> pd.DataFrame:
    if kind == "provinsi":
        return _run(queries.provinsi_options)
    if kind == "kabkota":
        return _run(queries.kabkota_options, f.provinsi)
    return _run(queries.instansi_options if kind == "instansi" else queries.unit_options, f)


# ---------------------------------------------------------------- sign-in and roles
def _authenticator(data: dict):
    import streamlit_authenticator as stauth

    cookie = data.get("cookie") or {}
    return stauth.Authenticate(data["credentials"], cookie.get("name", "pantauzi_masuk"),
                               cookie.get("key", ""), float(cookie.get("expiry_days", 7)), auto_hash=False,
                               login_sleep_time=0.2)


def current_user() -> access.User:
    """Sign-in for this run (dashboard.py calls it once): the session's user, kept for the pages.
    No credentials file: everyone is a viewer (the demo, no login)."""
    user = _sign_in()
    st.session_state["_user"] = user
    return user


def page_user() -> access.User:
    """The user dashboard.py signed in for this run; a page run any other way gets a viewer."""
    return st.session_state.get("_user", access.ANONYMOUS)


def _sign_in() -> access.User:
    data = access.load()
    if data is None:
        st.session_state["_login_enabled"] = False
        return access.ANONYMOUS
    st.session_state["_login_enabled"] = True
    auth = _authenticator(data)
    st.session_state["_authenticator"] = auth
    if not st.session_state.get("authentication_status"):
        auth.login(location="unrendered")  # a signed cookie from an earlier visit signs the session in
    username = st.session_state.get("username") if st.session_state.get("authentication_status") else None
    return access.user_of(data, username)


def login_enabled() -> bool:
    return bool(st.session_state.get("_login_enabled"))


def login_form() -> None:
    """The sign-in form (page 'Masuk'); reruns into the user's own navigation on success."""
    auth = st.session_state.get("_authenticator")
    if auth is None:
        st.info("Login tidak diaktifkan: semua orang melihat grafik sebagai pimpinan.")
        return
    auth.login(location="main", fields={"Form name": "Masuk", "Username": "Nama pengguna",
                                        "Password": "Kata sandi", "Login": "Masuk"}, key="masuk")
    if st.session_state.get("authentication_status"):
        st.rerun()
    elif st.session_state.get("authentication_status") is False:
        st.error("Nama pengguna atau kata sandi salah.")


def account_box(user: access.User) -> None:
    """Who is signed in, and the sign-out button, at the bottom of the sidebar."""
    if not login_enabled():
        return
    st.sidebar.divider()
    if user.signed_in:
        st.sidebar.caption(f"Masuk sebagai **{user.name}** · {access.ROLE_LABELS.get(user.role, user.role)}")
        auth = st.session_state.get("_authenticator")
        if auth is not None and st.sidebar.button("Keluar", key="keluar"):
            auth.logout(location="unrendered")
            st.rerun()
    else:
        st.sidebar.caption("Belum masuk: hanya grafik.")


def require_role(user: access.User, *roles: str) -> None:
    """Server-side guard at the top of a page: other roles see a refusal and nothing else."""
    if user.role not in roles:
        st.error("Halaman ini hanya untuk " + " atau ".join(access.ROLE_LABELS[r] for r in roles) + ".")
        st.stop()


# ---------------------------------------------------------------- uploads
def write(fn, *args):
    """Run a write (uploads.save / restore) on a cursor of its own; the new data version refreshes caches."""
    with db.cursor(_db()) as cur:
        return fn(cur, *args)


def read(fn, *args):
    """An uncached read through a fresh cursor (version lists, stored files)."""
    return _run(fn, *args)


def _defaults() -> Filter:
    bounds = _run(queries.year_bounds) or (2021, 2026)
    return Filter(tahun_dari=bounds[0], tahun_sampai=bounds[1])


def _select(label: str, kind: str, f: Filter, key: str, all_label: str) -> str | None:
    opts = _options(kind, f, data_version())
    hint = None
    if len(opts) > SIDEBAR_OPTIONS:  # nationally: thousands of units are no list to scroll (nor to send)
        hint = (f"{fmt.num(len(opts), 0)} pilihan: pilih provinsi, kabupaten/kota atau instansi dulu, atau cari "
                "unit di halaman Profil OPD.")
        opts = opts[opts["code"] == st.session_state.get(key)]  # a unit from a link stays chosen
    codes = [ALL] + list(opts["code"])  # ALL, not None: None would show an English placeholder
    names = dict(zip(opts["code"], opts["name"]))
    if st.session_state.get(key) not in codes:  # a parent choice changed: reset this level
        st.session_state[key] = ALL
    return st.sidebar.selectbox(label, codes, key=key, format_func=lambda c: names.get(c, all_label),
                                help=hint) or None


def _seed_from_url(defaults: Filter) -> None:
    """On a session's first run, the URL decides the widgets; later the widgets keep the choice
    (page switches drop the query string, the keyed widgets do not)."""
    if "f_tahap" in st.session_state:
        return
    v = data_version()
    known = {"provinsi": set(_options("provinsi", defaults, v)["code"]),
             "kabkota": set(_run(queries.kabkota_options, None)["code"]),
             "instansi": set(_options("instansi", defaults, v)["code"]),
             "unit": set(_options("unit", defaults, v)["code"])}
    q = from_query(st.query_params.to_dict(), defaults, known)
    for k in ("provinsi", "kabkota", "instansi", "unit"):
        st.session_state[f"f_{k}"] = getattr(q, k) or ALL
    st.session_state["f_tahun"] = (q.tahun_dari, q.tahun_sampai)
    st.session_state["f_tahap"] = q.tahap


def sidebar_filter() -> Filter:
    """Draw the shared filter; the URL query string mirrors it so a link reproduces the view."""
    defaults = _defaults()
    _seed_from_url(defaults)
    st.sidebar.header("Filter")
    lo, hi = defaults.tahun_dari, defaults.tahun_sampai
    y0, y1 = st.session_state["f_tahun"]
    prov = _select("Provinsi", "provinsi", Filter(), "f_provinsi", "Semua provinsi")
    kab = _select("Kabupaten/Kota", "kabkota", Filter(prov), "f_kabkota", "Semua kabupaten/kota")
    inst = _select("Instansi", "instansi", Filter(prov, kab, None, None, y0, y1), "f_instansi",
                   "Semua instansi")
    unit = _select("OPD / Unit kerja", "unit", Filter(prov, kab, inst, None, y0, y1), "f_unit",
                   "Semua OPD / unit")
    years = st.sidebar.slider("Tahun", lo, hi, key="f_tahun") if lo < hi else (lo, hi)
    tahap = st.sidebar.selectbox("Tahap penilaian", STAGES, key="f_tahap", format_func=STAGE_LABELS.get)
    f = Filter(prov, kab, inst, unit, int(years[0]), int(years[1]), tahap)
    wanted = to_query(f, defaults)
    for k in KEYS:
        if k in wanted and st.query_params.get(k) != wanted[k]:
            st.query_params[k] = wanted[k]
        elif k not in wanted and k in st.query_params:
            del st.query_params[k]
    st.session_state["_filter"] = f
    return f


def current_filter() -> Filter:
    """The filter drawn by dashboard.py in this run."""
    return st.session_state.get("_filter") or sidebar_filter()


def page_param(key: str, options: list, default):
    """A page-level choice remembered in the URL (e.g. ?tahun=2024)."""
    raw = st.query_params.get(key)
    for o in options:
        if str(o) == raw:
            return o
    return default


def set_page_param(key: str, value) -> None:
    if st.query_params.get(key) != str(value):
        st.query_params[key] = str(value)


def page_start(title: str) -> tuple[Filter, int]:
    """Title, the demo marker, and the shared filter with the data version (the cache key)."""
    st.title(title)
    demo_banner()
    return current_filter(), data_version()


def focus_year(years: list[int]) -> int:
    """'Tahun penilaian' select, newest first, remembered in the URL as ?tahun=."""
    years = sorted({int(y) for y in years}, reverse=True)
    year = st.selectbox("Tahun penilaian", years, index=years.index(page_param("tahun", years, years[0])))
    set_page_param("tahun", year)
    return year


def search_unit(label: str, f: Filter, year: int, version: int, order: str, default: str | None = None
                ) -> str | None:
    """A unit picker that scales: the first SEARCH_LIMIT units of the year (weakest or strongest
    first, or by name), narrowed by a search box when the selection holds more."""
    found = unit_search(f, year, None, order, version)
    if len(found) >= SEARCH_LIMIT:
        c1, c2 = st.columns([3, 2])
        text = c1.text_input("Cari unit", placeholder="nama unit, singkatan atau wilayah").strip() or None
        wanted = order
        if order != "label":
            wanted = "-total" if c2.radio("Urutkan nilai", ["Terendah", "Tertinggi"], horizontal=True,
                                          index=0 if order == "total" else 1) == "Tertinggi" else "total"
        st.caption(f"Menampilkan paling banyak {SEARCH_LIMIT} unit; ketik untuk mencari unit lain.")
        if text or wanted != order:
            found = unit_search(f, year, text, wanted, version)
    if found.empty:
        st.info("Tidak ada unit yang cocok dengan pencarian.")
        return None
    labels = dict(zip(found["unit"], found["label"]))
    units = list(found["unit"])
    return pick_unit(label, labels, units, default if default in labels else units[0])


@st.cache_data(max_entries=256)
def unit_lookup(f: Filter, text: str | None, keep: str | None, version: int) -> pd.DataFrame:
    return _run(queries.unit_lookup, f, text, keep, SEARCH_LIMIT)


def lookup_unit(label: str, f: Filter, version: int) -> str | None:
    """A picker over every unit of the selection (assessed or not) that scales: the first SEARCH_LIMIT
    by name, the unit of the link (?tinjau=) or the sidebar first, and a search box for the rest."""
    keep = st.query_params.get("tinjau") or f.unit
    found = unit_lookup(f, None, keep, version)
    if not found.empty and int(found["matches"].iloc[0]) > SEARCH_LIMIT:
        text = st.text_input("Cari unit", placeholder="nama unit, singkatan atau wilayah").strip() or None
        st.caption(f"{fmt.num(int(found['matches'].iloc[0]), 0)} unit pada pilihan ini; menampilkan paling banyak "
                   f"{SEARCH_LIMIT}, ketik untuk mencari unit lain.")
        if text:
            found = unit_lookup(f, text, keep, version)
    if found.empty:
        return None
    labels = dict(zip(found["code"], found["name"]))
    order = list(found["code"])
    return pick_unit(label, labels, order, keep if keep in labels else order[0])


def pick_unit(label: str, labels: dict[str, str], order: list[str], default: str) -> str:
    """A unit select remembered in the URL as ?tinjau=."""
    unit = st.selectbox(label, order, format_func=labels.get,
                        index=order.index(page_param("tinjau", order, default)))
    set_page_param("tinjau", unit)
    return unit


def demo_banner() -> None:
    if _run(queries.has_demo_data):
        st.caption("**Data contoh** — unit, jawaban dan nilai di sini sintetis untuk peragaan.")


def empty_state(text: str = "Belum ada data untuk pilihan ini.") -> None:
    st.info(text)


@st.cache_data(max_entries=4)
def blank_template(layout: str) -> bytes:
    """An empty workbook of one layout, generated with openpyxl."""
    import tempfile
    from pathlib import Path

    from pantauzi import templates

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "templat.xlsx"
        (templates.blank_portalrb if layout == "portalrb" else templates.blank_legacy)(path)
        return path.read_bytes()


def upload_preview(content: bytes, file_name: str):
    """Score an uploaded file once per session (Streamlit reruns the page on every click)."""
    import hashlib

    from pantauzi import uploads

    key = (hashlib.sha256(content).hexdigest(), file_name)
    cache = st.session_state.setdefault("_previews", {})
    if key not in cache:
        cache[key] = uploads.preview(content, file_name)
    return cache[key]


def forget_previews(keep: set[tuple[str, str]]) -> None:
    """Drop previews (and their temporary copies) of files no longer in the uploader."""
    cache = st.session_state.get("_previews", {})
    for key in [k for k in cache if k not in keep]:
        cache.pop(key).path.unlink(missing_ok=True)


# ---------------------------------------------------------------- Ombudsman RI and KPK MCP
@st.cache_data(max_entries=256)
def ombudsman_ratings(f: Filter, version: int, level: str | None = None, year: int | None = None) -> pd.DataFrame:
    return _run(queries.ombudsman_ratings, f, level, year)


@st.cache_data(max_entries=128)
def ombudsman_summary(f: Filter, version: int) -> pd.DataFrame:
    return _run(queries.ombudsman_summary, f)


@st.cache_data(max_entries=256)
def mcp_scores(f: Filter, version: int, year: int | None = None, area: str | None = None,
               region: str | None = None) -> pd.DataFrame:
    return _run(queries.mcp_scores, f, year, area, region)


@st.cache_data(max_entries=128)
def mcp_summary(f: Filter, version: int) -> pd.DataFrame:
    return _run(queries.mcp_summary, f)


@st.cache_data(max_entries=64)
def ombudsman_by_provinsi(f: Filter, level: str, version: int) -> pd.DataFrame:
    return _run(queries.ombudsman_by_provinsi, f, level)


@st.cache_data(max_entries=64)
def mcp_by_provinsi(f: Filter, year: int, version: int) -> pd.DataFrame:
    return _run(queries.mcp_by_provinsi, f, year)


@st.cache_data(max_entries=16)
def mcp_owners(version: int) -> pd.DataFrame:
    return _run(queries.mcp_owners)


@st.cache_data(max_entries=256)
def pemda_units(region: str, version: int) -> list[str]:
    return _run(queries.pemda_units, region)


@st.cache_data(max_entries=256)
def unit_profile(unit: str, version: int) -> pd.DataFrame:
    return _run(queries.unit_profile, unit)


@st.cache_data(max_entries=4)
def rating_template(kind: str) -> bytes:
    import tempfile
    from pathlib import Path

    from pantauzi.rating_templates import write_template

    with tempfile.TemporaryDirectory() as tmp:
        return write_template(kind, Path(tmp) / f"{kind}.xlsx").read_bytes()


@st.cache_data(max_entries=128)
def three_signals(f: Filter, year: int, version: int) -> pd.DataFrame:
    """LKE, Ombudsman and MCP per unit of the selection for one year (see pantauzi.signals)."""
    from pantauzi import signals

    totals = unit_totals(f, version)
    regions_of = dict(zip(totals["unit"], totals["region_code"]))
    vertical = set(totals.loc[~totals["instansi_kind"].isin(signals.PEMDA_KINDS), "unit"])
    return signals.three_signals(totals, ombudsman_ratings(f, version), mcp_scores(f, version), mcp_owners(version),
                                 {r: pemda_units(r, version) for r in set(regions_of.values())}, regions_of,
                                 year, vertical)


# ---------------------------------------------------------------- reports
@st.cache_data(max_entries=32, show_spinner="Menyusun rekap Excel…")
def rekap_xlsx(f: Filter, version: int) -> bytes:
    from reports import rekap

    return rekap.build(_db(), f)


def laporan_button(unit: str, year: int, version: int) -> None:
    """'Buat Laporan ZI (PDF)', then its download button: a report takes seconds, so only on request."""
    from reports import laporan

    key = ("_laporan", unit, year, version)
    if st.button(f"Buat Laporan ZI (PDF) {year}", key=f"buat_laporan_{unit}_{year}"):
        with st.spinner("Menyusun Laporan ZI…"):
            try:
                st.session_state[key] = laporan.build(_db(), unit, year)
            except laporan.ReportError as exc:
                st.error(f"Laporan tidak dapat dibuat: {exc}.")
    if key in st.session_state:
        st.download_button("Unduh Laporan ZI (PDF)", st.session_state[key], f"laporan-zi-{unit}-{year}.pdf",
                           mime="application/pdf", key=f"unduh_laporan_{unit}_{year}")


def rekap_button(f: Filter, version: int, small: bool) -> None:
    """The recap of the current selection; a large (national) selection is built only on request."""
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if small or st.session_state.get("_rekap_for") == (f, version):
        st.download_button("Unduh rekap Excel (pilihan ini)", rekap_xlsx(f, version), "rekap-pantauzi.xlsx",
                           mime=mime, key="unduh_rekap")
    elif st.button("Siapkan rekap Excel (pilihan ini)", key="siapkan_rekap"):
        st.session_state["_rekap_for"] = (f, version)
        st.rerun()


def profile_link(unit: str, label: str = "Buka Profil OPD (LKE, Ombudsman, MCP)") -> None:
    """A link to one unit's Profil OPD page, keeping the sidebar filter in the URL."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k in KEYS}
    st.page_link("app_pages/profil_opd.py", label=label, icon=":material/person_search:",
                 query_params={**params, "tinjau": unit})
