"""The note sets written for the learned de-identification taggers (bench/data/deid_round3/notesNN,
sessions 11-20): each committed file is what its markup source converts to, every record verifies,
and the validation-only sets are kept out of every training list. No detector is run."""

from __future__ import annotations

import pytest

from tests._support.round3 import BENCH, converted_sets_match
from tests._support.scripts import load_script

ROUND3 = BENCH / "data" / "deid_round3"
# (folder, markup folder, note-id prefix, file stem)
SETS = [
    ("notes11", "fresh_source", "notes11", "fresh"),
    ("notes12", "source", "notes12", "dev"),
    ("notes12v", "fresh_source", "notes12v", "fresh"),
    ("notes13", "source", "notes13", "dev"),
    ("notes13v", "source", "notes13v", "fresh"),
    ("notes14", "source", "notes14", "dev"),
    ("notes14v", "source", "notes14v", "fresh"),
    ("notes15c", "source", "notes15c", "fresh"),
    ("notes16", "source", "notes16", "dev"),
    ("notes15v", "source", "notes15v", "fresh"),
    ("notes16c", "source", "notes16c", "fresh"),
    ("notes16v", "source", "notes16v", "fresh"),
    ("notes17", "source", "notes17", "dev"),
    ("notes17v", "source", "notes17v", "fresh"),
    ("notes18", "source", "notes18", "dev"),
    ("notes18v", "source", "notes18v", "fresh"),
    ("notes18b", "source", "notes18b", "dev"),
    ("notes19t", "source", "notes19t", "dev"),
    ("notes19sv", "source", "notes19sv", "fresh"),
    ("notes19s", "source", "notes19s", "dev"),
    ("notes19sw", "source", "notes19sw", "fresh"),
    ("notes19u", "source", "notes19u", "dev"),
    ("notes20t", "source", "notes20t", "dev"),
    ("notes20s", "source", "notes20s", "dev"),
    ("notes20sv", "source", "notes20sv", "fresh"),
    ("notes21o", "source", "notes21o", "dev"),
    ("notes21p", "source", "notes21p", "dev"),
    ("notes21sv", "source", "notes21sv", "fresh"),
    ("notes22q", "source", "notes22q", "dev"),
    ("notes22r", "source", "notes22r", "dev"),
    ("notes22sv", "source", "notes22sv", "fresh"),
    ("notes22s", "source", "notes22s", "dev"),
    ("notes22t", "source", "notes22t", "dev"),
    ("notes22u", "source", "notes22u", "dev"),
    ("notes22v", "source", "notes22v", "dev"),
    ("notes23w", "source", "n23w", "dev"),
    ("notes23x", "source", "n23x", "dev"),
    ("notes23y", "source", "n23y", "dev"),
    ("notes24a", "source", "n24a", "dev"),
    ("notes24b", "source", "n24b", "dev"),
    ("notes24c", "source", "n24c", "dev"),
    ("notes25a", "source", "n25a", "dev"),
    ("notes25b", "source", "n25b", "dev"),
    ("notes25c", "source", "n25c", "dev"),
    ("notes26a", "source", "n26a", "dev"),
    ("notes26b", "source", "n26b", "dev"),
    ("notes26c", "source", "n26c", "dev"),
    ("notes27a", "source", "n27a", "dev"),
    ("notes27b", "source", "n27b", "dev"),
    ("notes27c", "source", "n27c", "dev"),
    ("notes28a", "source", "n28a", "dev"),
    ("notes28b", "source", "n28b", "dev"),
    ("notes28c", "source", "n28c", "dev"),
    ("notes29a", "source", "n29a", "dev"),
    ("notes29b", "source", "n29b", "dev"),
    ("notes29c", "source", "n29c", "dev"),
]


@pytest.mark.parametrize(("folder", "source", "prefix", "stem"), SETS, ids=[s[0] for s in SETS])
def test_committed_files_are_the_converted_markup(folder, source, prefix, stem):
    recs = converted_sets_match(ROUND3 / folder, source, prefix, stem)
    assert {"NAME", "DATE", "HOSPITAL", "LOCATION"} <= {p["type"] for r in recs for p in r["phi"]}


def test_validation_sets_are_never_training_data():
    data = load_script("deid_crf_data", BENCH / "deid_crf_data.py")
    validation = {"notes11", "notes12v", "notes13v", "notes14v", "notes15c", "notes15v",
                  "notes16c", "notes16v", "notes17v", "notes18v", "notes19sv",
                  "notes19sw", "notes20sv", "notes21sv", "notes22sv"}
    assert validation <= set(data.VALIDATION_ONLY)
    assert not validation & {d.name for d in data.folders()}
    build = (BENCH / "deid_ner_build.sh").read_text(encoding="utf-8")
    for name in validation:
        assert f"*/{name}/*" in build
