"""``lora`` (encoder): LoRA adapters on the encoder, trained as ``full`` trains; the adapters are
saved and the base model is referenced."""

from __future__ import annotations

from meddx.train._finetune import peak_learning_rate
from meddx.train._fit import FitContext, Fitted, register_fit
from meddx.train._modes.full import fit_full


@register_fit("lora")
def fit_lora(ctx: FitContext) -> Fitted:
    fitted = fit_full(ctx)  # the model is LoRA-wrapped where it is loaded (Mode.lora)
    lora = ctx.cfg.model.lora
    ctx.notes.append(f"LoRA: r={lora.r}, alpha={lora.alpha}, dropout={lora.dropout}, peak "
                     f"learning rate {peak_learning_rate(ctx.cfg):g}; adapters saved, base model "
                     "by reference.")
    return fitted
