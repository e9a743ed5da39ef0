"""PortalRB's side of the contract: a real HTTP client against `streamlit run dashboard.py` pulls the
three endpoints; every body (answers and refusals) is validated by a JSON Schema written from the guide."""

from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import jsonschema
import pytest

from pantauzi.core import refdata, scoring
from tests.api import schemas
from tests.api.conftest import (
    LEGACY_PROPOSAL,
    LEGACY_YEAR,
    PROPOSAL,
    ROOT,
    YEAR,
    open_pengusulan,
    release_app_connection,
)

JAWABAN = schemas.jawaban_schema()


def error(srv, path, token, status, code, method="GET"):
    got, body, raw, headers = srv.get(path, token, method)
    assert got == status, (path, got, body)
    jsonschema.validate(body, schemas.ERROR)
    assert body["code"] == code
    return body, headers


def test_lists_are_exactly_the_saved_proposal(server):
    for token, instansi in (("A", "pemkot-81.71"), ("B", "kejati-81")):
        for endpoint, kinds in (("unit-wbk", ("WBK", "WBK-AFIRMASI")), ("unit-wbbm", ("WBBM",))):
            status, body, _, headers = server.get(f"/pengusulan/{endpoint}", server.tokens[token])
            assert status == 200 and headers["content-type"].startswith("application/json")
            jsonschema.validate(body, schemas.UNITS)
            assert body["tahun"] == YEAR
            want = {u: k for u, k in PROPOSAL[instansi].items() if k in kinds}
            assert {u["id"]: u["kategori"] for u in body["units"]} == want
            assert all(u["afirmasi"] == (u["kategori"] == "WBK-AFIRMASI") for u in body["units"])
    status, body, _, _ = server.get(f"/pengusulan/unit-wbk?tahun={LEGACY_YEAR}", server.tokens["A"])
    assert status == 200 and {u["id"] for u in body["units"]} == set(LEGACY_PROPOSAL["pemkot-81.71"])


def test_answers_follow_the_master_soal(server):
    jenis = schemas.master_soal()
    for unit in PROPOSAL["pemkot-81.71"]:
        status, body, _, _ = server.get(f"/lke/jawaban-unit/{unit}", server.tokens["A"])
        assert status == 200, body
        jsonschema.validate(body, JAWABAN)
        assert body["unit_id"] == unit and body["tahun"] == YEAR
        assert [a["soal_id"] for a in body["answers"]] == sorted(jenis)
        assert sum(a["jawaban_unit"] is not None for a in body["answers"]) > 100
        assert any(a["jawaban_tpi"] is not None for a in body["answers"])


def pulled_total(body, year: int, field: str) -> float:
    """The pulled answers re-scored by PantauZI's own scorer (2026 soal_id -> the year's question)."""
    from pantauzi.core import portalrb

    m = refdata.for_year(year)
    to_q = portalrb.question_of(m.key)
    values: dict[int, float | None] = {q.id: None for q in m.questions}
    spec = m.answer_types
    for a in body["answers"]:
        text = a[field]
        if text is None or a["soal_id"] not in to_q:
            continue
        q = m.question(to_q[a["soal_id"]])
        kind = spec[q.type]
        values[q.id] = float(kind["values"][text]) if kind["kind"] == "choice" else float(text)
    return scoring.score(m, values).total


@pytest.mark.parametrize("year", [YEAR, LEGACY_YEAR])
def test_pulled_answers_rescore_to_the_stored_totals(server, year):
    """2026 answers map one-to-one, 90/2021 answers by legacy_row: both give the stored total exactly."""
    units = PROPOSAL["pemkot-81.71"] if year == YEAR else LEGACY_PROPOSAL["pemkot-81.71"]
    compared = 0
    for unit in units:
        status, body, _, _ = server.get(f"/lke/jawaban-unit/{unit}?tahun={year}", server.tokens["A"])
        assert status == 200, body
        jsonschema.validate(body, JAWABAN)
        for field, stage in (("jawaban_unit", "self"), ("jawaban_tpi", "tpi")):
            stored = server.stored.get((unit, year, stage))
            if stored is None:
                assert all(a[field] is None for a in body["answers"])
                continue
            assert pulled_total(body, year, field) == stored, (unit, year, stage)
            compared += 1
    assert compared >= len(units)


