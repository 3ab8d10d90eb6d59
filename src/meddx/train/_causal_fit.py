"""What the causal-LM modes share (their fits are the modules of ``meddx.train._modes``).

zero-shot and rag change no weight; few-shot stores its example pool (embedded for kNN);
lora fine-tunes LoRA adapters on (prompt, answer) pairs with the loss on the answer tokens only
(prompt positions are labelled -100), then scores by label likelihood as the other modes do;
seqcls trains a classification head plus LoRA adapters on the LM with cross-entropy.
The two trained modes checkpoint as the encoder fine-tune does (every ``train.save_steps`` steps,
else every epoch; the resolved config in each) and ``meddx train --resume`` continues from the
last checkpoint: adapters, head, optimiser, scheduler and RNG states.
:func:`check_causal` validates the prompt settings before a run folder is created.
"""

from __future__ import annotations

import logging

import numpy as np

from meddx.config import RunConfig
from meddx.errors import require
from meddx.models import (
    CausalLMClassifier,
    ExamplePool,
    PromptBuilder,
    get_mode,
    load_causal_tokenizer,
    resolve_model,
)
from meddx.text import normalize_all
from meddx.train._fit import FitContext, Fitted, fit_mode

__all__ = ["causal_start", "check_causal", "example_pool", "fit_causal", "lora_lm",
           "prompt_classifier", "sft_examples", "train_causal"]

log = logging.getLogger("meddx")


def check_causal(cfg: RunConfig, labels: list[str]) -> None:
    """Fail fast, before any run folder exists: the template has its ``{{ text }}`` slot, the
    verbaliser maps every class, and a RAG knowledge base opens with the embedding model that
    will query it (``llm.embedder`` when set explicitly, else the one it was built with)."""
    from meddx.models import load_template, verbalize

    llm = cfg.llm
    load_template(llm.template, llm.system_prompt)
    verbalize(labels, llm.verbalizer)
    if get_mode(cfg.model.backend, cfg.model.mode).passages and llm.kb_path:
        from meddx.models import load_kb

        load_kb(llm.kb_path, encoder=llm.embedder if "embedder" in llm.model_fields_set else None)


def sft_examples(builder: PromptBuilder, texts: list[str], y: np.ndarray) -> list[dict]:
    """(prompt + answer) token ids, with labels -100 on the prompt: loss on the answer only."""
    rows = []
    for text, label in zip(texts, y, strict=True):
        prompt = builder.ids(builder.chat(text))
        answer = builder.label_ids[int(label)]
        rows.append({"input_ids": prompt + answer, "labels": [-100] * len(prompt) + answer})
    return rows


class _PadCollator:
    def __init__(self, pad_id: int) -> None:
        self.pad_id = pad_id

    def __call__(self, rows: list[dict]) -> dict:
        torch = require("torch", "train")
        width = max(len(r["input_ids"]) for r in rows)
        ids = torch.full((len(rows), width), self.pad_id, dtype=torch.long)
        labels = torch.full((len(rows), width), -100, dtype=torch.long)
        mask = torch.zeros((len(rows), width), dtype=torch.long)
        for i, r in enumerate(rows):
            n = len(r["input_ids"])
            ids[i, :n] = torch.tensor(r["input_ids"])
            mask[i, :n] = 1
            if isinstance(r["labels"], list):
                labels[i, :n] = torch.tensor(r["labels"])
        batch = {"input_ids": ids, "attention_mask": mask, "labels": labels}
        if not isinstance(rows[0]["labels"], list):  # sequence classification: one label per row
            batch["labels"] = torch.tensor([int(r["labels"]) for r in rows])
        return batch


