"""The Simulasi action list workbook: its columns, empty PIC/target-date cells, text from data never a formula."""

from __future__ import annotations

import io

import openpyxl

from pantauzi.workbooks import action_list


def test_action_list_columns_and_formula_safe_text():
    risky = '=HYPERLINK("http://x","klik")'
    data = action_list.build(
        ["Daftar tindakan — " + risky],
        [{"No": 7, "Pertanyaan": risky, "Jawaban kini": "C", "Jawaban usulan": "A", "Poin": 0.25,
          "Bukti dukung yang diperlukan": "+SUM(A1)"}],
        [("IPAK", "3,40", "3,60")],
    )  # fmt: skip
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "No")
    assert list(rows[head]) == action_list.HEADER
    assert rows[head][-2:] == ("PIC", "Target tanggal")
    body = rows[head + 1]
    assert body[0] == 7 and body[4] == "A" and body[7] == 0.25 and body[-1] is None and body[-2] is None
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+"]
    assert len(cells) == 2 and all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert ("IPAK", "3,40", "3,60") in [r[:3] for r in rows]
