"""Issue 19 point 5: the selection's data as CSV and Parquet at every level (pantauzi.exports), each
stating the filter, the data source and the time; numbers as numbers; formulas never run."""

from __future__ import annotations

import io
import shutil

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pantauzi import exports
from pantauzi.core.filters import Filter
from pantauzi.store import db

AMBON = Filter(kabkota="81.71", tahun_dari=2021, tahun_sampai=2025)
NUMERIC = {
    "total": ["total", "pengungkit", "hasil", "pemenuhan", "reform"],
    "area": ["pemenuhan", "reform", "score", "weight", "pct_of_weight"],
    "subarea": ["weight", "score", "pct_of_weight"],
    "jawaban": ["value"],
    "ombudsman": ["score"],
    "mcp": ["score"],
}


def _expected_rows(con, level: str) -> int:
    """An independent count for AMBON: the current submissions of its units per year (the last stage)."""
    subs = (
        "SELECT s.id FROM lke_submissions s JOIN units u ON u.code = s.unit_code "
        "WHERE s.is_final AND (u.region_code = '81.71' OR u.region_code LIKE '81.71.%') AND s.year <= 2025"
    )
    table = {"total": None, "area": "lke_area_scores", "subarea": "lke_node_scores", "jawaban": "lke_answers"}
    if level == "ombudsman":
        sql = (
            "SELECT count(*) FROM ombudsman_ratings WHERE is_current AND region_code LIKE '81.71%' "
            "AND year BETWEEN 2021 AND 2025"
        )
    elif level == "mcp":
        sql = (
            "SELECT count(*) FROM mcp_scores WHERE is_current AND region_code = '81.71' AND year BETWEEN 2021 AND 2025"
        )
    elif table[level] is None:
        sql = f"SELECT count(*) FROM ({subs})"
    else:
        leaf = " AND is_leaf AND level IN ('sub_area', 'sub_sub_area', 'hasil_item')" if level == "subarea" else ""
        sql = f"SELECT count(*) FROM {table[level]} WHERE submission_id IN ({subs}){leaf}"
    return con.execute(sql).fetchall()[0][0]


@pytest.mark.parametrize("level", list(exports.LEVELS))
def test_every_level_as_csv_and_parquet_with_its_header(demo_db, level):
    con = db.connect(demo_db, read_only=True)
    try:
        expected = _expected_rows(con, level)
        assert expected > 0
        data, rows = exports.build(con, AMBON, level, "csv")
        pdata, prows = exports.build(con, AMBON, level, "parquet")
    finally:
        con.close()
    assert rows == prows == expected
    assert data.startswith("\ufeff# PantauZI ekspor data".encode())
    head, skip = exports.read_csv_header(data)
    text = "\n".join(head)
    assert "Kabupaten/Kota = Kota Ambon" in text and "Tahun = 2021-2025" in text
    assert "kabkota=81.71" in text and "Sumber data:" in text and "Dibuat: 20" in text
    assert f"Baris data: {expected}" in text
    assert all("," not in line for line in head)  # one cell each in a spreadsheet
    df = pd.read_csv(io.BytesIO(data), skiprows=skip, encoding="utf-8-sig", dtype={"region_code": str})
    assert len(df) == expected
    for col in NUMERIC[level]:
        assert pd.api.types.is_float_dtype(df[col]) or pd.api.types.is_integer_dtype(df[col]), col
    table = pq.read_table(io.BytesIO(pdata))
    meta = {k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items()}
    assert meta["pantauzi.level"] == level and meta["pantauzi.rows"] == str(expected)
    assert '"kabkota": "81.71"' in meta["pantauzi.filter"] and "Kota Ambon" in meta["pantauzi.filter_text"]
    assert meta["pantauzi.source"] and meta["pantauzi.generated_at"].startswith("20")
    assert list(table.column_names) == list(df.columns)
    for col in NUMERIC[level]:
        assert str(table.schema.field(col).type) in ("double", "int32", "int64"), col
    # the same numbers in both formats
    back = table.to_pandas()
    for col in NUMERIC[level]:
        assert back[col].fillna(-1).round(9).tolist() == df[col].fillna(-1).round(9).tolist(), col


def test_answers_carry_cell_raw_value_note_and_evidence_and_never_a_formula(demo_db, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(demo_db, path)
    con = db.connect(path)
    sid = con.execute(
        "SELECT s.id FROM lke_submissions s WHERE s.is_final AND s.unit_code = '81.71-DPMPTSP' ORDER BY year LIMIT 1"
    ).fetchall()[0][0]
    con.execute(
        "UPDATE lke_answers SET note = '=HYPERLINK(\"http://x\")', evidence = '+62 SK, 2024' "
        "WHERE submission_id = ? AND question_id = 1",
        [sid],
    )
    one = Filter(unit="81.71-DPMPTSP", tahun_dari=2021, tahun_sampai=2025)
    data, _ = exports.build(con, one, "jawaban", "csv")
    con.close()
    _, skip = exports.read_csv_header(data)
    df = pd.read_csv(io.BytesIO(data), skiprows=skip, encoding="utf-8-sig", keep_default_na=False)
    row = df[(df["submission_id"] == sid) & (df["question_id"] == 1)].iloc[0]
    assert row["note"] == '\'=HYPERLINK("http://x")' and row["evidence"] == "'+62 SK, 2024"
    assert row["cell"] and row["question_text"] and bool(row["answered"]) is True
    assert b",true," in data  # booleans as true/false
    assert pd.api.types.is_float_dtype(df["value"].replace("", None).astype(float))


def test_a_download_beyond_the_limit_says_the_row_count(demo_db):
    con = db.connect(demo_db, read_only=True)
    try:
        with pytest.raises(exports.TooLarge) as exc:
            exports.build(con, Filter(), "jawaban", "csv", limit=1000)
        assert exc.value.rows > 1000 and exc.value.limit == 1000
        out = io.BytesIO()  # the command line streams without a limit
        assert exports.write(con, Filter(), "jawaban", "parquet", out) == exc.value.rows
    finally:
        con.close()
