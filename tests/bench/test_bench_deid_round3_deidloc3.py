"""The LOCATION engineer's own de-identification notes (bench/data/deid_round3/deidloc3, session
8): each committed file is what its markup source converts to, and every record verifies. Only
the files are checked; no detector is run."""

from __future__ import annotations

import pytest

from tests._support.round3 import BENCH, converted_sets_match

DATA = BENCH / "data" / "deid_round3" / "deidloc3"
# (markup folder, note-id prefix, file stem)
SETS = [
    ("source", "deidloc3", "dev"),
    ("fresh_source", "deidloc3f", "fresh"),
    ("check_source", "deidloc3c", "check"),
    ("final_source", "deidloc3z", "final"),
    ("last_source", "deidloc3l", "last"),
    ("blind_source", "deidloc3b", "blind"),
]


@pytest.mark.parametrize(("source", "prefix", "stem"), SETS, ids=[s[2] for s in SETS])
def test_committed_files_are_the_converted_markup(source, prefix, stem):
    recs = converted_sets_match(DATA, source, prefix, stem)
    assert any(p["type"] == "LOCATION" for r in recs for p in r["phi"])
