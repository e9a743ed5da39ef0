"""What every PantauZI PDF shares: the A4 page with a Unicode font (DejaVu Sans), text that survives it
(characters the font lacks dropped on purpose, long words breakable), tables that stay on one page, and
the pages' plotly figures exported by kaleido in the colours the pages show."""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from fpdf import FPDF
from fpdf.fonts import FontFace

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# Streamlit's categorical palette (light theme): the colours the pages' charts are drawn in. In the app
# process plotly's default template is Streamlit's, whose colorway holds placeholders (#000001 …) that only
# the browser replaces: exported as they are, every line would be black.
PAGE_COLORWAY = (
    "#0068c9",
    "#83c9ff",
    "#ff2b2b",
    "#ffabab",
    "#29b09d",
    "#7defa1",
    "#ff8700",
    "#ffd16a",
    "#6d3fc0",
    "#d5dae5",
)
TEXT = "#31333f"
GRID = "#e6eaf1"
# a run of this many letters without a place to break is given break opportunities after / _ . = & ?
LONG_WORD = 28
_BREAK_AFTER = re.compile(r"([/_.=&?\\])(?=\S)")
_ZWSP = "\u200b"


@cache
def _glyphs() -> frozenset[int]:
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    return frozenset(TTFont(str(FONT_DIR / "DejaVuSans.ttf")).getBestCmap())


def printable(text: str) -> str:
    """`text` as the PDF can show it: characters DejaVu Sans has no glyph for (colour emoji such as ✅ or
    🏆, variation selectors) dropped deliberately, spaces they leave collapsed, and words longer than
    LONG_WORD letters (URLs, file paths) given break points after / _ . so lines wrap there, not mid-letter."""
    glyphs = _glyphs()
    kept = "".join(ch for ch in text if ch in "\n\t" or (ord(ch) in glyphs and not 0xFE00 <= ord(ch) <= 0xFE0F))
    if len(kept) != len(text):
        kept = re.sub(r"[ ]{2,}", " ", kept)
    return " ".join(_BREAK_AFTER.sub(r"\1" + _ZWSP, w) if len(w) > LONG_WORD else w for w in kept.split(" "))


class Document(FPDF):
    """A4 portrait, DejaVu Sans, a footer with the title and 'Halaman n dari N'."""

    def __init__(self, title: str, footer: bool = True):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.title_text = title
        self.with_footer = footer
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=18)
        self.alias_nb_pages()
        self.set_title(title)
        self.set_creator("PantauZI")

    def normalize_text(self, text: str) -> str:
        """Every text written goes through here: see `printable`."""
        return super().normalize_text(printable(text))

    def multi_cell(self, *args: Any, **kwargs: Any) -> Any:
        """As FPDF's, but every paragraph starts at the left margin on a new line."""
        kwargs.setdefault("new_x", "LMARGIN")
        kwargs.setdefault("new_y", "NEXT")
        return super().multi_cell(*args, **kwargs)

    def footer(self) -> None:
        if not self.with_footer:
            return
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(110)
        self.cell(0, 6, f"{self.title_text} · Halaman {self.page_no()} dari {{nb}}", align="C")
        self.set_text_color(0)

    @property
    def room(self) -> float:
        """mm left above the bottom margin of the current page."""
        return float(self.page_break_trigger - self.get_y())

    def keep(self, height: float) -> None:
        """Start a new page unless `height` mm still fit on this one (keep a block together)."""
        if self.room < height:
            self.add_page()

    def heading(self, text: str, size: int = 13, keep: float = 40) -> None:
        """A section heading, never alone at the bottom of a page: `keep` mm must follow it."""
        self.keep(keep + 10)
        self.ln(2)
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, 7, text)
        self.set_font("DejaVu", "", 10)

    def para(self, text: str, size: float = 10, bold: bool = False, height: float | None = None) -> None:
        self.set_font("DejaVu", "B" if bold else "", size)
        self.multi_cell(0, height or size * 0.55, text)

    def data_table(
        self,
        header: list[str],
        rows: list[list[str]],
        widths: list[float],
        size: float = 8.5,
        align: list[str] | None = None,
        fills: dict[int, tuple[int, int, int]] | None = None,
        line_height: float = 4.6,
    ) -> None:
        """A table with a bold shaded header row, kept on one page when it fits one (FPDF.table
        underneath; `fills`: row index -> background colour)."""
        self.keep(line_height * 1.6 * (len(rows) + 1) if len(rows) <= 40 else 30)
        heading = FontFace(emphasis="BOLD", fill_color=(221, 235, 247))
        self.set_font("DejaVu", "", size)
        self.set_fill_color(255)  # rows are white unless `fills` says otherwise
        aligns = align or ["LEFT"] * len(header)
        with super().table(
            col_widths=widths,
            text_align=tuple(aligns),
            line_height=line_height,
            headings_style=heading,
            width=sum(widths),
            align="LEFT",
            padding=(0.6, 1.2),
        ) as t:
            r = t.row()
            for h in header:
                r.cell(h)
            for i, row in enumerate(rows):
                style = FontFace(fill_color=fills[i]) if fills and i in fills else None
                r = t.row(style=style)
                for v in row:
                    r.cell(v)
        self.ln(2)

    def image_bytes(self, png: bytes, w: float = 180, x: float | None = None, y: float | None = None) -> None:
        self.image(io.BytesIO(png), w=w, x=x, y=y)
        if x is None:
            self.ln(2)


