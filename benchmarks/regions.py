"""The national frame for the synthetic database: 38 provinsi (real Kemendagri codes and names) and
514 kab/kota (real codes and names where pantauzi/reference/regions.csv has them, otherwise synthetic
PP.NN codes whose names say "(sintetis)"), plus the instansi and units that sit in them."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass

from pantauzi.core.refdata import REFERENCE_DIR

# code, name, number of kab/kota (Kemendagri 2022+, Papua split into six provinsi): 514 in total
PROVINSI: tuple[tuple[str, str, int], ...] = (
    ("11", "Aceh", 23),
    ("12", "Sumatera Utara", 33),
    ("13", "Sumatera Barat", 19),
    ("14", "Riau", 12),
    ("15", "Jambi", 11),
    ("16", "Sumatera Selatan", 17),
    ("17", "Bengkulu", 10),
    ("18", "Lampung", 15),
    ("19", "Kepulauan Bangka Belitung", 7),
    ("21", "Kepulauan Riau", 7),
    ("31", "DKI Jakarta", 6),
    ("32", "Jawa Barat", 27),
    ("33", "Jawa Tengah", 35),
    ("34", "Daerah Istimewa Yogyakarta", 5),
    ("35", "Jawa Timur", 38),
    ("36", "Banten", 8),
    ("51", "Bali", 9),
    ("52", "Nusa Tenggara Barat", 10),
    ("53", "Nusa Tenggara Timur", 22),
    ("61", "Kalimantan Barat", 14),
    ("62", "Kalimantan Tengah", 14),
    ("63", "Kalimantan Selatan", 13),
    ("64", "Kalimantan Timur", 10),
    ("65", "Kalimantan Utara", 5),
    ("71", "Sulawesi Utara", 15),
    ("72", "Sulawesi Tengah", 13),
    ("73", "Sulawesi Selatan", 24),
    ("74", "Sulawesi Tenggara", 17),
    ("75", "Gorontalo", 6),
    ("76", "Sulawesi Barat", 6),
    ("81", "Maluku", 11),
    ("82", "Maluku Utara", 10),
    ("91", "Papua", 9),
    ("92", "Papua Barat", 7),
    ("93", "Papua Selatan", 4),
    ("94", "Papua Tengah", 8),
    ("95", "Papua Pegunungan", 8),
    ("96", "Papua Barat Daya", 6),
)
KOTA_SHARE = 0.2  # roughly one in five kab/kota is a kota (codes PP.71 and up)

# OPDs of a pemda: (code suffix, name, unit type); the first ones exist everywhere
OPD = (
    ("SETDA", "Sekretariat Daerah", "setda"),
    ("INSPEKTORAT", "Inspektorat", "inspektorat"),
    ("BAPPEDA", "Bappeda", "badan"),
    ("BPKAD", "BPKAD", "badan"),
    ("BAPENDA", "Bapenda", "badan"),
    ("BKPSDM", "BKPSDM", "badan"),
    ("DPMPTSP", "Dinas Penanaman Modal dan PTSP", "dinas"),
    ("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "dinas"),
    ("DINKES", "Dinas Kesehatan", "dinas"),
    ("DISDIK", "Dinas Pendidikan dan Kebudayaan", "dinas"),
    ("DINSOS", "Dinas Sosial", "dinas"),
    ("PUPR", "Dinas PUPR", "dinas"),
    ("DISHUB", "Dinas Perhubungan", "dinas"),
    ("KOMINFO", "Dinas Kominfo", "dinas"),
    ("SATPOLPP", "Satpol PP", "satpol"),
    ("BPBD", "BPBD", "badan"),
    ("RSUD", "RSUD", "rsud"),
    ("DLH", "Dinas Lingkungan Hidup", "dinas"),
    ("DISNAKER", "Dinas Tenaga Kerja", "dinas"),
    ("DPMD", "DPMD", "dinas"),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan", "dinas"),
    ("DISPAR", "Dinas Pariwisata", "dinas"),
    ("DISPERKIM", "Dinas Perumahan dan Permukiman", "dinas"),
    ("DISPORA", "Dinas Pemuda dan Olahraga", "dinas"),
    ("DP3A", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "dinas"),
    ("KESBANGPOL", "Badan Kesbangpol", "badan"),
    ("DISPERTAN", "Dinas Pertanian", "dinas"),
    ("DKP", "Dinas Kelautan dan Perikanan", "dinas"),
    ("ARPUS", "Dinas Kearsipan dan Perpustakaan", "dinas"),
    ("DISKOP", "Dinas Koperasi dan UKM", "dinas"),
)
# vertical agencies: instansi per provinsi (region = provinsi), a provincial unit, units per kab/kota
VERTICAL = (
    # instansi prefix, instansi name, kind, provincial unit (suffix, name, type), kab/kota unit (suffix, name, type)
    (
        "kejati",
        "Kejaksaan Tinggi",
        "kejaksaan",
        ("KEJATI", "Kejaksaan Tinggi", "kejati"),
        ("KEJARI", "Kejaksaan Negeri", "kejari"),
    ),
    (
        "kemenag",
        "Kanwil Kementerian Agama",
        "kementerian",
        ("KANWIL-KEMENAG", "Kanwil Kemenag", "kanwil"),
        ("KEMENAG", "Kantor Kementerian Agama", "kankemenag"),
    ),
    (
        "bpn",
        "Kanwil Badan Pertanahan Nasional",
        "kementerian",
        ("KANWIL-BPN", "Kanwil BPN", "kanwil"),
        ("KANTAH", "Kantor Pertanahan", "kantah"),
    ),
    ("bps", "BPS Provinsi", "lembaga", ("BPS-PROV", "BPS Provinsi", "bps"), ("BPS", "BPS Kabupaten/Kota", "bps")),
    ("polda", "Kepolisian Daerah", "lembaga", ("POLDA", "Polda", "polda"), ("POLRES", "Polres", "polres")),
    (
        "pt",
        "Pengadilan Tinggi",
        "lembaga",
        ("PT", "Pengadilan Tinggi", "pengadilan"),
        ("PN", "Pengadilan Negeri", "pengadilan"),
    ),
    (
        "pta",
        "Pengadilan Tinggi Agama",
        "lembaga",
        ("PTA", "Pengadilan Tinggi Agama", "pengadilan"),
        ("PA", "Pengadilan Agama", "pengadilan"),
    ),
    (
        "djp",
        "Kanwil Direktorat Jenderal Pajak",
        "kementerian",
        ("KANWIL-DJP", "Kanwil DJP", "kanwil"),
        ("KPP", "Kantor Pelayanan Pajak Pratama", "kpp"),
    ),
    (
        "kemenkum",
        "Kanwil Kementerian Hukum",
        "kementerian",
        ("KANWIL-KUM", "Kanwil Kemenkum", "kanwil"),
        ("LAPAS", "Lembaga Pemasyarakatan", "lapas"),
    ),
)
CENTRAL = (
    "Kementerian Keuangan",
    "Kementerian Dalam Negeri",
    "Kementerian Kesehatan",
    "Kementerian Agama",
    "Kementerian PANRB",
    "Kementerian Perhubungan",
    "Kementerian Sosial",
    "Kementerian Pertanian",
    "Kementerian PUPR",
    "Kementerian Pendidikan Dasar dan Menengah",
    "Kementerian Hukum",
    "Kementerian ATR/BPN",
    "Badan Kepegawaian Negara",
    "Badan Pusat Statistik",
    "Lembaga Administrasi Negara",
    "Badan Pengawasan Keuangan dan Pembangunan",
)
CENTRAL_UNITS = (
    "Sekretariat Jenderal",
    "Inspektorat Jenderal",
    "Direktorat Jenderal I",
    "Direktorat Jenderal II",
    "Direktorat Jenderal III",
    "Badan Pengembangan SDM",
    "Pusat Data dan Informasi",
)


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    instansi: str
    region: str
    unit_type: str
    bias: float  # the instansi's typical maturity offset (vertical agencies started ZI earlier)


def _shipped() -> list[dict[str, str]]:
    with open(REFERENCE_DIR / "regions.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def regions() -> list[tuple[str, str, str, str | None]]:
    """(code, name, level, parent) for 38 provinsi and 514 kab/kota (plus the shipped kecamatan)."""
    shipped = _shipped()
    real = {r["code"]: r for r in shipped}
    out: list[tuple[str, str, str, str | None]] = []
    for code, name, count in PROVINSI:
        out.append((code, name, "provinsi", None))
        known = sorted(c for c, r in real.items() if r["level"] == "kabkota" and r["parent_code"] == code)
        kota = max(1, round(count * KOTA_SHARE))
        candidates = [f"{code}.{n:02d}" for n in range(1, count - kota + 1)]
        candidates += [f"{code}.{70 + n:02d}" for n in range(1, kota + 1)]
        extra = [f"{code}.{n:02d}" for n in range(count + 1, 70)]  # when a shipped code took a slot
        chosen = known + [c for c in candidates + extra if c not in known][: count - len(known)]
        for c in sorted(chosen):
            if c in real:
                out.append((c, real[c]["name"], "kabkota", code))
            else:
                kind = "Kota" if c.split(".")[1] >= "71" else "Kab."
                out.append((c, f"{kind} {c} (sintetis)", "kabkota", code))
    out += [(r["code"], r["name"], r["level"], r["parent_code"]) for r in shipped if r["level"] == "kecamatan"]
    return out


def institutions(seed: int) -> tuple[list[tuple[str, str, str, str]], list[Unit]]:
    """Every instansi (code, name, kind, region) and every candidate unit, in region order."""
    rng = random.Random(f"{seed}-institutions")
    inst: list[tuple[str, str, str, str]] = []
    units: list[Unit] = []
    regs = regions()
    prov_name = {c: n for c, n, lvl, _ in regs if lvl == "provinsi"}
    by_prov: dict[str, list[tuple[str, str]]] = {}
    for c, n, lvl, parent in regs:
        if lvl == "kabkota":
            by_prov.setdefault(parent, []).append((c, n))  # type: ignore[arg-type]
    for prov, pname in prov_name.items():
        inst.append((f"pemprov-{prov}", f"Pemerintah Provinsi {pname}", "pemprov", prov))
        units += [Unit(f"{prov}-{s}", n, f"pemprov-{prov}", prov, t, 0.0) for s, n, t in OPD]
        for prefix, iname, kind, pu, _ in VERTICAL:
            inst.append((f"{prefix}-{prov}", f"{iname} {pname}", kind, prov))
            units.append(Unit(f"{prov}-{pu[0]}", f"{pu[1]} {pname}", f"{prefix}-{prov}", prov, pu[2], 0.06))
        for kab, kname in by_prov[prov]:
            kota = kab.split(".")[1] >= "71"
            icode = f"{'pemkot' if kota else 'pemkab'}-{kab}"
            short = kname.removeprefix("Kab. ").removeprefix("Kota ")
            inst.append((icode, f"Pemerintah {'Kota' if kota else 'Kabupaten'} {short}", icode.split("-")[0], kab))
            n_opd = rng.randint(20, len(OPD))
            units += [Unit(f"{kab}-{s}", n, icode, kab, t, 0.0) for s, n, t in OPD[:n_opd]]
            units += [
                Unit(f"{kab}-KEC{i:02d}", f"Kecamatan {i:02d}", icode, kab, "kecamatan", -0.04)
                for i in range(1, rng.randint(4, 12))
            ]
            units += [
                Unit(f"{kab}-PKM{i:02d}", f"Puskesmas {i:02d}", icode, kab, "puskesmas", -0.02)
                for i in range(1, rng.randint(2, 8))
            ]
            for prefix, _, _, _, ku in VERTICAL:
                units.append(Unit(f"{kab}-{ku[0]}", f"{ku[1]} {short}", f"{prefix}-{prov}", kab, ku[2], 0.06))
    for i, name in enumerate(CENTRAL, 1):
        icode = f"pusat-{i:02d}"
        inst.append((icode, name, "lembaga" if name.startswith(("Badan", "Lembaga")) else "kementerian", "31"))
        units += [
            Unit(f"31.71-K{i:02d}-{j:02d}", f"{u} {name}", icode, "31.71", "eselon1", 0.08)
            for j, u in enumerate(CENTRAL_UNITS, 1)
        ]
    return inst, units


def pick_units(n: int, seed: int) -> tuple[list[tuple[str, str, str, str]], list[Unit]]:
    """`n` units (all candidates, then more puskesmas/kecamatan if needed), sorted by region and code,
    and the instansi that have at least one of them."""
    inst, units = institutions(seed)
    rng = random.Random(f"{seed}-pick")
    extra = 0
    while len(units) < n:  # more puskesmas, spread over every kab/kota
        extra += 1
        for u in [u for u in units if u.unit_type == "puskesmas" and u.code.endswith("PKM01")]:
            units.append(
                Unit(
                    u.code.replace("PKM01", f"PKM{50 + extra:02d}"),
                    f"Puskesmas {50 + extra:02d}",
                    u.instansi,
                    u.region,
                    "puskesmas",
                    -0.02,
                )
            )
    chosen = sorted(rng.sample(units, n), key=lambda u: (u.region, u.code))
    used = {u.instansi for u in chosen}
    return [i for i in inst if i[0] in used], chosen
