"""Sessions never share upload copies: each has its own private folder (mode 700), removed with its last
preview or when idle too long; a copy that vanished anyway gives an Indonesian message without a path."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders import upload
from pantauzi.core import access
from pantauzi.core.problems import WorkbookRejected
from pantauzi.store import db
from tests.lke_helpers import REAL

ADMIN = access.User("adi", "Adi Admin", "admin")


def _session_script() -> None:
    """One session of the upload flow: preview the real workbook; forget it when asked."""
    import streamlit as st

    import ui
    from tests.lke_helpers import REAL

    if st.session_state.get("forget"):
        ui.upload.forget_previews(set())
    else:
        ui.upload.upload_preview(REAL.read_bytes(), "lke-dpmptsp.xlsx")


def session() -> AppTest:
    at = AppTest.from_function(_session_script, default_timeout=60).run()
    assert not at.exception
    return at


def preview_of(at: AppTest) -> upload.Preview:
    (p,) = at.session_state["_previews"].values()
    return p


@pytest.fixture()
def own_db(demo_db, tmp_path):
    path = tmp_path / "upload.duckdb"
    shutil.copyfile(demo_db, path)
    con = db.connect(path)
    yield con
    con.close()


def test_two_sessions_keep_private_copies_and_one_forgetting_leaves_the_other(own_db):
    evaluator, admin = session(), session()
    pe, pa = preview_of(evaluator), preview_of(admin)
    assert pe.digest == pa.digest and pe.path != pa.path
    for p in (pe, pa):
        folder = p.path.parent
        assert folder.name.startswith(upload.FOLDER_PREFIX)
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(p.path.stat().st_mode) == 0o600
    assert pe.path.parent != pa.path.parent
    # the admin removes the file: the admin's folder goes, the evaluator's copy stays
    admin.session_state["forget"] = True
    admin.run()
    assert not pa.path.parent.exists() and "_upload_folder" not in admin.session_state
    assert pe.path.is_file()
    out = upload.save(own_db, ADMIN, pe, "81.71-DPMPTSP", 2024, None)
    assert [o.status for o in out] == ["replaced"]
    evaluator.session_state["forget"] = True
    evaluator.run()
    assert not pe.path.parent.exists()


def test_a_swept_copy_is_scored_again_on_the_next_run():
    at = session()
    p = preview_of(at)
    shutil.rmtree(p.path.parent)  # what sweep_folders does to an idle session
    at.run()
    again = preview_of(at)
    assert again.path.is_file() and again.path.parent != p.path.parent
    at.session_state["forget"] = True
    at.run()
    assert not again.path.parent.exists()


def test_a_vanished_copy_is_refused_in_indonesian_without_a_path(own_db, tmp_path):
    folder = upload.private_folder()
    try:
        p = upload.preview(REAL.read_bytes(), "lke-dpmptsp.xlsx", folder)
        before = own_db.execute("SELECT count(*) FROM lke_submissions").fetchall()
        p.path.unlink()
        with pytest.raises(WorkbookRejected) as exc:
            upload.save(own_db, ADMIN, p, "81.71-DPMPTSP", 2024, None)
    finally:
        upload.remove_folder(folder)
    text = exc.value.render()
    assert "unggah ulang" in text and "lke-dpmptsp.xlsx" in text
    assert str(folder) not in text and "/" not in text.replace("lke-dpmptsp.xlsx", "")
    assert "FileNotFoundError" not in text
    assert own_db.execute("SELECT count(*) FROM lke_submissions").fetchall() == before


def test_sweep_removes_only_old_own_prefixed_folders(tmp_path):
    old = tmp_path / (upload.FOLDER_PREFIX + "old")
    fresh = tmp_path / (upload.FOLDER_PREFIX + "fresh")
    kept = tmp_path / (upload.FOLDER_PREFIX + "kept")
    other = tmp_path / "someone-else"
    for d in (old, fresh, kept, other):
        d.mkdir()
        (d / "f.xlsx").write_bytes(b"x")
    target = tmp_path / "target"
    target.mkdir()
    link = tmp_path / (upload.FOLDER_PREFIX + "link")
    link.symlink_to(target, target_is_directory=True)
    now = 1_000_000.0
    for d in (old, kept, other):
        os.utime(d, (now - 7200, now - 7200))
    os.utime(fresh, (now - 60, now - 60))
    os.utime(link, (now - 7200, now - 7200), follow_symlinks=False)
    removed = upload.sweep_folders(3600, keep=[kept], now=now, root=tmp_path)
    assert removed == [old]
    assert fresh.is_dir() and kept.is_dir() and other.is_dir() and (target / ".").is_dir()
    assert link.is_symlink()  # never followed, never removed


def test_the_upload_max_age_is_configurable(monkeypatch):
    from pantauzi.core import config

    monkeypatch.setenv("PANTAUZI_UPLOAD_MAX_AGE", "120")
    assert config.upload_max_age() == 120.0
    monkeypatch.delenv("PANTAUZI_UPLOAD_MAX_AGE")
    assert config.upload_max_age() == 6 * 3600


def test_preview_without_a_folder_makes_a_private_one():
    p = upload.preview(REAL.read_bytes(), "../../etc/passwd")
    try:
        assert p.path.parent.name.startswith(upload.FOLDER_PREFIX)
        assert stat.S_IMODE(p.path.parent.stat().st_mode) == 0o700
        assert p.path.name.endswith("-passwd") and Path(p.path).parent == p.path.parent
    finally:
        upload.remove_folder(p.path.parent)
