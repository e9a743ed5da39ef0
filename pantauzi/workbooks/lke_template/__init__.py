"""Write LKE ZI workbooks with openpyxl: the 90/2021 'LKE ZI' layout and the PortalRB 2026 'Jawaban' sheet.

Everything comes from the reference data (pantauzi.core.refdata). Cached values, where the real template
has formula results, are the recomputed scores of pantauzi.core.scoring written as plain numbers, so a
workbook written here reads back through loaders.lke without differences unless a test asks for one.
"""

from pantauzi.workbooks.lke_template.common import BLM, normalize, normalized_values, placeholder
from pantauzi.workbooks.lke_template.legacy import blank_legacy, write_legacy
from pantauzi.workbooks.lke_template.portalrb import blank_portalrb, portalrb_label_rows, write_portalrb

__all__ = [
    "BLM",
    "blank_legacy",
    "blank_portalrb",
    "normalize",
    "normalized_values",
    "placeholder",
    "portalrb_label_rows",
    "write_legacy",
    "write_portalrb",
]
