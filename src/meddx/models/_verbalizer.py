"""Label likelihood: how probable each class's verbalised answer is after the prompt.

Each prompt runs through the model once; its key/value cache is then repeated once per class
and the label continuations run as one batch on top of it, so a note costs one prompt pass plus
one short pass over all labels, whatever the number of classes. A label's score is the sum (or,
with length normalisation, the mean) of its tokens' log-probabilities; a softmax over the
classes turns scores into probabilities.
"""

from __future__ import annotations

import contextlib

import numpy as np

from meddx.errors import ConfigError, require

__all__ = ["label_token_ids", "score_labels", "softmax", "threads", "verbalize"]


def verbalize(labels: list[str], mapping: dict[str, str] | None) -> list[str]:
    """The answer text of each label, in label order; every label must have one."""
    if mapping is None:
        return list(labels)
    missing = [lab for lab in labels if lab not in mapping]
    if missing:
        raise ConfigError(f"llm.verbalizer has no entry for class '{missing[0]}'; it must map every "
                          f"label ({', '.join(labels)}); it maps: {', '.join(mapping) or '(nothing)'}")
    extra = [key for key in mapping if key not in labels]
    if extra:
        raise ConfigError(f"llm.verbalizer maps '{extra[0]}', which is not a label; labels are: "
                          f"{', '.join(labels)}")
    texts = [mapping[lab].strip() for lab in labels]
    seen: dict[str, str] = {}
    for lab, text in zip(labels, texts, strict=True):
        if not text:
            raise ConfigError(f"llm.verbalizer maps class '{lab}' to an empty text")
        if text in seen:
            raise ConfigError(f"llm.verbalizer maps classes '{seen[text]}' and '{lab}' to the same "
                              f"text '{text}'; they could not be told apart")
        seen[text] = lab
    return texts


def label_token_ids(tokenizer, texts: list[str], *, score_end: bool) -> list[list[int]]:
    """Token ids of each answer (as the assistant's first words), plus end-of-turn if asked."""
    out = []
    end = tokenizer.eos_token_id
    for text in texts:
        ids = list(tokenizer(text, add_special_tokens=False)["input_ids"])
        if score_end and end is not None:
            ids.append(int(end))
        out.append(ids)
    return out


def softmax(scores: np.ndarray) -> np.ndarray:
    z = scores.astype(np.float64) - scores.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


@contextlib.contextmanager
def threads(n: int | None):
    """Run with ``n`` torch CPU threads (None: leave as is), restoring the setting afterwards."""
    torch = require("torch", "train")
    before = torch.get_num_threads()
    if n:
        torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def score_labels(model, prompts: list[list[int]], labels: list[list[int]], *, pad_id: int,
                 length_norm: bool) -> np.ndarray:
    """(len(prompts), len(labels)) label scores: summed or mean token log-probabilities."""
    torch = require("torch", "train")
    device = next(model.parameters()).device
    n, k = len(prompts), len(labels)
    width = max(len(p) for p in prompts)
    ids = torch.full((n, width), pad_id, dtype=torch.long)
    mask = torch.zeros((n, width), dtype=torch.long)
    for i, p in enumerate(prompts):  # left padding: every prompt ends at the last column
        ids[i, width - len(p):] = torch.tensor(p)
        mask[i, width - len(p):] = 1
    pos = (mask.cumsum(-1) - 1).clamp(min=0)
    ids, mask, pos = ids.to(device), mask.to(device), pos.to(device)
    with torch.inference_mode():
        # Only the last position's logits are needed: skip the vocabulary projection elsewhere.
        try:
            out = model(input_ids=ids, attention_mask=mask, position_ids=pos, use_cache=True,
                        logits_to_keep=1)
        except TypeError:  # an architecture without logits_to_keep
            out = model(input_ids=ids, attention_mask=mask, position_ids=pos, use_cache=True)
        first = out.logits[:, -1].float().log_softmax(-1)
        firsts = torch.tensor([lab[0] for lab in labels], device=device)
        total = first[:, firsts]  # (n, k): log p(first label token | prompt)
        longest = max(len(lab) for lab in labels)
        if longest > 1:
            cache = out.past_key_values
            cache.batch_repeat_interleave(k)  # row i*k+j: prompt i, label j
            m = longest - 1
            cont = torch.full((k, m), pad_id, dtype=torch.long)
            target = torch.zeros((k, m), dtype=torch.long)
            cmask = torch.zeros((k, m), dtype=torch.long)
            for j, lab in enumerate(labels):
                cont[j, : len(lab) - 1] = torch.tensor(lab[:-1])
                target[j, : len(lab) - 1] = torch.tensor(lab[1:])
                cmask[j, : len(lab) - 1] = 1
            cont, target, cmask = cont.to(device), target.to(device), cmask.to(device)
            full_mask = torch.cat([mask.repeat_interleave(k, 0), cmask.repeat(n, 1)], dim=1)
            start = mask.sum(-1).repeat_interleave(k).unsqueeze(1)
            cpos = start + torch.arange(m, device=device).unsqueeze(0)
            logits = model(input_ids=cont.repeat(n, 1), attention_mask=full_mask, position_ids=cpos,
                           past_key_values=cache, use_cache=False).logits
            logp = logits.float().log_softmax(-1).gather(-1, target.repeat(n, 1).unsqueeze(-1))
            rest = (logp.squeeze(-1) * cmask.repeat(n, 1)).sum(-1).view(n, k)
            total = total + rest
    lengths = torch.tensor([len(lab) for lab in labels], dtype=torch.float32, device=device)
    scores = total / lengths if length_norm else total
    return scores.cpu().double().numpy()
