"""Dynamic int8 quantisation of a fine-tuned encoder, for CPU throughput.

The Linear layers' weights are stored as int8 and activations are quantised on the fly
(``torch.ao.quantization.quantize_dynamic``). LoRA adapters are merged into their base layers
first. The original classifier is left untouched, so fp32 and int8 can be compared in one
process (``bench/serve_quantization.py``). Frozen-encoder and TF-IDF runs are not supported:
their time goes elsewhere (a shared cached encoder; sparse features).
"""

from __future__ import annotations

import copy
import warnings

from meddx.errors import ConfigError, require

__all__ = ["quantize_model"]


def quantize_model(clf, mode: str = "int8"):
    """A new classifier whose encoder has int8 dynamically quantised Linear layers (CPU only)."""
    from meddx.models import FineTunedClassifier

    if mode != "int8":
        raise ConfigError(f"quantize: unknown mode {mode!r}; allowed: 'none', 'int8'")
    if not isinstance(clf, FineTunedClassifier):
        raise ConfigError(f"--quantize int8 works on fine-tuned encoder runs (model.mode full or "
                          f"lora); this run's model is '{getattr(clf, 'kind', type(clf).__name__)}'")
    torch = require("torch", "train")
    model = copy.deepcopy(clf.model).to("cpu").eval()
    with warnings.catch_warnings():
        # torch.ao.quantization and its quantised tensors are deprecated in favour of torchao,
        # which is not a dependency; PEFT's merge warns about a renamed transformers attribute.
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.filterwarnings("ignore", category=FutureWarning)
        warnings.filterwarnings("ignore", message=".*quantiz", category=UserWarning)
        if hasattr(model, "merge_and_unload"):  # a PEFT model: fold the adapters in
            model = model.merge_and_unload()
        qmodel = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    return FineTunedClassifier(labels=clf.labels, task=clf.task, prep=clf.prep, model=qmodel,
                               tokenizer=clf.tokenizer, base_model=clf.base_model, mode=clf.mode,
                               batch_size=clf.batch_size)
