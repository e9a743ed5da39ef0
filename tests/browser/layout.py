"""What a person sees of every chart and table at one viewport width, measured in Chromium: the plot
keeps its width (a legend beside it squeezed it to ~100 px on a phone), the legend sits below the plot,
titles and labels are inside the figure and do not overlap, no mode bar covers a title, a heatmap too
wide for the screen scrolls sideways instead of shrinking its cells."""

from __future__ import annotations

from tests.browser.conftest import shot

MEASURE = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return [...document.querySelectorAll('.js-plotly-plot')].map(fig => {
    const drag = fig.querySelector('.nsewdrag');
    const legend = fig.querySelector('g.legend');
    const title = fig.querySelector('.gtitle');
    const notes = [...fig.querySelectorAll('g.annotation')]
      .filter(a => a.getBoundingClientRect().width > 0)
      .map(a => ({text: a.textContent, box: box(a)}));
    const scroller = fig.closest('[class*="st-key-lebar"]');
    return {
      fig: box(fig),
      title: title ? {text: title.textContent, box: box(title)} : null,
      plot: drag ? box(drag) : null,
      legend: legend && legend.getBoundingClientRect().height > 0 ? box(legend) : null,
      notes: notes,
      modebar: fig.querySelectorAll('.modebar-btn').length,
      scroll: scroller ? [scroller.scrollWidth, scroller.clientWidth] : null,
    };
  });
}"""


def _overlap(a: list[float], b: list[float], slack: float = 1.0) -> bool:
    return a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and b[1] + slack < a[3]


def layout_problems(page, width: int) -> list[str]:
    """Everything wrong with the page's figures at the current viewport `width` (empty: nothing)."""
    problems = []
    for i, f in enumerate(page.evaluate(MEASURE)):
        name = f"figure {i + 1} ({(f['title'] or {}).get('text', '')[:40]!r})"
        left, _, right, _ = f["fig"]
        if f["modebar"]:
            problems.append(f"{name}: a mode bar over the figure")
        if f["title"] is None:
            problems.append(f"{name}: no title inside the figure")
        elif f["title"]["box"][0] < left - 1 or f["title"]["box"][2] > right + 1:
            problems.append(f"{name}: title clipped {f['title']['box']} in {f['fig']}")
        if f["plot"] is not None:
            plot_w = f["plot"][2] - f["plot"][0]
            if plot_w < 0.45 * (right - left):
                problems.append(f"{name}: plot squeezed to {plot_w:.0f} of {right - left:.0f} px")
            if f["legend"] is not None and f["legend"][1] < f["plot"][3] - 1:
                problems.append(f"{name}: legend beside or over the plot, not below it")
        notes = f["notes"] + ([f["title"]] if f["title"] else [])
        for n in f["notes"]:
            if n["box"][0] < left - 1 or n["box"][2] > right + 1:
                problems.append(f"{name}: label {n['text']!r} clipped at the figure's edge")
        for a in range(len(notes)):
            for b in range(a + 1, len(notes)):
                if _overlap(notes[a]["box"], notes[b]["box"]):
                    problems.append(f"{name}: labels {notes[a]['text']!r} and {notes[b]['text']!r} overlap")
        if f["scroll"] is not None and width < 500 and f["scroll"][0] <= f["scroll"][1]:
            problems.append(f"{name}: a wide heatmap squeezed into {f['scroll'][1]} px instead of scrolling")
    return problems


def full_shot(page, name: str) -> None:
    """The whole page (Streamlit scrolls inside its own container: the viewport grows to the content),
    then the viewport back as it was."""
    size = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], section')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 9000)})
    page.wait_for_timeout(300)
    shot(page, name)
    page.set_viewport_size(size)


def tables_needing_a_scroll(page) -> dict[str, tuple[int, int]]:
    """Issue 19, point 13: the Ringkasan tables holding Syarat, Hilang and the "buka profil" link, by
    that column, with (content, visible) width where the table scrolls sideways (empty: all fit)."""
    tables = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(d => {
            const sc = d.querySelector('.dvn-scroller');
            return [[...d.querySelectorAll('th')].map(t => t.textContent), sc.scrollWidth, sc.clientWidth];
        })"""
    )
    found = {k: (w, v) for heads, w, v in tables for k in ("Syarat", "Hilang", "Profil") if k in heads}
    assert set(found) == {"Syarat", "Hilang", "Profil"}, found
    return {k: wv for k, wv in found.items() if wv[0] > wv[1] + 1}
