"""The self-contained HTML evaluation report."""

from __future__ import annotations

import base64
import re

import numpy as np
import pytest

from meddx.errors import MeddxError
from meddx.evaluate import evaluate, write_report

LABELS = {
    "binary": ["no_sepsis", "sepsis"],
    "multiclass": ["pneumonia", "heart_failure", "copd"],
    "multilabel": ["diabetes", "hypertension", "ckd"],
}
HISTORY = [
    *(
        {"loss": 1.2 - 0.1 * i, "learning_rate": 1e-4, "epoch": i / 4, "step": 5 * i}
        for i in range(1, 9)
    ),
    {"eval_loss": 0.9, "eval_macro_f1": 0.55, "eval_runtime": 1.2, "epoch": 1.0, "step": 20},
    {"eval_loss": 0.8, "eval_macro_f1": 0.61, "eval_runtime": 1.1, "epoch": 2.0, "step": 40},
    {"train_runtime": 12.0, "train_loss": 0.9, "epoch": 2.0, "step": 40},
]
DATA_CARD = {
    "dataset_hash": "sha256:0f3a9c",
    "counts": {"train": {"pneumonia": 40, "copd": 21}, "test": {"pneumonia": 10, "copd": 6}},
    "text_length": {"mean": 812.5, "p95": 2301.0},
    "dropped": {"empty_text": 3, "unknown_label": 1},
}


def make_results(task: str, n: int = 90, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    labels = LABELS[task]
    k = len(labels)
    if task == "multilabel":
        y = (rng.random((n, k)) < 0.4).astype(int)
        model = np.clip(0.7 * y + 0.3 * rng.random((n, k)), 0, 1)
        baseline = rng.random((n, k))
    else:
        y = rng.integers(0, k, n)
        model = np.eye(k)[y] * 2.0 + rng.random((n, k))
        model /= model.sum(axis=1, keepdims=True)
        baseline = np.full((n, k), 1.0 / k)
    return {
        name: {
            "metrics": evaluate(y, p, task=task, labels=labels, n_boot=30),
            "y_true": y,
            "proba": p,
        }
        for name, p in (("model", model), ("baseline", baseline))
    }


def images(html: str) -> list[bytes]:
    found = re.findall(r"data:image/png;base64,([A-Za-z0-9+/=]+)", html)
    return [base64.b64decode(m) for m in found]


@pytest.mark.parametrize(
    ("task", "history"),
    [("binary", HISTORY), ("multiclass", None), ("multilabel", [])],
)
def test_report_is_self_contained(tmp_path, task, history):
    out = write_report(
        tmp_path / "sub" / "report.html",
        title="Test report",
        task=task,
        labels=LABELS[task],
        results=make_results(task),
        data_card=DATA_CARD,
        config={"model": {"preset": "tfidf-logreg"}, "eval": {"ci": 0.95}},
        history=history,
        environment={"python": "3.11.9", "meddx": "0.1.0"},
        notes=["class weights: balanced", "2 exact duplicates removed"],
    )
    assert out == tmp_path / "sub" / "report.html"
    html = out.read_text(encoding="utf-8")
    assert '<img src="data:image/png;base64,' in html
    pngs = images(html)
    assert pngs and all(png.startswith(b"\x89PNG\r\n\x1a\n") for png in pngs)
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", html, flags=re.IGNORECASE)
    assert not re.search(r"<script|<link|@import|url\(", html, flags=re.IGNORECASE)
    assert not any(b"http" in png for png in pngs)  # no matplotlib URL in PNG metadata
    assert "<td>model</td>" in html and "<td>baseline</td>" in html
    for label in LABELS[task]:
        assert label in html
    assert re.search(r"\d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\]", html)  # value [lo, hi]
    assert "sha256:0f3a9c" in html and "unknown_label" in html and "tfidf-logreg" in html
    assert "class weights: balanced" in html
    assert re.search(r'id="ece-check">model: ECE \d\.\d{3}\. A perfectly calibrated model', html)
    no_curve = "no training curve (model trained in one step)"
    assert (no_curve in html) is (not history)
    assert len(pngs) == (3 if task == "multilabel" else 4) + (1 if history else 0)
    if task == "multilabel":
        assert "<th>TN</th>" in html
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]  # no temp file left


def test_report_escapes_everything(tmp_path):
    results = make_results("multiclass")
    html = write_report(
        tmp_path / "r.html",
        title="<script>alert(1)</script>",
        task="multiclass",
        labels=LABELS["multiclass"],
        results=results,
        data_card={"source": "<b>x</b>"},
        notes=["a & b <i>"],
    ).read_text(encoding="utf-8")
    assert "<script>" not in html and "<b>x</b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "a &amp; b &lt;i&gt;" in html


def test_report_marks_undefined_auroc(tmp_path):
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 40)  # the third class never occurs
    p = np.eye(3)[y] * 0.6 + 0.4 / 3
    labels = LABELS["multiclass"]
    results = {
        "model": {
            "metrics": evaluate(y, p, task="multiclass", labels=labels, n_boot=10),
            "y_true": y,
            "proba": p,
        }
    }
    html = write_report(
        tmp_path / "r.html", title="t", task="multiclass", labels=labels, results=results
    ).read_text(encoding="utf-8")
    assert re.search(r"<td>copd</td>(<td>[^<]*</td>){4}<td>n/a</td><td>n/a</td>", html)


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda r: r["baseline"].pop("proba"), "results['baseline'] is missing 'proba'"),
        (lambda r: r["model"]["metrics"].pop("per_class"), "lacks per_class"),
        (lambda r: r["model"].update(proba=r["model"]["proba"][:, :2]), "got shape (90, 2)"),
        (lambda r: r.clear(), "non-empty"),
    ],
)
def test_report_rejects_bad_results(tmp_path, mutate, fragment):
    results = make_results("multiclass")
    mutate(results)
    with pytest.raises(MeddxError) as info:
        write_report(
            tmp_path / "r.html",
            title="t",
            task="multiclass",
            labels=LABELS["multiclass"],
            results=results,
        )
    assert fragment in str(info.value)
    assert not (tmp_path / "r.html").exists()
