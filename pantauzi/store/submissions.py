"""Stored versions of submissions: who may upload, version history, original files."""

from __future__ import annotations

import pandas as pd

from pantauzi.store import selection


def upload_units(cur: selection.Cursor) -> pd.DataFrame:
    """Every unit an upload could target, with what decides who may upload for it."""
    return cur.execute("""
        SELECT u.code AS unit, u.name AS unit_name, u.region_code, u.instansi_code, i.name AS instansi_name,
               i.kind AS instansi_kind, r.name AS region_name, u.valid_from, u.valid_to
        FROM units u JOIN instansi i ON i.code = u.instansi_code LEFT JOIN regions r ON r.code = u.region_code
        ORDER BY u.region_code, u.name""").df()


def versions(cur: selection.Cursor, unit: str, year: int, stage: str) -> pd.DataFrame:
    """Every stored version of one unit/year/stage, newest first: who, when, which file, which score."""
    return cur.execute(
        """
        SELECT s.id AS submission_id, s.is_current, s.loaded_at, s.loaded_by, s.file_name, s.sha256,
               s.layout, x.total, x.readiness, x.incomplete, x.differences
        FROM lke_submissions s JOIN lke_scores x ON x.submission_id = s.id
        WHERE s.unit_code = ? AND s.year = ? AND s.stage = ?
        ORDER BY s.loaded_at DESC, s.id DESC""",
        [unit, year, stage],
    ).df()


def recent_uploads(cur: selection.Cursor, limit: int = 20) -> pd.DataFrame:
    """The latest writes (loads, replacements, restores) with who and when."""
    return cur.execute(
        """
        SELECT i.imported_at, i.loaded_by, i.status, i.file_name, i.unit_code, i.year, i.stage, i.submission_id
        FROM imports i WHERE i.kind = 'lke' ORDER BY i.id DESC LIMIT ?""",
        [limit],
    ).df()


def events(cur: selection.Cursor, unit: str, year: int, stage: str, limit: int = 50) -> pd.DataFrame:
    """What was written for one unit/year/stage (uploads, replacements, restores), newest first: who, when."""
    return cur.execute(
        """
        SELECT i.imported_at, i.loaded_by, i.status, i.submission_id, i.file_name
        FROM imports i WHERE i.kind = 'lke' AND i.unit_code = ? AND i.year = ? AND i.stage = ?
          AND i.status <> 'rejected'
        ORDER BY i.id DESC LIMIT ?""",
        [unit, year, stage, limit],
    ).df()


def stored_file(cur: selection.Cursor, submission_id: int) -> tuple[str, bytes] | None:
    """The original bytes of a submission's workbook, with its file name. Two lookups by key, not a
    join: on PostgreSQL a join would copy every stored file to DuckDB, a key lookup is pushed down."""
    sub = cur.execute("SELECT file_name, sha256 FROM lke_submissions WHERE id = ?", [submission_id]).fetchall()
    if not sub:
        return None
    rows = cur.execute("SELECT content FROM stored_files WHERE sha256 = ?", [sub[0][1]]).fetchall()
    return (sub[0][0], bytes(rows[0][0])) if rows else None
