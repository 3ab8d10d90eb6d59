"""Models stage: the training modes (what each does; their fits are in meddx.train), presets,
encoders, causal LMs, the TF-IDF baseline, the classifier contract, and the knowledge base
(BM25 + dense, fused) that a causal-LM RAG model retrieves from."""

from meddx.models._base import CLASSIFIERS, Classifier, load_classifier, register_classifier
from meddx.models._baseline import TfidfBaseline
from meddx.models._causal import CausalLMClassifier, PromptBuilder
from meddx.models._causal_load import load_causal_lm, load_causal_tokenizer
from meddx.models._causal_seqcls import CausalSeqClsClassifier, load_seqcls_model
from meddx.models._dense import EMBED_PREP, DenseEncoder
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
from meddx.models._fusion import bm25_tokens, reciprocal_rank_fusion
from meddx.models._head import LinearHead
from meddx.models._kb import SEARCH_MODES, Chunk, KnowledgeBase, Passage, index_chunks
from meddx.models._modes import MODES, Mode, get_mode, mode_names, register_mode, registered_modes
from meddx.models._paraphrase import PARAPHRASE_SYSTEM, causal_paraphraser
from meddx.models._presets import PRESETS, Preset, register_preset, resolve_model
from meddx.models._prompts import TEMPLATES, load_template, render_chat
from meddx.models._sentences import marian_translator, text_embedder
from meddx.models._setfit import SetFitClassifier, train_setfit_body
from meddx.models._settings import LlmConfig, LoraSettings, ModelConfig, SetFitSettings
from meddx.models._top import cls_layer, encoder_parts, freeze_lower, lower_states, top_layers
from meddx.models._verbalizer import verbalize

__all__ = [
    "CLASSIFIERS",
    "EMBED_PREP",
    "MODES",
    "PARAPHRASE_SYSTEM",
    "PRESETS",
    "SEARCH_MODES",
    "TEMPLATES",
    "CausalLMClassifier",
    "CausalSeqClsClassifier",
    "Chunk",
    "Classifier",
    "DenseEncoder",
    "ExamplePool",
    "FineTunedClassifier",
    "FrozenEncoderClassifier",
    "KnowledgeBase",
    "LinearHead",
    "LlmConfig",
    "LoraSettings",
    "Mode",
    "ModelConfig",
    "Passage",
    "Preset",
    "PromptBuilder",
    "SetFitClassifier",
    "SetFitSettings",
    "TfidfBaseline",
    "bm25_tokens",
    "causal_paraphraser",
    "cls_layer",
    "embed",
    "encoder_parts",
    "freeze_lower",
    "get_mode",
    "index_chunks",
    "load_causal_lm",
    "load_causal_tokenizer",
    "load_classifier",
    "load_classifier_model",
    "load_kb",
    "load_seqcls_model",
    "load_template",
    "load_tokenizer",
    "lower_states",
    "marian_translator",
    "mode_names",
    "quiet_transformers",
    "reciprocal_rank_fusion",
    "register_classifier",
    "register_mode",
    "register_preset",
    "registered_modes",
    "render_chat",
    "resolve_model",
    "text_embedder",
    "tokenizer_lowercases",
    "top_layers",
    "train_setfit_body",
    "verbalize",
    "weights_hash",
]