def _pool_notes(texts: list[str], y: np.ndarray, labels: list[str], phi, notes: list[str]):
    """The training notes an example pool may store: de-identified, and without any string that
    de-identification flagged as PHI anywhere in the input (``phi``, a PhiRecorder). A name
    found in one note can stand unflagged in another; such notes stay out of the model folder,
    so the run's leakage scan passes. Only counts are reported, never the strings."""
    if phi is None or not len(phi):
        return texts, y
    keep = np.array([not phi.find(t) for t in texts], dtype=bool)
    dropped = int((~keep).sum())
    if dropped:
        log.info("example pool: %d of %d training notes left out (they contain a string flagged "
                 "as PHI elsewhere in the input)", dropped, len(texts))
        notes.append(f"Example pool: {dropped} of {len(texts)} training notes left out because "
                     "they contain a string that de-identification flagged as PHI in another "
                     "note.")
    missing = sorted(set(y.tolist()) - set(y[keep].tolist()))
    if missing:
        from meddx.errors import DataError

        raise DataError(f"the example pool has no training note left for class "
                        f"'{labels[missing[0]]}' "
                        "after removing notes that contain PHI found in the input; use "
                        "mode zero-shot or lora, or a knowledge base (llm.kb_path)")
    return [t for t, k in zip(texts, keep, strict=True) if k], y[keep]


def train_causal(model, rows: list[dict], pad_id: int, cfg: RunConfig, run, quiet: bool, *,
           resume: bool = False) -> list[dict]:
    transformers = require("transformers", "train")
    torch = require("torch", "train")
    import yaml

    from meddx.train._finetune import last_checkpoint
    from meddx.train._trainer import make_callbacks

    tc = cfg.train
    args = transformers.TrainingArguments(
        output_dir=str(run.checkpoints), per_device_train_batch_size=tc.batch_size,
        num_train_epochs=tc.epochs, max_steps=tc.max_steps or -1, learning_rate=tc.learning_rate,
        lr_scheduler_type=tc.lr_scheduler, warmup_steps=tc.warmup_ratio,
        gradient_accumulation_steps=tc.gradient_accumulation_steps, weight_decay=tc.weight_decay,
        eval_strategy="no", save_strategy="steps" if tc.save_steps else "epoch",
        save_steps=tc.save_steps or 500, save_only_model=False,
        save_total_limit=None if tc.keep_checkpoints == "all" else 2,
        logging_steps=10, seed=tc.seed, data_seed=tc.seed,
        report_to="none", disable_tqdm=True, dataloader_num_workers=0,
        use_cpu=not torch.cuda.is_available(), remove_unused_columns=False,
    )
    answer_only = isinstance(rows[0]["labels"], list)  # SFT; seqcls has one label per row
    trainer_cls = _answer_loss_trainer(transformers) if answer_only else transformers.Trainer
    trainer = trainer_cls(
        model=model, args=args, train_dataset=rows, data_collator=_PadCollator(pad_id),
        callbacks=make_callbacks(
            quiet=quiet, patience=None, minutes=tc.time_budget_minutes,
            config_yaml=yaml.safe_dump(cfg.model_dump(mode="json"), sort_keys=False)))
    trainer.remove_callback(transformers.PrinterCallback)
    resume_from = last_checkpoint(run.checkpoints) if resume else None
    if resume_from:
        from pathlib import Path

        log.info("resuming from %s", Path(resume_from).name)
    elif resume:
        log.info("resume asked but no checkpoint saved yet: training from the start")
    trainer.train(resume_from_checkpoint=resume_from)
    model.eval()
    return list(trainer.state.log_history)


def _answer_loss_trainer(transformers):
    """A Trainer whose loss projects to the vocabulary only the hidden states that predict an
    answer token. The default computes logits for every position of every prompt (batch x
    length x 49k floats for SmolLM2, several GB per batch of abstracts, 21 GB at batch 16); the
    loss is the same mean token cross-entropy over the answer tokens."""
    torch = require("torch", "train")

    class AnswerLossTrainer(transformers.Trainer):
        loss_is_scaled_for_ga = True  # compute_loss scales for gradient accumulation itself

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            labels = inputs["labels"]
            base = model.get_base_model() if hasattr(model, "get_base_model") else model
            hidden = base.get_decoder()(input_ids=inputs["input_ids"],
                                        attention_mask=inputs["attention_mask"]).last_hidden_state
            target = labels[:, 1:]
            keep = target != -100
            logits = base.get_output_embeddings()(hidden[:, :-1][keep])
            loss = torch.nn.functional.cross_entropy(logits.float(), target[keep], reduction="sum")
            if num_items_in_batch:  # answer tokens in all the accumulated micro-batches
                loss = loss / num_items_in_batch
            else:
                steps = getattr(self, "current_gradient_accumulation_steps", 1)
                loss = loss / keep.sum().clamp(min=1) / steps
            return (loss, {"logits": logits}) if return_outputs else loss

    return AnswerLossTrainer


