"""Benchmark workbooks that look like the ones evaluators send: the official LKE template as filled in
Excel (the real anonymized workbook: styles, formulas, hidden sheets, cached values), with other answers.

Only the answer cells of the 'LKE ZI' sheet XML are rewritten; every other part is copied byte for byte,
so the cached formula values stay those of the original answers and the loader has real differences to
report, as with a workbook whose formulas were not recalculated.
"""

from __future__ import annotations

import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pantauzi.core import config, refdata

REAL = config.ROOT / "tests" / "fixtures" / "lke-zi-real-anonymized.xlsx"
ANSWER_COL = "K"


@lru_cache(maxsize=1)
def _template() -> tuple[dict[str, bytes], str]:
    """All parts of the real workbook, and the part name of its 'LKE ZI' sheet."""
    with zipfile.ZipFile(REAL) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    book = parts["xl/workbook.xml"].decode()
    rid = re.search(r'<sheet [^>]*name="LKE ZI"[^>]*r:id="([^"]+)"', book).group(1)
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels
    )
    return parts, "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def _cell_xml(ref: str, style: str, value: Any) -> str:
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    return f'<c r="{ref}"{style} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def write_like_real(path: Path, answers: dict[int, Any]) -> Path:
    """The real template with `answers` (question id -> raw answer) in column K."""
    parts, sheet = _template()
    xml = parts[sheet].decode()
    m = refdata.for_layout("legacy")
    for q in m.questions:
        if not q.legacy_row:
            continue
        ref = f"{ANSWER_COL}{q.legacy_row}"
        pattern = re.compile(rf'<c r="{ref}"( s="\d+")?[^>]*?(?:/>|>.*?</c>)', re.S)
        value = answers.get(q.id)
        xml = pattern.sub(
            lambda mt, ref=ref, value=value: (
                _cell_xml(ref, mt.group(1) or "", value) if value is not None else f'<c r="{ref}"{mt.group(1) or ""}/>'
            ),
            xml,
            count=1,
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, xml.encode() if name == sheet else data)
    return path