def test_round_trip_into_a_fresh_database(server, tmp_path):
    """Pulled answers of every proposed unit, ingested as jawaban-unit JSON into a database holding only
    the reference tables, give identical totals per unit and stage; ingesting them again changes nothing."""
    from loaders.portalrb_json import ingest_json
    from loaders.reference_tables import load_directory
    from pantauzi.core import config
    from pantauzi.store import db

    con = db.connect(tmp_path / "fresh.duckdb")
    try:
        load_directory(con, config.demo_dir(), demo=True)
        pulled = [(u, YEAR) for u in PROPOSAL["pemkot-81.71"]] + [
            (u, LEGACY_YEAR) for u in LEGACY_PROPOSAL["pemkot-81.71"]
        ]
        for unit, year in pulled:
            status, body, raw, _ = server.get(f"/lke/jawaban-unit/{unit}?tahun={year}", server.tokens["A"])
            assert status == 200
            f = tmp_path / f"{unit}-{year}.json"
            f.write_bytes(raw)
            assert {o.status for o in ingest_json(con, f, unit, year)} == {"loaded"}
            assert {o.status for o in ingest_json(con, f, unit, year)} == {"unchanged"}
        with db.cursor(con) as cur:
            fresh = {
                (u, y, s): t
                for u, y, s, t in cur.execute("SELECT unit_code, year, stage, total FROM lke_current").fetchall()
            }
    finally:
        con.close()
    want = {k: v for k, v in server.stored.items() if (k[0], k[1]) in set(pulled)}
    assert want and fresh == want


def test_retries_get_the_same_body(server):
    """PortalRB retries at 0, 60 and 120 s: the same request gives the same bytes (nothing changes)."""
    bodies = {server.get("/lke/jawaban-unit/81.71-DINKES", server.tokens["A"])[2] for _ in range(3)}
    assert len(bodies) == 1
    lists = {server.get("/pengusulan/unit-wbk", server.tokens["A"])[2] for _ in range(3)}
    assert len(lists) == 1


def test_every_error_status(server):
    a = server.tokens["A"]
    error(server, "/pengusulan/unit-wbk", None, 401, "UNAUTHORIZED")
    error(server, "/pengusulan/unit-wbk", "bukan-token", 401, "UNAUTHORIZED")
    error(server, "/lke/jawaban-unit/81.71-DINKES", server.tokens["REVOKED"], 401, "UNAUTHORIZED")
    error(server, "/lke/jawaban-unit/81-KEJATI", a, 403, "FORBIDDEN")
    error(server, "/lke/jawaban-unit/TIDAK-ADA", a, 404, "DATA_NOT_FOUND")
    error(server, "/lke/jawaban-unit/81.71-DINKES?tahun=2019", a, 404, "DATA_NOT_FOUND")
    error(server, "/lke/jawaban-unit/81.71-INSPEKTORAT", a, 404, "DATA_NOT_FOUND")  # not proposed
    error(server, "/lke/jawaban-unit/81.71-DINKES?tahun=dua", a, 422, "VALIDATION_ERROR")
    error(server, "/lke/jawaban-unit/81.71-DINKES?unit=x", a, 422, "VALIDATION_ERROR")
    error(server, "/lke/jawaban-unit/bad%20id", a, 422, "VALIDATION_ERROR")
    error(server, "/pengusulan/unit-wbk", a, 405, "METHOD_NOT_ALLOWED", method="POST")
    error(server, "/tidak-ada", a, 404, "NOT_FOUND")
    body, _ = error(server, f"/lke/jawaban-unit/{server.broken_unit}", server.tokens["C"], 500, "INTERNAL_ERROR")
    assert "Error" not in body["message"] and "/" not in body["message"]


def test_rate_limit_per_token(server):
    rl = server.tokens["RL"]  # 3 calls per minute
    assert [server.get("/pengusulan/unit-wbk", rl)[0] for _ in range(3)] == [200, 200, 200]
    body, headers = error(server, "/pengusulan/unit-wbk", rl, 429, "RATE_LIMIT_EXCEEDED")
    assert 1 <= int(headers["retry-after"]) <= 60
    # another token of the same instansi is not limited by it
    assert server.get("/pengusulan/unit-wbk", server.tokens["A"])[0] == 200


