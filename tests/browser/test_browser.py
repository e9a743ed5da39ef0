"""Open the running app in headless Chromium: every page, cold deep links, clicks, screenshots."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_exception, shot, wait_for_app
from tests.browser.layout import full_shot, layout_problems, tables_needing_a_scroll

pytestmark = pytest.mark.browser


def selected(page, label: str) -> str:
    """The text a sidebar selectbox shows."""
    return page.locator(f'[data-testid="stSidebar"] input[aria-label="{label}"]').input_value()


PAGES = [
    ("", "Ringkasan"),
    ("area_perubahan", "Area Perubahan"),
    ("ombudsman", "Ombudsman RI"),
    ("mcp", "KPK MCP"),
    ("profil_opd", "Profil OPD"),
]


@pytest.mark.parametrize("path, title", PAGES)
@pytest.mark.parametrize("query", ["", "?provinsi=81&tahun_dari=2022&tahun_sampai=2025"])
def test_every_page_by_cold_deep_link(page, app_url, path, title, query):
    """Each page cold, on a 1440×900 laptop and then a 390×844 phone (issue 19, point 12): no figure
    with a squeezed plot, a legend beside it, a clipped or overlapping label, a mode bar or a heatmap
    shrunk instead of scrolling; the whole page photographed at both widths."""
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{app_url}/{path}{query}")
    wait_for_app(page)
    assert_no_exception(page)
    assert title in page.locator('[data-testid="stMain"] h1').first.inner_text()
    assert page.locator(".js-plotly-plot").count() >= 1
    if query:
        assert "provinsi=81" in page.url
        assert selected(page, "Provinsi") == "Maluku"
    name = f"{path or 'ringkasan'}{'-maluku' if query else ''}"
    assert layout_problems(page, 1440) == []
    if name == "ringkasan-maluku":
        assert tables_needing_a_scroll(page) == {}
    full_shot(page, f"{name}-1440")
    page.set_viewport_size({"width": 390, "height": 844})
    # Streamlit and plotly lay out again for the new width
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')]"
        ".every(f => f.offsetWidth < 390 || f.closest('[class*=\"st-key-lebar\"]'))"
    )
    page.wait_for_timeout(300)
    assert_no_exception(page)
    assert layout_problems(page, 390) == []
    full_shot(page, f"{name}-390")


def test_click_through_navigation_keeps_the_filter(page, app_url):
    page.goto(f"{app_url}/?provinsi=53")
    wait_for_app(page)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Area Perubahan").click()
    page.wait_for_url("**/area_perubahan**")
    wait_for_app(page)
    assert_no_exception(page)
    assert "Area Perubahan" in page.locator('[data-testid="stMain"] h1').first.inner_text()
    assert selected(page, "Provinsi") == "Nusa Tenggara Timur"
    assert "provinsi=53" in page.url
    shot(page, "klik-area-perubahan")


def test_choosing_a_provinsi_updates_the_url_and_survives_reload(page, app_url, browser):
    page.goto(app_url)
    wait_for_app(page)
    page.locator('[data-testid="stSidebar"] input[aria-label="Provinsi"]').click()
    page.locator('[role="option"]', has_text="Maluku").first.click()
    page.wait_for_url("**provinsi=81**", timeout=30000)
    wait_for_app(page)
    link = page.url
    other = browser.new_page()
    other.goto(link)
    wait_for_app(other)
    assert selected(other, "Provinsi") == "Maluku"
    assert_no_exception(other)
    other.close()


def test_profile_link_from_the_three_signal_table(page, app_url):
    page.goto(f"{app_url}/profil_opd?tinjau=81.71-BPPRD&kabkota=81.71")
    wait_for_app(page)
    assert_no_exception(page)
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "Badan Pengelola Pajak" in main and "Optimalisasi Pajak Daerah" in main
    assert "tinjau=81.71-BPPRD" in page.locator('[data-testid="stPageLink"] a[href*="simulasi"]').get_attribute("href")
    shot(page, "profil-bpprd-ambon")


def test_area_page_links_to_the_unit_profile(page, app_url):
    page.goto(f"{app_url}/area_perubahan?kabkota=81.71")
    wait_for_app(page)
    page.locator('[data-testid="stPageLink"] a').first.click()
    page.wait_for_url("**/profil_opd**tinjau=**", timeout=30000)
    wait_for_app(page)
    assert_no_exception(page)
    assert "Profil OPD" in page.locator('[data-testid="stMain"] h1').first.inner_text()
    assert "kabkota=81.71" in page.url
    shot(page, "profil-dari-area")
