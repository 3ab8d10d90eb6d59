"""No input crashes a detector: property-based tests (Hypothesis) over every registered
detector and the whole Deidentifier, with random unicode, runs of punctuation and hyphens,
ALL CAPS, empty lines, very long tokens and notes built from clinical fragments. None may
raise, and every span lies inside the text with start < end and a known label.

Example counts are modest so that each test takes a few seconds; the NER and Presidio
detectors (a model to load) are marked slow.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meddx.deid import DETECTORS, LABELS, Deidentifier, build_detectors

_SETTINGS = settings(max_examples=60, deadline=None, database=None, derandomize=True,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Invented fragments in the styles of real notes: vent settings, lab strings, times, cues.
FRAGMENTS = [
    "PSV 10/5", "A/C 700x12 40% PEEP 5", "12/10/40%", "ABG 7.43/41/76/28", "BP 120/80",
    "SVR 900-1300", "1/2 NS @ 75", "flowby 6/3", "DTRs 2/2", "strength 5/5", "pain 7/10",
    "lasix 40 iv at 0600", "@ 1915", "3-11 shift", "14:30", "extubated at 2pm 8/28",
    "CABG 81, redo 84", "s/p MI 1992", "quit 2009", "colectomy 1/78", "in April", "(May, July)",
    "pager #12345", "beeper 4-5678", "617- 555- 0123", "ext 5512", "x6-4210",
    "MRN: 0048-1399", "kit # NB4471093", "member id HPX 44820 1937", "Acc# SA-XR-22-91",
    "Dr. Quillon", "dr quillon", "son jorvan called", "DTR MARELDA", "K. OSTROWSKI RRT",
    "Hospice referral - Linden Hill Hospice intake", "to - Mercy Hospital today",
    "lives in quillan bay", "St. Agnes", "VAMC", "Drs. Varn and Oste", "CONTACT PERSON ",
    "K, CA REPLETED", "ST changes", "Mitral", "LIMA-LAD", "Allegra", "NKDA", " - ", " -- ",
    "\n\n", "\n", ", ", ". ", "; ", " / ", "(", ")", "#", ":", "'", '"', "Dr.", "Mr.", "St",
    "91M", "(91)", "Tdap 2015", "Date: 5-3-22  Time: 1500", "ID: TMAX 101.2",
]


def _case(text: str, how: int) -> str:
    return (text, text.upper(), text.lower(), text.title())[how]


fragments = st.lists(st.tuples(st.sampled_from(FRAGMENTS),
                               st.sampled_from([" ", "", "\n", " - ", ", ", "  "])),
                     max_size=25).map(lambda parts: "".join(a + b for a, b in parts))
clinical_notes = st.tuples(fragments, st.integers(0, 3)).map(lambda t: _case(*t))
punctuation = st.text(alphabet=" -\u2013\u2014/.,:;#()@'\"\n\t&*+x0123456789ADrSt",
                      max_size=200)
long_tokens = st.tuples(st.sampled_from(["A", "a", "1", "-", "/", "Dr", "St ", "9/", "x",
                                         "Hospital", ". "]),
                        st.integers(100, 3000)).map(lambda t: t[0] * t[1])
mixed = st.lists(st.one_of(clinical_notes, punctuation, long_tokens,
                           st.text(max_size=60)), max_size=4).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=300), punctuation, clinical_notes, long_tokens, mixed,
                     st.just(""), st.text(alphabet="\n \t", max_size=20))


def _check(text: str, spans) -> None:
    for s in spans:
        assert 0 <= s.start < s.end <= len(text), (s.start, s.end, len(text))
        assert s.label in LABELS


BUILT_IN = ["rules", "names", "places"]
assert set(BUILT_IN) <= set(DETECTORS)


@pytest.mark.parametrize("name", BUILT_IN)
@_SETTINGS
@given(text=ANY_TEXT)
def test_no_input_crashes_a_detector(name, text):
    (det,) = build_detectors([name])
    _check(text, det.detect(text))


@pytest.mark.parametrize("times", [False, True])
@_SETTINGS
@given(text=ANY_TEXT)
def test_no_input_crashes_the_deidentifier(times, text):
    deid = Deidentifier(times=times)
    result = deid.deidentify(text)
    _check(text, result.spans)
    assert all(a.end <= b.start for a, b in zip(result.spans, result.spans[1:], strict=False))
    assert isinstance(result.text, str)


@pytest.mark.parametrize("mode", ["mask", "surrogate"])
@settings(max_examples=30, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=st.one_of(clinical_notes, punctuation, mixed))
def test_no_input_crashes_an_operator(mode, text):
    pytest.importorskip("faker") if mode == "surrogate" else None
    result = Deidentifier(mode=mode).deidentify(text, patient="p1")
    _check(text, result.spans)


@pytest.mark.parametrize("text", [
    "Hospice referral - Linden Hill Hospice intake",  # the places detector crashed here
    "to - Mercy Hospital today",
    " - ", "-" * 5000, "\n" * 200, "", "\u0130" * 50 + " Dr. \u0130stanbul",  # lower() grows
])
def test_known_crashers(text):
    _check(text, Deidentifier().detect(text))


@pytest.fixture(scope="module")
def ner_folder(model_tiny, tmp_path_factory):
    from meddx.deid import train_ner

    root = tmp_path_factory.mktemp("fuzz-ner")
    train_ner(root / "model", base_model=str(model_tiny), n=8, seed=1, max_steps=1, max_length=48,
              stride=12, batch_size=4, quiet=True)
    return str(root / "model")


@pytest.mark.slow  # trains a tiny tagger first
@settings(max_examples=25, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(text=ANY_TEXT)
def test_no_input_crashes_the_ner_detector(ner_folder, text):
    deid = Deidentifier(detectors=["rules", "names", "places", "ner"], ner_model=ner_folder)
    _check(text, deid.detect(text))


@pytest.mark.slow  # loading spaCy and Presidio takes well over 5 s
@settings(max_examples=20, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=st.one_of(clinical_notes, punctuation, st.text(max_size=200)))
def test_no_input_crashes_the_presidio_detector(text):
    pytest.importorskip("presidio_analyzer")
    (det,) = build_detectors(["presidio"])
    _check(text, det.detect(text))
