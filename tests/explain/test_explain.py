"""Explanations: word offsets, IG completeness, rollout, SHAP, occlusion, faithfulness and the
errors for methods a model cannot support. Tiny BERT (random weights, a sharpened head) and a
TF-IDF model trained on synthetic notes whose keywords decide the label."""

from __future__ import annotations

import numpy as np
import pytest

from meddx.audit._synthetic import FILLER, VOCAB
from meddx.errors import ConfigError, ModelError
from meddx.explain import (
    EXPLAINERS,
    attention_rollout,
    faithfulness,
    global_terms,
    make_explainer,
    render_note_html,
    split_words,
    top_tokens,
)
from meddx.explain._words import token_words
from meddx.models import FineTunedClassifier, ModelConfig, TfidfBaseline
from meddx.text import PrepConfig
from tests._support.helpers import make_tiny_model, synthetic_notes

LABELS = ["cardiac", "neuro", "gi"]
KEYWORDS = {w for phrases in VOCAB.values() for p in phrases for w in p.split()}


@pytest.fixture(scope="module")
def model_tfidf():
    notes = synthetic_notes(400, seed=3)
    y = np.array([LABELS.index(v) for v in notes["dx"]])
    texts = notes["note"].tolist()
    clf = TfidfBaseline.fit((texts[:300], y[:300]), (texts[300:350], y[300:350]), labels=LABELS,
                            task="multiclass", prep=PrepConfig())
    return clf, texts[350:]


def _tiny(folder, prep: PrepConfig, task: str = "multiclass") -> FineTunedClassifier:
    import torch

    from meddx.models._encoder import load_classifier_model, load_tokenizer

    make_tiny_model(folder)
    model = load_classifier_model(folder, labels=LABELS, task=task, cfg=ModelConfig(mode="full"))
    torch.manual_seed(1)
    with torch.no_grad():  # default init is nearly constant in its input: widen the weights
        for module in model.modules():
            if isinstance(module, torch.nn.Linear):
                module.weight.normal_(0, 0.2)
        model.bert.embeddings.word_embeddings.weight.normal_(0, 1.0)
    return FineTunedClassifier(labels=LABELS, task=task, prep=prep, model=model,
                               tokenizer=load_tokenizer(folder), base_model=str(folder), mode="full")


@pytest.fixture(scope="module")
def classifier_tiny(tmp_path_factory):
    return _tiny(tmp_path_factory.mktemp("tiny"), PrepConfig(max_length=64))


@pytest.mark.parametrize("text, expected", [
    ("chest pain, troponin elevated.", ["chest", "pain", ",", "troponin", "elevated", "."]),
    ("left-arm  numbness; pt's BP 120/80", ["left-arm", "numbness", ";", "pt's", "BP", "120", "/",
                                            "80"]),
    ("  Ödem\tbeidseits\n", ["Ödem", "beidseits"]),
    ("", []),
])
def test_words_carry_exact_offsets(text, expected):
    words = split_words(text)
    assert [w.text for w in words] == expected
    assert all(text[w.start:w.end] == w.text for w in words)


def test_subword_tokens_map_to_their_word(classifier_tiny):
    text = "Hemiparesis   and ﬁbrillation (new)"  # odd spacing and an NFKC ligature
    words = split_words(text)
    tmap = token_words(text, words, classifier_tiny.tokenizer, classifier_tiny.prep)
    owners = {words[i].text for i in tmap.word_of_token if i >= 0}
    assert owners == {"Hemiparesis", "and", "ﬁbrillation", "(", "new", ")"}
    hemi = [t for t, i in zip(tmap.tokens, tmap.word_of_token, strict=True) if i == 0]
    assert len(hemi) > 1  # split into sub-words, all owned by the first word


TEXTS = ["Chest pain radiating to the left-arm; troponin elevated.",
         "Seizure   at home (unwitnessed) with aphasia and ﬁbrillation"]


@pytest.mark.parametrize("method", ["ig", "rollout", "occlusion"])
def test_offsets_map_back_to_the_words_of_the_input(classifier_tiny, method):
    for text, e in zip(TEXTS, make_explainer(method).explain(classifier_tiny, TEXTS), strict=True):
        assert [text[s:t] for s, t in e.offsets] == e.words
        assert len(e.scores) == len(e.words) and e.target in LABELS
        content = [i for i, w in enumerate(e.words) if w.isalnum()]
        assert all(e.scores[i] != 0 for i in content)  # every word was found and scored
        for word, score, start, end in e.top(3):
            assert text[start:end] == word and isinstance(score, float)


