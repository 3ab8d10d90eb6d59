"""The trainable detector ``ner``: a transformer token classifier with a BIO head over PHI types.

A model trained by ``meddx deid-train`` (:func:`meddx.deid.train_ner`) is a folder with the
Hugging Face weights, the tokenizer and ``meddx_ner.json`` (the BIO label map, window length
and stride, how it was trained). The detector loads it from ``deid.ner_model``; a folder that
holds a LoRA adapter instead (``deid-train --adapter lora``) is loaded on its base encoder and
merged (:mod:`meddx.deid._ner_lora`), and with ``deid.ner_model`` unset the adapter bundled in
``resources/deid_ner_lora`` is used.

Text is cut into word-piece windows of ``max_length`` tokens overlapping by ``stride``
tokens (long notes are never truncated); each word piece carries its character offsets, so
predicted B-/I- runs become character spans of the input, widened to whole words. Spans
found in overlapping windows are unioned by the merge policy like any other detector's.
"""

from __future__ import annotations

import functools
import json
import warnings
from pathlib import Path
from typing import Any

from meddx.deid._detector import Detector, register_detector
from meddx.deid._ner_guard import allowed
from meddx.deid._ner_lora import bundled_ner_path, is_adapter, load_adapter
from meddx.deid._ner_trim import trim_date_tail
from meddx.deid._span import LABELS, Span
from meddx.errors import ModelError, require

__all__ = ["BIO_LABELS", "NER_META", "NerDetector", "bio_tags", "encode_windows", "load_ner"]

#: The tag set: "O", then B-/I- for every PHI label.
BIO_LABELS: tuple[str, ...] = ("O",) + tuple(f"{p}-{lab}" for lab in LABELS for p in "BI")
#: The manifest beside the weights.
NER_META = "meddx_ner.json"


def encode_windows(tokenizer, texts: list[str], *, max_length: int, stride: int) -> dict:
    """Word-piece windows of every text: ``input_ids``, ``attention_mask``, ``offset_mapping``
    and ``overflow_to_sample_mapping`` (which text each window comes from)."""
    return tokenizer(
        texts, truncation=True, max_length=max_length, stride=stride,
        return_overflowing_tokens=True, return_offsets_mapping=True, padding=False,
    )


def bio_tags(offsets: list[tuple[int, int]], spans: list[tuple[int, int, str]]) -> list[int]:
    """The BIO tag id of each word piece of one window; -100 for special tokens.

    A piece that overlaps a gold span gets its type: ``B-`` if it holds the span's first
    character, ``I-`` otherwise (so a window that starts inside a span starts with I-)."""
    index = {t: i for i, t in enumerate(BIO_LABELS)}
    spans = sorted(spans)
    out: list[int] = []
    j = 0
    for s, e in offsets:
        if e <= s:
            out.append(-100)
            continue
        while j < len(spans) and spans[j][1] <= s:
            j += 1
        tag = "O"
        for k in range(j, len(spans)):
            gs, ge, lab = spans[k]
            if gs >= e:
                break
            if s < ge and e > gs and lab in LABELS:
                tag = ("B-" if s <= gs < e else "I-") + lab
                break
        out.append(index[tag])
    return out


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow ``[start, end)`` to whole words (letters and digits)."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def decode_spans(text: str, offsets, tags: list[str], scores: list[float], source: str
                 ) -> list[Span]:
    """Character spans from the BIO tags of one window's word pieces."""
    spans: list[Span] = []
    cur: list[Any] | None = None  # [start, end, label, scores]
    for (s, e), tag, score in zip(offsets, tags, scores, strict=True):
        if e <= s:
            continue
        if tag == "O":
            if cur is not None:
                spans.append(_close(text, cur, source))
                cur = None
            continue
        prefix, label = tag.split("-", 1)
        if cur is not None and prefix == "I" and label == cur[2]:
            cur[1] = e
            cur[3].append(score)
            continue
        if cur is not None:
            spans.append(_close(text, cur, source))
        cur = [s, e, label, [score]]
    if cur is not None:
        spans.append(_close(text, cur, source))
    return spans


def _close(text: str, cur: list[Any], source: str) -> Span:
    start, end = _widen(text, cur[0], cur[1])
    return Span(start, end, cur[2], source, round(sum(cur[3]) / len(cur[3]), 4))


