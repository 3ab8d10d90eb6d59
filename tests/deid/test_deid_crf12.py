"""The ``crf`` detector, session 12 (branch deidcrf12): feature groups (a model trained without
a group never gets its features), case-augmented training (each note also in ALL CAPS or lower
case, offsets kept) and the bundled model on notes typed in capitals or lower case."""

from __future__ import annotations

import pytest

pytest.importorskip("pycrfsuite")

from meddx.deid import CrfDetector, train_crf  # noqa: E402
from meddx.deid._crf_features import (  # noqa: E402
    ALL_GROUPS,
    FeatureCache,
    _group,
    note_features,
    note_words,
)
from meddx.deid._crf_train import CRF_DEFAULTS, case_copies  # noqa: E402
from meddx.errors import ConfigError  # noqa: E402
from tests.deid.test_deid_crf import _notes  # noqa: E402

_TEXT = "Seen by Dr. Mary Okafor at Mercy.\nplan: f/u 7/22"


def _features(cache: FeatureCache) -> list[list[str]]:
    words, gaps = note_words(_TEXT)
    return note_features(words, gaps, 0, len(words), cache)


def test_every_feature_belongs_to_one_group_and_every_group_is_used():
    feats = _features(FeatureCache())
    groups = {_group(f) for item in feats for f in item}
    assert groups == ALL_GROUPS
    mary = set(feats[3])
    assert {_group(f) for f in ("title", "upper", "lower", "mixed")} == {"case"}
    assert _group("-1fn") == _group("-1city") == "near_lists"
    assert _group("-1Xx") == _group("+1d") == "near_shapes"
    assert _group("+2:at") == "far_words" and _group("-1:dr") == "near_words"
    assert _group("w:mary") == _group("bos") == "word" and _group("g:|.") == "gaps"
    assert {"title", "-1abbr", "+2:at", "s3:ary"} <= mary


def test_a_cache_for_some_groups_leaves_the_others_out():
    lean = ALL_GROUPS - {"case", "near_lists", "far_words"}
    feats = _features(FeatureCache(groups=lean))
    assert all(_group(f) in lean for item in feats for f in item)
    mary = set(feats[3])
    assert {"w:mary", "sh:Xx", "in:fn", "-1:dr", "+1:okafor", "g:."} <= mary
    assert not {"title", "-1abbr", "+2:at", "-2:by"} & mary


def test_case_copies_keep_offsets_and_spans():
    notes = [("Seen by Dr. Ann Lee.", [(12, 19, "NAME")]),
             ("Wife Stra\u00dfe Koenig called", [(5, 18, "NAME")])]
    copies = case_copies(notes)
    assert copies[0] == ("SEEN BY DR. ANN LEE.", [(12, 19, "NAME")])
    assert copies[1] == ("wife stra\u00dfe koenig called", [(5, 18, "NAME")])
    assert [len(t) for t, _ in copies] == [len(t) for t, _ in notes]
    upper = case_copies([("Stra\u00dfe", [])])[0][0]  # "SS" would shift every offset: kept
    assert upper == "STRA\u00dfE"


def test_unknown_feature_group_is_one_config_error(tmp_path):
    with pytest.raises(ConfigError, match="unknown CRF feature group 'colour'"):
        train_crf([("Ann Lee", [(0, 7, "NAME")])], tmp_path / "m.crfsuite",
                  groups=ALL_GROUPS | {"colour"})


def test_a_model_trained_without_a_group_has_none_of_its_attributes(tmp_path):
    path = tmp_path / "lean.crfsuite"
    info = train_crf(_notes(30), path, max_iterations=40, groups=ALL_GROUPS - {"case"})
    assert "case" not in info["groups"] and info["case_augment"] is CRF_DEFAULTS["case_augment"]
    det = CrfDetector(path)
    assert not {"title", "upper", "lower", "mixed"} & set(det.tagger.info().attributes)
    assert "title" not in {f.decode() for item in _features(det.cache) for f in item}


