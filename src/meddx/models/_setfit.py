"""SetFit: a sentence encoder fine-tuned contrastively on pairs of notes, then a linear head.

The SetFit recipe (Tunstall et al., 2022) learns from a few labelled examples per class:
pairs of training notes are labelled 1 (same class) or 0 (different classes) and the body is
trained so that the cosine similarity of their embeddings matches (``CosineSimilarityLoss``).
A logistic-regression head is then fitted on the new embeddings. The pair sampling and the
body training come from the ``setfit`` package (its ``Trainer.train_embeddings``); the head is
meddx's own :class:`~meddx.models.LinearHead`, chosen on validation like the frozen head's,
so a saved model holds only safetensors: the body as a sentence-transformers folder and the
head's weights, no pickles.
"""

from __future__ import annotations

import logging
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from meddx._progress import track
from meddx.errors import ConfigError, ModelError, require
from meddx.models._base import Classifier, register_classifier
from meddx.models._presets import resolve_model
from meddx.models._settings import SetFitSettings
from meddx.text import PrepConfig, normalize_all

__all__ = ["SetFitClassifier", "train_setfit_body"]

log = logging.getLogger("meddx")


def _load_body(path: Path, max_length: int):
    st = require("sentence_transformers", "llm")
    from meddx.models._encoder import quiet_transformers

    quiet_transformers()
    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            body = st.SentenceTransformer(str(path), device="cpu", local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load a sentence encoder from '{path}' ({type(exc).__name__}: "
                             f"{str(exc).splitlines()[0][:200]})") from None
    body.max_seq_length = max_length
    return body


def train_setfit_body(model: str, texts: list[str], y: np.ndarray, *, task: str, prep: PrepConfig,
                      settings: SetFitSettings, batch_size: int, seed: int,
                      max_steps: int | None = None, quiet: bool = True,
                      record: dict | None = None):
    """Fine-tune the sentence encoder ``model`` on contrastive pairs of ``texts``.

    ``2 * settings.iterations * len(texts)`` pairs per epoch (half positive, half negative),
    at most ``max_steps`` optimizer steps. Returns the trained SentenceTransformer. ``record``,
    when given, gets what ran: ``steps``, ``pairs_per_epoch``, ``steps_per_epoch`` (of the
    full pair set) and ``seconds``.
    """
    if prep.long_text != "head":
        raise ConfigError(f"model.mode 'setfit' reads the first prep.max_length tokens of a note: "
                          f"set prep.long_text to 'head' (got '{prep.long_text}')")
    if len(texts) < 2:
        raise ConfigError(f"model.mode 'setfit' needs at least 2 training notes, got {len(texts)}")
    setfit = require("setfit", "llm")
    body = _load_body(resolve_model(model), prep.max_length)
    multilabel = task == "multilabel"
    labels = [list(map(int, row)) for row in y] if multilabel else [int(v) for v in y]
    from sklearn.linear_model import LogisticRegression

    wrapper = setfit.SetFitModel(model_body=body, model_head=LogisticRegression(),
                                 multi_target_strategy="one-vs-rest" if multilabel else None)
    with tempfile.TemporaryDirectory(prefix="meddx-setfit-") as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        args = setfit.TrainingArguments(
            output_dir=tmp, batch_size=batch_size, num_epochs=settings.epochs,
            num_iterations=settings.iterations, body_learning_rate=settings.learning_rate,
            max_steps=max_steps or -1, seed=seed, report_to="none", save_strategy="no",
            logging_strategy="no", show_progress_bar=not quiet,
        )
        trainer = setfit.Trainer(model=wrapper, args=args)
        if quiet:
            from transformers.trainer_callback import PrinterCallback, ProgressCallback

            trainer.st_trainer.remove_callback(ProgressCallback)
            trainer.st_trainer.remove_callback(PrinterCallback)
        log.info("setfit: %d notes, %d pairs per epoch, %d epoch(s)", len(texts),
                 2 * settings.iterations * len(texts), settings.epochs)
        started = time.monotonic()
        trainer.train_embeddings(normalize_all(texts, prep), labels, args=args)
        if record is not None:
            pairs = 2 * settings.iterations * len(texts)
            record.update(steps=int(trainer.st_trainer.state.global_step), pairs_per_epoch=pairs,
                          steps_per_epoch=-(-pairs // max(1, batch_size)),
                          seconds=round(time.monotonic() - started, 1))
    body.eval()
    return body


@register_classifier
class SetFitClassifier(Classifier):
    """A contrastively fine-tuned sentence encoder (``body``) with a linear ``head``."""

    kind = "setfit"

    def __init__(self, *, labels, task, prep, body, head=None, base_model: str = "",
                 batch_size: int = 64) -> None:
        super().__init__(labels=labels, task=task, prep=prep)
        self.body = body
        self.head = head
        self.base_model = base_model
        self.batch_size = batch_size

    def embed(self, texts: list[str], *, quiet: bool = True, label: str = "embedding") -> np.ndarray:
        """L2-normalised sentence embeddings from the trained body, one row per text."""
        texts = normalize_all(texts, self.prep)
        step = max(self.batch_size, 1) * 4
        parts = [texts[i:i + step] for i in range(0, len(texts), step)]
        out = [self.body.encode(p, batch_size=self.batch_size, show_progress_bar=False,
                                normalize_embeddings=True, convert_to_numpy=True)
               for p in track(parts, label, quiet=quiet)]
        dim = self.body.get_embedding_dimension() or 0
        return np.concatenate(out).astype(np.float32) if out else np.zeros((0, dim), np.float32)

    def predict_proba(self, texts: list[str], *, quiet: bool = True) -> np.ndarray:
        if self.head is None:
            raise ModelError("this SetFit classifier has no fitted head yet")
        return self.head.predict_proba(self.embed(texts, quiet=quiet))

    def _save_weights(self, folder: Path) -> dict[str, Any]:
        from safetensors.numpy import save_file

        if self.head is None:
            raise ModelError("this SetFit classifier has no fitted head yet; fit it before saving")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.body.save(str(folder / "body"), create_model_card=False)
        save_file({"weight": self.head.weight.astype(np.float32),
                   "bias": self.head.bias.astype(np.float32)}, str(folder / "head.safetensors"))
        return {"base_model": self.base_model, "body": "body", "batch_size": self.batch_size}

    @classmethod
    def _load(cls, folder: Path, manifest: dict[str, Any]) -> SetFitClassifier:
        from safetensors.numpy import load_file

        from meddx.models._head import LinearHead

        prep = PrepConfig(**manifest["prep"])
        body = _load_body(folder / manifest.get("body", "body"), prep.max_length)
        tensors = load_file(str(folder / "head.safetensors"))
        head = LinearHead(tensors["weight"].astype(np.float64), tensors["bias"].astype(np.float64),
                          manifest["task"] == "multilabel")
        return cls(labels=manifest["labels"], task=manifest["task"], prep=prep, body=body,
                   head=head, base_model=manifest.get("base_model", ""),
                   batch_size=int(manifest.get("batch_size", 64)))