@functools.lru_cache(maxsize=2)
def load_ner(path: str) -> tuple[Any, Any, dict[str, Any]]:
    """(tokenizer, model in eval mode, manifest) of a trained NER folder; cached per path."""
    folder = Path(path)
    meta_file = folder / NER_META
    if not meta_file.is_file():
        raise ModelError(f"'{folder}' is not a meddx NER model (no {NER_META}); "
                         "train one with: meddx deid-train --out DIR")
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ModelError(f"'{meta_file}' is not a readable meddx NER manifest") from None
    transformers = require("transformers", "train")
    from meddx.models import load_tokenizer, quiet_transformers

    quiet_transformers()
    if is_adapter(folder):  # a LoRA adapter on the manifest's base encoder (_ner_lora)
        return (*load_adapter(folder, meta), meta)
    tokenizer = load_tokenizer(folder)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = transformers.AutoModelForTokenClassification.from_pretrained(
                str(folder), local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load the NER model in '{folder}' ({type(exc).__name__})") from None
    model.eval()
    return tokenizer, model, meta


@register_detector("ner")
class NerDetector(Detector):
    """PHI spans predicted by a trained token classifier (``deid.ner_model``).

    A word piece is tagged PHI when P(not O) is at least ``threshold``; its type is then the
    most likely B-/I- tag. A span is kept when its mean tag probability is at least
    ``min_span_score`` and the precision guard (``_ner_guard.allowed``) accepts its text.
    Both numbers come from the manifest, chosen on validation notes by ``deid-train``. In the
    de-identifier, a span that no other detector's span overlaps must also pass
    :func:`meddx.deid._ner_confirm.confirm_ner` (a higher floor per label, DATE shapes),
    unless ``deid.ner_guard`` is "off"."""

    def __init__(self, path: str | Path, *, batch_size: int = 16) -> None:
        self.path = str(path)
        self.tokenizer, self.model, self.meta = load_ner(self.path)
        self.labels: list[str] = list(self.meta["labels"])
        self.max_length = int(self.meta["max_length"])
        self.stride = int(self.meta["stride"])
        self.threshold = float(self.meta.get("threshold", 0.5))
        self.min_span_score = float(self.meta.get("min_span_score", 0.0))
        self.batch_size = batch_size

    @classmethod
    def build(cls, *, ner_model: str | None = None, **_: Any) -> NerDetector:
        return cls(ner_model or bundled_ner_path())  # unset: the bundled LoRA adapter

    def detect(self, text: str) -> list[Span]:
        return self.detect_many([text])[0]

    def detect_many(self, texts: list[str]) -> list[list[Span]]:
        """Spans of several texts, their windows batched together."""
        return self.decode(texts, self.window_probs(texts), self.threshold, self.min_span_score)

    def window_probs(self, texts: list[str]) -> list[tuple[int, Any, list[float], list[int],
                                                          list[float]]]:
        """Per window: (text index, piece offsets, P(not O), best PHI tag id, its probability)."""
        import torch

        todo = [i for i, t in enumerate(texts) if t.strip()]
        if not todo:
            return []
        enc = encode_windows(self.tokenizer, [texts[i] for i in todo],
                             max_length=self.max_length, stride=self.stride)
        n = len(enc["input_ids"])
        o_index = self.labels.index("O")
        pad = self.tokenizer.pad_token_id or 0
        out = []
        for b in range(0, n, self.batch_size):
            rows = list(range(b, min(n, b + self.batch_size)))
            width = max(len(enc["input_ids"][r]) for r in rows)
            ids = torch.tensor([enc["input_ids"][r] + [pad] * (width - len(enc["input_ids"][r]))
                                for r in rows])
            mask = (torch.arange(width)[None, :] <
                    torch.tensor([len(enc["input_ids"][r]) for r in rows])[:, None]).long()
            with torch.inference_mode():
                probs = self.model(input_ids=ids, attention_mask=mask).logits.softmax(-1)
                p_phi = (1.0 - probs[..., o_index]).tolist()
                probs[..., o_index] = -1.0
                best_p, best = probs.max(-1)
            best_l, best_p_l = best.tolist(), best_p.tolist()
            for k, r in enumerate(rows):
                length = len(enc["input_ids"][r])
                out.append((todo[enc["overflow_to_sample_mapping"][r]], enc["offset_mapping"][r],
                            p_phi[k][:length], best_l[k][:length], best_p_l[k][:length]))
        return out

    def decode(self, texts: list[str], windows: list, threshold: float, min_span_score: float
               ) -> list[list[Span]]:
        """Spans from :meth:`window_probs` at a PHI threshold and a minimum span score."""
        out: list[list[Span]] = [[] for _ in texts]
        for doc, offsets, p_phi, best, best_p in windows:
            tags = [self.labels[b] if p >= threshold else "O" for p, b in zip(p_phi, best, strict=True)]
            text = texts[doc]
            spans = (trim_date_tail(text, s) for s in decode_spans(text, offsets, tags, best_p, self.name))
            out[doc].extend(s for s in spans if s.score >= min_span_score and allowed(text, s))
        return out
