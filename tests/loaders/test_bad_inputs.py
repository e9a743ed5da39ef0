"""Bad input through the ingest path (issue 5): each gets a clear Indonesian message and changes nothing stored.

Every file is built inside the test. Each case calls ``ingest_lke`` on a database that already holds one
submission (so "nothing changed" is checked against non-empty tables; tests/support/stored.py) and compares
the row count of every table in ``information_schema`` before and after. Files too big (size limit, ZIP bombs,
a 100k-row junk sheet) are in tests/loaders/test_oversized_inputs.py, a hostile unit name on the pages in
tests/pages/test_hostile_names.py, two writers at the same moment in tests/store/test_concurrent_writers.py.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

import loaders.workbook
from loaders.ingest import ingest_lke
from tests.lke_helpers import REAL, real_copy, save_workbook, write_zip, zip_members
from tests.support.stored import UNIT, YEAR, counts, refused

BASE_TOTAL = 95.63260073260074  # the real workbook's recomputed total (see test_lke_quirks)
HYPERLINK = '=HYPERLINK("http://x","klik")'
DDE = "=cmd|' /C calc'!A0"


# ---------------------------------------------------------------- database fixtures
@pytest.fixture()
def con(stored_con):
    """This test's own copy of the database holding one submission (tests/support/stored.py)."""
    return stored_con


# ---------------------------------------------------------------- file builders
def real_file(tmp: Path) -> Path:
    """The real workbook, valid in itself (for refusals of the unit/year it is stored for)."""
    return shutil.copyfile(REAL, tmp / "lke.xlsx")


def csv_renamed(tmp: Path) -> Path:
    p = tmp / "rekap-nilai.xlsx"
    p.write_text("unit;tahun;nilai\nDPMPTSP;2024;80,5\n", encoding="utf-8")
    return p


def pdf_renamed(tmp: Path) -> Path:
    p = tmp / "lhe-2024.xlsx"
    p.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    return p


def docx_renamed(tmp: Path) -> Path:
    """A valid ZIP (an OOXML Word document) that is not a workbook."""
    return write_zip(
        tmp / "surat.xlsx", [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]
    )


def corrupt_zip(tmp: Path) -> Path:
    p = tmp / "rusak.xlsx"
    p.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 40)
    return p


