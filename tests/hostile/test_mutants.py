"""Property (issue 18 §8): the real workbook with its XML and cells mutated at random is either scored
or refused with an Indonesian message naming the file, within the reader's time and memory caps, and
a refused mutant changes no stored table. Bounded and derandomized: the same 30 mutants on every run."""

from __future__ import annotations

import re
import shutil
import time
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.ingest import ingest_lke
from loaders.reference_tables import load_directory
from pantauzi.core.problems import WorkbookRejected
from pantauzi.store import db
from tests.hostile.builders import add_cell, members
from tests.hostile.test_hostile import counts, peak_rss_mb
from tests.lke_helpers import ROOT

PARTS = [
    "xl/worksheets/sheet3.xml",  # LKE ZI
    "xl/worksheets/sheet1.xml",  # Utama
    "xl/sharedStrings.xml",
    "xl/workbook.xml",
    "xl/styles.xml",
    "[Content_Types].xml",
]
ORIGINAL = dict(members())


def _col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


mutation = st.one_of(
    st.tuples(st.just("flip"), st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=20)),
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(st.just("far"), st.integers(1, 16384), st.integers(1, 1_048_576)),
    st.tuples(st.just("value"), st.floats(0, 1), st.one_of(st.text(max_size=40), st.floats(allow_nan=True))),
    st.tuples(st.just("drop-tag"), st.floats(0, 1)),
    st.tuples(st.just("repeat"), st.floats(0, 1), st.integers(2, 2000)),
)


def mutate(data: bytes, m: tuple) -> bytes:
    kind = m[0]
    if kind == "flip":
        b = bytearray(data)
        for where, byte in m[1]:
            b[min(len(b) - 1, int(where * len(b)))] = byte
        return bytes(b)
    if kind == "truncate":
        return data[: int(m[1] * len(data))]
    if kind == "far":
        return add_cell(data, f"{_col(m[1])}{m[2]}")
    if kind == "value":
        spots = [x.span(1) for x in re.finditer(rb"<v>([^<]*)</v>", data)]
        if not spots:
            return data
        a, b = spots[min(len(spots) - 1, int(m[1] * len(spots)))]
        text = str(m[2]).replace("&", "&amp;").replace("<", "&lt;").encode("utf-8", "surrogatepass")
        return data[:a] + text + data[b:]
    if kind == "drop-tag":
        tags = [x.span() for x in re.finditer(rb"<[^>]+>", data)]
        a, b = tags[min(len(tags) - 1, int(m[1] * len(tags)))]
        return data[:a] + data[b:]
    # repeat: one slice of the part repeated many times (bigger, denser parts)
    at = int(m[1] * len(data))
    piece = data[at : at + 200]
    return data[:at] + piece * m[2] + data[at:]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("mutants") / "m.duckdb"
    con = db.connect(path)
    load_directory(con, ROOT / "data" / "demo", demo=True)
    yield con
    con.close()


FIGURES: dict[str, list] = {"scored": [], "refused": []}


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(part=st.sampled_from(PARTS), m=mutation, n=st.integers(0, 10**6))
def test_every_mutant_is_scored_or_refused_in_indonesian(store, tmp_path_factory, part, m, n):
    folder = tmp_path_factory.mktemp("mutant")
    path = folder / f"mutan-{n}.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in ORIGINAL.items():
            z.writestr(name, mutate(data, m) if name == part else data)
    before = counts(store)
    t = time.perf_counter()
    try:
        out = ingest_lke(store, path, "81.71-DPMPTSP", 2024, "self")
        FIGURES["scored"].append((time.perf_counter() - t, part, m[0]))
        assert out and all(o.status in ("loaded", "unchanged", "replaced") for o in out)
    except WorkbookRejected as exc:
        FIGURES["refused"].append((time.perf_counter() - t, part, m[0]))
        text = exc.render()
        assert text.startswith(f"Berkas '{path.name}' ditolak") and "kesalahan" in text, text
        assert counts(store) == before
    shutil.rmtree(folder)


def test_mutant_figures(store):
    """Runs after the property (same module, file order): prints how many mutants were scored or
    refused and the slowest one; this process's peak RSS is printed too."""
    rows = FIGURES["scored"] + FIGURES["refused"]
    assert len(rows) >= 30
    worst = max(rows)
    print(
        f"\nmutants: {len(rows)} ({len(FIGURES['scored'])} scored, {len(FIGURES['refused'])} refused); "
        f"slowest {worst[0]:.2f} s ({worst[2]} in {worst[1]}); peak RSS of this process {peak_rss_mb():.0f} MB"
    )
