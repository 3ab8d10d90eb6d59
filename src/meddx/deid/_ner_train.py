"""Train the ``ner`` detector on synthetic and annotated notes (``meddx deid-train``).

The story: synthetic notes with gold spans (some note types may be withheld, to test
generalisation on them later), plus or instead annotated notes (``--extra-train``; a share set
aside with ``--validation-notes`` replaces the synthetic validation share) → word-piece
windows with BIO tags → a token-classification head on MiniLM (or any local encoder) → AdamW
with linear warm-up and decay, a plain loop → token-level scores on the validation notes,
where the PHI threshold on P(not O) is also chosen (best token F1) → the folder with weights,
tokenizer and ``meddx_ner.json`` (label map, windowing, threshold, training settings,
validation scores).
"""

from __future__ import annotations

import json
import logging
import random
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from meddx.deid._case_copies import case_copies
from meddx.deid._ner import BIO_LABELS, NER_META, bio_tags, encode_windows
from meddx.deid._ner_lora import adapter_info, prepare_model, save_adapter
from meddx.errors import ConfigError, require

__all__ = ["case_copied", "choose_threshold", "read_annotated", "read_extra_notes", "split_notes",
           "train_ner", "tune_saved_ner"]

#: Gold types of hand-annotated sets that the BIO head names differently.
EXTRA_TYPE_MAP = {"ID": "MRN"}

log = logging.getLogger("meddx")


def _windows(tokenizer, notes: list[dict], max_length: int, stride: int) -> list[tuple]:
    if not notes:  # the tokenizer fails on an empty batch
        return []
    enc = encode_windows(tokenizer, [n["text"] for n in notes], max_length=max_length,
                         stride=stride)
    out = []
    for r, ids in enumerate(enc["input_ids"]):
        note = notes[enc["overflow_to_sample_mapping"][r]]
        gold = [(p["start"], p["end"], p["type"]) for p in note["phi"]]
        out.append((ids, bio_tags(enc["offset_mapping"][r], gold)))
    return out


def _batch(rows: list[tuple], pad_id: int):
    import torch

    width = max(len(ids) for ids, _ in rows)
    ids = torch.tensor([i + [pad_id] * (width - len(i)) for i, _ in rows])
    tags = torch.tensor([t + [-100] * (width - len(t)) for _, t in rows])
    mask = torch.tensor([[1] * len(i) + [0] * (width - len(i)) for i, _ in rows])
    return ids, mask, tags


def _token_scores(model, rows: list[tuple], pad_id: int, batch_size: int) -> dict[str, float]:
    """Token-level PHI-vs-not recall and precision, and tag accuracy, on ``rows``."""
    import torch

    tp = fp = fn = correct = total = 0
    model.eval()
    with torch.inference_mode():
        for b in range(0, len(rows), batch_size):
            ids, mask, tags = _batch(rows[b:b + batch_size], pad_id)
            pred = model(input_ids=ids, attention_mask=mask).logits.argmax(-1)
            keep = tags != -100
            gold_phi, pred_phi = (tags > 0) & keep, (pred > 0) & keep
            tp += int((gold_phi & pred_phi).sum())
            fp += int((~gold_phi & pred_phi & keep).sum())
            fn += int((gold_phi & ~pred_phi).sum())
            correct += int(((pred == tags) & keep).sum())
            total += int(keep.sum())
    model.train()
    return {"token_recall": round(tp / max(1, tp + fn), 4),
            "token_precision": round(tp / max(1, tp + fp), 4),
            "tag_accuracy": round(correct / max(1, total), 4)}


def _token_probs(model, rows: list[tuple], pad_id: int, batch_size: int):
    """(P(not O), gold is PHI) for every scored word piece of ``rows``."""
    import torch

    p_phi, gold = [], []
    model.eval()
    with torch.inference_mode():
        for b in range(0, len(rows), batch_size):
            ids, mask, tags = _batch(rows[b:b + batch_size], pad_id)
            probs = model(input_ids=ids, attention_mask=mask).logits.softmax(-1)
            keep = tags != -100
            p_phi.append(1.0 - probs[..., 0][keep])
            gold.append(tags[keep] > 0)
    model.train()
    return torch.cat(p_phi), torch.cat(gold)


