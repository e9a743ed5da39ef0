"""The figures the pages draw, built once per chart function and data (the page data is cached per
filter and data version, so equal data means equal figure) and shared by every session.

A figure from pantauzi.charts costs more server time than its query: plotly validates every property
it sets (add_hline, make_subplots, per-trace text) and st.plotly_chart copies it whole (`to_dict`) on
every rerun. `cached(chart, *args)` builds it on the first call, keeps its dictionary, and hands
st.plotly_chart a figure whose `to_dict` returns that dictionary: nothing is rebuilt, validated or
copied again, only encoded as JSON for the browser.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st


class BuiltFigure(go.Figure):
    """A figure already built and validated, as its dictionary (read-only: shared by the sessions)."""

    def __init__(self, spec: dict[str, Any]) -> None:  # no plotly construction: nothing to validate
        self._spec = spec

    def to_dict(self) -> dict[str, Any]:
        return self._spec

    def to_plotly_json(self) -> dict[str, Any]:
        return self._spec


@st.cache_resource(max_entries=512, show_spinner=False)
def _build(
    module: str, name: str, key: tuple[Any, ...], _args: tuple[Any, ...], _kwargs: dict[str, Any]
) -> BuiltFigure:
    import importlib

    chart = getattr(importlib.import_module(module), name)
    return BuiltFigure(chart(*_args, **_kwargs).to_dict())


def _key(value: Any) -> Any:
    """A hashable stand-in for an argument: a DataFrame by a digest of its pickle (all of its content;
    Streamlit's own hash samples frames of 50 000 rows and more, and a content hash per column costs
    more), everything else as it is. Equal frames from one cached page-data entry pickle alike; a
    frame pickled differently is only a miss, never another frame's figure."""
    if isinstance(value, pd.DataFrame):
        return ("DataFrame", hashlib.blake2b(pickle.dumps(value, protocol=5)).hexdigest())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, *map(_key, value))
    if isinstance(value, dict):
        return ("dict", *((k, _key(v)) for k, v in sorted(value.items())))
    return value


def cached(chart: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> BuiltFigure:
    """`chart(*args, **kwargs)`, built once for equal arguments (DataFrames compared by content)."""
    key = (tuple(_key(a) for a in args), _key(kwargs))
    return _build(chart.__module__, chart.__qualname__, key, args, kwargs)
