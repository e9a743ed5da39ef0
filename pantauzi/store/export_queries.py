"""The selection's rows at every level the store holds, for the data exports (pantauzi.exports):
totals per submission, change areas, sub-areas, answers with notes and evidence, Ombudsman RI and
KPK MCP. LKE levels come from the same CTEs as the pages (pantauzi.store.selection) and are read as
Arrow record batches, so a national answers export streams instead of being held at once."""

from __future__ import annotations

from typing import Final

import pyarrow as pa

from pantauzi.core import refdata, scoring
from pantauzi.core.filters import Filter
from pantauzi.store import rating_queries, selection

BATCH_ROWS = 100_000

_SUBMISSION = """c.submission_id, c.unit AS unit_code, c.unit_name, c.instansi_code, c.instansi_name,
    c.region_code, c.region_name, c.year, c.stage"""

LKE_SELECTS: Final[dict[str, str]] = {
    "total": f"""
        SELECT {_SUBMISSION}, c.total, c.pengungkit, c.hasil, c.pemenuhan, c.reform, c.readiness, c.incomplete,
               c.wbbm_needs_wbk, c.differences AS workbook_differences
        FROM chosen c ORDER BY c.region_code, c.unit, c.year, c.stage""",
    "area": f"""
        SELECT {_SUBMISSION}, a.area_order, a.area_key, a.area_name, a.pemenuhan, a.reform, a.score, a.weight,
               a.pct AS pct_of_weight
        FROM chosen c JOIN lke_area_scores a ON a.submission_id = c.submission_id
        ORDER BY c.region_code, c.unit, c.year, c.stage, a.area_order""",
    "subarea": f"""
        SELECT {_SUBMISSION}, n.node_id, n.level AS node_level, n.area_key, n.part, n.name AS node_name, n.weight,
               n.score, n.score / nullif(n.weight, 0) AS pct_of_weight, n.items, n.answered_items,
               n.unanswered AS unanswered_questions, n.partial
        FROM chosen c JOIN lke_node_scores n ON n.submission_id = c.submission_id
        WHERE n.is_leaf AND list_contains(?, n.level)
        ORDER BY c.region_code, c.unit, c.year, c.stage, n.node_id""",
    "jawaban": f"""
        SELECT {_SUBMISSION}, s.methodology, a.question_id, q.question_text, a.cell, a.raw AS raw_answer,
               a.value, a.answered, a.note, a.evidence
        FROM chosen c JOIN lke_answers a ON a.submission_id = c.submission_id
        JOIN lke_submissions s ON s.id = c.submission_id
        LEFT JOIN _export_questions q ON q.methodology = s.methodology AND q.question_id = a.question_id
        ORDER BY c.region_code, c.unit, c.year, c.stage, a.question_id""",
}
_COUNTS: Final[dict[str, str]] = {
    "total": "SELECT count(*) FROM chosen",
    "area": "SELECT count(*) FROM chosen c JOIN lke_area_scores a ON a.submission_id = c.submission_id",
    "subarea": "SELECT count(*) FROM chosen c JOIN lke_node_scores n ON n.submission_id = c.submission_id "
    "WHERE n.is_leaf AND list_contains(?, n.level)",
    "jawaban": "SELECT count(*) FROM chosen c JOIN lke_answers a ON a.submission_id = c.submission_id",
}


def _extra(level: str) -> selection.Params:
    return [list(scoring.LEAF_LEVELS)] if level == "subarea" else []


def _questions() -> pa.Table:
    """(methodology, question_id, question_text) of every methodology in the reference data."""
    rows = [(m.key, q.id, q.text) for m in refdata.methodologies() for q in m.questions]
    return pa.table(
        {
            "methodology": [r[0] for r in rows],
            "question_id": pa.array([r[1] for r in rows], pa.int32()),
            "question_text": [r[2] for r in rows],
        }
    )


def count(cur: selection.Cursor, f: Filter, level: str) -> int:
    """How many rows the export of `level` holds for filter `f`."""
    if level not in _COUNTS:
        return len(_ratings(cur, f, level))
    sql, params = selection.unit_ctes(f)
    row = cur.execute("WITH " + sql + _COUNTS[level], params + _extra(level)).fetchone()
    return int(row[0]) if row else 0


def _ratings(cur: selection.Cursor, f: Filter, level: str) -> pa.Table:
    if level == "ombudsman":
        df = rating_queries.ombudsman_ratings(cur, f).drop(columns=["entity_key"])
    elif level == "mcp":
        df = rating_queries.mcp_scores(cur, f)
    else:
        raise ValueError(f"unknown export level {level!r}")
    return pa.Table.from_pandas(df, preserve_index=False)


def batches(cur: selection.Cursor, f: Filter, level: str) -> pa.RecordBatchReader:
    """The rows of `level` for filter `f` as Arrow record batches (numbers stay numbers)."""
    if level not in LKE_SELECTS:
        return pa.RecordBatchReader.from_batches(*_reader_args(_ratings(cur, f, level)))
    sql, params = selection.unit_ctes(f)
    if level == "jawaban":
        cur.register("_export_questions", _questions())
    return cur.execute("WITH " + sql + LKE_SELECTS[level], params + _extra(level)).to_arrow_reader(BATCH_ROWS)


def _reader_args(table: pa.Table) -> tuple[pa.Schema, list[pa.RecordBatch]]:
    return table.schema, table.to_batches()