def truncated_zip(tmp: Path) -> Path:
    data = REAL.read_bytes()
    p = tmp / "terpotong.xlsx"
    p.write_bytes(data[: len(data) // 2])
    return p


def corrupt_lke_part(tmp: Path) -> Path:
    """Central directory intact, but the compressed bytes of the 'LKE ZI' sheet part are damaged."""
    raw = bytearray(REAL.read_bytes())
    with zipfile.ZipFile(REAL) as z:
        info = z.getinfo("xl/worksheets/sheet3.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + 200
    for k in range(start, start + 500):
        raw[k] ^= 0x5A
    p = tmp / "bagian-rusak.xlsx"
    p.write_bytes(bytes(raw))
    return p


def encrypted_ole(tmp: Path) -> Path:
    """A minimal OLE2 compound file shaped like a password-protected .xlsx.

    Excel saves an encrypted workbook not as a ZIP but as an OLE2/CFB container (magic D0 CF 11 E0 A1 B1 1A E1)
    holding an 'EncryptionInfo' stream (version 4.4 = agile: an XML descriptor of the AES key) and an
    'EncryptedPackage' stream (8-byte plaintext size + the AES-encrypted ZIP) — MS-OFFCRYPTO. This builds that
    layout by hand (v3 header, one FAT sector, one directory sector, two 4 KiB streams); the ciphertext is
    filler. The loader cannot tell it from a legacy .xls, and must refuse both with the same advice.
    """
    sec = 512
    end, free, fatsect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    info = struct.pack("<HHI", 4, 4, 0x40) + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption xmlns='
        b'"http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" '
        b'keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" '
        b'hashAlgorithm="SHA512"/></encryption>'
    )
    info = info.ljust(4096, b"\0")
    package = struct.pack("<Q", 71796) + bytes((i * 73 + 41) % 256 for i in range(4088))
    header = bytearray(sec)
    header[0:8] = loaders.workbook.OLE_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0]: the FAT is sector 0
    header[80:sec] = b"\xff" * (sec - 80)
    fat = [fatsect, end] + [*range(3, 10), end] + [*range(11, 18), end]
    fat += [free] * (sec // 4 - len(fat))

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        e = bytearray(128)
        n = name.encode("utf-16-le") + b"\0\0"
        e[: len(n)] = n
        struct.pack_into("<HBB III", e, 64, len(n), kind, 1, left, right, child)
        struct.pack_into("<II", e, 116, start, size)
        return bytes(e)

    directory = (
        entry("Root Entry", 5, nostream, nostream, 1, end, 0)
        + entry("EncryptionInfo", 2, nostream, 2, nostream, 2, len(info))
        + entry("EncryptedPackage", 2, nostream, nostream, nostream, 10, len(package))
        + bytes(128)
    )
    p = tmp / "dilindungi-sandi.xlsx"
    p.write_bytes(bytes(header) + struct.pack(f"<{sec // 4}I", *fat) + directory + info + package)
    return p


def skm_survey(tmp: Path) -> Path:
    """Another instrument: a Survei Kepuasan Masyarakat tabulation (9 unsur, 1-4 scale)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "SKM 2024"
    ws.append(["SURVEI KEPUASAN MASYARAKAT (PermenPANRB 14/2017)"])
    ws.append(["No. Responden"] + [f"U{i}" for i in range(1, 10)])
    for r in range(1, 60):
        ws.append([r] + [(r * k) % 4 + 1 for k in range(1, 10)])
    rekap = wb.create_sheet("Rekap IKM")
    rekap.append(["Unsur pelayanan", "Nilai rata-rata", "Mutu"])
    for k, name in enumerate(["Persyaratan", "Prosedur", "Waktu pelayanan", "Biaya/tarif"], 1):
        rekap.append([name, 3.1 + k / 10, "B"])
    return save_workbook(wb, tmp / "skm-2024.xlsx")


def budget_table(tmp: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "RKA 2024"
    ws.append(["Kode Rekening", "Uraian", "Volume", "Satuan", "Harga", "Jumlah"])
    for i in range(200):
        ws.append([f"5.1.02.{i:02d}", f"Belanja barang {i}", i + 1, "paket", 250000, (i + 1) * 250000])
    wb.create_sheet("Lampiran")
    return save_workbook(wb, tmp / "anggaran.xlsx")


def empty_lke_sheet(tmp: Path) -> Path:
    """The template's sheet name with nothing in it."""
    wb = openpyxl.Workbook()
    wb.active.title = "LKE ZI"
    wb.active["A1"] = "LEMBAR KERJA EVALUASI ZONA INTEGRITAS"
    return save_workbook(wb, tmp / "kosong.xlsx")


def with_text_cells(tmp: Path, cells: dict[str, str], name: str) -> Path:
    """The real workbook with cells holding text that *looks like* a formula (Excel's '=... typed as text,
    what a CSV export or a pasted value leaves): stored as a string, never as a formula."""
    wb = openpyxl.load_workbook(REAL, data_only=True)
    ws = wb["LKE ZI"]
    for ref, text in cells.items():
        cell = ws[ref]
        cell.value = text
        cell.data_type = "s"  # openpyxl would otherwise write a leading '=' as a formula
        cell.quotePrefix = True
    return save_workbook(wb, tmp / name)


# ---------------------------------------------------------------- 1, 2, 3, 10, 11: the refusal table
REFUSALS = [
    # id, builder, unit, year, words that must appear in the message
    ("csv-renamed", csv_renamed, UNIT, YEAR, ["bukan berkas Excel .xlsx", "teks/CSV"]),
    ("pdf-renamed", pdf_renamed, UNIT, YEAR, ["bukan berkas Excel .xlsx", "PDF"]),
    ("docx-renamed", docx_renamed, UNIT, YEAR, ["bukan workbook Excel"]),
    ("corrupt-zip", corrupt_zip, UNIT, YEAR, ["ZIP rusak atau terpotong"]),
    ("truncated-zip", truncated_zip, UNIT, YEAR, ["ZIP rusak atau terpotong"]),
    ("password-ole2", encrypted_ole, UNIT, YEAR, ["dilindungi kata sandi", ".xls", "simpan sebagai .xlsx"]),
    ("skm-survey", skm_survey, UNIT, YEAR, ["tidak ditemukan lembar LKE ZI", "'SKM 2024', 'Rekap IKM'"]),
    ("budget-table", budget_table, UNIT, YEAR, ["tidak ditemukan lembar LKE ZI", "'RKA 2024', 'Lampiran'"]),
    ("empty-lke-sheet", empty_lke_sheet, UNIT, YEAR, ["tidak ditemukan lembar LKE ZI", "'LKE ZI'"]),
    ("year-1999", real_file, UNIT, 1999, ["tahun 1999 di luar rentang"]),
    ("year-2100", real_file, UNIT, 2100, ["tahun 2100 di luar rentang"]),
    ("unknown-unit", real_file, "99.99-FIKTIF", YEAR, ["kode unit '99.99-FIKTIF' tidak dikenal"]),
    ("unit-not-active-yet", real_file, UNIT, 2017, ["unit '81.71-DPMPTSP' tidak aktif", "2017"]),
]


@pytest.mark.parametrize("builder, unit, year, words", [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_refused_with_a_clear_message_and_nothing_stored(con, tmp_path, builder, unit, year, words):
    err = refused(con, builder(tmp_path), unit, year)
    text = err.render()
    for w in words:
        assert w in text, text


def test_damaged_sheet_part_is_refused_and_nothing_stored(con, tmp_path):
    refused(con, corrupt_lke_part(tmp_path))


def test_damaged_sheet_part_message_says_damaged(con, tmp_path):
    text = refused(con, corrupt_lke_part(tmp_path)).render()
    assert "tidak ditemukan lembar LKE ZI" not in text
    assert "rusak" in text and "LKE ZI" in text


def test_the_ole2_builder_makes_a_compound_file(tmp_path):
    """The password-protected stand-in really is a CFB with the two MS-OFFCRYPTO streams."""
    data = encrypted_ole(tmp_path).read_bytes()
    assert data[:8] == bytes.fromhex("D0CF11E0A1B11AE1") and len(data) == 512 * 19
    assert "EncryptionInfo".encode("utf-16-le") in data and "EncryptedPackage".encode("utf-16-le") in data


# ---------------------------------------------------------------- 4: .xlsm with a VBA project
def test_xlsm_with_macros_is_stored_as_data_only_with_a_warning(con, tmp_path):
    members = []
    for name, data in zip_members(real_copy(tmp_path)):
        if name == "[Content_Types].xml":
            data = data.replace(b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")
            data = data.replace(
                b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
            )
        members.append((name, data))
    # a vbaProject.bin is itself an OLE2 file; its content is never looked at, only its presence
    members.append(("xl/vbaProject.bin", loaders.workbook.OLE_MAGIC + b'Sub Auto_Open(): Shell "calc"' * 20))
    path = write_zip(tmp_path / "dengan-makro.xlsm", members)
    before = counts(con)
    [out] = ingest_lke(con, path, UNIT, YEAR, "self")
    after = counts(con)
    assert out.status == "loaded" and out.total == pytest.approx(BASE_TOTAL)
    warned = [w.render() for w in out.result.warnings if w.cell is None]
    assert any("makro" in w and "tidak pernah dijalankan" in w and "dengan-makro.xlsm" in w for w in warned)
    for t in ("lke_submissions", "imports", "stored_files", "lke_scores"):
        assert after[t] == before[t] + 1, t
    assert after["lke_answers"] > before["lke_answers"]
    stored = con.execute(
        "SELECT f.message FROM lke_findings f JOIN lke_submissions s ON s.id = f.submission_id "
        "WHERE s.file_name = 'dengan-makro.xlsm' AND f.kind = 'warning' AND f.cell IS NULL"
    ).fetchall()
    assert any("tidak pernah dijalankan" in m for (m,) in stored)


# ---------------------------------------------------------------- 8: formula-looking text
@pytest.mark.parametrize(
    "cell, text, words",
    [
        ("K9", HYPERLINK, "di luar pilihan yang sah"),  # a choice question
        ("K9", DDE, "di luar pilihan yang sah"),
        ("K202", DDE, "jawaban harus berupa angka"),  # the IPAK index
        ("K202", HYPERLINK, "jawaban harus berupa angka"),
    ],
)
def test_formula_text_in_an_answer_cell_is_an_invalid_answer(con, tmp_path, cell, text, words):
    err = refused(con, with_text_cells(tmp_path, {cell: text}, "rumus-teks.xlsx"))
    [problem] = [p for p in err.problems if p.cell == cell]
    assert problem.sheet == "LKE ZI" and words in problem.message
    assert problem.found == text  # reported literally, never evaluated
    rendered = err.render()
    assert f"lembar 'LKE ZI', sel {cell}" in rendered and text in rendered


def test_formula_text_in_note_and_evidence_cells_is_stored_literally(con, tmp_path):
    path = with_text_cells(tmp_path, {"O8": HYPERLINK, "P8": DDE, "P9": "<img src=x onerror=alert(1)>"}, "catatan.xlsx")
    [out] = ingest_lke(con, path, UNIT, YEAR, "self")
    assert out.total == pytest.approx(BASE_TOTAL)
    rows = dict(
        (
            (c, (n, e))
            for c, n, e in con.execute(
                "SELECT cell, note, evidence FROM lke_answers WHERE submission_id = ? AND cell IN ('K8', 'K9')",
                [out.submission_id],
            ).fetchall()
        )
    )
    assert rows["K8"] == (HYPERLINK, DDE)
    assert rows["K9"][1] == "<img src=x onerror=alert(1)>"
