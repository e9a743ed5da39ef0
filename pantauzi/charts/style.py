"""The layout every figure shares, so that one figure reads on a 1440 px laptop and on a 390 px phone:
the server never learns the viewport's width, so nothing here depends on it.

- the title inside the layout, left-aligned, wrapped to a phone's width, with the top margin it needs;
- the legend horizontal below the plot (a legend beside the plot squeezes it to ~100 px on a phone);
- axes with automargin (labels are never clipped) and a capped number of year ticks;
- long category labels shortened on the axis, the full text in the hover."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence

import plotly.graph_objects as go

TITLE_CHARS = 44  # a 15 px bold title line at 390 px (the phone's plot width is ~358 px)
LABEL_CHARS = 22  # a category label on a y axis at most this long (~120 px of a phone's 358)
MAX_YEAR_TICKS = 8  # year ticks at most: more overlap on a phone
MAX_LINES = 10  # lines (and legend entries) at most in a trend: the rest become one "lainnya" line
TITLE_LINE_PX = 20
LEGEND_ROW_PX = 22
PHONE_PLOT_PX = 340  # a figure's width on a 390 px phone, less its margins


def wrap(text: str, width: int = TITLE_CHARS) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False) or [""]


def short(label: str, width: int = LABEL_CHARS) -> str:
    """A label at most `width` characters long ("…" where cut)."""
    label = str(label)
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


def short_unique(labels: Iterable[str], width: int = LABEL_CHARS) -> list[str]:
    """Shortened labels that stay distinct (a category axis merges equal labels): a region every label
    ends with dropped, labels whose shortened forms clash kept in full."""
    full = [str(v) for v in labels]
    tails = {v.rsplit(" · ", 1)[-1] for v in full if " · " in v}
    if len(tails) == 1 and all(v.endswith(" · " + next(iter(tails))) for v in full):
        full = [v.rsplit(" · ", 1)[0] for v in full]  # one region for all ("· Kota Ambon"): the filter says it
    cut = [short(v, width) for v in full]
    owners: dict[str, set[str]] = {}
    for c, v in zip(cut, full):
        owners.setdefault(c, set()).add(v)
    return [v if len(owners[c]) > 1 else c for c, v in zip(cut, full)]


def year_ticks(years: Sequence[int]) -> list[int]:
    """At most MAX_YEAR_TICKS years, evenly spaced, always the last (the focus of a trend)."""
    ys = sorted({int(y) for y in years})
    if len(ys) <= MAX_YEAR_TICKS:
        return ys
    step = math.ceil(len(ys) / MAX_YEAR_TICKS)
    return sorted({*ys[::-1][::step]})


class Marks:
    """Lines and labels over a figure, collected and then set in one layout update (`put`): plotly
    validates every shape and annotation again on each add_hline/add_vline/add_annotation, so a chart
    with a few threshold lines spent most of its build there. The dictionaries are the ones those
    methods write on a figure of one plot, so the figure is the same."""

    def __init__(self) -> None:
        self.shapes: list[dict[str, object]] = []
        self.annotations: list[dict[str, object]] = []

    def hline(self, y: float, dash: str, color: str, text: str | None = None) -> None:
        """As fig.add_hline(y, line_dash, line_color, annotation_text): across the plot, label at its right end."""
        self.shapes.append(
            dict(type="line", x0=0, x1=1, xref="x domain", y0=y, y1=y, yref="y", line=dict(color=color, dash=dash))
        )
        if text is not None:
            self.annotations.append(
                dict(showarrow=False, text=text, x=1, xanchor="right", xref="x domain", y=y, yanchor="bottom", yref="y")
            )

    def vline(self, x: float, dash: str, color: str) -> None:
        """As fig.add_vline(x, line_dash, line_color): from the plot's bottom to its top."""
        self.shapes.append(
            dict(type="line", x0=x, x1=x, xref="x", y0=0, y1=1, yref="y domain", line=dict(color=color, dash=dash))
        )

    def shape(self, **kw: object) -> None:
        self.shapes.append(kw)

    def annotation(self, **kw: object) -> None:
        self.annotations.append(kw)

    def put(self, fig: go.Figure) -> go.Figure:
        """After the figure's own shapes and annotations, in the order they were collected."""
        if self.shapes or self.annotations:
            fig.update_layout(
                shapes=[*fig.layout.shapes, *self.shapes], annotations=[*fig.layout.annotations, *self.annotations]
            )
        return fig


def year_axis(fig: go.Figure, years: Iterable[int], **kw: object) -> None:
    """Years on x: integer ticks, horizontal, at most MAX_YEAR_TICKS."""
    fig.update_xaxes(tickmode="array", tickvals=year_ticks(list(years)), tickangle=0, automargin=True, **kw)


def legend_rows(fig: go.Figure, width: int = PHONE_PLOT_PX) -> int:
    """How many rows the figure's horizontal legend takes on a phone (entries packed left to right)."""
    shown = [t for t in fig.data if t.showlegend is not False and t.name]
    if len(fig.data) <= 1 and not any(t.showlegend for t in fig.data):
        return 0  # plotly shows no legend for a single trace
    rows, used = (1 if shown else 0), 0
    groups = {t.legendgroup for t in shown if t.legendgrouptitle and t.legendgrouptitle.text}
    for t in shown:
        w = 40 + 6 * len(str(t.name))
        if used and used + w > width:
            rows, used = rows + 1, 0
        used += w
    return rows + len(groups)


def apply(
    fig: go.Figure,
    title: str,
    height: int = 420,
    top: int = 0,
    bottom: int = 10,
) -> go.Figure:
    """Title (wrapped), height, Indonesian number separators, legend below the plot, automargin axes.
    `height`: the figure without its title's extra lines and its legend (both added here, the legend
    as many rows as it takes on a phone); `top`: room above the plot besides the title (labels on a
    top axis, annotations)."""
    lines = wrap(title)
    title_px = TITLE_LINE_PX * len(lines) + 22
    legend_px = LEGEND_ROW_PX * legend_rows(fig)
    total = height + TITLE_LINE_PX * (len(lines) - 1) + legend_px
    fig.update_layout(
        title=dict(
            text="<br>".join(lines),
            x=0,
            xref="container",
            xanchor="left",
            y=1 - (6 + TITLE_LINE_PX * len(lines) / 2) / total,  # the block's middle (a multi-line title
            yref="container",  # anchored at its top is drawn a line too high)
            yanchor="middle",
            pad=dict(l=8),
            font=dict(size=15),
        ),
        height=total,
        separators=",.",
        margin=dict(l=10, r=10, t=title_px + top, b=bottom, autoexpand=True),
        # below the plot, in the container's coordinates: plotly reserves the bottom margin it takes,
        # under the x axis' labels and title
        legend=dict(title_text="", orientation="h", x=0, xref="container", y=0, yref="container", yanchor="bottom"),
        hoverlabel=dict(namelength=-1),
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def min_width(fig: go.Figure, px: int) -> go.Figure:
    """The width below which the figure is unreadable (a heatmap's cells): the page puts it in a
    container that scrolls sideways on a narrower screen (ui.page.chart reads it)."""
    fig.update_layout(meta={"min_width": int(px)})
    return fig
