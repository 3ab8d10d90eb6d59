"""De-identification: find PHI in clinical notes and remove or replace it.

The stage sits between ``data`` and ``text``: the training pipeline de-identifies the text
column right after loading (``deid`` in the run config), and ``meddx deid`` does the same for
a file. Parts:

* detectors (``DETECTORS`` registry, :class:`Detector` ABC): ``rules`` for structured
  identifiers, ``names`` (census name lists + context cues + a medical precision guard),
  ``places`` (hospitals, cities) and ``crf`` (below): the four default ones;
* :func:`merge_spans`, the merge policy for overlapping detections (favours recall);
* operators (``OPERATORS`` registry): ``redact``, ``mask``, ``surrogate``;
* :func:`synth_notes`, a synthetic note generator with gold PHI spans;
* :func:`deid_file` (streaming, all cores) and :func:`evaluate_deid`;
* ``ner``, a trainable token classifier (MiniLM + BIO head; a LoRA adapter is bundled) trained by
  :func:`train_ner` (``meddx deid-train``) and loaded from ``deid.ner_model``;
* ``crf``, a learned CRF token tagger (python-crfsuite) over word, shape, neighbour and
  word-list features, bundled model trained on invented notes; :func:`train_crf`
  (``meddx deid-train --kind crf``) trains one on the user's annotated notes;
* ``presidio``, Presidio with spaCy ``en_core_web_sm`` (optional extra ``presidio``);
* :func:`scan_run_for_phi`, the leakage check that a run's artifacts hold none of the PHI
  found in its input (:class:`~meddx.errors.PHILeakError`), what a reader sees of them
  (:func:`visible_text` of HTML), with the owner's allow-list (:func:`read_allow_list`);
  :func:`leaked_values` shows the owner what matched, locally.
"""

from meddx.deid._crf import CrfDetector
from meddx.deid._crf_train import read_crf_gold, train_crf
from meddx.deid._dates import shift_date
from meddx.deid._deidentifier import (
    DEFAULT_DETECTORS,
    Deidentifier,
    DeidResult,
    deidentify_corpus,
    deidentify_texts,
)
from meddx.deid._detector import DETECTORS, Detector, build_detectors, register_detector
from meddx.deid._eval import evaluate_deid, evaluate_deid_files, missed_phi
from meddx.deid._layout_view import layout_view
from meddx.deid._leak import (
    PhiRecorder,
    leaked_values,
    read_allow_list,
    scan_run_for_phi,
    visible_text,
)
from meddx.deid._names import NameDetector
from meddx.deid._ner import BIO_LABELS, NerDetector
from meddx.deid._ner_train import train_ner
from meddx.deid._operators import (
    OPERATORS,
    MaskOperator,
    Operator,
    RedactOperator,
    apply_operator,
    register_operator,
)
from meddx.deid._places import PlaceDetector
from meddx.deid._presidio import PRESIDIO_TO_PHI, PresidioDetector
from meddx.deid._rules import RulesDetector
from meddx.deid._settings import DeidConfig
from meddx.deid._span import LABELS, PRIORITY, Span, merge_spans
from meddx.deid._stream import deid_file, partial_output
from meddx.deid._surrogate import SurrogateOperator
from meddx.deid._synth import NOTE_TYPES, synth_notes, write_synth

__all__ = [
    "BIO_LABELS",
    "DEFAULT_DETECTORS",
    "DETECTORS",
    "LABELS",
    "NOTE_TYPES",
    "OPERATORS",
    "PRESIDIO_TO_PHI",
    "PRIORITY",
    "CrfDetector",
    "DeidConfig",
    "DeidResult",
    "Deidentifier",
    "Detector",
    "MaskOperator",
    "NameDetector",
    "NerDetector",
    "Operator",
    "PhiRecorder",
    "PlaceDetector",
    "PresidioDetector",
    "RedactOperator",
    "RulesDetector",
    "Span",
    "SurrogateOperator",
    "apply_operator",
    "build_detectors",
    "deid_file",
    "deidentify_corpus",
    "deidentify_texts",
    "evaluate_deid",
    "evaluate_deid_files",
    "layout_view",
    "leaked_values",
    "merge_spans",
    "missed_phi",
    "partial_output",
    "read_allow_list",
    "read_crf_gold",
    "register_detector",
    "register_operator",
    "scan_run_for_phi",
    "shift_date",
    "synth_notes",
    "train_crf",
    "train_ner",
    "visible_text",
    "write_synth",
]
