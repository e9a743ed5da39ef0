"""`python -m loaders ingest-json`: the jawaban-unit JSON as a submission, with the Excel loaders'
guarantees (errors naming the soal_id, nothing stored on error, idempotent)."""

from __future__ import annotations

import json
import shutil

import pytest

from loaders import upload
from loaders.__main__ import main as loaders_main
from pantauzi.core import portalrb
from pantauzi.store import db
from pantauzi.store import portalrb_queries as q

UNIT = "81.71-DINKES"


@pytest.fixture()
def own_db(demo_db, tmp_path):
    path = tmp_path / "json.duckdb"
    shutil.copyfile(demo_db, path)
    return path


def body_of(path, unit: str, year: int) -> dict:
    con = db.connect(path)
    try:
        with db.cursor(con) as cur:
            stages = q.stage_answers(cur, unit, year)
            name = q.unit(cur, unit)
    finally:
        con.close()
    assert name is not None
    answers = portalrb.answers(stages.get("self"), stages.get("tpi"))
    return {"unit_id": unit, "nama_unit": name[0], "tahun": year, "answers": answers}


def counts(path) -> tuple[int, int, int]:
    con = db.connect(path)
    try:
        with db.cursor(con) as cur:
            return tuple(
                int(cur.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0])
                for t in ("lke_submissions", "imports", "lke_answers")
            )
    finally:
        con.close()


def ingest(path, f, *extra, year=2026):
    return loaders_main(["ingest-json", str(f), "--db", str(path), "--unit", UNIT, "--year", str(year), *extra])


@pytest.mark.parametrize("year", [2026, 2024])
def test_the_same_answers_again_change_nothing(own_db, tmp_path, capsys, year):
    f = tmp_path / "j.json"
    f.write_text(json.dumps(body_of(own_db, UNIT, year)), encoding="utf-8")
    before = counts(own_db)
    assert ingest(own_db, f, year=year) == 0
    first = capsys.readouterr().out
    assert "tahap self" in first and "tahap tpi" in first
    # the stored version came from a workbook: the JSON is a new version with the same totals
    assert counts(own_db)[0] == before[0] + 2
    assert ingest(own_db, f, year=year) == 0
    assert capsys.readouterr().out.count("tidak berubah:") == 2
    assert counts(own_db)[0] == before[0] + 2


@pytest.mark.parametrize(
    "change, where, text",
    [
        (lambda b: b["answers"][1].update(jawaban_unit="Q"), "soal_id 2.jawaban_unit", "di luar pilihan"),
        (lambda b: b["answers"][0].update(jawaban_tpi="ya banget"), "soal_id 1.jawaban_tpi", "di luar pilihan"),
        (lambda b: b["answers"][4].update(soal_id=500), "answers[4].soal_id", "bukan soal master 2026"),
        (lambda b: b["answers"][5].update(soal_id=5), "soal_id 5", "lebih dari sekali"),
        (lambda b: b["answers"][7].update(catatan_unit=12), "soal_id 8.catatan_unit", "teks atau null"),
        (lambda b: b["answers"][7].update(nilai="A"), "soal_id 8.nilai", "tidak dikenal"),
        (lambda b: b.update(tahun=2025), "tahun", "bukan 2026"),
        (lambda b: b.update(unit_id="81.71-BPPRD"), "unit_id", "bukan '81.71-DINKES'"),
    ],
)
def test_a_wrong_answer_is_named_and_nothing_is_stored(own_db, tmp_path, capsys, change, where, text):
    body = body_of(own_db, UNIT, 2026)
    change(body)
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(body), encoding="utf-8")
    before = counts(own_db)
    assert ingest(own_db, f) == 2
    err = capsys.readouterr().err
    assert f"sel {where}:" in err and text in err, err
    assert counts(own_db) == before


def test_count_and_survey_answers_are_checked(own_db, tmp_path, capsys):
    bank = portalrb.bank()
    body = body_of(own_db, UNIT, 2026)
    survey = next(q.id for q in bank.questions if q.type == "NILAI_0_4")
    count = next(q.id for q in bank.questions if q.type == "JUMLAH")
    for a in body["answers"]:
        if a["soal_id"] == survey:
            a["jawaban_unit"] = "5"
        if a["soal_id"] == count:
            a["jawaban_unit"] = "-3"
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(body), encoding="utf-8")
    assert ingest(own_db, f) == 2
    err = capsys.readouterr().err
    assert f"soal_id {survey}.jawaban_unit" in err and "antara 0 dan 4" in err
    assert f"soal_id {count}.jawaban_unit" in err and "tidak boleh negatif" in err


def test_not_json_and_no_answers(own_db, tmp_path, capsys):
    f = tmp_path / "x.json"
    f.write_text("{bukan json", encoding="utf-8")
    assert ingest(own_db, f) == 2
    assert "bukan JSON" in capsys.readouterr().err
    empty = body_of(own_db, UNIT, 2026)
    for a in empty["answers"]:
        a["jawaban_unit"] = a["jawaban_tpi"] = None
    f.write_text(json.dumps(empty), encoding="utf-8")
    assert ingest(own_db, f) == 2
    assert "tidak ada satu pun jawaban" in capsys.readouterr().err


def test_the_upload_page_flow_takes_the_json(own_db, tmp_path):
    """loaders.upload (the Unggah Data page's flow) previews and saves the same JSON."""
    from pantauzi.core import access

    content = json.dumps(body_of(own_db, UNIT, 2026)).encode()
    p = upload.preview(content, "dinkes.json", tmp_path)
    assert p.ok and p.layout == "portalrb-json" and p.detected == {"unit": UNIT, "year": "2026"}
    admin = access.User("adi", "Adi", "admin")
    con = db.connect(own_db)
    try:
        with pytest.raises(upload.WorkbookRejected, match="hanya memuat tahun 2026"):
            upload.save(con, admin, p, UNIT, 2025, None)
        assert {o.stage for o in upload.save(con, admin, p, UNIT, 2026, None)} == {"self", "tpi"}
        assert {o.status for o in upload.save(con, admin, p, UNIT, 2026, None)} == {"unchanged"}
    finally:
        con.close()
