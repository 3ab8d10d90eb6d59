"""Note-level propagation of names (``_propagate``): the parts of a multi-word name found in a
note are names elsewhere in it, and every propagated common or clinical word passes a context
check. Sentences written for these tests, in several note styles; none comes from a note set."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from meddx.deid._lexicon import lexicon
from meddx.deid._propagate import name_occurrence_ok, name_part_spans
from meddx.deid._span import Span


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _tagged(deid: Deidentifier, text: str, word: str, nth: int) -> bool:
    """Whether the ``nth`` occurrence (0-based) of ``word`` in ``text`` is inside a span."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(word, i + 1)
    return any(s.start <= i and i + len(word) <= s.end for s in deid.detect(text))


# (note, word, which occurrence): the word there must be tagged
PROPAGATED = [
    ("Spoke with son Ignatius Pellworth at bedside. Pellworth agrees with plan.", "Pellworth", 1),
    ("Spoke with son Ignatius Pellworth. later pellworth called back.", "pellworth", 0),
    ("wife Marisol Quintanar updated. Mrs. Quintanar's questions answered.", "Quintanar", 1),
    ("Seen by Dr. Oyelaran Thistlewood. Thistlewood to f/u in am.", "Thistlewood", 1),
    ("PATIENT: VANTERPOOL, DESMOND\nVANTERPOOL RESTING COMFORTABLY.", "VANTERPOOL", 1),
    ("Spoke with dtr Rosalind Achterberg. Rosalind at bedside overnight.", "Rosalind", 1),
    ("wife Faith Ostrowska at bedside. Faith updated on plan.", "Faith", 1),
    ("Seen by Dr. Grace Okonjo. Grace aware of K 5.9.", "Grace", 1),
    ("Daughter Hope Varnell called. Hope at bedside this pm.", "Hope", 1),
    ("Seen by Dr. John Smith. smith aware of plan.", "smith", 0),
    ("RN: Odalys Fenwick-Rahn\nFenwick-Rahn to reassess at 2200.", "Fenwick-Rahn", 1),
    ("Spoke w/ sister Anne-Marie O'Dwyer; O'Dwyer will call back.", "O'Dwyer", 1),
    ("Dr. Emeka Oduya-Finch saw pt. Oduya agrees with plan.", "Oduya", 1),
]

# (note, word, which occurrence): the word there must stay untagged
NOT_PROPAGATED = [
    ("wife Rose Delacroix at bedside. Rose to 38.5 overnight.", "Rose", 1),
    ("Daughter Hope Varnell called. Hope to extubate in am.", "Hope", 1),
    ("Seen by Dr. Ellis Brown today. Brown sputum suctioned q2h.", "Brown", 1),
    ("husband Will Brackenridge at bedside. Will continue to monitor.", "Will", 1),
    ("Dr. Mark Albers aware. Mark made on L thigh for site.", "Mark", 1),
    ("Seen by Dr. Foley. Foley draining clear yellow urine.", "Foley", 1),
    ("Seen by Dr. Ruth Bell. Bell's palsy resolved.", "Bell", 1),
    ("Dr. James Parkinson saw pt. Hx Parkinson's disease.", "Parkinson", 1),
    ("Seen by Dr. Grace Okonjo. grace period for insurance.", "grace", 0),
    ("wife Rose Delacroix updated. BP rose at 0400 to 160s.", "rose", 0),
    ("WIFE ROSE DELACROIX AT BEDSIDE. ROSE TO 38.5 OVERNIGHT.", "ROSE", 1),
    ("Seen by Dr. Ellis Brown. BROWN SPUTUM SUCTIONED.", "BROWN", 0),
]


@pytest.mark.parametrize(("text", "word", "nth"), PROPAGATED)
def test_parts_of_names_propagate(deid: Deidentifier, text: str, word: str, nth: int) -> None:
    assert _tagged(deid, text, word, nth)


@pytest.mark.parametrize(("text", "word", "nth"), NOT_PROPAGATED)
def test_common_words_stay_when_context_says_no_name(deid: Deidentifier, text: str, word: str,
                                                     nth: int) -> None:
    assert not _tagged(deid, text, word, nth)


def test_consistent_off_propagates_nothing() -> None:
    # (not "Pellworth agrees": _shape_names reads an unlisted word before a person's verb)
    text = "Spoke with son Ignatius Pellworth at bedside. Pellworth left at noon."
    assert any(s.start == text.rindex("Pellworth") for s in Deidentifier().detect(text))
    spans = Deidentifier(consistent=False).detect(text)
    assert not any(s.start == text.rindex("Pellworth") for s in spans)


def test_only_the_names_detector_parts_propagate() -> None:
    text = "Ignatius Pellworth. Pellworth agrees."
    lex = lexicon()
    other = [Span(0, 18, "NAME", "ner", 0.99)]
    assert name_part_spans(text, other, lex) == []
    got = name_part_spans(text, [Span(0, 18, "NAME", "names", 0.85)], lex)
    assert [(s.start, s.end, s.source) for s in got] == [(20, 29, "propagation")]


@pytest.mark.parametrize(("text", "word", "ok"), [
    ("Rose at bedside.", "Rose", True),
    ("Rose to 38.5.", "Rose", False),
    ("updated Rose and son.", "Rose", True),
    ("Rose (wife) called.", "Rose", True),
    ("ROSE AWARE.", "ROSE", True),
    ("ROSE 2 POINTS.", "ROSE", False),
    ("Dr. Foley here.", "Foley", True),
    ("Foley RN aware.", "Foley", True),
    ("Foley in place.", "Foley", False),
    ("Pellworth in place.", "Pellworth", True),
    ("Bell's palsy.", "Bell", False),
])
def test_name_occurrence_ok(text: str, word: str, ok: bool) -> None:
    i = text.index(word)
    assert name_occurrence_ok(text, i, i + len(word), lexicon()) is ok