def choose_threshold(model, rows: list[tuple], pad_id: int, batch_size: int = 16
                     ) -> dict[str, float]:
    """The PHI threshold on P(not O) with the best token-level F1 on validation ``rows``
    (grid 0.3 .. 0.95), with its recall and precision there."""
    p_phi, gold = _token_probs(model, rows, pad_id, batch_size)
    best = {"threshold": 0.5, "f1": -1.0, "recall": 0.0, "precision": 0.0}
    for t in [x / 20 for x in range(6, 20)]:
        pred = p_phi >= t
        tp = int((pred & gold).sum())
        rec = tp / max(1, int(gold.sum()))
        prec = tp / max(1, int(pred.sum()))
        f1 = 2 * rec * prec / max(1e-9, rec + prec)
        if f1 > best["f1"]:
            best = {"threshold": t, "f1": round(f1, 4), "recall": round(rec, 4),
                    "precision": round(prec, 4)}
    return best


def tune_saved_ner(folder: str | Path, val_notes: list[dict],
                   base_detectors: tuple[str, ...] = ("rules", "names", "places")) -> dict[str, Any]:
    """Choose the saved model's PHI threshold and minimum span score on ``val_notes``
    (:func:`meddx.deid._ner_tune.choose_span_filter`) and write them into its manifest."""
    from meddx._io import atomic_write_text
    from meddx.deid._detector import build_detectors
    from meddx.deid._ner import NerDetector, load_ner
    from meddx.deid._ner_tune import choose_span_filter

    load_ner.cache_clear()
    det = NerDetector(folder)
    chosen = choose_span_filter(det, val_notes, build_detectors(list(base_detectors)))
    meta = dict(det.meta)
    meta["threshold"] = chosen["threshold"]
    meta["min_span_score"] = chosen["min_span_score"]
    meta["validation"] = dict(meta.get("validation", {}), span_filter_choice=chosen)
    atomic_write_text(Path(folder) / NER_META, json.dumps(meta, indent=2) + "\n")
    load_ner.cache_clear()
    return meta


def split_notes(n: int, seed: int, kept: tuple[str, ...], validation: float
                ) -> tuple[list[dict], list[dict]]:
    """Synthetic training and validation notes, split by patient (deterministic); none for
    ``n == 0``."""
    from meddx.deid._synth import synth_notes

    if n == 0:
        return [], []
    notes = synth_notes(n, seed, note_types=kept)
    patients = sorted({x["patient_id"] for x in notes})
    random.Random(seed).shuffle(patients)
    val = set(patients[:max(1, int(len(patients) * validation))]) if validation else set()
    return ([x for x in notes if x["patient_id"] not in val],
            [x for x in notes if x["patient_id"] in val])


def read_extra_notes(path: str | Path) -> list[dict]:
    """Annotated notes to train on besides the synthetic ones: JSONL of ``text`` + ``phi``
    spans (``{start, end, type}``, the format ``meddx deid-eval`` reads). Type ``ID`` becomes
    ``MRN``; any other type must be a PHI label of the BIO head. Errors name file, row and
    field, never the text."""
    from meddx.deid._eval import _read_jsonl, _spans
    from meddx.errors import DataError

    src = Path(path)
    if not src.is_file():
        raise DataError("file not found", file=str(src))
    known = {t[2:] for t in BIO_LABELS if t != "O"}
    notes = []
    for row, obj in _read_jsonl(src):
        text = obj.get("text")
        if not isinstance(text, str):
            raise DataError("'text' missing or not a string", file=str(src), row=row, column="text")
        phi = []
        for start, end, label in _spans(obj, "phi", "type", src, row, len(text)):
            label = EXTRA_TYPE_MAP.get(label, label)
            if label not in known:
                raise DataError(f"PHI type '{label}' is not one of {', '.join(sorted(known))} (or ID)",
                                file=str(src), row=row, column="phi")
            phi.append({"start": start, "end": end, "type": label})
        notes.append({"text": text, "phi": phi})
    if not notes:
        raise DataError("no annotated notes (the file is empty)", file=str(src))
    return notes


