"""The precision guard on NER spans, and the decision rule chosen on validation notes."""

from __future__ import annotations

import pytest

from meddx.deid import Span
from meddx.deid._ner_guard import allowed
from meddx.deid._ner_tune import MIN_SCORES, THRESHOLDS, choose_span_filter


def _at(text: str, value: str, label: str) -> bool:
    start = text.index(value)
    return allowed(text, Span(start, start + len(value), label))


@pytest.mark.parametrize("text,value,label,kept", [
    ("Foley to gravity", "Foley", "NAME", False),  # medical allow-list
    ("Former machinist, retired", "machinist", "NAME", False),  # common word, in no name list
    ("his brother called", "brother", "NAME", False),
    ("Lives in Springfield, FL with son", "FL", "NAME", False),  # a state is not PHI
    ("Lives in Springfield, FL with son", "FL", "LOCATION", False),
    ("seen by dr. smith", "smith", "NAME", True),  # a common word that is also a surname
    ("spoke with kalomir", "kalomir", "NAME", True),  # in no list at all
    ("Seen by Mary Foley", "Mary Foley", "NAME", True),
    ("a 79 yo man", "79", "DATE", False),  # bare small numbers are not dates
    ("x 6 days", "6", "DATE", False),
    ("quit in 1990", "1990", "DATE", True),
    ("Seen Jul-22 in clinic", "Jul-22", "DATE", True),
    ("Seen on 7/22 for f/u", "7/22", "DATE", True),
    ("Strength 5/5 bilat", "5/5", "DATE", False),  # the rules' fraction guard
    ("take 1-2 tabs", "1-2", "DATE", False),  # the rules' range guard
    ("seen 7-22 in clinic", "7-22", "DATE", True),
    # lab strings, vent settings and clinical words are no dates when NER is on
    ("ABG 7.43/41/76/28 on AC", "41/76", "DATE", False),
    ("ABG 7.43/41/76/28 on AC", "7.43/41", "DATE", False),
    ("VENT AC 12/10/40% PEEP 5", "12/10/40", "DATE", False),
    ("RESP: A/C 700x12", "700x12", "DATE", False),
    ("PSV 10/5 overnight", "10/5", "DATE", False),
    ("K 3.4 repleted", "3.4", "DATE", False),
    ("BP 120/80", "120/80", "DATE", False),
    ("pt afebrile, rhonchi", "afebrile", "DATE", False),
    ("bolus 2000 mL", "2000", "DATE", False),
    ("admitted 07/22/2019 from home", "07/22/2019", "DATE", True),
    ("seen in December", "December", "DATE", True),
    ("s/p MI 1992", "1992", "DATE", True),
    ("call back", "back", "PHONE", False),  # number labels need a digit
    ("call 555-1234", "555-1234", "PHONE", True),
    ("mail to jo", "jo", "EMAIL", False),
    ("MRN 12345", "12345", "MRN", True),
])
def test_guard_on_ner_spans(text, value, label, kept):
    assert _at(text, value, label) is kept


class _FakeNer:
    """Gold: "Ann" in each note. Below min score 0.5 it also tags "bed" (a false positive);
    above threshold 0.8 it loses the second note's name (recall drops)."""

    name = "ner"

    def window_probs(self, texts):
        return list(range(len(texts)))

    def decode(self, texts, windows, threshold, min_span_score):
        out = []
        for i, text in enumerate(texts):
            spans = [] if (threshold > 0.8 and i == 1) else [Span(0, 3, "NAME", "ner", 0.9)]
            if min_span_score < 0.5:
                spans.append(Span(text.index("bed"), text.index("bed") + 3, "NAME", "ner", 0.4))
            out.append(spans)
        return out


class _FakeRules:
    name = "rules"

    def detect(self, text):
        return [Span(text.index("7/22"), text.index("7/22") + 4, "DATE", "rules")]


def test_span_filter_keeps_recall_then_maximises_precision():
    notes = [{"text": t, "phi": [{"start": 0, "end": 3, "type": "NAME"},
                                 {"start": t.index("7/22"), "end": t.index("7/22") + 4,
                                  "type": "DATE"}]}
             for t in ("Ann in bed since 7/22.", "Ann out of bed 7/22.")]
    got = choose_span_filter(_FakeNer(), notes, [_FakeRules()])
    assert (got["threshold"], got["min_span_score"]) == (THRESHOLDS[0], 0.5)
    assert got["precision"] == 1.0 and got["recall"] == 1.0 and got["ner_recall"] == 0.5
    assert got["n_settings"] == len(THRESHOLDS) * len(MIN_SCORES) and got["n_notes"] == 2
