"""ui.figures: a cached figure is the chart function's figure, sent as the same JSON, built once per data."""

from __future__ import annotations

import pandas as pd
import plotly.io as pio
import plotly.tools

from pantauzi.charts import lke as lke_charts
from ui import figures


def summary(shift: float = 0.0) -> pd.DataFrame:
    years = [2021, 2022, 2023]
    return pd.DataFrame(
        {
            "year": years,
            "q1": [60.0 + shift, 61.0, 62.0],
            "median": [70.0, 71.0 + shift, 72.0],
            "q3": [80.0, 81.0, 82.0 + shift],
            "mean_total": [69.5, 70.5, 71.5],
        }
    )


def spec(fig) -> str:
    """What st.plotly_chart sends: plotly.tools' figure dict, encoded without validation."""
    return pio.to_json(plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True), validate=False)


def test_cached_figure_sends_what_the_chart_function_builds():
    built = lke_charts.totals_band(summary())
    cached = figures.cached(lke_charts.totals_band, summary())
    assert spec(cached) == spec(built)
    assert '"Sebaran nilai total lintas tahun"' in spec(cached)


def test_equal_data_is_built_once_other_data_again():
    first = figures.cached(lke_charts.totals_band, summary(1.5))
    assert figures.cached(lke_charts.totals_band, summary(1.5)) is first  # a new but equal frame
    other = figures.cached(lke_charts.totals_band, summary(2.5))
    assert other is not first and spec(other) == spec(lke_charts.totals_band(summary(2.5)))
    assert spec(other) != spec(first)
