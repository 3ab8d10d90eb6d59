"""Synthetic data with a known injected bias, to test that an audit finds it (and only it).

Two generators:

* :func:`synthetic_biased_notes`: labelled notes (cardiac / neuro / gi keywords in filler
  text) with ``sex`` and ``age_band`` columns, for end-to-end tests of ``audit_run``.
  ``bias="missing_symptoms"``: in a share of the biased group's notes of the target label,
  the label's typical symptoms are not mentioned; symptoms typical of another label
  (``confused_with``) are, as myocardial infarction in women is more often documented with
  nausea and epigastric discomfort than with chest pain. A text model cannot tell these notes
  from the other label's, so it misses them: the target label's TPR drops in that group;
  ``bias="label_noise"`` replaces a share of the biased group's labels with another label;
  ``bias="underdiagnosis"`` records a share of the biased group's ``target_label`` notes as
  ``confused_with`` although their text documents ``target_label``'s symptoms (the record
  missed the diagnosis: the label is biased, the text is not).
  ``age_band`` is always assigned at random: a control column with no real gap.
  ``sex_in_text=True`` makes the notes read like real ones, which name the patient's sex: an
  opening such as ``54 yo F``, ``Mrs. Rowe, 54``, ``54 year old man``, and ``she``/``he``
  for some of the filler word ``patient``. The default (``False``) keeps the older notes,
  which never mention the sex (and the same rows, draw for draw: the mentions come from a
  separate random stream). ``keep_true_label=True`` adds ``dx_true``, the label before
  any label noise (the chart-reviewed label, for evaluating on clean labels).
* :func:`synthetic_biased_scores`: true labels and model probabilities directly, for fast
  tests of the fairness audit: in the biased group, a share of the target class's rows lose
  the model's evidence for it (they are missed), and nothing else differs.

All text is invented; none of it is PHI.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from meddx.errors import ConfigError

__all__ = ["synthetic_biased_notes", "synthetic_biased_scores"]

VOCAB = {
    "cardiac": ["chest pain", "troponin elevated", "st elevation", "murmur", "atrial fibrillation",
                "ejection fraction reduced", "angina"],
    "neuro": ["seizure", "headache", "aphasia", "hemiparesis", "mri brain lesion", "tremor",
              "numbness left arm"],
    "gi": ["abdominal pain", "melena", "hepatomegaly", "jaundice", "colonoscopy polyp",
           "epigastric tenderness", "diarrhea"],
}
NONSPECIFIC = ["fatigue", "malaise", "feels unwell", "poor appetite", "dizziness"]
FILLER = ["patient", "presents", "with", "history", "of", "noted", "on", "exam", "denies",
          "fever", "reports", "since", "yesterday", "follow", "up", "plan", "admit", "stable"]
AGE_BANDS = ["18-39", "40-59", "60-79", "80+"]
SURNAMES = ["Rowe", "Patel", "Nguyen", "Okafor", "Larsen", "Silva", "Kowalski", "Haddad", "Baker",
            "Moreau", "Tanaka", "Ivanova", "Mendez", "Brennan", "Osei", "Fischer"]
OPENINGS = ("{age} yo {FM}", "{age} year old {noun}", "{title} {surname}, {age}", "{age}{FM}",
            "{title} {surname}, {age} y/o {noun}")
BIASES = ("missing_symptoms", "label_noise", "underdiagnosis")


def synthetic_biased_notes(
    n: int = 600,
    *,
    bias: str | None = "missing_symptoms",
    rate: float = 0.7,
    biased_group: str = "F",
    target_label: str = "cardiac",
    confused_with: str = "gi",
    seed: int = 0,
    sex_in_text: bool = False,
    keep_true_label: bool = False,
) -> pd.DataFrame:
    """Columns ``note_id``, ``patient``, ``note``, ``dx``, ``sex``, ``age_band`` (and
    ``dx_true`` with ``keep_true_label``).

    With ``bias=None`` no group differs from another (the control). With ``sex_in_text``
    the notes name the sex as real notes do (see the module docstring).
    """
    if bias is not None and bias not in BIASES:
        raise ConfigError(f"bias must be one of {', '.join(BIASES)} or None; got {bias!r}")
    labels = list(VOCAB)
    for name, value in (("target_label", target_label), ("confused_with", confused_with)):
        if value not in labels:
            raise ConfigError(f"{name} must be one of {', '.join(labels)}; got {value!r}")
    if confused_with == target_label:
        raise ConfigError("confused_with must differ from target_label")
    rng = np.random.default_rng(seed)
    text_rng = np.random.default_rng([seed, 1])  # sex mentions: the other draws do not move
    rows = []
    for i in range(n):
        label = labels[i % len(labels)]
        sex = str(rng.choice(["F", "M"]))
        words = [str(w) for w in rng.choice(FILLER, size=int(rng.integers(8, 25)))]
        mentions = [str(m) for m in rng.choice(VOCAB[label], size=int(rng.integers(1, 4)))]
        biased = bias is not None and sex == biased_group and rng.random() < rate
        if biased and bias == "missing_symptoms" and label == target_label:
            mentions = [str(m) for m in rng.choice(VOCAB[confused_with], size=int(rng.integers(1, 4)))]
        if rng.random() < 0.3:  # nonspecific words occur in every class
            mentions.append(str(rng.choice(NONSPECIFIC)))
        for m in mentions:
            words.insert(int(rng.integers(0, len(words) + 1)), m)
        recorded = label
        if biased and bias == "label_noise":
            recorded = str(rng.choice([lab for lab in labels if lab != label]))
        elif biased and bias == "underdiagnosis" and label == target_label:
            recorded = confused_with
        age_band = str(rng.choice(AGE_BANDS))
        if sex_in_text:
            words = _mention_sex(words, sex, age_band, text_rng)
        row = {"note_id": f"N{i:05d}", "patient": f"P{i:05d}", "note": " ".join(words),
               "dx": recorded, "sex": sex, "age_band": age_band}
        if keep_true_label:
            row["dx_true"] = label
        rows.append(row)
    return pd.DataFrame(rows)


def _mention_sex(words: list[str], sex: str, age_band: str, rng: np.random.Generator) -> list[str]:
    """An opening that names the sex (and an age inside the band), and she/he for about half
    of the filler word ``patient``."""
    low, _, high = age_band.partition("-")
    age = int(rng.integers(int(low.rstrip("+")), int(high or 95) + 1))
    female = sex == "F"
    opening = str(rng.choice(OPENINGS)).format(
        age=age, FM="F" if female else "M", noun="woman" if female else "man",
        title="Mrs." if female else "Mr.", surname=str(rng.choice(SURNAMES)))
    pronoun = "she" if female else "he"
    body = [pronoun if w == "patient" and rng.random() < 0.5 else w for w in words]
    return [opening, *body]


def synthetic_biased_scores(
    n: int = 2000,
    *,
    n_classes: int = 2,
    rate: float = 0.5,
    biased_group: str = "F",
    target_class: int | None = None,
    strength: float = 3.0,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """``(y, proba, groups)``: class indices (n,), probabilities (n, k) and a frame with
    ``sex`` (F/M), ``age_band`` and ``site`` (A/B/C, random).

    The model's logits are ``strength`` for the true class plus Gaussian noise. In the
    biased group, a share ``rate`` of the rows of ``target_class`` (default: the last class,
    the positive one when binary) get no evidence for their class, so they are mostly missed:
    the TPR of that class is lower in the biased group. ``rate=0`` is the control.
    """
    if n_classes < 2:
        raise ConfigError(f"n_classes must be >= 2; got {n_classes}")
    rng = np.random.default_rng(seed)
    target = n_classes - 1 if target_class is None else int(target_class)
    y = rng.integers(0, n_classes, size=n)
    sex = rng.choice(["F", "M"], size=n)
    logits = rng.normal(0.0, 1.0, size=(n, n_classes))
    signal = np.full(n, strength)
    hidden = (sex == biased_group) & (y == target) & (rng.random(n) < rate)
    signal[hidden] = -1.0
    logits[np.arange(n), y] += signal
    proba = np.exp(logits - logits.max(axis=1, keepdims=True))
    proba /= proba.sum(axis=1, keepdims=True)
    groups = pd.DataFrame({"sex": sex, "age_band": rng.choice(AGE_BANDS, size=n),
                           "site": rng.choice(["A", "B", "C"], size=n)})
    return y, proba, groups
