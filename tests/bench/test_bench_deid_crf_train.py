"""bench/deid_crf_train.py's variant flags (session 15, branch crf15): left out, they give the
bundled settings; given, they reach train_crf; --case-copies both adds each note in both cases.
bench/deid_abstract_spans.py's --model and --threshold reach the crf detector."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests._support.scripts import load_script

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def train():
    return load_script("bench_deid_crf_train_flags", BENCH / "deid_crf_train.py")


def _run(train, monkeypatch, tmp_path, argv):
    import meddx.deid

    seen = {}
    notes = [("Seen at Mercy by Dr. Lee", [(8, 13, "HOSPITAL")])]

    def fake_train(rows, out, **kw):
        seen.update(rows=rows, **kw)
        Path(out).write_bytes(b"model")
        return {"notes": len(rows)}

    def fake_notes(exclude=None, **kw):
        seen["exclude"] = exclude
        return list(notes)

    monkeypatch.setattr(train.data, "training_notes", fake_notes)
    monkeypatch.setattr(meddx.deid, "train_crf", fake_train)
    train.main(["--out", str(tmp_path / "m.crfsuite"), *argv])
    return seen


def test_no_flags_give_the_bundled_settings(train, monkeypatch, tmp_path, capsys):
    from meddx.deid._crf_features import ALL_GROUPS
    from meddx.deid._crf_train import CRF_DEFAULTS

    seen = _run(train, monkeypatch, tmp_path, [])
    assert (seen["c1"], seen["c2"], seen["min_freq"], seen["max_iterations"]) == (
        CRF_DEFAULTS["c1"], CRF_DEFAULTS["c2"], CRF_DEFAULTS["min_freq"],
        CRF_DEFAULTS["max_iterations"])
    # session 17: the bundled model is trained on every note in both cases (--case-copies both)
    assert seen["groups"] == ALL_GROUPS and seen["case_augment"] is False
    assert [t for t, _ in seen["rows"]] == ["Seen at Mercy by Dr. Lee", "SEEN AT MERCY BY DR. LEE",
                                            "seen at mercy by dr. lee"]
    assert seen["exclude"] == []
    assert json.loads(capsys.readouterr().out)["case_copies"] == "both"
    # session 25: by default the bundled model's word-list snapshot, so a rebuild reads its lists
    assert seen["vocab"] == str(train.VOCAB) and train.VOCAB.name == "deid_crf.vocab.gz"
    assert train.VOCAB.is_file()


def test_vocab_lists_trains_with_todays_lists(train, monkeypatch, tmp_path):
    assert _run(train, monkeypatch, tmp_path, ["--vocab", "lists"])["vocab"] is None
    other = str(tmp_path / "other.vocab.gz")
    assert _run(train, monkeypatch, tmp_path, ["--vocab", other])["vocab"] == other


def test_case_copies_one_gives_the_session_12_setting(train, monkeypatch, tmp_path):
    seen = _run(train, monkeypatch, tmp_path, ["--case-copies", "one"])
    assert seen["case_augment"] is True and len(seen["rows"]) == 1


def test_flags_reach_train_crf(train, monkeypatch, tmp_path):
    from meddx.deid._crf_features import ALL_GROUPS

    seen = _run(train, monkeypatch, tmp_path, ["--c1", "0.2", "--c2", "0.05", "--min-freq", "2",
                                               "--drop-groups", "word,suffix",
                                               "--case-copies", "both"])
    assert (seen["c1"], seen["c2"], seen["min_freq"]) == (0.2, 0.05, 2)
    assert seen["groups"] == ALL_GROUPS - {"word", "suffix"}
    assert seen["case_augment"] is False
    texts = [t for t, _ in seen["rows"]]
    assert texts == ["Seen at Mercy by Dr. Lee", "SEEN AT MERCY BY DR. LEE",
                     "seen at mercy by dr. lee"]
    assert all(s == [(8, 13, "HOSPITAL")] for _, s in seen["rows"])


def test_case_copies_none_trains_as_written_only(train, monkeypatch, tmp_path):
    seen = _run(train, monkeypatch, tmp_path, ["--case-copies", "none"])
    assert seen["case_augment"] is False and len(seen["rows"]) == 1


def test_unknown_group_is_refused(train):
    with pytest.raises(SystemExit):
        train.parse_args(["--drop-groups", "word,nosuch"])


def test_both_case_copies_keep_offsets_where_the_case_changes_length(train):
    rows = train.both_case_copies([("Stra\u00dfe 5", [(0, 6, "LOCATION")])])
    assert [len(t) for t, _ in rows] == [8, 8]
    assert rows[0][0] == "STRA\u00dfE 5" and rows[1][0] == "stra\u00dfe 5"


def test_abstract_spans_model_and_threshold_reach_the_crf(tmp_path, monkeypatch):
    from meddx.deid import CrfDetector

    spans = load_script("bench_deid_abstract_spans_flags", BENCH / "deid_abstract_spans.py")
    seen = {}

    def fake_run(texts, config):
        seen.update(config=config, threshold=CrfDetector.__init__.__kwdefaults__["threshold"])
        return [[] for _ in texts], []

    before = CrfDetector.__init__.__kwdefaults__["threshold"]
    monkeypatch.setattr(spans.rs, "abstracts", lambda: ["a b", "c"])
    monkeypatch.setattr(spans.rs, "run_deid", fake_run)
    out = tmp_path / "spans.json"
    monkeypatch.setattr(sys, "argv", ["deid_abstract_spans.py", "--out", str(out), "--model",
                                      str(tmp_path / "v.crfsuite"), "--threshold", "0.7"])
    spans.main()
    assert seen == {"config": {"crf_model": str(tmp_path / "v.crfsuite")}, "threshold": 0.7}
    assert CrfDetector.__init__.__kwdefaults__["threshold"] == before
    got = json.loads(out.read_text())
    assert got["model"] == "v.crfsuite" and got["threshold"] == 0.7 and got["n_spans"] == 0


def test_exclude_folder_reaches_the_data_and_must_exist(train, monkeypatch, tmp_path):
    seen = _run(train, monkeypatch, tmp_path, ["--exclude-folder", "notes14"])
    assert seen["exclude"] == [train.data.ROUND3 / "notes14"]
    seen = _run(train, monkeypatch, tmp_path, ["--exclude-folder", "notes18", "--exclude-folder",
                                               "notes18b"])
    assert seen["exclude"] == [train.data.ROUND3 / "notes18", train.data.ROUND3 / "notes18b"]
    with pytest.raises(SystemExit):
        _run(train, monkeypatch, tmp_path, ["--exclude-folder", "notes11"])  # validation only


def test_train_files_leave_out_one_folder_or_several(train):
    data = train.data
    every = data.train_files()
    one = data.train_files(data.ROUND3 / "notes18")
    both = data.train_files([data.ROUND3 / "notes18", data.ROUND3 / "notes18b"])
    assert any("notes18/" in str(f) for f in every) and any("notes18b/" in str(f) for f in every)
    assert not any("notes18/" in str(f) for f in one) and any("notes18b/" in str(f) for f in one)
    assert not any("/notes18" in str(f) for f in both)
    assert len(both) == len(every) - 2


def test_abstract_spans_place_settings_reach_the_crf_and_count_untrained_rows(tmp_path,
                                                                                 monkeypatch):
    """Session 17: --place-threshold and --low-places reach the crf detector's defaults for the
    run only; the spans on the odd rows that are no even row's are counted apart."""
    from meddx.deid import CrfDetector

    spans = load_script("bench_deid_abstract_spans_places", BENCH / "deid_abstract_spans.py")
    seen = {}
    defaults = CrfDetector.__init__.__kwdefaults__
    before = dict(defaults)

    def fake_run(texts, config):
        seen.update(place_threshold=defaults["place_threshold"], low=defaults["low_places"],
                    threshold=defaults["threshold"])
        return [[(0, 1, "NAME")] for _ in texts], []

    # rows 0 and 2 are trained on; row 1 is untrained; row 3 repeats row 0, so it is not
    monkeypatch.setattr(spans.rs, "abstracts", lambda: ["a b", "c d", "e f", "a b"])
    monkeypatch.setattr(spans.rs, "run_deid", fake_run)
    out = tmp_path / "spans.json"
    monkeypatch.setattr(sys, "argv", ["deid_abstract_spans.py", "--out", str(out),
                                      "--place-threshold", "0.9", "--low-places"])
    spans.main()
    assert seen == {"place_threshold": 0.9, "low": True, "threshold": before["threshold"]}
    assert CrfDetector.__init__.__kwdefaults__ == before
    got = json.loads(out.read_text())
    assert got["n_spans"] == 4 and got["untrained"]["n_spans"] == 1
    assert got["place_threshold"] == 0.9 and got["low_places"] is True
    assert spans.untrained_rows(["a", "b", "c", "a", "d"]) == [1]


def test_crf_case_flags_set_the_crf_detector_only():
    import argparse

    case = load_script("bench_deid_crf_case_flags", BENCH / "deid_crf_case.py")
    ap = argparse.ArgumentParser()
    case.add_crf_flags(ap)
    assert case.crf_settings(ap.parse_args([])) == {}
    args = ap.parse_args(["--threshold", "0.85", "--place-threshold", "0.9", "--low-places"])
    assert case.crf_settings(args) == {"threshold": 0.85, "place_threshold": 0.9,
                                       "low_places": True}
    band = ap.parse_args(["--place-band", "0.5"])
    assert case.crf_settings(band) == {"place_band": 0.5}

    class Det:
        def __init__(self, name):
            self.name, self.threshold = name, 0.8

    class Deid:
        detectors = [Det("rules"), Det("crf")]

    deid = Deid()
    case.set_crf(deid, args)
    rules, crf = deid.detectors
    assert (crf.threshold, crf.place_threshold, crf.low_places) == (0.85, 0.9, True)
    assert rules.threshold == 0.8 and not hasattr(rules, "low_places")