def test_instansi_a_never_sees_b(server):
    a, b = server.tokens["A"], server.tokens["B"]
    for unit in PROPOSAL["kejati-81"]:
        assert server.get(f"/lke/jawaban-unit/{unit}", a)[0] == 403
    for unit in PROPOSAL["pemkot-81.71"]:
        assert server.get(f"/lke/jawaban-unit/{unit}", b)[0] == 403
    for endpoint in ("unit-wbk", "unit-wbbm"):
        ids = {u["id"] for u in server.get(f"/pengusulan/{endpoint}", a)[1]["units"]}
        assert not ids & set(PROPOSAL["kejati-81"])


def test_responses_carry_no_server_paths(server):
    paths = [str(ROOT), str(server.db.parent), "/tmp", ".py", "Traceback"]
    for path, token in (
        ("/lke/jawaban-unit/81.71-DINKES", server.tokens["A"]),
        (f"/lke/jawaban-unit/{server.broken_unit}", server.tokens["C"]),
        ("/tidak-ada", None),
        ("/lke/jawaban-unit/x?tahun=abc", server.tokens["A"]),
    ):
        raw = server.get(path, token)[2].decode()
        assert not [p for p in paths if p in raw], (path, raw[:200])


def test_access_log_and_pengusulan_page_after_the_pulls(server, monkeypatch):
    """Stops the server (the last test of the module): every call is in the log, no token anywhere in
    it or in the server output; the page shows the last pull, then a change since it."""
    dinkes = server.get("/lke/jawaban-unit/81.71-DINKES", server.tokens["A"])[1]
    output = server.stop()
    for token in server.tokens.values():
        assert token not in output
    con = duckdb.connect(str(server.db))
    try:
        rows = con.execute("SELECT * FROM portalrb_access_log").fetchall()
        text = json.dumps([list(map(str, r)) for r in rows])
        assert rows and not [t for t in server.tokens.values() if t in text]
        hashes = [r[0] for r in con.execute("SELECT token_sha256 FROM portalrb_tokens").fetchall()]
        assert not set(hashes) & set(server.tokens.values())
        statuses = {r[0] for r in con.execute("SELECT DISTINCT status FROM portalrb_access_log").fetchall()}
        assert {200, 401, 403, 404, 405, 422, 429, 500} <= statuses
        assert con.execute("SELECT min(bytes) FROM portalrb_access_log").fetchall()[0][0] > 0
        unauth = con.execute("SELECT count(*) FROM portalrb_access_log WHERE status = 401 AND token_id IS NULL")
        assert unauth.fetchall()[0][0] >= 3
    finally:
        con.close()
    monkeypatch.setenv("PANTAUZI_DB", str(server.db))
    monkeypatch.setenv("PANTAUZI_AUTH", str(server.auth))
    at = open_pengusulan(server.auth)
    at.selectbox(key="usul_instansi").set_value("pemkot-81.71").run()
    table = at.dataframe[0].value.set_index("Kode")
    assert table.loc["81.71-DINKES", "Status"] == "sama dengan yang ditarik"
    assert table.loc["81.71-DINKES", "Hasil tarikan"] == "200"
    assert table.loc["81.71-DINKES", "Terakhir ditarik (WIB)"] != ""  # the agency's zone
    assert table.loc["81.71-INSPEKTORAT", "Status"] == ""
    release_app_connection(server.db)
    # the unit's answers change after the pull (a TPI answer ingested from JSON)
    changed = dinkes
    first = next(a for a in changed["answers"] if a["jawaban_tpi"] in ("Ya", "Tidak"))
    first["jawaban_tpi"] = "Tidak" if first["jawaban_tpi"] == "Ya" else "Ya"
    f = server.db.parent / "dinkes.json"
    f.write_text(json.dumps(changed), encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "loaders",
            "ingest-json",
            str(f),
            "--db",
            str(server.db),
            "--unit",
            "81.71-DINKES",
            "--year",
            str(YEAR),
            "--stage",
            "tpi",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    at = open_pengusulan(server.auth)
    at.selectbox(key="usul_instansi").set_value("pemkot-81.71").run()
    table = at.dataframe[0].value.set_index("Kode")
    assert table.loc["81.71-DINKES", "Status"] == "berubah sejak ditarik PortalRB"
    assert table.loc["81.71-BPPRD", "Status"] == "sama dengan yang ditarik"
    # and a change of the list itself
    from tests.api.conftest import save_through_page

    save_through_page(at, "pemkot-81.71", YEAR, {"81.71-DINKES": "WBK"})
    assert any("Daftar WBK: berubah sejak ditarik PortalRB" in w.value for w in at.warning)
    release_app_connection(server.db)
