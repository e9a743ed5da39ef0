"""Files too big to take (issue 5, cases 5-7): over the size limit, ZIP bombs with true or lying size headers,
refused before they are inflated and with nothing stored; a 100k-row junk sheet beside the LKE sheet still loads."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

import loaders.workbook
from loaders.ingest import ingest_lke
from tests.lke_helpers import REAL, ROOT, save_workbook, write_zip, zip_members
from tests.support.stored import UNIT, YEAR, counts, refused

BASE_TOTAL = 95.63260073260074  # the real workbook's recomputed total (see test_lke_quirks)


@pytest.fixture()
def con(stored_con):
    """This test's own copy of the database holding one submission (tests/support/stored.py)."""
    return stored_con


# ---------------------------------------------------------------- 5: size limit
def _big_valid_xlsx(tmp: Path, extra_bytes: int) -> Path:
    """A valid workbook padded with an incompressible media part (a photo of evidence, say)."""
    blob = bytes((i * 2654435761 >> 7) & 0xFF for i in range(extra_bytes))
    path = tmp / "besar.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in zip_members():
            z.writestr(name, data)
        z.writestr("xl/media/image1.png", blob, compress_type=zipfile.ZIP_STORED)
    return path


def test_file_over_the_size_limit_is_refused_naming_the_limit(con, tmp_path, monkeypatch):
    monkeypatch.setattr(loaders.workbook, "MAX_FILE_BYTES", 1 * 1024 * 1024)
    path = _big_valid_xlsx(tmp_path, 1_200_000)
    text = refused(con, path).render()
    assert (
        "melebihi batas 1 MB" in text and "ukuran berkas 1,2 MB" in text
    )  # MB = 1024 × 1024 bytes, Indonesian decimal comma
    monkeypatch.undo()
    assert ingest_lke(con, path, UNIT, YEAR, "self")[0].status == "loaded"  # the same file under the default


@pytest.mark.slow  # two Python subprocesses
def test_default_size_limit_is_20_mb_and_configurable():
    code = "import loaders.workbook as w; print(w.MAX_FILE_BYTES)"
    env_default = {k: v for k, v in os.environ.items() if k != "PANTAUZI_MAX_UPLOAD_MB"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env_default, capture_output=True, text=True)
    assert int(out.stdout) == 20 * 1024 * 1024
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**env_default, "PANTAUZI_MAX_UPLOAD_MB": "5"},
    )
    assert int(out.stdout) == 5 * 1024 * 1024


def test_default_limit_is_reported_as_configured(con, tmp_path, monkeypatch):
    monkeypatch.setattr(loaders.workbook, "MAX_FILE_BYTES", 20 * 1024 * 1024)
    path = tmp_path / "sangat-besar.xlsx"
    with open(path, "wb") as fh:  # sparse: the size check comes before any read
        fh.truncate(21 * 1024 * 1024)
    assert "melebihi batas 20 MB" in refused(con, path).render()


# ---------------------------------------------------------------- 6: ZIP bombs
BOMB_PART = "xl/sharedStrings.xml"


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """The real workbook with its shared strings padded by 300 MB of blanks: ~0.3 MB packed (~1000:1).
    Built once (deflating 300 MB is most of the cost) for both bomb tests."""
    path = tmp_path_factory.mktemp("bomb") / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in zip_members():
            if name != BOMB_PART:
                z.writestr(name, data)
                continue
            with z.open(name, "w", force_zip64=False) as fh:
                fh.write(data[: data.rindex(b"<")])  # keep the XML open: the padding is its text
                chunk = b" " * (1 << 20)
                for _ in range(300):
                    fh.write(chunk)
    return path


