"""One module per built-in training mode; importing it registers the mode's fit in
``meddx.train.FITS`` under the mode's key (``meddx.models.MODES`` holds what each mode does)."""

from meddx.train._modes import (  # noqa: F401  (they register)
    few_shot,
    frozen,
    full,
    lora,
    lora_sft,
    rag,
    seqcls,
    setfit,
    zero_shot,
)
