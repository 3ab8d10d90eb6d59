"""The place rules written for community and outpatient documents (session 9), run together.

Letters, social work, home-health, pharmacy and telephone notes name places that the other
rules miss: the tails of street addresses and rural routes (``_street_tails``), military units
(``_military_units``), relatives' towns (``_kin_towns``), visiting-nurse and ageing agencies and
courts (``_agency_names``), insurers (``_insurer_names``), practices named by their specialty
(``_practice_names``), congregations (``_church_names``), named wards and houses
(``_residence_wards``), facilities where a patient is sent or admitted (``_care_destinations``),
an organisation's town (``_org_towns``) and a facility's branch or area
(``_facility_branches``), local services by their head words
(``_civic_places``). Each rule family runs only
when the note holds one of its words: the token keys are read once here.
"""

from __future__ import annotations

from meddx.deid._agency_names import AGENCY_KEYS, agency_spans
from meddx.deid._care_destinations import CARE_DESTINATION_KEYS, care_destination_spans
from meddx.deid._church_names import DENOMINATION_KEYS, church_spans
from meddx.deid._civic_places import CIVIC_KEYS, civic_place_spans
from meddx.deid._facility_branches import PRACTICE_OF_KEYS, branch_spans, of_area_spans, practice_of_spans
from meddx.deid._insurer_names import INSURER_KEYS, insurer_spans
from meddx.deid._kin_towns import kin_town_spans
from meddx.deid._lexicon import Lexicon
from meddx.deid._military_bases import military_base_spans
from meddx.deid._military_units import UNIT_KEYS, military_unit_spans
from meddx.deid._name_words import RELATIONS
from meddx.deid._org_towns import org_town_spans
from meddx.deid._practice_names import FIRSTS, practice_spans
from meddx.deid._residence_wards import WARD_KEYS, residence_ward_spans
from meddx.deid._school_names import SCHOOL_KEYS, school_spans
from meddx.deid._span import Span
from meddx.deid._state_agencies import state_agency_spans
from meddx.deid._street_tails import street_tail_spans
from meddx.deid._tokens import key_set, tokenize

__all__ = ["community_place_spans"]


def community_place_spans(text: str, lex: Lexicon, spans: list[Span]) -> list[Span]:
    """Spans of the rules of the module docstring (``spans``: the places found so far)."""
    toks = tokenize(text)
    keys = key_set(toks)
    out = street_tail_spans(text, lex, toks, keys)
    if not keys.isdisjoint(UNIT_KEYS):
        out += military_unit_spans(text)
    if not keys.isdisjoint(RELATIONS):
        out += kin_town_spans(text, lex, toks)
    if not keys.isdisjoint(AGENCY_KEYS):
        out += agency_spans(text, lex, keys)
    out += state_agency_spans(text, keys)  # session 9, deidmisc9: DCF, Dept of Developmental Services
    if not keys.isdisjoint(SCHOOL_KEYS):
        out += school_spans(text, lex)  # session 9, deidmisc9
    out += military_base_spans(text, lex)  # session 9, deidmisc9: bases in capitals
    if not keys.isdisjoint(INSURER_KEYS):
        out += insurer_spans(text, lex)
    if not keys.isdisjoint(FIRSTS):
        out += practice_spans(text, lex, toks)
    if not keys.isdisjoint(DENOMINATION_KEYS):
        out += church_spans(text)
    if not keys.isdisjoint(WARD_KEYS):
        out += residence_ward_spans(text, lex, toks)
    if not keys.isdisjoint(CARE_DESTINATION_KEYS):
        out += care_destination_spans(text, lex, keys)
    if not keys.isdisjoint(PRACTICE_OF_KEYS):
        out += practice_of_spans(text)
    if not keys.isdisjoint(CIVIC_KEYS):
        out += civic_place_spans(text, lex, keys)  # session 14, deidplace14
    found = [*spans, *out]
    out += org_town_spans(text, lex, found)
    if "of" in keys:
        out += of_area_spans(text, lex, found)
    if "-" in text or "\u2013" in text:
        out += branch_spans(text, lex, found)
    return out
