"""Session 14's ``ner`` work: the ``ner_guard`` knob, the clock-range fix, the early returns
of :func:`confirm_ner`."""

from __future__ import annotations

import json
import typing

import pytest
from typer.testing import CliRunner

from meddx.cli import app
from meddx.deid import DeidConfig, Deidentifier, Span, _ner_confirm
from meddx.deid import _deidentifier as deidentifier_module
from meddx.deid._detector import Detector
from meddx.deid._ner_confirm import NER_GUARDS, confirm_ner, unconfirmed_ok
from meddx.errors import ConfigError

runner = CliRunner()
TEXT = "Cases between 1971 and 1987. Zorvath called. Foley to gravity."


def _ner(text: str, value: str, label: str, score: float = 0.99) -> Span:
    start = text.index(value)
    return Span(start, start + len(value), label, "ner", score)


class FakeNer(Detector):
    """Stands in for the ner detector: one strong name, one weak place nothing confirms."""

    name = "ner"

    def detect(self, text):
        return [_ner(text, "Zorvath", "NAME", 0.95), _ner(text, "gravity", "LOCATION", 0.2)]

    def detect_many(self, texts):  # batched, as the real detector
        return [self.detect(t) for t in texts]


def _found(deid: Deidentifier) -> set[str]:
    deid.detectors.append(FakeNer())
    return {TEXT[s.start:s.end] for s in deid.detect(TEXT)}


def test_ner_guard_off_keeps_unconfirmed_ner_spans():
    on = _found(Deidentifier(detectors=["rules"]))
    off = _found(Deidentifier(detectors=["rules"], ner_guard="off"))
    assert "Zorvath" in on and "gravity" not in on
    assert "Zorvath" in off and "gravity" in off


def test_ner_guard_from_config_and_bad_values():
    assert DeidConfig().ner_guard == "on"
    assert typing.get_args(DeidConfig.model_fields["ner_guard"].annotation) == NER_GUARDS
    deid = Deidentifier.from_config(DeidConfig(detectors=["rules"], ner_guard="off"))
    assert deid.ner_guard == "off" and "gravity" in _found(deid)
    with pytest.raises(ConfigError, match="ner_guard must be one of on, off; got 'maybe'"):
        Deidentifier(detectors=["rules"], ner_guard="maybe")
    with pytest.raises(ValueError, match="ner_guard"):
        DeidConfig(ner_guard="maybe")


@pytest.fixture
def guard_calls(monkeypatch):
    """The notes the de-identifier ran the guard on."""
    calls: list[str] = []

    def spy(text, spans, min_score=None):
        calls.append(text)
        return confirm_ner(text, spans, min_score)

    monkeypatch.setattr(deidentifier_module, "confirm_ner", spy)
    return calls


@pytest.mark.parametrize("guard,runs", [(None, True), ("on", True), ("off", False)])
def test_cli_deid_and_deid_eval_pass_the_knob(tmp_path, guard_calls, guard, runs):
    notes = tmp_path / "notes.jsonl"
    notes.write_text(json.dumps({"id": "1", "text": TEXT, "phi": []}) + "\n", encoding="utf-8")
    flag = [] if guard is None else ["--ner-guard", guard]
    ok = runner.invoke(app, ["deid", "--input", str(notes), "--output", str(tmp_path / "o.jsonl"),
                             "--detectors", "rules", "--workers", "1", "-q", *flag])
    assert ok.exit_code == 0, ok.output
    assert bool(guard_calls) is runs
    guard_calls.clear()
    ok = runner.invoke(app, ["deid-eval", "--gold", str(notes), "--detectors", "rules", *flag])
    assert ok.exit_code == 0, ok.output
    assert bool(guard_calls) is runs


def test_cli_rejects_a_bad_guard_value(tmp_path):
    notes = tmp_path / "notes.jsonl"
    notes.write_text(json.dumps({"id": "1", "text": TEXT}) + "\n", encoding="utf-8")
    bad = runner.invoke(app, ["deid", "--input", str(notes), "--output", str(tmp_path / "o.jsonl"),
                              "--ner-guard", "maybe"])
    assert bad.exit_code != 0 and "--ner-guard" in bad.output


@pytest.mark.parametrize("value,dropped", [
    ("0700-1930", True), ("2100-2300", True), ("2300-2400", True),  # clock ranges: shift hours
    ("2430-2500", False), ("2430-0100", False), ("2200-2415", False),  # no 24:30, 24:15, 25h
    ("2400-2460", False),  # no minute 60
])
def test_clock_range_hours(value, dropped):
    text = f"ref {value} here"
    assert unconfirmed_ok(text, _ner(text, value, "MRN", 0.99)) is not dropped


def test_confirm_ner_without_ner_spans_returns_them_untouched(monkeypatch):
    """No ner span: the same list back, and no span is checked (the early return)."""
    def boom(*_a, **_k):
        raise AssertionError("unconfirmed_ok must not run without ner spans")

    monkeypatch.setattr(_ner_confirm, "unconfirmed_ok", boom)
    spans = [Span(0, 4, "NAME", "rules"), Span(10, 14, "DATE", "crf", 0.1)]
    assert confirm_ner("abcd efgh ijkl mnop", spans) is spans


def test_confirm_ner_with_only_ner_spans_checks_each_one():
    """Nothing else found in the note: no ner span is confirmed, each passes or fails alone."""
    text = "Zorvath came. Foley to gravity."
    strong, weak = _ner(text, "Zorvath", "NAME", 0.95), _ner(text, "gravity", "LOCATION", 0.2)
    assert confirm_ner(text, [strong, weak]) == [strong]
    assert confirm_ner(text, [weak]) == []
    assert confirm_ner(text, []) == []
