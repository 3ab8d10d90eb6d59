"""bench/deid_path_compare.py: the ``meddx deid`` path is ``detect_many`` on batches of 64
notes, so a facility named in one note is shared only with the notes of its batch, while one
``detect_many`` call on every note (``deid_crf_case.py``) shares it with all of them: the cause
of the two scripts' different figures on the same notes (synthetic notes)."""

from __future__ import annotations

from pathlib import Path

from tests._support.scripts import load_script

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load():
    return load_script("bench_deid_path_compare", BENCH / "deid_path_compare.py")


def test_meddx_deid_is_batches_of_64_and_one_call_shares_across_them_when_asked():
    from meddx.deid._stream import _CHUNK

    named = "Pt transferred from Willow Bend Manor on 3/4 for rehab."
    bare = "Willow Bend called about her walker today."
    texts = [named] + ["Afebrile, ambulating with a walker."] * _CHUNK + [bare]
    found = _load().paths(texts)
    assert found["meddx deid"] == found["batches of 64"]  # the same notes, the same spans
    short = (0, len("Willow Bend"), "HOSPITAL")
    # shared with the 66th note in one call with deid.facility_forms_across_notes (session 26:
    # a short form stays in its own note by default)
    assert short in found["all at once, facility forms across notes"][-1]
    assert short not in found["all at once"][-1]
    assert short not in found["meddx deid"][-1]  # not across meddx deid's batches
    assert short not in found["note by note"][-1] and short not in found["consistent off"][-1]
    assert found["meddx deid"][0] == found["all at once"][0]