def case_copied(notes: list[dict]) -> list[dict]:
    """One copy of each note in another letter case with the same gold spans (ALL CAPS for the
    even notes, lower case for the odd ones): :func:`meddx.deid._case_copies.case_copies` on the
    ``{text, phi}`` notes the NER trainer reads."""
    copies = case_copies([(note["text"], []) for note in notes])
    return [{"text": text, "phi": note["phi"]}
            for (text, _), note in zip(copies, notes, strict=True)]


def _paths(files: str | Path | Sequence[str | Path] | None) -> list[Path]:
    if files is None:
        return []
    if isinstance(files, (str, Path)):
        return [Path(files)]
    return [Path(f) for f in files]


def read_annotated(files: str | Path | Sequence[str | Path] | None) -> list[dict]:
    """The notes of one or several annotated JSONL files (:func:`read_extra_notes`), in order."""
    return [note for path in _paths(files) for note in read_extra_notes(path)]


def train_ner(
    out: str | Path, *, base_model: str = "minilm", n: int = 600, seed: int = 0,
    epochs: float = 1.0, max_length: int = 128, stride: int = 32, batch_size: int = 16,
    lr: float = 1e-4, withhold_note_types: tuple[str, ...] = (), validation: float = 0.1,
    max_steps: int | None = None, quiet: bool = False,
    extra_train: str | Path | Sequence[str | Path] | None = None,
    validation_notes: str | Path | Sequence[str | Path] | None = None,
    adapter: str = "full", lora_r: int = 8, case_copies: bool = False,
) -> dict[str, Any]:
    """Train a BIO tagger on ``n`` synthetic notes and save it in ``out``; returns the manifest.

    ``withhold_note_types`` are never generated for training (evaluate on them later);
    ``max_steps`` stops early (tests). ``extra_train`` names one or several JSONL files of
    annotated notes (:func:`read_extra_notes`) added to the training notes; ``n=0`` trains on
    them alone. ``validation_notes`` names annotated JSONL files that replace the synthetic
    validation share: the token scores and the decision rule (PHI threshold, minimum span
    score) are then chosen on them, and every synthetic note is trained on. Never a test set.
    ``case_copies`` adds one copy of every training note in another letter case (ALL CAPS or
    lower case, as the crf's ``case_copies``; validation notes stay as written).
    The folder is what ``deid.ner_model`` points to.
    """
    torch = require("torch", "train")
    transformers = require("transformers", "train")
    from meddx.deid._synth import NOTE_TYPES
    from meddx.models import load_tokenizer, quiet_transformers, resolve_model

    unknown = [t for t in withhold_note_types if t not in NOTE_TYPES]
    kept = tuple(t for t in NOTE_TYPES if t not in withhold_note_types)
    if unknown or not kept:
        raise ConfigError(f"--withhold-note-types: allowed {', '.join(NOTE_TYPES)} (not all of "
                          f"them); got {', '.join(withhold_note_types)}")
    if n < 0:
        raise ConfigError(f"--n must be 0 or more; got {n}")
    if not 16 <= max_length <= 512 or not 0 <= stride < max_length // 2:
        raise ConfigError(f"--max-length must be 16..512 and --stride 0..max_length/2; got "
                          f"{max_length} and {stride}")
    started = time.monotonic()
    # Data: synthetic notes, split by patient into train and validation.
    both = {p.resolve() for p in _paths(extra_train)} & {p.resolve() for p in _paths(validation_notes)}
    if both:
        raise ConfigError(f"{sorted(both)[0]} is both --extra-train and --validation-notes: "
                          "validation notes must never be trained on")
    extra = read_annotated(extra_train)
    own_val = read_annotated(validation_notes)
    train_notes, val_notes = split_notes(n, seed, kept, 0.0 if own_val else validation)
    if own_val:
        val_notes = own_val
    train_notes = train_notes + extra
    if case_copies:
        train_notes = train_notes + case_copied(train_notes)
    if not train_notes:
        raise ConfigError("nothing to train on: --n 0 needs --extra-train FILE")
    path = resolve_model(base_model)
    tokenizer = load_tokenizer(path)
    if not getattr(tokenizer, "is_fast", False):
        raise ConfigError(f"base model '{base_model}' has no fast tokenizer (offsets are needed)")
    train_rows = _windows(tokenizer, train_notes, max_length, stride)
    val_rows = _windows(tokenizer, val_notes, max_length, stride)
    # Model: the encoder with a fresh token-classification head.
    quiet_transformers()
    torch.manual_seed(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = transformers.AutoModelForTokenClassification.from_pretrained(
            str(path), local_files_only=True, num_labels=len(BIO_LABELS),
            id2label=dict(enumerate(BIO_LABELS)), label2id={t: i for i, t in enumerate(BIO_LABELS)})
    model = prepare_model(model, adapter, r=lora_r)  # `lora`: a LoRA adapter (_ner_lora)
    # Optimiser and schedule.
    steps_per_epoch = max(1, -(-len(train_rows) // batch_size))
    total = max(1, int(steps_per_epoch * epochs))
    if max_steps is not None:
        total = min(total, max_steps)
    optim = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=lr, weight_decay=0.01)
    sched = transformers.get_linear_schedule_with_warmup(optim, max(1, total // 10), total)
    pad_id = tokenizer.pad_token_id or 0
    # Loop.
    model.train()
    rng = random.Random(seed)
    step, losses = 0, []
    from meddx._progress import make_progress

    progress = None if quiet else make_progress()
    if progress is not None:
        progress.__enter__()
        task = progress.add_task("training the NER detector", total=total)
    try:
        while step < total:
            order = list(range(len(train_rows)))
            rng.shuffle(order)
            for b in range(0, len(order), batch_size):
                if step >= total:
                    break
                ids, mask, tags = _batch([train_rows[i] for i in order[b:b + batch_size]], pad_id)
                loss = model(input_ids=ids, attention_mask=mask, labels=tags).loss
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optim.step()
                sched.step()
                optim.zero_grad()
                losses.append(loss.item())
                step += 1
                if progress is not None:
                    progress.advance(task)
    finally:
        if progress is not None:
            progress.__exit__(None, None, None)
    # Evaluate on validation (and choose the PHI threshold there), then save.
    scores = _token_scores(model, val_rows, pad_id, batch_size) if val_rows else {}
    chosen = choose_threshold(model, val_rows, pad_id, batch_size) if val_rows else {}
    scores["threshold_choice"] = chosen
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if adapter_info(model) is None:
        model.save_pretrained(str(out))
        tokenizer.save_pretrained(str(out))
    else:  # the adapter alone; the encoder and tokenizer come from base_model
        save_adapter(model, out)
    meta = {
        "kind": "meddx-ner", "labels": list(BIO_LABELS), "max_length": max_length,
        "stride": stride, "threshold": chosen.get("threshold", 0.5), "base_model": base_model,
        "train": {"n_notes": n, "seed": seed, "note_types": list(kept),
                  "withheld_note_types": list(withhold_note_types), "epochs": epochs,
                  "steps": step, "batch_size": batch_size, "lr": lr,
                  "n_extra_notes": len(extra),
                  "extra_train": [str(p) for p in _paths(extra_train)],
                  "validation_notes": [str(p) for p in _paths(validation_notes)],
                  "n_validation_notes": len(val_notes),
                  "n_train_windows": len(train_rows), "n_validation_windows": len(val_rows),
                  "final_loss": round(sum(losses[-20:]) / max(1, len(losses[-20:])), 4),
                  "seconds": round(time.monotonic() - started, 1)},
        "validation": scores,
    }
    if case_copies:  # only then: a build without them keeps its byte-identical manifest
        meta["train"]["case_copies"] = True
    if adapter_info(model) is not None:
        meta["adapter"] = adapter_info(model)
    from meddx._io import atomic_write_text

    atomic_write_text(out / NER_META, json.dumps(meta, indent=2) + "\n")
    if val_notes:  # the span filter needs the saved detector: choose it, then rewrite the manifest
        meta = tune_saved_ner(out, val_notes)
    log.info("NER detector trained: %d steps, validation %s", step, scores)
    return meta