def lora_lm(model, cfg: RunConfig):
    peft = require("peft", "train")
    lora = cfg.model.lora
    config = peft.LoraConfig(task_type=peft.TaskType.CAUSAL_LM, r=lora.r, lora_alpha=lora.alpha,
                             lora_dropout=lora.dropout, target_modules=lora.target_modules)
    try:
        return peft.get_peft_model(model, config)
    except ValueError as exc:
        from meddx.errors import ModelError

        raise ModelError(f"model.lora.target_modules does not fit this model "
                         f"({str(exc).splitlines()[0]}); e.g. ['q_proj', 'v_proj']") from None


def causal_start(ctx: FitContext):
    """What every causal-LM mode starts with: ``(model path, tokenizer, normalised training
    texts)``, the seed set and the scoring note written."""
    transformers = require("transformers", "train")
    cfg, llm = ctx.cfg, ctx.cfg.llm
    path = resolve_model(cfg.model.name)
    tokenizer = load_causal_tokenizer(path)
    texts = normalize_all(ctx.train.texts, cfg.prep)
    transformers.set_seed(cfg.train.seed)
    ctx.notes.append(f"Causal LM '{cfg.model.name}', mode {cfg.model.mode}: template "
                     f"'{llm.template}', label likelihood "
                     f"({'mean' if llm.length_norm else 'sum'} token log-prob) and a softmax over "
                     "classes.")
    return path, tokenizer, texts


def example_pool(ctx: FitContext, texts: list[str], *, embedded: bool, what: str) -> ExamplePool:
    """The de-identified training notes stored with the model (few-shot examples, or the
    neighbours RAG retrieves without a knowledge base); embedded for nearest-neighbour search."""
    cfg = ctx.cfg
    pool_texts, pool_y = _pool_notes(texts, np.asarray(ctx.train.y, dtype=int), ctx.labels,
                                     ctx.phi, ctx.notes)
    emb = None
    if embedded:
        from meddx.models import embed

        emb = embed(resolve_model(cfg.llm.embedder), pool_texts, cfg.prep, quiet=ctx.quiet,
                    label="embedding examples")
    ctx.notes.append(f"{what}, from a pool of {len(pool_texts)} de-identified training notes "
                     "stored with the model.")
    return ExamplePool(pool_texts, pool_y, emb)


def prompt_classifier(ctx: FitContext, tokenizer, *, pool: ExamplePool | None = None,
                      model=None) -> CausalLMClassifier:
    """The label-likelihood classifier of the configured mode (``model``: trained adapters)."""
    cfg = ctx.cfg
    return CausalLMClassifier(labels=ctx.labels, task=ctx.task, prep=cfg.prep,
                              base_model=cfg.model.name, mode=cfg.model.mode, llm=cfg.llm,
                              pool=pool, model=model, tokenizer=tokenizer, seed=cfg.train.seed)


def fit_causal(cfg: RunConfig, part: dict, labels: list[str], task: str, run, *, quiet: bool,
               notes: list[str], resume: bool = False, phi=None) -> Fitted:
    """Fit the configured causal-LM mode (its registered fit) without setting torch's threads:
    ``meddx prompts compare`` scores templates with it, outside a run (``run`` None)."""
    if cfg.model.backend != "causal_lm":
        from meddx.errors import ConfigError

        raise ConfigError(f"model.backend is '{cfg.model.backend}', not 'causal_lm'")
    return fit_mode(FitContext(cfg, part, labels, task, run, resume=resume, quiet=quiet,
                               notes=notes, phi=phi))
