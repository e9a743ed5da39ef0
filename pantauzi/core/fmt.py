"""Indonesian number and label formatting: 95,58 and 1.234,5."""

from __future__ import annotations

import datetime
import math
import re

from pantauzi.core import vocab

READINESS = vocab.READINESS_LABELS
STAGES = vocab.STAGE_LABELS


def num(value: float | None, digits: int = 2) -> str:
    """95.576 -> '95,58'; None -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def pct(value: float | None, digits: int = 1) -> str:
    """0.6 -> '60,0%'."""
    return "–" if value is None else num(value * 100, digits) + "%"


MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
MILESTONES = vocab.MILESTONE_LABELS


def date(d: datetime.date) -> str:
    """2022-09-21 -> '21 September 2022'."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


# Streamlit renders every text element as Markdown, with its own directives (:red[..], :emoji:,
# :material/icon:) and LaTeX ($..$): in text from data each such character is escaped.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def md(text: object) -> str:
    """Text from data (names, notes, file names, messages quoting cells) safe inside Markdown: shown as
    the characters it holds, never as bold, a link, an image, a heading or a directive."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))
