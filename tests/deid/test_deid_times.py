"""``deid.times``: times of day are not PHI by default (HIPAA Safe Harbor), and are tagged
as DATE only with ``times: true``; through the Deidentifier, the config, ``meddx deid`` and
``meddx deid-eval``, and for DATE spans from any detector (the NER model too)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from meddx.cli import app
from meddx.deid import (
    DETECTORS,
    DeidConfig,
    Deidentifier,
    Detector,
    Span,
    deidentify_texts,
    register_detector,
)
from meddx.deid._times import is_time_of_day

# Invented shift-note lines: (text, the DATE strings found by default, the extra ones with
# times on).
LINES = [
    ("lasix 40 iv given at 0600, good uo", [], ["0600"]),
    ("lasix at 6pm per order", [], ["6pm"]),
    ("K 3.2 at 14:30, repleted", [], ["14:30"]),
    ("FAMILY IN @ 1915, UPDATED", [], ["1915"]),
    ("heparin drip held until 2300 for procedure", [], ["2300"]),
    ("Shift 19:00-07:30 uneventful", [], ["19:00", "07:30"]),
    ("seen 3/12 at 10:30 by cards", ["3/12"], ["10:30"]),
    ("DATE: 04/02/2021 06:12 PORTABLE CXR", ["04/02/2021"], ["06:12"]),
    ("extubated at 2pm 8/28, tol well", ["8/28"], ["2pm"]),
]


def _dates(deid: Deidentifier, text: str) -> list[str]:
    return [text[s.start:s.end] for s in deid.detect(text) if s.label == "DATE"]


@pytest.mark.parametrize("text,dates,times", LINES, ids=[t for t, _, _ in LINES])
def test_times_are_kept_unless_times_on(text, dates, times):
    assert _dates(Deidentifier(), text) == dates
    strict = _dates(Deidentifier(times=True), text)
    assert sorted(strict) == sorted(dates + times)


TIME_OF_DAY = [
    ("at 0600", 3, 7, True), ("at 6pm", 3, 6, True), ("14:30", 0, 5, True),
    ("2:30 p.m.", 0, 9, True), ("19:00-07:30", 0, 11, True), ("noon", 0, 4, True),
    ("@ 2009", 2, 6, True),  # a year-like number after a time cue is a time
    ("quit 2009", 5, 9, False), ("CABG 1998", 5, 9, False),  # years in a history
    ("7/22", 0, 4, False), ("July 22", 0, 7, False), ("2019-07-22T10:30", 0, 16, False),
]


@pytest.mark.parametrize("text,start,end,expected", TIME_OF_DAY)
def test_is_time_of_day(text, start, end, expected):
    assert is_time_of_day(text, start, end) is expected


_NAME = "test-times-tagger"
if _NAME not in DETECTORS:
    @register_detector(_NAME)
    class _TimeTagger(Detector):
        """Stands in for a model that tags every clock time and year as DATE."""

        def detect(self, text):
            import re

            return [Span(m.start(), m.end(), "DATE", self.name, 0.9)
                    for m in re.finditer(r"\b\d{4}\b|\b\d\d?:\d\d\b", text)]


def test_time_spans_of_any_detector_are_dropped_by_default():
    text = "given at 0600 and 14:30; CABG 1998"
    assert _dates(Deidentifier(detectors=[_NAME]), text) == ["1998"]
    assert _dates(Deidentifier(detectors=[_NAME], times=True), text) == ["0600", "14:30", "1998"]


def test_config_times_reaches_the_training_path():
    texts = ["Pt seen 7/22/2019 at 0800.", "Lasix at 6pm."]
    loose, summary = deidentify_texts(texts, DeidConfig())
    assert loose == ["Pt seen [DATE] at 0800.", "Lasix at 6pm."]
    assert summary["times"] is False
    strict, summary = deidentify_texts(texts, DeidConfig(times=True))
    assert strict == ["Pt seen [DATE] at [DATE].", "Lasix at [DATE]."]
    assert summary["times"] is True


def test_cli_deid_and_deid_eval_take_times(tmp_path):
    src = tmp_path / "notes.jsonl"
    text = "Seen 7/22/2019 at 0800 by team."
    src.write_text(json.dumps({"id": "a", "text": text,
                               "phi": [{"start": 5, "end": 14, "type": "DATE"}]}) + "\n")
    runner = CliRunner()
    for flag, expected in (([], "Seen [DATE] at 0800 by team."),
                           (["--times"], "Seen [DATE] at [DATE] by team.")):
        out = tmp_path / f"out{len(flag)}.jsonl"
        result = runner.invoke(app, ["deid", "--input", str(src), "--output", str(out),
                                     "--workers", "1", "-q", *flag])
        assert result.exit_code == 0, result.output
        assert json.loads(out.read_text())["text"] == expected
    metrics = {}
    for flag in ([], ["--times"]):
        m = tmp_path / f"m{len(flag)}.json"
        result = runner.invoke(app, ["deid-eval", "--gold", str(src), "--out", str(m), *flag])
        assert result.exit_code == 0, result.output
        metrics[bool(flag)] = json.loads(m.read_text())["overall"]["overlap"]["precision"]
    assert metrics[False] == 1.0 and metrics[True] == 0.5  # the time is a false positive
