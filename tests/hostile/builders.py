"""Hostile workbooks, built inside the tests by editing the real anonymized workbook's XML (none is
committed). Sheets of the real file: sheet1.xml 'Utama', sheet2.xml 'Ctt Eval', sheet3.xml 'LKE ZI'."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.lke_helpers import REAL

PARTS = {
    "Utama": "xl/worksheets/sheet1.xml",
    "Ctt Eval": "xl/worksheets/sheet2.xml",
    "LKE ZI": "xl/worksheets/sheet3.xml",
}


def members(src: Path = REAL) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(src) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def rewrite(out: Path, edits: dict[str, Callable[[bytes], bytes]], extra: list[tuple[str, bytes, int]] = ()) -> Path:
    """The real workbook with parts passed through `edits`, plus `extra` (name, data, compression)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members():
            z.writestr(name, edits[name](data) if name in edits else data)
        for name, data, how in extra:
            z.writestr(name, data, compress_type=how)
    return out


def add_cell(xml: bytes, ref: str, value: str = "1") -> bytes:
    """One more numeric cell at `ref` in its own row at the end of sheetData."""
    row = re.match(r"[A-Z]+(\d+)", ref).group(1)
    cell = f'<row r="{row}"><c r="{ref}"><v>{value}</v></c></row>'.encode()
    return xml.replace(b"</sheetData>", cell + b"</sheetData>", 1)


def far_cell(tmp: Path, sheet: str, ref: str) -> Path:
    return rewrite(tmp / f"jauh-{ref}-{sheet.replace(' ', '_')}.xlsx", {PARTS[sheet]: lambda x: add_cell(x, ref)})


def far_cell_before_renamed_lke(tmp: Path, ref: str = "XFD1048576") -> Path:
    """The far cell in 'Utama' and the LKE sheet renamed, so the loader must look at 'Utama' first."""
    return rewrite(
        tmp / f"jauh-{ref}-Utama-lke-berganti-nama.xlsx",
        {
            PARTS["Utama"]: lambda x: add_cell(x, ref),
            "xl/workbook.xml": lambda x: x.replace(b'name="LKE ZI"', b'name="Penilaian 2024"'),
        },
    )


def damaged_sheet(tmp: Path, sheet: str = "Utama", name: str | None = None) -> Path:
    """The sheet's XML cut in the middle of a tag (not well-formed)."""

    def cut(xml: bytes) -> bytes:
        return xml[: len(xml) // 2] + b'<c r="A9"<<v>1</v></row></sheetData></worksheet>'

    return rewrite(tmp / (name or f"rusak-{sheet.replace(' ', '_')}.xlsx"), {PARTS[sheet]: cut})


def part_bomb(tmp: Path, cells: int = 12_000_000) -> Path:
    """A junk sheet of `cells` cells (~20 bytes each, deflating ~1000:1) beside the real sheets, and
    incompressible padding so that the whole archive's size and ratio pass the whole-file checks."""
    junk_xml = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.'
        b'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
        + b'<c r="A1"><v>1</v></c>' * cells
        + b"</row></sheetData></worksheet>"
    )

    def book(xml: bytes) -> bytes:
        return xml.replace(b"</sheets>", b'<sheet name="Sampah" sheetId="99" r:id="rId99"/></sheets>')

    def rels(xml: bytes) -> bytes:
        rel = (
            b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/worksheet" Target="worksheets/sheet9.xml"/>'
        )
        return xml.replace(b"</Relationships>", rel + b"</Relationships>")

    def types(xml: bytes) -> bytes:
        over = (
            b'<Override PartName="/xl/worksheets/sheet9.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        )
        return xml.replace(b"</Types>", over + b"</Types>")

    # padding: whole-archive ratio below 200:1 (deflated junk is ~1/1000 of its size)
    padding = os.urandom(len(junk_xml) // 150)
    return rewrite(
        tmp / "bom-per-bagian.xlsx",
        {"xl/workbook.xml": book, "xl/_rels/workbook.xml.rels": rels, "[Content_Types].xml": types},
        [
            ("xl/worksheets/sheet9.xml", junk_xml, zipfile.ZIP_DEFLATED),
            ("xl/media/pad.bin", padding, zipfile.ZIP_STORED),
        ],
    )
