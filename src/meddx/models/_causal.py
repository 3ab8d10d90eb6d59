"""A causal LM as a calibratable classifier: prompt, then score each label's likelihood.

Modes: ``zero-shot`` (the prompt alone), ``few-shot`` (in-context examples from a stored pool
of training notes), ``rag`` (retrieved passages with source ids) and ``lora`` (LoRA adapters
fine-tuned on (prompt, label) pairs, saved beside the manifest). The probabilities are a
softmax over label scores, so metrics, calibration, the audit and serving apply unchanged.
Few-shot and RAG-over-training-split models keep their example pool (de-identified training
notes) inside the model folder.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np

from meddx._progress import track
from meddx.errors import ConfigError, ModelError, require
from meddx.models._base import Classifier, register_classifier
from meddx.models._causal_load import load_causal_lm, load_causal_tokenizer
from meddx.models._fewshot import ExamplePool, KnowledgeBaseLike, PoolKnowledgeBase, load_kb
from meddx.models._modes import get_mode
from meddx.models._presets import resolve_model
from meddx.models._prompts import load_template, render_chat
from meddx.models._settings import LlmConfig
from meddx.models._verbalizer import label_token_ids, score_labels, softmax, threads, verbalize
from meddx.text import PrepConfig, normalize_all

__all__ = ["CausalLMClassifier", "PromptBuilder"]


class PromptBuilder:
    """Turns a note (plus examples or passages) into prompt token ids within the token budget."""

    def __init__(self, tokenizer, labels: list[str], llm: LlmConfig) -> None:
        self.tokenizer = tokenizer
        self.llm = llm
        self.answers = verbalize(labels, llm.verbalizer)
        self.template = load_template(llm.template, llm.system_prompt)
        self.label_ids = label_token_ids(tokenizer, self.answers, score_end=llm.score_end)
        self.index = {lab: i for i, lab in enumerate(labels)}  # label -> answer, for passages

    def _cut(self, text: str, budget: int) -> str:
        ids = self.tokenizer(text, add_special_tokens=False)["input_ids"]
        if len(ids) <= budget:
            return text
        return self.tokenizer.decode(ids[: max(budget, 0)])

    def chat(self, text: str, *, examples: list[tuple[str, int]] = (),
             passages: list[Any] = ()) -> str:
        llm = self.llm
        ex = [{"text": self._cut(t, llm.example_tokens), "label": self.answers[y]}
              for t, y in examples]
        ps = []
        for p in passages:
            label = (p.metadata or {}).get("label")
            answer = self.answers[self.index[label]] if label in self.index else None
            ps.append({"source_id": p.source_id, "text": self._cut(p.text, llm.passage_tokens),
                       "label": answer})
        fixed = render_chat(self.tokenizer, self.template.system, self.template.render_user(
            text="", labels=self.answers, examples=ex, passages=ps))
        longest = max(len(ids) for ids in self.label_ids)
        budget = llm.max_prompt_tokens - len(self.tokenizer(fixed, add_special_tokens=False)
                                              ["input_ids"]) - longest
        if budget < 16:
            raise ConfigError(f"llm.max_prompt_tokens {llm.max_prompt_tokens} leaves {budget} tokens "
                              "for the note after the template, examples and passages; raise it or "
                              "lower few_shot_k / rag_k / example_tokens")
        user = self.template.render_user(text=self._cut(text, budget), labels=self.answers,
                                         examples=ex, passages=ps)
        return render_chat(self.tokenizer, self.template.system, user)

    def ids(self, chat: str) -> list[int]:
        return list(self.tokenizer(chat, add_special_tokens=False)["input_ids"])


@register_classifier
class CausalLMClassifier(Classifier):
    kind = "causal_lm"

    def __init__(self, *, labels, task, prep, base_model: str, mode: str, llm: LlmConfig,
                 pool: ExamplePool | None = None, model=None, tokenizer=None, seed: int = 0,
                 kb: KnowledgeBaseLike | None = None) -> None:
        super().__init__(labels=labels, task=task, prep=prep)
        if task == "multilabel":
            raise ConfigError("model.backend 'causal_lm' scores one label per note: it supports "
                              "binary and multiclass tasks, not multilabel")
        self.base_model = base_model
        self.mode = mode
        self.llm = llm
        self.pool = pool
        self.seed = seed
        self.kb = kb
        path = resolve_model(base_model)
        self.tokenizer = tokenizer or load_causal_tokenizer(path)
        self.model = model if model is not None else load_causal_lm(path)
        self.prompts = PromptBuilder(self.tokenizer, self.labels, llm)
        self._prior: np.ndarray | None = None  # content-free label scores, once computed
        if get_mode("causal_lm", mode).passages and self.kb is None:
            self.kb = load_kb(llm.kb_path) if llm.kb_path else self._pool_kb()

    def _embed(self, texts: list[str]) -> np.ndarray:
        from meddx.models._encoder import embed

        return embed(resolve_model(self.llm.embedder), texts, self.prep, quiet=True)

    def _pool_kb(self) -> PoolKnowledgeBase:
        if self.pool is None or self.pool.embeddings is None:
            raise ModelError("RAG without llm.kb_path retrieves from the training split, but this "
                             "model has no embedded example pool")
        return PoolKnowledgeBase(self.pool, self.labels, self._embed)

    def render(self, texts: list[str]) -> list[str]:
        """The chat-formatted prompt of each (normalised) note, examples and passages included."""
        examples: list[list[tuple[str, int]]] = [[] for _ in texts]
        passages: list[list[Any]] = [[] for _ in texts]
        spec = get_mode("causal_lm", self.mode)  # self.mode may be switched (meddx ask)
        need_query = (spec.examples and self.llm.few_shot_strategy == "knn") or (
            spec.passages and isinstance(self.kb, PoolKnowledgeBase))
        queries = self._embed(texts) if need_query and texts else None
        batched = None  # a knowledge base that retrieves for many notes at once
        if spec.passages and queries is None and hasattr(self.kb, "search_many"):
            batched = self.kb.search_many(texts, self.llm.rag_k)
        for i, text in enumerate(texts):
            if spec.examples and self.pool is not None:
                picked = self.pool.select(self.llm.few_shot_k, self.llm.few_shot_strategy,
                                          query=None if queries is None else queries[i],
                                          seed=self.seed + i)
                examples[i] = [(self.pool.texts[j], int(self.pool.y[j])) for j in picked]
            if spec.passages:
                if isinstance(self.kb, PoolKnowledgeBase):
                    passages[i] = self.kb.search_vectors(queries[i], self.llm.rag_k)
                elif batched is not None:
                    passages[i] = batched[i]
                else:
                    passages[i] = self.kb.search(text, self.llm.rag_k)
        return [self.prompts.chat(t, examples=e, passages=p)
                for t, e, p in zip(texts, examples, passages, strict=True)]

    def scores(self, texts: list[str], *, quiet: bool = True) -> np.ndarray:
        """(n, k) label scores (log-likelihoods, mean per token with length_norm)."""
        chats = self.render(normalize_all(texts, self.prep))
        ids = [self.prompts.ids(c) for c in chats]
        order = np.argsort([len(x) for x in ids], kind="stable")
        bs = self.llm.batch_size
        out = np.zeros((len(ids), len(self.labels)))
        self.model.eval()
        with threads(self.llm.threads or 1):
            for idx in track([order[i: i + bs] for i in range(0, len(order), bs)],
                             "scoring labels", quiet=quiet):
                out[idx] = score_labels(self.model, [ids[i] for i in idx], self.prompts.label_ids,
                                        pad_id=self.tokenizer.pad_token_id,
                                        length_norm=self.llm.length_norm)
        if self.llm.prior_correction == "content_free":
            out -= self.content_free_scores()
        return out

    def content_free_scores(self) -> np.ndarray:
        """Label scores for the content-free note 'N/A' (no examples or passages), computed once."""
        if self._prior is None:
            with threads(self.llm.threads or 1):
                self._prior = score_labels(
                    self.model, [self.prompts.ids(self.prompts.chat("N/A"))],
                    self.prompts.label_ids, pad_id=self.tokenizer.pad_token_id,
                    length_norm=self.llm.length_norm)[0]
        return self._prior

    def predict_proba(self, texts: list[str], *, quiet: bool = True) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(self.labels)))
        return softmax(self.scores(texts, quiet=quiet))

    def generate(self, prompt_text: str, *, max_new_tokens: int = 64) -> str:
        """Greedy continuation of a chat-formatted prompt (for rationales)."""
        torch = require("torch", "train")
        ids = torch.tensor([self.prompts.ids(prompt_text)])
        with torch.inference_mode(), threads(self.llm.threads or 1):
            out = self.model.generate(input_ids=ids, attention_mask=torch.ones_like(ids),
                                      max_new_tokens=max_new_tokens, do_sample=False,
                                      pad_token_id=self.tokenizer.pad_token_id)
        return self.tokenizer.decode(out[0, ids.shape[1]:], skip_special_tokens=True)

    def _save_weights(self, folder: Path) -> dict[str, Any]:
        extra: dict[str, Any] = {"base_model": self.base_model, "mode": self.mode,
                                 "llm": self.llm.model_dump(mode="json"), "seed": self.seed}
        if self.pool is not None:
            self.pool.save(folder)
        if hasattr(self.model, "peft_config"):
            self.model.save_pretrained(str(folder / "adapter"))
            extra["adapter"] = "adapter"
        return extra

    @classmethod
    def _load(cls, folder: Path, manifest: dict[str, Any]) -> CausalLMClassifier:
        llm = LlmConfig(**manifest["llm"])
        pool = ExamplePool.load(folder) if (folder / "example_pool.json").is_file() else None
        model = None
        if manifest.get("adapter"):
            peft = require("peft", "train")
            base = load_causal_lm(resolve_model(manifest["base_model"]), fresh=True)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model = peft.PeftModel.from_pretrained(base, str(folder / manifest["adapter"]))
            model.eval()
        return cls(labels=manifest["labels"], task=manifest["task"],
                   prep=PrepConfig(**manifest["prep"]), base_model=manifest["base_model"],
                   mode=manifest["mode"], llm=llm, pool=pool, model=model,
                   seed=manifest.get("seed", 0))