@pytest.mark.parametrize("fold", [str.upper, str.lower])
def test_case_augmented_training_finds_a_name_in_capitals_and_lower_case(tmp_path, fold):
    path = tmp_path / "tiny.crfsuite"
    info = train_crf(_notes(40), path, max_iterations=60)
    assert info["case_augment"] and info["notes"] == 40  # the copies are not notes of their own
    text = fold("Spoke with Wilhelmina Zabrocki about the plan today. Lungs clear.")
    spans = CrfDetector(path).detect(text)
    assert [(text[s.start:s.end], s.label) for s in spans] == [(fold("Wilhelmina Zabrocki"),
                                                                "NAME")]


@pytest.mark.parametrize("fold", [str, str.upper, str.lower])
def test_the_bundled_model_finds_phi_typed_in_capitals_or_lower_case(fold):
    det = CrfDetector()
    text = fold("Family meeting with son Tobias Wrenfield; pt to return to Maple Hollow Nursing "
                "Home. Lives in Fairhaven. Lungs clear, continue aspirin.")
    found = {text[s.start:s.end]: s.label for s in det.detect(text)}
    assert found.get(fold("Tobias Wrenfield")) == "NAME"
    # in capitals or lower case "home" may fall out of the facility ("discharged home")
    assert any(k.startswith(fold("Maple Hollow Nursing")) and v == "HOSPITAL"
               for k, v in found.items())
    assert found.get(fold("Fairhaven")) == "LOCATION"
    assert not any(w in k.lower() for k in found for w in ("lungs", "aspirin", "family"))


@pytest.mark.parametrize(("text", "value", "kept"), [
    ("attends the local catholic church; his baptist church helps.", "local catholic church", False),
    ("lives near a nearby nursing home with her son.", "a nearby nursing home", False),
    ("returns to maple hollow nursing home tomorrow.", "maple hollow nursing home", True),
    ("attends the Local Catholic Church weekly.", "Local Catholic Church", True),
])
def test_a_generic_place_in_lower_case_is_not_a_name(text, value, kept):
    from meddx.deid._crf_guard import crf_allowed
    from meddx.deid._span import Span

    start = text.index(value)
    span = Span(start, start + len(value), "LOCATION", "crf", 0.97)
    assert crf_allowed(text, span) is kept


@pytest.mark.parametrize(("text", "value", "grown"), [
    ("Plan reviewed with P. Raman today.", "Raman", "P. Raman"),
    ("cc: J.Okafor", "Okafor", "J.Okafor"),
    ("Seen by Dr. Raman today.", "Raman", "Raman"),  # a title, not an initial
    ("took vitamin AD. Raman called.", "Raman", "Raman"),  # a word's last letter
])
def test_a_crf_name_takes_the_initial_before_it(text, value, grown):
    from meddx.deid._crf_guard import with_initial
    from meddx.deid._span import Span

    start = text.index(value)
    span = with_initial(text, Span(start, start + len(value), "NAME", "crf", 0.99))
    assert text[span.start:span.end] == grown
    place = Span(start, start + len(value), "LOCATION", "crf", 0.99)
    assert with_initial(text, place) == place


def test_the_bundled_model_gets_only_features_it_knows_and_all_groups():
    det = CrfDetector()
    known = set(det.tagger.info().attributes)
    assert {_group(a) for a in known} == ALL_GROUPS  # the bundled model keeps every group
    words, gaps = note_words(_TEXT)
    feats = note_features(words, gaps, 0, len(words), det.cache)
    sent = [{f.decode() for f in item} for item in feats]
    assert all(item <= known for item in sent)
    full = [set(item) & known for item in _features(FeatureCache())]
    assert sent == full  # nothing it knows is left out
    assert {"-1:dr", "+1Xx", "-1abbr"} <= sent[3]
