"""Name cues of real-style nursing notes (``_name_cues``, the signature and staff-verb rules
of ``_signatures`` and ``_cued_names``): relations in any case, contact verbs, care-team roles,
signatures made of common words, staff credentials before what staff do. Sentences written
for these tests in several styles, each rule with look-alikes that must stay untagged."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


def _tagged(deid: Deidentifier, text: str, word: str) -> bool:
    i = text.index(word)
    return any(s.start <= i and i + len(word) <= s.end for s in deid.detect(text))


# (sentence, a word that must be tagged as part of a name)
POSITIVES = [
    # relations, in any case, joined by "/"
    ("wife mary at bedside, updated.", "mary"),
    ("pt's sister anne called for update.", "anne"),
    ("HCP is niece Lila.", "Lila"),
    ("HCP mike to transport at d/c.", "mike"),
    ("NOK jane aware of plan.", "jane"),
    ("no cath per discussion with daughter/HCP Odile Brankovic.", "Brankovic"),
    ("Spoke with DIL/HCP Temperance McAuliffe at length.", "McAuliffe"),
    ("SOCIAL: GRANDDAUGHTER TIBBY CALLED, UPDATED.", "TIBBY"),
    ("friend chip in to visit this eve.", "chip"),
    ("WIFE JOY AT BEDSIDE, TEARFUL.", "JOY"),
    # contact verbs and messages
    ("called joan to update on plan.", "joan"),
    ("called mike to update on plan.", "mike"),
    ("discussed with NP lee, no changes.", "lee"),
    ("per jane, pt ate 50% of dinner.", "jane"),
    ("message left for Dorotea to call back.", "Dorotea"),
    ("Left message for Ingram re: appt.", "Ingram"),
    # care-team roles and headers
    ("RN: kim", "kim"),
    ("Requesting MD: Varnavides (MICU)", "Varnavides"),
    ("Covering MD: Dr. Lin", "Lin"),
    # a signature made of common words after a sentence or alone on its line
    ("SEE CAREVUE FOR VS. Faith Kettle, RN", "Kettle"),
    ("plan as above.\nSummer Snow, RN, BSN\n", "Snow"),
    ("Hope Baker, NP", "Baker"),
    # a staff credential and what staff do
    ("NEURO: CONFUSED OVERNIGHT. HOPE PA AWARE. HALDOL X1.", "HOPE"),
    ("COUGH WEAK. ODALYS SW FOLLOWING.", "ODALYS"),
    ("to rm 14, Mike SW aware. ESI 2.", "Mike"),
    ("plan cpap trial in am. EK rn at bedside for line change.", "EK"),
    ("jt rn changed dressing at 0400.", "jt"),
    ("Doris Day, RN", "Day"),
    # a letter's sign-off
    ("Kind regards, Halima Osei", "Osei"),
    ("Best regards,\nTeodor Wasik, MD, FACC\nHeart Center", "Wasik"),
    ("/s/ Ngozi Adeyemi", "Adeyemi"),
    # particles inside a name
    ("wife Maria de la Cruz at bedside.", "de la Cruz"),
    ("son Pieter van der Berg called.", "van der Berg"),
]

# (sentence, a word that must stay untagged)
NEGATIVES = [
    ("son will call back tomorrow.", "will"),
    ("HCP aware of plan.", "aware"),
    ("SOCIAL: DAUGHTER ALSO CALLED, UPDATED.", "ALSO"),
    ("son just called for update.", "just"),
    ("DAUGHTER WILL CALL IN AM.", "WILL"),
    ("WIFE STILL AT BEDSIDE.", "STILL"),
    ("called back x2, no answer.", "back"),
    ("paged will re: K 5.9.", "will"),
    ("Per son, Taltal, pt has been more SOB.", "son"),
    ("Emergency contact: son, Aimee Hooper.", "son"),
    ("per mark on skin, site marked.", "mark"),
    ("PA mark on CXR.", "mark"),
    ("per protocol, K repleted.", "protocol"),
    ("paged resident re: K 5.9.", "resident"),
    ("left message for pharmacy re: dosing.", "pharmacy"),
    ("Message left with PCP office.", "PCP"),
    ("PA mRNA levels pending.", "mRNA"),
    ("Covering NP aware.", "Covering"),
    ("plan as above.\nCharge Nurse, RN", "Nurse"),
    ("Wound Care, RN\n", "Wound"),
    ("Night Shift, RN", "Shift"),
    ("Pain Service, MD", "Service"),
    ("We discussed. Iron Deficiency, MD", "Iron"),
    ("Renal NP aware.", "Renal"),
    ("Team SW following.", "Team"),
    ("ICU RN aware.", "ICU"),
    ("Stepdown RN aware.", "Stepdown"),
    ("Cards NP aware of EKG.", "Cards"),
    ("Resource RN at bedside.", "Resource"),
    ("Ortho PA aware.", "Ortho"),
    ("Float RN here for 1:1.", "Float"),
    ("Vent RN here.", "Vent"),
    ("SNF RN called with report.", "SNF"),
    ("Sincerely,\nThe ICU Team", "Team"),
    ("Regards,\nCardiology Fellow", "Fellow"),
    ("with regards to the plan, will f/u", "plan"),
    ("VNA RN called re: visit.", "VNA"),
    ("Day RN aware of plan.", "Day"),
    ("PM RN aware.", "PM"),
    ("PD RN changed inner cannula.", "PD"),
    ("IV RN here for PICC.", "IV"),
    ("GI RN aware of prep.", "GI"),
    ("Foley draining clear urine.", "Foley"),
    ("h/o Parkinson's disease.", "Parkinson"),
    ("Bell's palsy on left.", "Bell"),
    ("Dr. appointment next week.", "appointment"),
    ("pt will call tomorrow.", "will"),
    ("MD aware of labs.", "MD"),
    ("Hope to extubate in am.", "Hope"),
    ("given Lasix 40 mg IV.", "Lasix"),
]


@pytest.mark.parametrize(("text", "word"), POSITIVES)
def test_name_cue_positives(deid: Deidentifier, text: str, word: str) -> None:
    assert _tagged(deid, text, word)


@pytest.mark.parametrize(("text", "word"), NEGATIVES)
def test_name_cue_look_alikes(deid: Deidentifier, text: str, word: str) -> None:
    assert not _tagged(deid, text, word)
