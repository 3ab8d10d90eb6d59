"""Models stage: presets, encoders, causal LMs, the TF-IDF baseline and the classifier contract."""

from meddx.models._base import CLASSIFIERS, Classifier, load_classifier, register_classifier
from meddx.models._baseline import TfidfBaseline
from meddx.models._causal import CausalLMClassifier
from meddx.models._causal_seqcls import CausalSeqClsClassifier
from meddx.models._finetuned import FineTunedClassifier
from meddx.models._frozen import FrozenEncoderClassifier
from meddx.models._presets import PRESETS, Preset, register_preset, resolve_model
from meddx.models._sentences import marian_translator, text_embedder
from meddx.models._setfit import SetFitClassifier

__all__ = [
    "CLASSIFIERS",
    "PRESETS",
    "CausalLMClassifier",
    "CausalSeqClsClassifier",
    "Classifier",
    "FineTunedClassifier",
    "FrozenEncoderClassifier",
    "Preset",
    "SetFitClassifier",
    "TfidfBaseline",
    "load_classifier",
    "marian_translator",
    "register_classifier",
    "register_preset",
    "resolve_model",
    "text_embedder",
]
