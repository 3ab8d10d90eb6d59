"""Models stage: presets, encoders, causal LMs, the TF-IDF baseline and the classifier contract."""

from meddx.models._base import CLASSIFIERS, Classifier, load_classifier, register_classifier
from meddx.models._baseline import TfidfBaseline
from meddx.models._causal import CausalLMClassifier, PromptBuilder
from meddx.models._causal_load import load_causal_lm, load_causal_tokenizer
from meddx.models._causal_seqcls import CausalSeqClsClassifier, load_seqcls_model
from meddx.models._encoder import (
    embed,
    load_classifier_model,
    load_tokenizer,
    quiet_transformers,
    tokenizer_lowercases,
)
from meddx.models._fewshot import ExamplePool, load_kb
from meddx.models._finetuned import FineTunedClassifier
from meddx.models._frozen import FrozenEncoderClassifier, weights_hash
from meddx.models._head import LinearHead
from meddx.models._presets import PRESETS, Preset, register_preset, resolve_model
from meddx.models._prompts import TEMPLATES, load_template, render_chat
from meddx.models._setfit import SetFitClassifier, train_setfit_body
from meddx.models._settings import (
    CAUSAL_MODES,
    ENCODER_MODES,
    LlmConfig,
    LoraSettings,
    ModelConfig,
    SetFitSettings,
)
from meddx.models._verbalizer import verbalize

__all__ = [
    "CAUSAL_MODES",
    "CLASSIFIERS",
    "ENCODER_MODES",
    "PRESETS",
    "TEMPLATES",
    "CausalLMClassifier",
    "CausalSeqClsClassifier",
    "Classifier",
    "ExamplePool",
    "FineTunedClassifier",
    "FrozenEncoderClassifier",
    "LinearHead",
    "LlmConfig",
    "LoraSettings",
    "ModelConfig",
    "Preset",
    "PromptBuilder",
    "SetFitClassifier",
    "SetFitSettings",
    "TfidfBaseline",
    "embed",
    "load_causal_lm",
    "load_causal_tokenizer",
    "load_classifier",
    "load_classifier_model",
    "load_kb",
    "load_seqcls_model",
    "load_template",
    "load_tokenizer",
    "quiet_transformers",
    "register_classifier",
    "register_preset",
    "render_chat",
    "resolve_model",
    "tokenizer_lowercases",
    "train_setfit_body",
    "verbalize",
    "weights_hash",
]
