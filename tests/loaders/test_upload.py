"""loaders.upload without the page: the server-side region check on save, and the units the pickers offer."""

from __future__ import annotations

import pytest

from pantauzi.core import access
from pantauzi.store import db
from tests.lke_helpers import REAL


def test_evaluator_cannot_store_for_another_region(auth, own_db):
    from loaders import upload
    from pantauzi.core.problems import WorkbookRejected

    eva = access.user_of(access.load(auth), "eva")
    p = upload.preview(REAL.read_bytes(), "lke.xlsx")
    con = db.connect(own_db)
    try:
        with pytest.raises(WorkbookRejected, match="tidak berwenang"):
            upload.save(con, eva, p, "81-KEJATI", 2024, "self")  # Kejati Maluku is not in 81.71
        assert upload.save(con, eva, p, "81.71-DPMPTSP", 2024, "self")[0].status == "replaced"
    finally:
        con.close()


def test_offered_units_narrow_to_the_selection_and_keep_the_workbook_unit():
    import pandas as pd

    from loaders.upload import offered_units
    from pantauzi.core.filters import Filter

    units = pd.DataFrame(
        {
            "unit": ["81.71-A", "81.71-B", "81.01-C", "53.02-D"],
            "region_code": ["81.71", "81.71", "81.01", "53.02"],
            "instansi_code": ["pemkot-81.71", "pemkot-81.71", "pemkab-81.01", "pemkab-53.02"],
        }
    )
    assert offered_units(units, Filter(), 10)[1] is False  # a short list stays whole
    got, narrowed = offered_units(units, Filter(), 2, ("53.02-D",))
    assert narrowed and list(got["unit"]) == ["53.02-D"]  # nationally: only the workbook's unit
    got, _ = offered_units(units, Filter("81", "81.71"), 2, ("53.02-D",))
    assert list(got["unit"]) == ["53.02-D", "81.71-A", "81.71-B"]
    got, _ = offered_units(units, Filter("81"), 2)
    assert got.empty  # three units in provinsi 81: still more than the limit
