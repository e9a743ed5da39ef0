"""The vocabulary: every code of each Literal type has its Indonesian label, and modules use this one copy."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest

from pantauzi.core import access, filters, fmt, vocab

ROOT = Path(__file__).resolve().parents[2]

# (Literal type, its values in order, its labels)
SETS = [
    (vocab.Stage, vocab.STAGES, None),
    (vocab.FilterStage, vocab.FILTER_STAGES, vocab.STAGE_LABELS),
    (vocab.Readiness, vocab.READINESS_LEVELS, vocab.READINESS_LABELS),
    (vocab.Predicate, vocab.PREDICATES, vocab.PREDICATE_LABELS),
    (vocab.Milestone, vocab.MILESTONE_KINDS, vocab.MILESTONE_LABELS),
    (vocab.Role, vocab.ROLES, vocab.ROLE_LABELS),
    (vocab.Layout, vocab.LAYOUTS, vocab.LAYOUT_LABELS),
    (vocab.ImportStatus, vocab.IMPORT_STATUSES, vocab.IMPORT_STATUS_LABELS),
    (vocab.Level, vocab.LEVELS, vocab.LEVEL_NAMES),
]


@pytest.mark.parametrize("literal, values, labels", SETS)
def test_every_literal_value_has_a_label(literal, values, labels):
    assert values == get_args(literal)
    labels = labels if labels is not None else vocab.STAGE_LABELS
    missing = [v for v in values if v not in labels]
    assert not missing, f"no label for {missing}"
    for v in values:
        assert isinstance(labels[v], str) and labels[v].strip() == labels[v] and labels[v]


def test_labels_are_distinct_and_cover_no_stray_codes():
    for _, values, labels in SETS:
        if labels is None:
            continue
        shown = [labels[v] for v in values]
        assert len(set(shown)) == len(shown), shown
    assert set(vocab.STAGE_LABELS) == set(vocab.FILTER_STAGES) == {"akhir", *vocab.STAGES}
    assert set(vocab.ROLE_LABELS) == {"none", *vocab.ROLES}
    assert set(vocab.READINESS_LABELS) == set(vocab.READINESS_LEVELS)
    assert set(vocab.PREDICATES) < set(vocab.READINESS_LEVELS)


def test_labels_are_the_indonesian_texts_the_ui_shows():
    assert vocab.STAGE_LABELS == {
        "akhir": "Tahap terakhir tersedia",
        "self": "Penilaian mandiri",
        "tpi": "TPI",
        "tpn": "TPN",
    }
    assert vocab.READINESS_LABELS == {"wbbm": "Siap WBBM", "wbk": "Siap WBK", "belum": "Belum siap"}
    assert vocab.INCOMPLETE_LABEL == "Belum lengkap"
    assert vocab.ROLE_LABELS["viewer"] == "Pimpinan (lihat grafik)"
    assert vocab.ROLE_LABELS["evaluator"] == "Evaluator (unggah)"
    assert vocab.LEVEL_NAMES["kabkota"] == "kabupaten/kota"
    assert vocab.LAYOUT_LABELS["portalrb"] == "PortalRB 2026 (lembar Jawaban)"
    # no English left in what a user reads (the codes are English, the labels are not)
    english = re.compile(r"\b(stage|ready|not|incomplete|loaded|replaced|unchanged|rejected|restored|role)\b", re.I)
    for _, _, labels in SETS:
        for text in (labels or {}).values():
            assert not english.search(text), text


def test_old_names_are_the_vocabulary_itself():
    # the names callers used before vocab.py are re-exports, not second copies that could drift
    assert fmt.STAGES is vocab.STAGE_LABELS
    assert fmt.READINESS is vocab.READINESS_LABELS
    assert fmt.MILESTONES is vocab.MILESTONE_LABELS
    assert filters.STAGES is vocab.FILTER_STAGES
    assert filters.LEVEL_NAMES is vocab.LEVEL_NAMES
    assert access.ROLES is vocab.ROLES
    assert access.ROLE_LABELS is vocab.ROLE_LABELS
    from loaders import lke, prepare

    assert lke.STAGES is vocab.STAGES
    assert prepare.STAGES is vocab.STAGES


def test_no_module_defines_the_vocabulary_again():
    # a tuple or dict literal of a whole code set, or a label dict, outside vocab.py is a second definition
    patterns = [
        r"\(\s*\"self\",\s*\"tpi\",\s*\"tpn\"\s*\)",
        r"\"akhir\"\s*:\s*\"",
        r"\"wbbm\"\s*:\s*\"Siap",
        r"\"viewer\"\s*:\s*\"",
        r"\"kabkota\"\s*:\s*\"kabupaten",
        r"\"unchanged\"\s*:\s*\"",
        r"\"Belum lengkap\"",
        r"\"Tahap terakhir tersedia\"",
        r"\"Penilaian mandiri\"",
    ]
    found = []
    for folder in ("pantauzi", "loaders", "reports", "ui", "app_pages"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name == "vocab.py":
                continue
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(ROOT)}: {p}" for p in patterns if re.search(p, text)]
    assert not found, found
