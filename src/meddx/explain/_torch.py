"""What the gradient and attention methods share: the torch model behind a fine-tuned
classifier, the note cut into the same windows the classifier predicts on, and the way
per-window token scores add up to word scores."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from meddx.errors import ModelError, require
from meddx.explain._words import TokenMap, Word, split_words, token_words

__all__ = ["NoteWindows", "method_error", "pool_window_scores", "target_prob", "torch_parts", "visible_words",
           "windows_of"]


def method_error(method: str, classifier, needs: str) -> ModelError:
    kind = getattr(classifier, "kind", type(classifier).__name__)
    return ModelError(
        f"explanation method '{method}' needs {needs} from a fine-tuned encoder (full or LoRA), "
        f"but this model is of kind '{kind}'; use a method that works on any model: shap or "
        "occlusion")


def torch_parts(classifier, method: str, needs: str):
    """``(model, tokenizer)`` of a fine-tuned encoder, or a ModelError naming the method and
    the model kind."""
    model = getattr(classifier, "model", None)
    tokenizer = getattr(classifier, "tokenizer", None)
    torch = require("torch", "train")
    if not isinstance(model, torch.nn.Module) or tokenizer is None:
        raise method_error(method, classifier, needs)
    return model, tokenizer


@dataclass
class NoteWindows:
    """A note as model inputs: its words, its tokens and the windows the classifier reads."""

    words: list[Word]
    tmap: TokenMap
    positions: list[list[int]]  # token positions (into tmap.ids) of each window's text part
    input_ids: list[list[int]]  # each window with special tokens
    n_prefix: int


def windows_of(classifier, text: str, tokenizer=None, words: list[Word] | None = None) -> NoteWindows:
    """Cut ``text`` into windows exactly as ``classifier.predict_proba`` does."""
    from meddx.text import model_max_length, special_tokens, split_windows

    prep = classifier.prep
    tokenizer = tokenizer if tokenizer is not None else classifier.tokenizer
    words = split_words(text) if words is None else words
    tmap = token_words(text, words, tokenizer, prep)
    prefix, suffix = special_tokens(tokenizer)
    body = min(prep.max_length, model_max_length(tokenizer)) - len(prefix) - len(suffix)
    positions = split_windows(list(range(len(tmap.ids))), body, prep)
    ids = [prefix + [tmap.ids[p] for p in pos] + suffix for pos in positions]
    return NoteWindows(words, tmap, positions, ids, len(prefix))


def pool_window_scores(note: NoteWindows, per_window: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Token scores (averaged over windows, as window probabilities are) and word scores.

    ``per_window[w]`` scores every input position of window ``w`` (special tokens included;
    those are dropped)."""
    tokens = np.zeros(len(note.tmap.ids), dtype=np.float64)
    n = len(per_window)
    for pos, scores in zip(note.positions, per_window, strict=True):
        body = np.asarray(scores, dtype=np.float64)[note.n_prefix:note.n_prefix + len(pos)]
        np.add.at(tokens, np.asarray(pos, dtype=np.int64), body / n)
    words = np.zeros(len(note.words), dtype=np.float64)
    owned = note.tmap.word_of_token >= 0
    np.add.at(words, note.tmap.word_of_token[owned], tokens[owned])
    return tokens, words


def target_prob(logits, target: int, task: str):
    """The probability of class ``target`` from logits, as the classifier computes it."""
    torch = require("torch", "train")
    if task == "multilabel":
        return torch.sigmoid(logits[:, target])
    return torch.softmax(logits, dim=-1)[:, target]


def visible_words(classifier, text: str, words: list[Word]) -> np.ndarray:
    """Which words the model reads. Encoders read a window of tokens (``prep.long_text``), so
    words cut off by truncation are invisible; models without a tokenizer read every word."""
    tokenizer = _tokenizer_of(classifier)
    if tokenizer is None or not words:
        return np.ones(len(words), dtype=bool)
    return note_visible(windows_of(classifier, text, tokenizer, words))


def note_visible(note: NoteWindows) -> np.ndarray:
    """Words with at least one token inside a window."""
    seen = np.zeros(len(note.words), dtype=bool)
    for pos in note.positions:
        owners = note.tmap.word_of_token[np.asarray(pos, dtype=np.int64)]
        seen[owners[owners >= 0]] = True
    return seen


def _tokenizer_of(classifier):
    tokenizer = getattr(classifier, "tokenizer", None)
    if tokenizer is not None:
        return tokenizer
    if getattr(classifier, "kind", None) == "frozen_encoder":
        return _frozen_tokenizer(str(classifier.model))
    return None


@functools.lru_cache(maxsize=2)
def _frozen_tokenizer(model: str):
    from meddx.models import load_tokenizer, resolve_model

    return load_tokenizer(resolve_model(model))