def lying(path: Path, out: Path, declared: int = 100_000) -> Path:
    """A copy of `path` whose local and central ZIP headers declare BOMB_PART as `declared` bytes."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(BOMB_PART)
    struct.pack_into("<I", raw, info.header_offset + 22, declared)
    at = raw.find(b"PK\x01\x02")
    while at != -1:
        n = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46 : at + 46 + n] == BOMB_PART.encode():
            struct.pack_into("<I", raw, at + 24, declared)
        at = raw.find(b"PK\x01\x02", at + 4)
    out.write_bytes(bytes(raw))
    return out


def test_zip_bomb_is_refused_before_decompressing(con, tmp_path, bomb):
    path = shutil.copyfile(bomb, tmp_path / "bom.xlsx")
    assert path.stat().st_size < 1_000_000
    with zipfile.ZipFile(path) as z:
        assert z.getinfo(BOMB_PART).file_size > 300 * 1024 * 1024
    t = time.perf_counter()
    text = refused(con, path).render()
    assert time.perf_counter() - t < 2.0
    assert "terlalu besar setelah diekstrak" in text and "ditolak demi keamanan" in text


def test_zip_bomb_over_the_total_limit_is_refused(con, tmp_path, monkeypatch):
    """The absolute cap on the unzipped total, separate from the ratio (limit lowered for speed)."""
    monkeypatch.setattr(loaders.workbook, "MAX_UNZIPPED_BYTES", 300_000)
    monkeypatch.setattr(loaders.workbook, "MAX_RATIO", 10_000)
    text = refused(con, shutil.copyfile(REAL, tmp_path / "lke.xlsx")).render()
    assert "terlalu besar setelah diekstrak" in text


def test_zip_bomb_with_lying_size_headers_is_refused_quickly(con, tmp_path, bomb):
    """Declared sizes pass the size/ratio check; the reader must still not inflate 300 MB into memory."""
    path = lying(bomb, tmp_path / "bom-bohong.xlsx")
    with zipfile.ZipFile(path) as z:
        assert z.getinfo(BOMB_PART).file_size == 100_000
    t = time.perf_counter()
    text = refused(con, path).render()
    assert time.perf_counter() - t < 2.0
    assert "tidak dapat dibaca" in text or "rusak" in text


# ---------------------------------------------------------------- 7: a 100k-row junk sheet
def _sheet_xml(n_rows: int) -> bytes:
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Data pendukung baris {r}</t></is></c>'
        f'<c r="B{r}"><v>{r}</v></c><c r="C{r}"><v>{r * 2.5}</v></c></row>'
        for r in range(1, n_rows + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.'
        f'openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


def junk_workbook(tmp: Path, n_rows: int = 100_000) -> Path:
    """openpyxl write_only: the junk sheet first, then the real LKE sheet (values, renamed so the loader must
    look at the junk sheet too). The junk rows are then written straight into the sheet part: openpyxl
    needs ~3 s for 100k rows, the XML string ~0.2 s."""
    src = openpyxl.load_workbook(REAL, data_only=True, read_only=True)
    lke_rows = [list(r) for r in src["LKE ZI"].iter_rows(values_only=True)]
    src.close()
    wb = openpyxl.Workbook(write_only=True)
    wb.create_sheet("Data Pendukung").append(["placeholder"])
    lke = wb.create_sheet("Penilaian 2024")
    for row in lke_rows:
        lke.append(row)
    draft = save_workbook(wb, tmp / "draft.xlsx")
    members = [(n, _sheet_xml(n_rows) if n == "xl/worksheets/sheet1.xml" else d) for n, d in zip_members(draft)]
    return write_zip(tmp / "dengan-sampah.xlsx", members)


def test_100k_row_junk_sheet_still_finds_the_lke_sheet(con, tmp_path):
    path = junk_workbook(tmp_path)
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("xl/worksheets/sheet1.xml").file_size > 10_000_000
        assert z.read("xl/workbook.xml").index(b"Data Pendukung") < z.read("xl/workbook.xml").index(b"Penilaian")
    before = counts(con)
    t = time.perf_counter()
    [out] = ingest_lke(con, path, UNIT, YEAR, "self")
    assert time.perf_counter() - t < 5
    assert out.status == "loaded" and out.result.sheet == "Penilaian 2024"
    assert out.total == pytest.approx(BASE_TOTAL)
    assert counts(con)["lke_submissions"] == before["lke_submissions"] + 1