@pytest.mark.parametrize("baseline", ["pad", "mask"])
def test_integrated_gradients_completeness(classifier_tiny, baseline):
    import torch

    text = TEXTS[0]
    e = make_explainer("ig", n_steps=64, baseline=baseline).explain(classifier_tiny, [text])[0]
    tok = classifier_tiny.tokenizer
    ids = tok(text)["input_ids"]  # one window: [CLS] text [SEP]
    base_id = tok.pad_token_id if baseline == "pad" else tok.mask_token_id
    base = [ids[0]] + [base_id] * (len(ids) - 2) + [ids[-1]]
    with torch.no_grad():
        logits = classifier_tiny.model(input_ids=torch.tensor([ids, base])).logits
    p = torch.softmax(logits, -1)[:, e.target_index].numpy()
    assert abs(p[0] - e.probability) < 1e-5
    gap = p[0] - p[1]
    assert abs(gap) > 0.05  # the test has something to check
    assert sum(e.scores) == pytest.approx(float(gap), abs=0.02 * abs(float(gap)) + 1e-5)
    assert sum(e.token_scores) == pytest.approx(sum(e.scores), abs=1e-9)


def test_long_notes_are_explained_over_the_windows_the_model_reads(tmp_path):
    clf = _tiny(tmp_path / "t", PrepConfig(max_length=16, long_text="head"))
    text = " ".join(["seizure"] * 10 + ["chest"] * 20)
    for method in ("ig", "occlusion"):
        e = make_explainer(method).explain(clf, [text])[0]
        assert e.visible is not None and sum(e.visible) == 14  # 16 tokens minus [CLS], [SEP]
        assert all(s == 0 for s, v in zip(e.scores, e.visible, strict=True) if not v)
        assert all(e.visible[i] for i in e.ranking())
        page = render_note_html(text, [e])
        assert page.count('class="unread"') == 16 and "never reads them" in page


def test_attention_rollout_rows_sum_to_one():
    rng = np.random.default_rng(0)
    maps = []
    for _ in range(3):
        a = rng.random((2, 6, 6))
        maps.append(a / a.sum(-1, keepdims=True))
    for residual in (True, False):
        r = attention_rollout(maps, residual=residual)
        assert r.shape == (6, 6) and np.all(r >= 0)
        np.testing.assert_allclose(r.sum(axis=1), 1.0, atol=1e-12)
    with pytest.raises(ModelError, match="at least one layer"):
        attention_rollout([])


def test_rollout_on_the_model_is_a_share_of_cls_attention(classifier_tiny):
    e = make_explainer("rollout").explain(classifier_tiny, [TEXTS[0]])[0]
    assert not e.signed and all(s >= 0 for s in e.scores)
    assert 0 < sum(e.scores) < 1  # the rest flows to [CLS] and [SEP]
    assert classifier_tiny.model.config._attn_implementation != "eager" or True  # restored below
    assert classifier_tiny.model.config._attn_implementation == "sdpa"


@pytest.mark.parametrize("method, needs", [("ig", "gradients"), ("rollout", "attention")])
def test_methods_that_need_a_neural_model_say_so(model_tfidf, method, needs):
    clf, texts = model_tfidf
    with pytest.raises(ModelError) as err:
        make_explainer(method).explain(clf, texts[:1])
    message = str(err.value)
    assert f"'{method}'" in message and "tfidf_logreg" in message and needs in message
    with pytest.raises(ModelError, match="tfidf_logreg"):
        top_tokens(clf, texts[:1], method="ig")


def test_registry_and_settings_errors():
    assert {"ig", "shap", "rollout", "occlusion"} <= set(make_explainer("ig") and EXPLAINERS)
    with pytest.raises(ConfigError, match="did you mean 'shap'"):
        make_explainer("shapp")
    with pytest.raises(ConfigError, match="n_steps"):
        make_explainer("ig", steps=5)
    with pytest.raises(ConfigError, match="baseline must be one of pad, mask; got 'zero'"):
        make_explainer("ig", baseline="zero")
    with pytest.raises(ConfigError, match="top_tokens method"):
        top_tokens(None, ["x"], method="shap")


def test_top_tokens_finds_the_keywords(model_tfidf):
    clf, texts = model_tfidf
    result = top_tokens(clf, texts[:20], k=3)
    assert len(result) == 20
    hits = 0
    for text, top in zip(texts[:20], result, strict=True):
        assert 1 <= len(top) <= 3
        assert all(text[s:e] == w for w, _, s, e in top)
        hits += top[0][0].lower() in KEYWORDS
    assert hits >= 16


@pytest.mark.slow
def test_shap_values_add_up_to_the_deletion_gap(model_tfidf):
    clf, texts = model_tfidf
    e = make_explainer("shap", max_evals=300).explain(clf, texts[:2])
    for text, ex in zip(texts[:2], e, strict=True):
        assert [text[s:t] for s, t in ex.offsets] == ex.words
        gap = ex.probability - ex.info["p_all_deleted"]
        assert sum(ex.scores) == pytest.approx(gap, abs=1e-6)
        assert ex.top(1)[0][0].lower() in KEYWORDS


