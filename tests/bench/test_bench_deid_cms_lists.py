"""bench/deid_cms_lists.py (session 11, branch deidref11): the candidates it derives from a CMS-shaped
CSV (written here, three invented rows)."""

from __future__ import annotations

from pathlib import Path

from meddx.deid._lexicon import lexicon
from tests._support.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]


def test_derive_initials_and_surname_hospitals(tmp_path):
    bench = load_script("deid_cms_lists", ROOT / "bench" / "deid_cms_lists.py")
    csv = tmp_path / "cms.csv"
    csv.write_text("name,city,state,zip,county,hospital_type\n"
                   "HARLAN VALLEY MEDICAL CENTER,X,MA,01000,Y,Acute Care Hospitals\n"
                   "KOWALCZYK HOSPITAL,X,MA,01000,Y,Acute Care Hospitals\n"
                   "CHILDRENS HOSPITAL OF PHILADELPHIA,X,PA,19000,Y,Childrens\n", encoding="utf-8")
    got = bench.derive(csv, lexicon())
    assert {"hvmc", "chp", "chop"} <= got["initials_all"]
    assert "hvmc" in got["initials_plain"]
    assert got["initials_plain"] <= got["initials_all"]
    assert all(len(i) >= 3 for i in got["initials_all"])  # "kh" is too short
    assert "harlan" not in got["surnames"]  # two words before the facility word
