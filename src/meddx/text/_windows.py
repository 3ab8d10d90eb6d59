"""Fit notes into the model's window: head, head+tail, or overlapping chunks.

``encode`` returns one entry per model input together with the index of the document it came
from, so chunk outputs can be pooled back to one prediction per note. With ``head`` and
``chunks`` only the start of a long note is read, so only a prefix of it is tokenised (cut at a
space, and long enough to hold more tokens than the windows take): a note of a megabyte costs
what one of a few kilobytes does, with the same windows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from meddx._progress import track
from meddx.errors import ConfigError
from meddx.text._settings import PrepConfig

__all__ = ["Encoded", "encode", "pool_by_document"]


@dataclass
class Encoded:
    input_ids: list[list[int]]
    doc_index: np.ndarray  # model input i belongs to document doc_index[i]

    def __len__(self) -> int:
        return len(self.input_ids)


def encode(
    tokenizer, texts: list[str], cfg: PrepConfig, *, quiet: bool = False, batch: int = 256
) -> Encoded:
    """Tokenise ``texts`` with special tokens, applying the long-text strategy."""
    max_len = min(cfg.max_length, model_max_length(tokenizer))
    prefix, suffix = special_tokens(tokenizer)
    body = max_len - len(prefix) - len(suffix)
    if cfg.long_text == "chunks" and cfg.chunk_stride >= body:
        raise ConfigError(
            f"prep.chunk_stride ({cfg.chunk_stride}) must be smaller than the {body} text tokens "
            f"of a window (max_length {max_len} minus {max_len - body} special tokens)"
        )
    need = tokens_read(body, cfg)
    ids: list[list[int]] = []
    docs: list[int] = []
    starts = range(0, len(texts), batch)
    for start in track(starts, "tokenising", total=len(starts), quiet=quiet):
        chunk = texts[start : start + batch]
        for offset, tokens in enumerate(_token_ids(tokenizer, chunk, need)):
            doc = start + offset
            for piece in split_windows(tokens, body, cfg):
                ids.append(prefix + piece + suffix)
                docs.append(doc)
    return Encoded(ids, np.array(docs, dtype=np.int64))


# A long note is tokenised from a prefix of at least this many characters (and 8 per token the
# windows take); the prefix must give TOKEN_MARGIN more tokens than they take, else it grows.
MIN_PREFIX_CHARS = 4096
TOKEN_MARGIN = 32


def tokens_read(body: int, cfg: PrepConfig) -> int | None:
    """How many leading tokens of a note its windows can hold (None: head_tail reads the end)."""
    if cfg.long_text == "head":
        return body
    if cfg.long_text == "chunks":
        return body + max(1, body - cfg.chunk_stride) * (cfg.max_chunks - 1)
    return None


def _token_ids(tokenizer, texts: list[str], need: int | None) -> list[list[int]]:
    """Token ids of each text, without special tokens; with ``need``, a long text's ids are those
    of a prefix cut at whitespace that still yields more than ``need`` + TOKEN_MARGIN tokens:
    tokenizers split words at whitespace, so its first tokens are those of the whole text."""
    out: list[list[int] | None] = [None] * len(texts)
    todo = list(range(len(texts)))
    size = max(MIN_PREFIX_CHARS, 8 * need) if need is not None else None
    while todo:
        pieces = [_prefix(texts[i], size) for i in todo]
        raw = tokenizer(pieces, add_special_tokens=False, truncation=False, verbose=False)
        again = []
        for i, piece, tokens in zip(todo, pieces, raw["input_ids"], strict=True):
            if len(piece) == len(texts[i]) or len(tokens) > need + TOKEN_MARGIN:
                out[i] = tokens
            else:
                again.append(i)
        todo, size = again, (size or 0) * 4
    return out  # type: ignore[return-value]


def _prefix(text: str, size: int | None) -> str:
    """``text`` up to the last space, tab or newline before ``size`` characters (whole when
    short, when ``size`` is None, or when no such whitespace exists)."""
    if size is None or len(text) <= size:
        return text
    cut = max(text.rfind(" ", 0, size), text.rfind("\n", 0, size), text.rfind("\t", 0, size))
    return text[:cut] if cut > 0 else text


def special_tokens(tokenizer) -> tuple[list[int], list[int]]:
    """The ids a tokenizer puts before and after a single text (e.g. [CLS] and [SEP])."""
    probe = "a"
    inner = tokenizer(probe, add_special_tokens=False)["input_ids"]
    outer = tokenizer(probe, add_special_tokens=True)["input_ids"]
    for start in range(len(outer) - len(inner) + 1):
        if outer[start : start + len(inner)] == inner:
            return list(outer[:start]), list(outer[start + len(inner) :])
    return [], []


def split_windows(tokens: list[int], body: int, cfg: PrepConfig) -> list[list[int]]:
    if len(tokens) <= body:
        return [tokens]
    if cfg.long_text == "head":
        return [tokens[:body]]
    if cfg.long_text == "head_tail":
        head = int(round(body * cfg.head_fraction))
        return [tokens[:head] + tokens[len(tokens) - (body - head) :]]
    step = max(1, body - cfg.chunk_stride)
    out = []
    for start in range(0, len(tokens), step):
        out.append(tokens[start : start + body])
        if start + body >= len(tokens) or len(out) >= cfg.max_chunks:
            break
    return out


def pool_by_document(values: np.ndarray, doc_index: np.ndarray, n_docs: int, how: str) -> np.ndarray:
    """Pool per-input rows (probabilities or embeddings) into one row per document."""
    out = np.zeros((n_docs, values.shape[1]), dtype=np.float64)
    if how == "max":
        out[:] = -np.inf
        np.maximum.at(out, doc_index, values)
        return out
    np.add.at(out, doc_index, values)
    counts = np.bincount(doc_index, minlength=n_docs).astype(np.float64)
    return out / np.maximum(counts, 1)[:, None]


def model_max_length(tokenizer) -> int:
    value = getattr(tokenizer, "model_max_length", None) or 512
    return int(value) if value < 100_000 else 512


def truncation_stats(tokenizer, texts: list[str], cfg: PrepConfig, *,
                     batch: int = 256) -> dict[str, float | int | str]:
    """How much of the notes the model's window sees: the notes over the window and the
    median share of their tokens dropped (``long_text`` head or head_tail drop the rest;
    chunks drop what lies past ``max_chunks``). Counts only, no text."""
    max_len = min(cfg.max_length, model_max_length(tokenizer))
    prefix, suffix = special_tokens(tokenizer)
    body = max_len - len(prefix) - len(suffix)
    lengths: list[int] = []
    for start in range(0, len(texts), batch):
        raw = tokenizer(texts[start:start + batch], add_special_tokens=False, truncation=False,
                        verbose=False)
        lengths += [len(t) for t in raw["input_ids"]]
    n_tokens = np.array(lengths, dtype=np.int64)
    if cfg.long_text == "chunks":
        step = max(1, body - cfg.chunk_stride)
        seen = np.minimum(n_tokens, body + step * (cfg.max_chunks - 1))
    else:
        seen = np.minimum(n_tokens, body)
    over = n_tokens > seen
    dropped = (n_tokens - seen)[over] / n_tokens[over]
    return {
        "window_tokens": int(body), "long_text": cfg.long_text, "n_notes": int(len(n_tokens)),
        "n_truncated": int(over.sum()),
        "share_truncated": round(float(over.mean()), 4) if len(n_tokens) else 0.0,
        "median_tokens": float(np.median(n_tokens)) if len(n_tokens) else 0.0,
        "median_share_dropped_of_truncated": round(float(np.median(dropped)), 4)
        if len(dropped) else 0.0,
    }