@contextmanager
def figure_server() -> Iterator[None]:
    """One headless chromium for all figures of a report (kaleido's first image costs ~2 s, later ~0.2 s)."""
    import kaleido

    if not os.environ.get("BROWSER_PATH"):
        found = shutil.which("chromium") or shutil.which("chromium-browser")
        if found:
            os.environ["BROWSER_PATH"] = found
    # choreographer (kaleido's browser driver) logs a traceback for a browser message it skips: the
    # export goes on, so a person running the command sees no English traceback for it
    quiet = logging.getLogger("choreographer")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    kaleido.start_sync_server(silence_warnings=True)
    try:
        yield
    finally:
        kaleido.stop_sync_server(silence_warnings=True)
        quiet.setLevel(level)


def for_print(fig: go.Figure, font_size: int = 15) -> go.Figure:
    """A page's figure as printed: plotly's white template with the pages' palette (never the template
    the current process defaults to), readable fonts and axes whose labels get the margin they need."""
    fig = go.Figure(fig)
    fig.update_layout(
        template=pio.templates["plotly_white"],
        colorway=list(PAGE_COLORWAY),
        font=dict(family="DejaVu Sans, sans-serif", size=font_size, color=TEXT),
        title_font_size=font_size + 3,
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    fig.update_xaxes(automargin=True, gridcolor=GRID, linecolor="#9aa1ad", ticks="outside")
    fig.update_yaxes(automargin=True, gridcolor=GRID, linecolor="#9aa1ad", ticks="outside")
    # the pages' traces carry no colour of their own where plotly picks one: give each the palette's
    # colour explicitly so the export never depends on the template
    i = 0
    for trace in fig.data:
        if trace.type in ("scatter", "bar") and _unset_color(trace):
            color = PAGE_COLORWAY[i % len(PAGE_COLORWAY)]
            if trace.type == "scatter":
                trace.update(line_color=color, marker_color=color)
            else:
                trace.update(marker_color=color)
            i += 1
    return fig


def _unset_color(trace: Any) -> bool:
    marker = getattr(trace, "marker", None)
    line = getattr(trace, "line", None)
    return (marker is None or marker.color is None) and (line is None or line.color is None)


def png(fig: go.Figure, width: int = 900, height: int = 450) -> bytes:
    """The figure as a PNG at twice `width` × `height` pixels, in print style."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "kopts ignored when using a server"
        data: bytes = for_print(fig).to_image(format="png", width=width, height=height, scale=2)
    return data
