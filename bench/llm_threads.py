"""Causal-LM speed on CPU: label-likelihood scoring and greedy generation at 1 vs 2 threads.

    .venv/bin/python bench/llm_threads.py [--model smollm2] [--notes 24] [--new-tokens 32]

Scores the first N demo abstracts (zero-shot, template 'plain') and generates N/4 short
answers, alternating thread settings in rounds within one process so both see the same machine
load. Prints notes/s and tokens/s per setting and their ratio.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import pandas as pd
import torch

from meddx.data import demo_path
from meddx.models import CausalLMClassifier, LlmConfig
from meddx.models._verbalizer import threads
from meddx.text import PrepConfig

LABELS = ["neoplasms", "digestive system diseases", "nervous system diseases",
          "cardiovascular diseases", "general pathological conditions"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="smollm2")
    ap.add_argument("--notes", type=int, default=24)
    ap.add_argument("--new-tokens", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    texts = pd.read_csv(demo_path())["medical_abstract"].head(args.notes).tolist()
    clf = CausalLMClassifier(labels=LABELS, task="multiclass", prep=PrepConfig(),
                             base_model=args.model, mode="zero-shot",
                             llm=LlmConfig(template="plain"))
    prompts = clf.render(texts[: max(1, args.notes // 4)])
    prompt_ids = [torch.tensor([clf.prompts.ids(p)]) for p in prompts]
    clf.predict_proba(texts[:2])  # warm-up
    score_s: dict[int, list[float]] = {1: [], 2: []}
    gen_s: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(args.rounds):
        for n in (1, 2):
            clf.llm = clf.llm.model_copy(update={"threads": n})
            start = time.perf_counter()
            clf.predict_proba(texts)
            score_s[n].append(time.perf_counter() - start)
            start = time.perf_counter()
            with torch.inference_mode(), threads(n):
                for ids in prompt_ids:  # exactly new_tokens each: end-of-sequence is ignored
                    clf.model.generate(input_ids=ids, attention_mask=torch.ones_like(ids),
                                       max_new_tokens=args.new_tokens,
                                       min_new_tokens=args.new_tokens, do_sample=False,
                                       pad_token_id=clf.tokenizer.pad_token_id)
            gen_s[n].append(time.perf_counter() - start)
    out = {"model": args.model, "notes": args.notes, "rounds": args.rounds,
           "torch_threads_available": torch.get_num_threads()}
    for n in (1, 2):
        out[f"score_notes_per_s_{n}t"] = round(args.notes / float(np.median(score_s[n])), 2)
        out[f"gen_tokens_per_s_{n}t"] = round(
            len(prompts) * args.new_tokens / float(np.median(gen_s[n])), 2)
    out["score_ratio_2t_over_1t"] = round(out["score_notes_per_s_2t"] / out["score_notes_per_s_1t"], 2)
    out["gen_ratio_2t_over_1t"] = round(out["gen_tokens_per_s_2t"] / out["gen_tokens_per_s_1t"], 2)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
