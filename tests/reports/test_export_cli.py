"""`python -m reports.export`: the selection's data to a file, streamed, with its row count."""

from __future__ import annotations

import pyarrow.parquet as pq

from reports.export import main


def test_export_writes_the_file_and_says_the_row_count(demo_db, tmp_path, capsys):
    out = tmp_path / "jawaban.parquet"
    args = ["--db", str(demo_db), "--level", "jawaban", "--format", "parquet", "--out", str(out)]
    assert main([*args, "--kabkota", "81.71", "--tahun-dari", "2024", "--tahun-sampai", "2024"]) == 0
    table = pq.read_table(out)
    said = capsys.readouterr().out
    assert table.num_rows > 0 and f"{table.num_rows:,}".replace(",", ".") + " baris" in said
    assert set(table.column("year").to_pylist()) == {2024}
    assert {r.startswith("81.71") for r in table.column("region_code").to_pylist()} == {True}
    assert not list(tmp_path.glob("*.sebagian"))
    assert main(["--db", str(tmp_path / "tidak-ada.duckdb"), *args[2:]]) == 2
    assert "tidak ditemukan" in capsys.readouterr().err
