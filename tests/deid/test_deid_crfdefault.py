"""The ``crf`` detector as a default one (session 11, branch crfdefault): it is in the defaults
of the library and the config, and a missing python-crfsuite fails with one clear line."""

from __future__ import annotations

import sys

import pytest

from meddx.deid import DEFAULT_DETECTORS, DeidConfig, Deidentifier
from meddx.deid._crf import MissingDependencyError, load_crf


def test_crf_is_a_default_detector_of_the_library_and_the_config():
    assert "crf" in DEFAULT_DETECTORS
    assert DeidConfig().detectors == list(DEFAULT_DETECTORS)
    names = [d.name for d in Deidentifier().detectors]
    assert names == ["rules", "names", "places", "crf"]


def test_a_missing_python_crfsuite_fails_with_one_line_not_a_silent_drop(monkeypatch):
    load_crf.cache_clear()
    monkeypatch.setitem(sys.modules, "pycrfsuite", None)  # import now raises ImportError
    try:
        with pytest.raises(MissingDependencyError) as err:
            Deidentifier()
    finally:
        load_crf.cache_clear()
    msg = str(err.value)
    assert "\n" not in msg and "python-crfsuite" in msg and "--detectors rules,names,places" in msg
    # without crf the detectors still build
    assert [d.name for d in Deidentifier(detectors=["rules", "names", "places"]).detectors] == [
        "rules", "names", "places"]
