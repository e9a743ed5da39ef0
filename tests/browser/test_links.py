"""A link reproduces the view, and stays reproduced (headless Chromium against `streamlit run`; issue 19
points 1-4): on every chart page a cold link shows its filter in the sidebar, the page's own choice goes
into the URL and a reload shows the same sidebar and content; on two pages every level, the years and the
stage changed by hand end up in the URL and survive a reload; another page's address typed into the same
tab opens that page, also with sign-in enabled; a wrong code is said. Screenshots at both widths."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_no_exception, shot, wait_for_app

pytestmark = pytest.mark.browser

LEVELS = ["Provinsi", "Kabupaten/Kota", "Instansi", "OPD / Unit kerja", "Tahap penilaian"]
# page, heading, the page's own widget: (label, option text, URL parameter)
PAGES = [
    ("", "Ringkasan", ("Tahun penilaian", "2023", "tahun=2023")),
    ("area_perubahan", "Area Perubahan", ("Tahun penilaian", "2023", "tahun=2023")),
    ("ombudsman", "Ombudsman RI", ("Tingkat", "OPD / unit layanan", "tingkat=opd")),
    ("mcp", "KPK MCP", ("Tahun", "2023", "tahun=2023")),
    ("profil_opd", "Profil OPD", ("Tahun laporan", "2023", "tahun=2023")),
]
COLD = "provinsi=81&kabkota=81.71&tahun_dari=2021&tahun_sampai=2025"
AMBON = {"Provinsi": "Maluku", "Kabupaten/Kota": "Kota Ambon", "Tahun": "2021–2025"}


def sidebar(page) -> dict[str, str]:
    bar = page.locator('[data-testid="stSidebar"]')
    shown = {label: bar.locator(f'input[aria-label="{label}"]').input_value() for label in LEVELS}
    shown["Tahun"] = "–".join(bar.locator('[data-testid="stSliderThumbValue"]').all_inner_texts())
    return shown


def heading(page) -> str:
    return page.locator('[data-testid="stMain"] h1').first.inner_text()


def view(page) -> tuple[str, list[str]]:
    """The heading and every value the main area's inputs show (what the page was drawn for)."""
    main = page.locator('[data-testid="stMain"]')
    values = [i.input_value() for i in main.locator("input[aria-label]").all()]
    checked = [r.inner_text() for r in main.locator('[data-testid="stRadio"] label:has(input:checked)').all()]
    return heading(page), values + checked


def settle(page) -> None:
    """Until the rerun a change started has finished (no fixed wait for the charts: nothing is shot)."""
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60000)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=60000)


def choose(page, label: str, text: str | None = None, where: str = "stSidebar") -> str:
    """Pick `text` (or the first real option) in the select `label`; -> the option's text."""
    field = page.locator(f'[data-testid="{where}"] input[aria-label="{label}"]')
    field.evaluate("e => e.scrollIntoView({block: 'center'})")  # at the viewport's edge its menu has no room
    field.click()
    options = page.locator('[role="option"]')
    option = options.filter(has_text=re.compile("^" + re.escape(text) + "$")) if text else options.nth(1)
    picked = option.first.inner_text()
    option.first.click()
    settle(page)
    return picked


def page_widget(page, label: str, text: str) -> None:
    main = page.locator('[data-testid="stMain"]')
    if main.locator(f'input[aria-label="{label}"]').count():
        choose(page, label, text, "stMain")
    else:  # a radio
        main.locator('[data-testid="stRadio"] label', has_text=text).first.click()
        settle(page)