def test_faithfulness_top_words_beat_random_words(model_tfidf):
    clf, texts = model_tfidf
    result = faithfulness(clf, texts[:40], ["occlusion"], ks=[2, "10%"], draws=5, n_boot=300)
    for k in ("2", "10%"):
        assert result["methods"]["occlusion"][k]["n"] == 40
        for scale in ("probability", "log_odds"):
            r = result["methods"]["occlusion"][k][scale]
            assert r["mean_top_drop"] > r["mean_random_drop"] > 0
            assert r["ratio"] > 1 and r["ratio_ci95"][0] > 1
            assert r["difference_ci95"][0] > 0
    again = faithfulness(clf, texts[:40], ["occlusion"], ks=[2], draws=5, n_boot=300)
    assert again["methods"]["occlusion"]["2"] == result["methods"]["occlusion"]["2"]  # seeded


def test_faithfulness_of_a_random_explainer_is_not_mistaken_for_a_faithful_one(model_tfidf):
    from meddx.explain import Explainer

    class Shuffled(Explainer):  # scores unrelated to the model
        name = "shuffled"

        def __init__(self, seed: int) -> None:
            self.seed = seed

        def _explain_one(self, classifier, text, target, probability):
            words = split_words(text)
            rng = np.random.default_rng([self.seed, len(text)])
            return self._make(classifier, words, rng.random(len(words)), target, probability)

    clf, texts = model_tfidf
    methods = {f"shuffled{s}": Shuffled(s) for s in range(5)}
    methods["occlusion"] = make_explainer("occlusion")
    result = faithfulness(clf, texts, methods, ks=[2], draws=5, n_boot=200)["methods"]
    shuffled = np.mean([result[f"shuffled{s}"]["2"]["probability"]["ratio"] for s in range(5)])
    faithful = result["occlusion"]["2"]["probability"]["ratio"]
    assert shuffled < 2.5 < 4 < faithful


@pytest.mark.parametrize("k", ["0", "-1", "abc", "0%", "150%", "2.5"])
def test_bad_k_is_a_config_error(model_tfidf, k):
    clf, texts = model_tfidf
    with pytest.raises(ConfigError, match="k must be"):
        faithfulness(clf, texts[:2], ["occlusion"], ks=[k])


def test_global_terms_are_the_class_keywords(model_tfidf):
    clf, texts = model_tfidf
    expl = make_explainer("occlusion").explain(clf, texts)
    result = global_terms(expl, LABELS, top=5, min_notes=3)
    for label in LABELS:
        terms = [t["term"] for t in result["classes"][label]["terms"]]
        own = {w for p in VOCAB[label] for w in p.split()}
        assert terms and terms[0] in own
        assert not set(terms[:2]) & set(FILLER)


def test_note_html_is_self_contained_and_escaped(model_tfidf):
    clf, _ = model_tfidf
    text = "<b>chest</b> pain & seizure"
    page = render_note_html(text, make_explainer("occlusion").explain(clf, [text]))
    assert "&lt;" in page and "&amp;" in page and "<b>chest" not in page and "</b> pain" not in page
    assert "http" not in page and "<script" not in page and "src=" not in page
    assert "rgba(22,163,74" in page  # a word that raises the class is green


def test_lora_models_are_explained_through_their_embedding_layer(tmp_path):
    from meddx.models._encoder import load_classifier_model, load_tokenizer

    folder = make_tiny_model(tmp_path / "lora")
    cfg = ModelConfig(mode="lora", lora={"r": 4, "alpha": 8, "dropout": 0.0,
                                         "target_modules": ["query", "value"]})
    model = load_classifier_model(folder, labels=LABELS, task="multilabel", cfg=cfg)
    clf = FineTunedClassifier(labels=LABELS, task="multilabel", prep=PrepConfig(max_length=64),
                              model=model, tokenizer=load_tokenizer(folder), base_model=str(folder),
                              mode="lora")
    for method in ("ig", "rollout"):
        e = make_explainer(method, **({"n_steps": 8} if method == "ig" else {})).explain(
            clf, [TEXTS[0]], target="neuro")[0]
        assert e.target == "neuro" and e.target_index == 1
        assert [TEXTS[0][s:t] for s, t in e.offsets] == e.words
        assert any(s != 0 for s in e.scores)
    with pytest.raises(ConfigError, match="target 'renal' is not one of the model's labels"):
        make_explainer("rollout").explain(clf, [TEXTS[0]], target="renal")
