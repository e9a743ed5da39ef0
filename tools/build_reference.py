"""Build project-owned LKE ZI reference data from the official 2026 question bank.

Run once when the bank changes: ``python tools/build_reference.py``. It reads
``pantauzi/reference/source/`` (bank JSON, question CSV with ``legacy_row``) and the real anonymized
90/2021 workbook ``tests/fixtures/lke-zi-real-anonymized.xlsx`` (the template's row labels) and writes one JSON file per
methodology into ``pantauzi/reference/``. The scoring code reads only those files.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from python_calamine import CalamineWorkbook

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "pantauzi" / "reference" / "source"
REAL_WORKBOOK = ROOT / "tests" / "fixtures" / "lke-zi-real-anonymized.xlsx"
OUT = ROOT / "pantauzi" / "reference"

AREA_KEYS = [
    "manajemen_perubahan",
    "penataan_tatalaksana",
    "penataan_sdm",
    "akuntabilitas_kinerja",
    "penguatan_pengawasan",
    "pelayanan_publik",
]
AREA_NAMES = [
    "Manajemen Perubahan",
    "Penataan Tatalaksana",
    "Penataan Sistem Manajemen SDM Aparatur",
    "Penguatan Akuntabilitas Kinerja",
    "Penguatan Pengawasan",
    "Peningkatan Kualitas Pelayanan Publik",
]
TYPE_MAP = {
    "YA_TIDAK": "YA_TIDAK",
    "ABC": "ABC",
    "ABCD": "ABCD",
    "ABCDE": "ABCDE",
    "JUMLAH": "JUMLAH",
    "0-4": "NILAI_0_4",
}
# The 90/2021 template's "Pilihan Jawaban" (column J) text for each bank type.
LEGACY_TYPE_LABEL = {
    "YA_TIDAK": "Ya/Tidak",
    "ABC": "A/B/C",
    "ABCD": "A/B/C/D",
    "ABCDE": "A/B/C/D/E",
    "JUMLAH": "Jumlah",
    "NILAI_0_4": "Nilai\n(0-4)",
}

# Percentage items (ZI-SPEC §3): computed from Jumlah inputs, keyed by the bank's sub-area id.
# legacy_row is the template row holding the % formula (column K) in the 90/2021 workbook.
PERCENT_ITEMS = [
    {
        "id": "pct_agen_perubahan",
        "node": 36,
        "kind": "ratio",
        "numerator": [89],
        "denominator": [88],
        "legacy_row": 128,
        "label": "Agen perubahan telah membuat perubahan (perubahan dibuat / jumlah agen)",
    },
    {
        "id": "pct_perubahan_terintegrasi",
        "node": 36,
        "kind": "ratio",
        "numerator": [91],
        "denominator": [90],
        "legacy_row": 131,
        "label": "Perubahan telah diintegrasikan (diintegrasikan / dibuat)",
    },
    {
        "id": "pct_penurunan_disiplin",
        "node": 46,
        "kind": "discipline",
        "prev": 102,
        "now": 103,
        "unused": [104],
        "legacy_row": 154,
        "label": "Penurunan pelanggaran disiplin pegawai",
    },
    {
        "id": "pct_capaian_kinerja",
        "node": 48,
        "kind": "ratio",
        "numerator": [106],
        "denominator": [105],
        "legacy_row": 160,
        "label": "Persentase sasaran dengan capaian 100% atau lebih",
    },
    {
        "id": "pct_pengaduan",
        "node": 53,
        "kind": "ratio",
        "numerator": [112],
        "denominator": [110],
        "unused": [111],
        "legacy_row": 171,
        "label": "Persentase penanganan pengaduan masyarakat",
    },
    {
        "id": "pct_lhkpn",
        "node": 55,
        "kind": "ratio",
        "numerator": [116],
        "denominator": [113, 114, 115],
        "legacy_row": 177,
        "label": "Persentase penyampaian LHKPN",
    },
    {
        "id": "pct_non_lhkpn",
        "node": 56,
        "kind": "ratio",
        "numerator": [120],
        "denominator": [117, 118, 119],
        "legacy_row": 184,
        "label": "Persentase penyampaian LHKASN / non-LHKPN",
    },
    {
        "id": "pct_perizinan",
        "node": 58,
        "kind": "ratio",
        "numerator": [123],
        "denominator": [122],
        "legacy_row": 193,
        "label": "Persentase perijinan/pelayanan yang telah dipermudah",
    },
]
# Typed totals in the 90/2021 template that must equal the sum of their parts (ZI-SPEC §3).
TYPED_TOTALS = [
    {
        "id": "total_wajib_lhkpn",
        "legacy_row": 178,
        "parts": [113, 114, 115],
        "label": "Jumlah yang harus melaporkan LHKPN",
    },
    {
        "id": "total_wajib_non_lhkpn",
        "legacy_row": 185,
        "parts": [117, 118, 119],
        "label": "Jumlah yang harus melaporkan LHKASN / non-LHKPN",
    },
]
LEGACY_TOTAL_ROWS = {"pengungkit_total": 198, "hasil_total": 206, "total": 208}

THRESHOLDS_2021 = {
    "source": "ZI-SPEC §5 [S]; inclusive (>=)",
    "area_rule": "whole_area",
    "area_rule_note": "[U] whole area by default; per-part (pemenuhan/reform) shown too",
    "round_digits": 2,
    "round_note": "[U] values rounded to 2 decimals (as displayed) before comparison",
    "wbk": {
        "total": 75,
        "pengungkit": 40,
        "area_pct": 0.60,
        "hasil_bersih": 18.25,
        "ipak": 15.75,
        "capaian": 2.50,
        "ipkp": 14.00,
        "requires_prior": None,
    },
    "wbbm": {
        "total": 85,
        "pengungkit": 48,
        "area_pct": 0.75,
        "hasil_bersih": 19.50,
        "ipak": 15.75,
        "capaian": 3.75,
        "ipkp": 15.75,
        "requires_prior": "wbk",
    },
}
ANSWER_TYPES = {
    "YA_TIDAK": {"kind": "choice", "values": {"Ya": 1, "Tidak": 0}},
    "ABC": {"kind": "choice", "values": {"A": 1, "B": 0.5, "C": 0}},
    "ABCD": {"kind": "choice", "values": {"A": 1, "B": 0.67, "C": 0.33, "D": 0}},
    "ABCDE": {"kind": "choice", "values": {"A": 1, "B": 0.75, "C": 0.5, "D": 0.25, "E": 0}},
    "NILAI_0_4": {"kind": "index", "min": 0, "max": 4},
    "JUMLAH": {"kind": "count"},
}
PLACEHOLDERS = [
    "",
    "-",
    "y/t",
    "ya/tidak",
    "a/b/c",
    "a/b/c/d",
    "a/b/c/d/e",
    "blm diisi",
    "belum diisi",
    "nilai (0-4)",
    "jumlah",
]

NUMBERING = re.compile(r"^\s*([a-z]{1,4}|[ivx]+|\d+)?\s*[.)]?\s*$|^\s*-\s*$", re.I)


def level_col(level: str) -> int:
    return {
        "komponen": 2,
        "sub_komponen": 3,
        "area_perubahan": 4,
        "sub_area": 5,
        "sub_sub_area": 5,
        "question": 6,
        "hasil_item": 4,
    }[level]


def is_label(v) -> bool:
    return isinstance(v, str) and v.strip() != "" and not NUMBERING.match(v)


def main() -> None:
    bank = json.loads((SOURCE / "lke-zi-2026-master-soal.json").read_text())
    with open(SOURCE / "lke-zi-2026-questions.csv", newline="") as fh:
        legacy_rows = {int(r["soal_id"]): int(r["legacy_row"]) for r in csv.DictReader(fh)}
    rows = CalamineWorkbook.from_path(REAL_WORKBOOK).get_sheet_by_name("LKE ZI").to_python(skip_empty_area=False)

    def cell(r: int, c: int):
        row = rows[r - 1] if 0 < r <= len(rows) else []
        return row[c] if c < len(row) else ""

    nodes: list[dict] = []
    questions: list[dict] = []

    def first_row(n: dict) -> int:
        rs = [legacy_rows[s["id"]] for s in n.get("soals", [])]
        rs += [first_row(c) for c in n.get("children", [])]
        return min(rs)

    def legacy_node_row(n: dict, level: str) -> int:
        col = level_col(level)
        kids = [c for c in n.get("children", []) if c["level"] == "sub_area"]
        if level == "sub_area" and kids:  # a parent sub-area sits above its first child's row
            r = legacy_node_row(kids[0], "sub_sub_area") - 1
        else:
            r = first_row(n) - 1
        while r > 0 and not is_label(cell(r, col)):
            r -= 1
        return r

    def walk(n: dict, parent: str | None, part: str | None, area: str | None) -> None:
        level = n["level"]
        if (
            level == "sub_area"
            and parent
            and any(x["id"] == parent and x["level"] in ("sub_area", "sub_sub_area") for x in nodes)
        ):
            level = "sub_sub_area"
        nid = f"n{n['id']}"
        if level == "sub_komponen":
            part = {"I. PEMENUHAN": "pemenuhan", "II. REFORM": "reform"}.get(n["nama"], "hasil")
        if level == "area_perubahan":
            area = AREA_KEYS[int(n["nama"].split(".")[0]) - 1]
        lrow = legacy_node_row(n, level)
        nodes.append(
            {
                "id": nid,
                "level": level,
                "name": n["nama"],
                "weight": n["bobot_maksimal"],
                "parent": parent,
                "part": part,
                "area": area,
                "order": n["order_index"],
                "legacy_row": lrow,
                "legacy_label": str(cell(lrow, level_col(level))).strip(),
            }
        )
        soals = n.get("soals", [])
        is_hasil = part == "hasil"
        for s in soals:
            qtype = TYPE_MAP[s["jenis_jawaban"].upper()]
            node_id = nid
            if is_hasil:  # each Hasil question is its own scored item (ZI-SPEC §2)
                node_id = f"h{s['id']}"
                nodes.append(
                    {
                        "id": node_id,
                        "level": "hasil_item",
                        "name": s["teks_pertanyaan"],
                        "weight": s["bobot_maksimal"],
                        "parent": nid,
                        "part": "hasil",
                        "area": None,
                        "order": len(nodes),
                        "legacy_row": legacy_rows[s["id"]],
                        "legacy_label": str(cell(legacy_rows[s["id"]], 4)).strip(),
                    }
                )
            lr = legacy_rows[s["id"]]
            qcol = 4 if is_hasil else 6
            questions.append(
                {
                    "id": s["id"],
                    "node": node_id,
                    "type": qtype,
                    "text": s["teks_pertanyaan"].strip(),
                    "legacy_row": lr,
                    "legacy_label": str(cell(lr, qcol)).strip(),
                    "legacy_type_label": LEGACY_TYPE_LABEL[qtype],
                    "portalrb_row": s["excel_baris"],
                    "choices": [k["key"] for k in s["skema_penilaian"]] or None,
                }
            )
        for c in n.get("children", []):
            walk(c, nid, part, area)

    for top in bank["data"]:
        walk(top, None, None, None)

    pct = []
    for p in PERCENT_ITEMS:
        q = dict(p)
        q["node"] = f"n{p['node']}"
        q["legacy_label"] = str(cell(p["legacy_row"], 6)).strip()
        pct.append(q)
    typed = []
    for t in TYPED_TOTALS:
        q = dict(t)
        q["legacy_label"] = str(cell(t["legacy_row"], 6)).strip()
        typed.append(q)
    total_rows = {k: {"legacy_row": r, "legacy_label": str(cell(r, 1)).strip()} for k, r in LEGACY_TOTAL_ROWS.items()}

    common = {
        "areas": [{"key": k, "name": n} for k, n in zip(AREA_KEYS, AREA_NAMES)],
        "answer_types": ANSWER_TYPES,
        "placeholders": PLACEHOLDERS,
        "nodes": nodes,
        "questions": questions,
        "percent_items": pct,
        "typed_totals": typed,
        "total_rows": total_rows,
        "thresholds": THRESHOLDS_2021,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    m2021 = {
        "methodology": "permenpanrb-90-2021",
        "title": "LKE ZI PermenPANRB 90/2021 (Lampiran III)",
        "valid_from": 2021,
        "valid_to": 2025,
        "layout": "legacy",
        **common,
    }
    m2026 = {
        "methodology": "lke-zi-2026",
        "title": "LKE ZI 2026 (bank soal PortalRB)",
        "valid_from": 2026,
        "valid_to": None,
        "layout": "portalrb",
        "portalrb": {
            "sheet": "Jawaban",
            "answer_col": {"self": "K", "tpi": "N"},
            "note_col": {"self": "L", "tpi": "Q"},
            "evidence_col": "M",
        },
        **common,
    }
    for name, data in (("lke_2021.json", m2021), ("lke_2026.json", m2026)):
        (OUT / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        print("wrote", OUT / name, len(data["nodes"]), "nodes", len(data["questions"]), "questions")


if __name__ == "__main__":
    main()
