"""Session 26: the short forms of a facility name found in one note are redacted in that note
only, unless ``deid.facility_forms_across_notes`` (across notes they were mostly false spans on
PHI-sparse notes, docs/benchmarks.md)."""

from __future__ import annotations

from meddx.deid import DeidConfig, Deidentifier, deidentify_texts

FULL = "Pt admitted from Brackwater Hollow Nursing Center last week."
BARE = "per SW, brackwater hollow has no bed until monday."


def _found(deid: Deidentifier, texts: list[str]) -> list[list[str]]:
    return [[t[s.start:s.end].lower() for s in spans]
            for t, spans in zip(texts, deid.detect_many(texts), strict=True)]


def test_short_form_stays_in_its_own_note_by_default():
    assert _found(Deidentifier(), [FULL, BARE])[1] == []
    out, _ = deidentify_texts([FULL, BARE], DeidConfig())
    assert out == ["Pt admitted from [HOSPITAL] last week.", BARE]


def test_short_form_in_the_same_note_is_redacted():
    note = FULL + " " + BARE
    assert "brackwater hollow" in _found(Deidentifier(), [note])[0]
    out, _ = deidentify_texts([note], DeidConfig())
    assert "brackwater" not in out[0].lower()


def test_across_notes_when_asked():
    assert _found(Deidentifier(facility_forms_across_notes=True), [FULL, BARE])[1] == [
        "brackwater hollow"]
    out, _ = deidentify_texts([FULL, BARE], DeidConfig(facility_forms_across_notes=True))
    assert out[1] == "per SW, [HOSPITAL] has no bed until monday."

