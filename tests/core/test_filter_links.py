"""pantauzi.core.filters.read_query: a link's filter, and a sentence for each value the data does not hold."""

from __future__ import annotations

from pantauzi.core.filters import Filter, read_query, to_query

DEFAULTS = Filter(tahun_dari=2019, tahun_sampai=2026)
KNOWN = {"provinsi": {"81", "53"}, "kabkota": {"81.71", "53.71"}, "instansi": {"kejati-81"}, "unit": {"81.71-DINKES"}}


def test_a_valid_link_is_read_and_written_back_the_same():
    params = {"provinsi": "81", "kabkota": "81.71", "tahun_dari": "2021", "tahun_sampai": "2025", "tahap": "tpi"}
    f, said = read_query(params, DEFAULTS, KNOWN)
    assert said == [] and f == Filter("81", "81.71", None, None, 2021, 2025, "tpi")
    assert to_query(f, DEFAULTS) == params


def test_each_unknown_value_is_named_with_its_parameter_then_the_default():
    params = {
        "provinsi": "99",
        "unit": "x",
        "tahun_dari": "1990",
        "tahun_sampai": "dua",
        "tahap": "final",
    }
    f, said = read_query(params, DEFAULTS, KNOWN)
    assert f == DEFAULTS
    text = " | ".join(s.replace("\\", "") for s in said)
    for part in ("provinsi=99", "semua provinsi", "unit=x", "tahun_dari=1990", "2019–2026", "tahun_sampai=dua"):
        assert part in text, part
    assert "tahap=final" in text and "tahap terakhir tersedia" in text and len(said) == 5


def test_a_kabkota_outside_the_provinsi_and_swapped_years_are_said():
    f, said = read_query(
        {"provinsi": "81", "kabkota": "53.71", "tahun_dari": "2025", "tahun_sampai": "2021"}, DEFAULTS, KNOWN
    )
    assert f.provinsi == "81" and f.kabkota is None and (f.tahun_dari, f.tahun_sampai) == (2021, 2025)
    assert len(said) == 2 and "kabkota=53.71" in said[0].replace("\\", "") and "ditukar" in said[1]


def test_a_hostile_value_is_shown_as_text_and_short():
    _, said = read_query({"provinsi": "**[x](http://e.x)**" + "a" * 200}, DEFAULTS, KNOWN)
    assert "**" not in said[0].replace("\\*", "") and "](" not in said[0].replace("\\]", "").replace("\\(", "")
    assert len(said[0]) < 200