def open_cold(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    assert_no_exception(page)


@pytest.fixture(scope="module")
def tab(browser):
    """One browser tab for the module's walks (a reload or a typed address starts a new session)."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    yield ctx.new_page()
    ctx.close()


def test_every_page_cold_link_and_reload_at_both_widths(tab, app_url):
    """Point 2 on every chart page: the cold link's filter is in the sidebar; a reload (at phone width)
    shows the same sidebar and the same content. Screenshots of both widths (artifacts/screenshots/)."""
    for path, title, _ in PAGES:
        tab.set_viewport_size({"width": 1440, "height": 900})
        open_cold(tab, f"{app_url}/{path}?{COLD}")
        assert title in heading(tab), path
        cold, link, drawn = sidebar(tab), tab.url, view(tab)
        assert {k: cold[k] for k in AMBON} == AMBON, (path, cold)
        shot(tab, f"tautan-{path or 'ringkasan'}-1440")
        tab.set_viewport_size({"width": 390, "height": 844})
        tab.reload()
        wait_for_app(tab)
        assert_no_exception(tab)
        assert tab.url == link and sidebar(tab) == cold and view(tab) == drawn, (path, view(tab), drawn)
        shot(tab, f"tautan-{path or 'ringkasan'}-390")
    tab.set_viewport_size({"width": 1440, "height": 900})


@pytest.mark.parametrize("path, title", [("ombudsman", "Ombudsman RI"), ("", "Ringkasan")])
def test_every_level_changed_by_hand_is_in_the_url_and_survives_a_reload(tab, app_url, path, title):
    """Point 1: the page's own choice, provinsi, kab/kota, instansi, unit, the years and the stage into the
    URL; a reload shows the same; then another page's address typed into the same tab opens that page
    (point 3)."""
    open_cold(tab, f"{app_url}/{path}?{COLD}")
    label, text, param = next(w for p, _, w in PAGES if p == path)
    page_widget(tab, label, text)  # the page's own choice keeps the cold link's filter in the URL
    assert param in tab.url and "kabkota=81.71" in tab.url and "tahun_dari=2021" in tab.url, tab.url
    choose(tab, "Provinsi", "Nusa Tenggara Timur")
    assert "provinsi=53" in tab.url and "kabkota" not in tab.url
    kab = choose(tab, "Kabupaten/Kota")
    inst = choose(tab, "Instansi")
    unit = choose(tab, "OPD / Unit kerja")
    tab.locator('[data-testid="stSidebar"] input[aria-label="Tahun — start"]').press("ArrowRight")  # 2021 -> 2022
    settle(tab)
    choose(tab, "Tahap penilaian", "Penilaian mandiri")
    assert_no_exception(tab)
    for key in (
        "provinsi=53",
        "kabkota=53.",
        "instansi=",
        "unit=",
        "tahun_dari=2022",
        "tahun_sampai=2025",
        "tahap=self",
    ):
        assert key in tab.url, (key, tab.url)
    before, drawn = sidebar(tab), view(tab)
    assert before == {
        "Provinsi": "Nusa Tenggara Timur",
        "Kabupaten/Kota": kab,
        "Instansi": inst,
        "OPD / Unit kerja": unit,
        "Tahap penilaian": "Penilaian mandiri",
        "Tahun": "2022–2025",
    }
    assert title in drawn[0]
    link = tab.url
    tab.reload()
    wait_for_app(tab)
    assert_no_exception(tab)
    assert tab.url == link and sidebar(tab) == before and view(tab) == drawn
    other = "mcp" if path else "profil_opd"
    open_cold(tab, f"{app_url}/{other}?provinsi=81")  # typed into the same tab
    assert heading(tab) == ("KPK MCP" if path else "Profil OPD")
    assert sidebar(tab)["Provinsi"] == "Maluku" and sidebar(tab)["Kabupaten/Kota"] == "Semua kabupaten/kota"


def test_a_wrong_code_in_a_link_is_said(tab, app_url):
    """Point 4 (AppTest covers the other parameters)."""
    open_cold(tab, f"{app_url}/ombudsman?provinsi=99")
    warning = tab.locator('[data-testid="stAlertContentWarning"]').first.inner_text()
    assert "provinsi=99" in warning and "semua provinsi" in warning
    assert sidebar(tab)["Provinsi"] == "Semua provinsi" and "provinsi" not in tab.url
    shot(tab, "tautan-kode-salah-1440")


def test_typed_addresses_open_their_page_with_sign_in_enabled(browser, login_app):
    """Point 3: with sign-in enabled, the sign-in cookie reader (a component) sent a rerun naming the
    default page before the browser knew the session's page: a typed /ombudsman showed Ringkasan."""
    url, _ = login_app
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    page = ctx.new_page()
    try:
        for path, title, _ in PAGES[1:]:
            open_cold(page, f"{url}/{path}?provinsi=81")
            settle(page)  # the cookie reader's rerun
            assert heading(page) == title and f"/{path}?" in page.url, (path, heading(page), page.url)
    finally:
        ctx.close()
