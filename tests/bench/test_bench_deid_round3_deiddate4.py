"""The date/age engineer's own de-identification notes (bench/data/deid_round3/deiddate4,
session 9): each committed file is what its markup source converts to, and every record
verifies. Only the files are checked; no detector is run."""

from __future__ import annotations

import pytest

from tests._support.round3 import BENCH, converted_sets_match

DATA = BENCH / "data" / "deid_round3" / "deiddate4"
# (markup folder, note-id prefix, file stem)
SETS = [("source", "deiddate4", "dev"), ("fresh_source", "deiddate4-fresh", "fresh")]


@pytest.mark.parametrize(("source", "prefix", "stem"), SETS, ids=[s[2] for s in SETS])
def test_committed_files_are_the_converted_markup(source, prefix, stem):
    recs = converted_sets_match(DATA, source, prefix, stem)
    kinds = {p["type"] for r in recs for p in r["phi"]}
    assert {"NAME", "HOSPITAL", "LOCATION", "DATE", "PHONE", "AGE", "ID"} <= kinds
    assert sum(p["type"] == "DATE" for r in recs for p in r["phi"]) >= 40
