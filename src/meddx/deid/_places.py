"""The places detector: hospitals and locations smaller than a state, from cues and lists.

* HOSPITAL: capitalised words ending in a facility word ("Mercy General Hospital",
  "St. Mary's Medical Center", "BOSTON REHAB CENTER", "Lakeside Nursing Home").
* LOCATION: "City, ST" / "City, State" ("Springfield, IL"); a city or town after a strong cue
  ("lives in", "resides in", "moved from", "native of", "nursing home in"); a city from the
  bundled GeoNames list after "in", "from", "to", "near" or "at"; multi-word cities from the
  list anywhere ("San Antonio"); "X County".

Context rules (``_cued_places``): facilities after transfer and care cues ("admitted from
jsh with"), in note headers and as wards ("stay on Aldous 5"), and towns before state codes.
``_initials``: hospital initials by context, also clinical abbreviations in a hospital's shape
("transferred from PMH", "Mercy Hospital (MH)"; not "PMH of HTN"). ``_care_places``: care
facilities around SNF / NH / ALF / rehab / dialysis words, "... Hospitals for Children", a
town's EMS or police, employers after cues; ``_care_fields``: insurers and suppliers, names
after field labels, towns before a state code after a residence cue, lower-case addresses.
``_place_cues``: pharmacies, visiting nurses, transport companies, outside imaging, wards
after a move, practices in any case, short employers, a town after a facility name.
``_orgs`` and ``_towns``: names ending in facility or company words, wards, streets and towns.
``_place_forms``: addresses without a street word, towns after a box or unit, "Town ST ZIP";
``_town_phrases``: counties, neighbourhoods, residents, "works in", "near", a town after a place.
``_work_places``: employers, shelters and suppliers after more cues ("laid off from").

States and countries are not tagged: HIPAA Safe Harbor allows them.
"""

from __future__ import annotations

import re

from meddx.deid._address_towns import address_town_spans
from meddx.deid._brand_companies import brand_company_spans
from meddx.deid._campus_places import campus_spans
from meddx.deid._caps_town_cues import (
    ADJECTIVE_TOWN_END as _ADJECTIVE_TOWN_END,
)
from meddx.deid._caps_town_cues import (
    CLINICAL_ADJECTIVES as _CLINICAL_ADJECTIVES,
)
from meddx.deid._caps_town_cues import (
    HOME_CUE as _HOME_CUE,
)
from meddx.deid._caps_town_cues import (
    NEXT_WORD as _NEXT_WORD,
)
from meddx.deid._caps_town_cues import (
    PERSON_FROM as _PERSON_FROM,
)
from meddx.deid._caps_town_cues import (
    TIME_WORDS as _TIME_WORDS,
)
from meddx.deid._caps_town_cues import (
    CapitalLines as _CapitalLines,
)
from meddx.deid._caps_town_cues import (
    caseless as _caseless,
)
from meddx.deid._care_fields import field_place_spans
from meddx.deid._care_flow_places import care_flow_spans
from meddx.deid._care_places import care_place_spans
from meddx.deid._caseless_places import caseless_place_spans
from meddx.deid._choice_places import choice_place_spans, numbered_ward_spans
from meddx.deid._community_places import community_place_spans
from meddx.deid._cued_places import cued_place_spans
from meddx.deid._derived_words import derived
from meddx.deid._detector import Detector, register_detector
from meddx.deid._facility_at import at_name_spans, children_spans
from meddx.deid._facility_brands import brand_spans
from meddx.deid._facility_context import context_facility_spans
from meddx.deid._facility_fields import field_value_spans
from meddx.deid._facility_forms import facility_spans, short_form_spans
from meddx.deid._facility_mentions import mention_spans
from meddx.deid._facility_pairs import facility_pair_spans
from meddx.deid._facility_parts import CARE_CHOICE_VERBS
from meddx.deid._facility_tails import facility_tail_spans
from meddx.deid._facility_towns import facility_town_spans
from meddx.deid._gazetteer_places import gazetteer_place_spans
from meddx.deid._generic_clinics import generic_clinic
from meddx.deid._history_places import history_place_spans
from meddx.deid._initials import initial_spans
from meddx.deid._lexicon import Lexicon, lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._nursing_places import nursing_place_spans, town_in_brackets
from meddx.deid._org_places import org_place_spans
from meddx.deid._organisation_names import organisation_spans
from meddx.deid._orgs import org_spans
from meddx.deid._place_articles import article_spans
from meddx.deid._place_cues import cue_place_spans
from meddx.deid._place_forms import place_form_spans
from meddx.deid._place_practices import practice_spans
from meddx.deid._place_words import (
    ADJECTIVE_ENDS,
    CLAUSE_WORDS,
    ORG_WORDS,
    ROLE_BEFORE_OF,
    STATE_CODES,
    TOWN_ENDS,
)
from meddx.deid._referral_places import referral_place_spans
from meddx.deid._report_places import report_place_spans, specialty_tail_spans
from meddx.deid._residence_names import residence_name_spans
from meddx.deid._span import Span
from meddx.deid._sparse_places import sparse_place_spans
from meddx.deid._street_forms import street_form_spans
from meddx.deid._street_towns import street_town_spans
from meddx.deid._tokens import FUNCTION_WORDS, followed_by_head_noun
from meddx.deid._town_links import town_link_spans
from meddx.deid._town_phrases import town_after_place_spans, town_phrase_spans
from meddx.deid._towns import town_spans
from meddx.deid._travel_towns import travel_town_spans
from meddx.deid._work_places import work_place_spans

__all__ = ["PlaceDetector"]

_CAPWORD = r"(?:(?:St|Mt|Ft)\.|[A-Z][A-Za-z'\u2019-]*[A-Za-z]|[A-Z])"
_FACILITY_PATTERN = (
    r"\b(?:hospital|medical\s+center|medical\s+centre|med\s+ctr|health\s+center|"
    r"health\s+system|healthcare|infirmary|rehab(?:ilitation)?\s+(?:center|hospital|facility)|"
    r"nursing\s+(?:home|center|facility)|skilled\s+nursing\s+facility|care\s+center|"
    r"surgery\s+center|surgical\s+center|cancer\s+center|heart\s+institute|clinic|"
    r"memorial|hospice|sanatorium|children's\s+hospital|va\s+medical\s+center)\b"
)
_FACILITY = re.compile(_FACILITY_PATTERN, re.IGNORECASE)
# On lower-cased text, case-sensitive, with a look-ahead on the first letters: much faster.
_FACILITY_LOWER = re.compile("(?=[hmirnscv])" + _FACILITY_PATTERN)
# Words that can open a facility name only together with a proper name ("General", "Regional").
_GENERIC = frozenset(
    "outside local community other another previous prior same nearby our this that the a an "
    "their his her your rehab private public state county city university general regional "
    "memorial brief during hospital admission discharge "
    # session 20: a hospital's role in a transfer, not its name ("TO REFERRING HOSPITAL")
    "referring receiving sending accepting birth".split()
)
#: Prepositions and clause verbs that never sit inside a facility's name (session 20): in
#: capitals the walk back over capitalised words stops at them.
_CLAUSE_WORDS = CLAUSE_WORDS
#: The letters that end a text: the piece before a "/" ("F" of "F/U", "Luke's" of "Luke's/Roosevelt").
# Generic words that may still sit inside a facility name ("Mercy General Hospital").
_NAME_PARTS = frozenset("general regional memorial university county state community".split())
_AFTER_NOT_NAME = re.compile(r"\s*(?:course|stay|day|admission|discharge|policy|bed|acquired|"
                             r"medicine|floor|follow|records?)\b", re.IGNORECASE)
_STRONG_CUE = re.compile(
    r"\b(?:lives|living|lived|resides|residing|resident|native|born|moved|relocated|grew\s+up|"
    r"visiting|vacation(?:ing)?|traveled|travelled|trip|home|originally|nursing\s+home|"
    r"shelter|snf|facility|works?|employed)\s+(?:in|at|of|from|to|near)\s+$", re.IGNORECASE)
_STRONG_CUE_RUN = re.compile(  # the look-ahead on the cues' first letters: a faster scan
    "(?i:(?=[lrnbmgvthosfwe])" + _STRONG_CUE.pattern.removesuffix(r"\s+$")
    + rf")\s+({_CAPWORD}(?:[ -]{_CAPWORD}){{0,3}})")
_WEAK_WORDS = frozenset(("in", "from", "to", "near", "at", "of"))
_WEAK_CUE = re.compile(r"\b(?:in|from|to|near|at|outside\s+of|of)\s+$", re.IGNORECASE)
_STATES = ("Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|"
           "Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|"
           "Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|"
           "New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|"
           "Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|"
           "Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming")
_CITY_STATE = re.compile(
    rf"(?=[A-Z])({_CAPWORD}(?:[ -]{_CAPWORD}){{0,3}}),[ \t]*(?P<st>[A-Z]{{2}}|(?i:{_STATES}))\b(?!\.\w)")
# The tail of _CITY_STATE alone: a note without a comma and a state code after it (most
# notes) skips the full scan, which tries every capital letter.
_STATE_TAIL = re.compile(rf",[ \t]*(?P<st>[A-Z]{{2}}|(?i:{_STATES}))\b(?!\.\w)")
_CAP_RUN = re.compile(rf"{_CAPWORD}(?:[ -]{_CAPWORD})*")
_COUNTY = re.compile(rf"\b({_CAPWORD}(?:\s{_CAPWORD})?\s(?i:county|parish))\b")


_PIECE = re.compile(r"[^\s-]+")
#: A clinical rule, scale or device named after a city, up to two words on: "Ottawa ankle
#: rules", "Los Angeles grade B", "Bethesda category", "Milwaukee brace", "Kansas City
#: Cardiomyopathy Questionnaire", "Philadelphia chromosome".
_TOOL_AFTER = re.compile(
    r"(?:[ \t]+[A-Za-z][A-Za-z-]*){0,2}?[ \t]+(?i:rules?|criteria|classification|grade|grading|"
    r"category|score|scale|brace|collar|questionnaire|protocol|guidelines?|chromosome|"
    r"assessment|consensus|definition|staging|splint|orthosis|jacket|system)\b")
_AFTER_COMMA = re.compile(r",[ \t]*([A-Za-z][a-z'-]+(?:[ ][A-Za-z][a-z'-]+){0,2})\b")
_CLAUSE_END = re.compile(r"[ \t]*(?:[.,;)]|$)", re.MULTILINE)
# this rule reads fewer town endings than the others (the words it leaves out, named)
_TOWN_ENDS = TOWN_ENDS - frozenset("beach center grove haven island isle junction landing mills "
                                   "village".split())
_HOSP_WORD = re.compile(r"[A-Za-z'\u2019.&-]+")
_LEAD = re.compile(r"(?:(?:of|and|&|the)\s+)+", re.IGNORECASE)
_PLAIN_OF = re.compile(r"([A-Za-z]+)\s+of\s+(?:the\s+)?")


def _words(s: str) -> list[str]:  # noqa: D103
    return _PIECE.findall(s)


@register_detector("places")
class PlaceDetector(Detector):
    """Hospitals and locations (see the module docstring)."""

    def __init__(self, lex: Lexicon | None = None) -> None:
        self.lex = lex or lexicon()
        # first piece (split at spaces and hyphens) of every city: a quick "no city here"
        self._city_heads = frozenset(_PIECE.findall(c)[0] for c in self.lex.cities if c.strip())

    def _plain(self, word: str) -> bool:
        """A word that is no proper name: common, function or medical."""
        w = word.lower().strip(".,'\u2019")
        if w.endswith("'s"):
            w = w[:-2]
        return w in FUNCTION_WORDS or w in self.lex.common_words or self.lex.is_medical(w) \
            or derived(w, self.lex)  # session 21: "UNWITNESSED", "PREMEDICATED"

    def detect(self, text: str) -> list[Span]:
        spans = self._hospitals(text)
        spans += self._city_state(text)
        spans += self._cued(text)
        spans += org_spans(text, self.lex)
        spans += town_spans(text, self.lex)
        spans += cued_place_spans(text, self.lex)
        spans += care_place_spans(text, self.lex)
        spans += field_place_spans(text, self.lex)  # addresses, insurers, field labels
        spans += field_value_spans(text, self.lex)  # session 16: "Facility: Renown Regional"
        spans += history_place_spans(text, self.lex)  # "seen at Lakeview in 2017 by Dr. X"
        spans += facility_pair_spans(text, self.lex)  # "Oak Hollow Nursing and Rehabilitation"
        spans += at_name_spans(text, self.lex)  # session 18, deidhosp18: "the arbors at fairhaven"
        spans += children_spans(text, self.lex)  # session 18: "children's hospital of orange county"
        spans += self._city_after_facility(text, spans)
        before = len(spans)  # the spans found after here get their towns at the end
        spans += initial_spans(text, self.lex, spans)
        spans += brand_spans(text, self.lex)  # care chains, facility names by context
        spans += facility_spans(text, self.lex, spans[:before])
        spans += short_form_spans(text, self.lex, spans)
        spans += mention_spans(text, self.lex, spans)  # "at the VA", "Presby's cath lab"
        spans += cue_place_spans(text, self.lex, spans)
        spans += place_form_spans(text, self.lex)
        spans += town_phrase_spans(text, self.lex)
        spans += work_place_spans(text, self.lex)
        spans += org_place_spans(text, self.lex)
        spans += community_place_spans(text, self.lex, spans)  # session 9, deidout
        spans += town_after_place_spans(text, self.lex, spans)
        spans += report_place_spans(text, self.lex)  # "Loc: Kemper 6", "RN, Ellison 9,"
        spans += specialty_tail_spans(text, spans)  # "Elmwood OB/GYN"
        spans += nursing_place_spans(text, self.lex)
        spans += town_in_brackets(text, self.lex, spans)
        spans += self._city_after_facility(text, spans[before:])  # "CVS on Main St, Orleans"
        spans += context_facility_spans(text, self.lex, spans)  # session 10, deidhosp10
        spans += gazetteer_place_spans(text, self.lex)  # session 10, deidgaz10: small towns, counties
        spans += address_town_spans(text, self.lex)  # session 10, deidloc10: "14 Elm St Lowell MA"
        spans += street_form_spans(text, self.lex)  # session 15, deidplace15: "1420 Avenue J"
        spans += street_town_spans(text, self.lex)  # session 21: "14 Dunmore Ct, Grapevine -"
        spans += brand_company_spans(text)  # session 21: "PRO AMBULANCE", "premier home services"
        spans += residence_name_spans(text, self.lex)  # session 21: "RESIDENT OF LINDEN PONDS IN HINGHAM"
        spans += organisation_spans(text)  # session 10, deidorg10: employers, schools, stores
        spans += facility_tail_spans(text, spans)  # session 14, deidplace14: "Rite Aid #4417"
        spans = town_link_spans(text, self.lex, spans)  # session 10, deidloc10: kin, trips, labels
        spans += facility_town_spans(text, self.lex, spans)  # session 19: "rehab of midland"
        spans += practice_spans(text, self.lex, spans)  # session 19: "clearfield cardiology"
        spans += referral_place_spans(text, self.lex, spans)  # session 20: "(Kindred vs Vibra)"
        spans += sparse_place_spans(text, self.lex)  # session 21: "employer (X)", "X shelter"
        spans += article_spans(text, spans)  # session 21: "at The Copper Kettle"
        spans += care_flow_spans(text, self.lex)  # session 23: "TOP CHOICES: 1) X", "via option care"
        spans += campus_spans(text, spans)  # session 24: "BAPTIST EAST", "Bethesda North"
        spans += travel_town_spans(text, self.lex)  # session 26: "called from muscle shoals"
        spans += choice_place_spans(text, self.lex)  # session 26: "toured maple crest"
        spans += numbered_ward_spans(text, self.lex)  # session 26: "to RN on 4 Ellis"
        spans += caseless_place_spans(text, self.lex)  # session 29: "truck driver for ruan"
        # "county" / "parish" in any case; the look-alikes (?i) also matches ("ſ", "ı")
        # but that lower() maps elsewhere send a note down the full scan too
        low = text.lower()
        rare = "\u017f" in text or "\u0131" in text or "\u0130" in text
        for m in _COUNTY.finditer(text) if rare or "county" in low or "parish" in low else ():
            if not self._plain(_words(m.group(1))[0]):
                spans.append(Span(m.start(1), m.end(1), "LOCATION", self.name, 0.8))
        return spans

    def _hospitals(self, text: str) -> list[Span]:
        out = []
        lowered = text.lower()  # matches are found in it; read the words from ``text``
        found = (heads_finditer(_FACILITY_LOWER, lowered) if len(lowered) == len(text)
                 else _FACILITY.finditer(text))
        for m in found:
            if _AFTER_NOT_NAME.match(text, m.end()):
                continue
            start = m.start()
            line = text.rfind("\n", 0, start) + 1
            before = text[max(line, start - 80):start]
            # Walk back over capitalised words and connectors ("of", "and", "&", "the").
            words = list(_HOSP_WORD.finditer(before))
            first = None
            names = 0
            for w in reversed(words):
                gap = before[w.end():] if first is None else before[w.end():first]
                if gap.strip() != "" or "\n" in gap:
                    break
                word = w.group(0).rstrip("-")  # "In-hospital mortality"
                if before[w.start() - 1:w.start()] == "/" and len(word) <= 2:
                    break  # session 20: "F/U VASCULAR CLINIC" (not "St. Luke's/Roosevelt Hospital",
                    # not "BI/Deaconess Hospital": the review)
                if not word:  # a stand-alone hyphen: "referral - Linden Hill Hospice"
                    break
                low = word.lower().strip(".")
                if low in ("of", "and", "&", "the") and first is not None:
                    first = w.start()
                    continue
                if not word or not word[0].isupper() or low in FUNCTION_WORDS or low in ("vs", "versus") \
                        or low in CARE_CHOICE_VERBS:  # "FAMILY REVOKED HOSPICE" (deidhosp10b)
                    break
                if low in _CLAUSE_WORDS:
                    break  # session 20: "LODGING NEAR HOSPITAL", "PENDING ALLERGY CLINIC"
                if word.endswith(".") and low not in ("st", "mt", "ft"):
                    break  # "... at 3 AM. Clinic phone": a sentence ends here
                if word.isupper() and len(low) <= 4 and low in self.lex.medical:
                    break  # "VNA VS BAPTIST HEALTH CENTER"
                if word.isupper() and low in _GENERIC and low not in _NAME_PARTS:
                    break
                first = w.start()
                if low not in _GENERIC and not self.lex.is_medical(low):
                    names += 1
            if first is None or names == 0:
                continue
            if names == 1 and text[m.start():m.end()].islower() and \
                    self._sentence_start_plain(before, first):
                continue  # "Final hospital diagnoses", "Population-based hospital data"
            # Drop leading connectors, and a plain word before "of" ("Resident of Linden Hill").
            lead = _LEAD.match(before[first:]) or _PLAIN_OF.match(before[first:])
            if lead and lead.re is _PLAIN_OF and lead.group(1).lower() not in ROLE_BEFORE_OF:
                lead = None  # "King of Prussia General Hospital" stays whole
            s = max(line, start - 80) + first + (lead.end() if lead else 0)
            if generic_clinic(text[s:m.end()], self.lex):
                continue  # "Heart Failure Clinic": a service (deidfac4's guard)
            out.append(Span(s, m.end(), "HOSPITAL", self.name, 0.85))
        return out

    def _city_after_facility(self, text: str, spans: list[Span]) -> list[Span]:
        """A known city right after a facility name: "Mercy Hospital, Boston"."""
        out = []
        for s in spans:  # a facility, or an organisation ("... Funeral Home, Gardner.")
            if s.label != "HOSPITAL" and not (
                    s.label == "LOCATION" and text[s.start:s.end].rsplit(None, 1)[-1].lower() in ORG_WORDS):
                continue
            m = _AFTER_COMMA.match(text, s.end)
            if m is None:
                continue
            town = m.group(1)
            known = town.lower() in self.lex.cities and (town[0].isupper() or not self._plain(town))
            # "Kestrel Ridge SNF, Owosso." / ", hollis springs." : a town ends the clause
            unknown = _CLAUSE_END.match(text, m.end(1)) and not any(
                self._plain(p) and p.lower() not in _TOWN_ENDS for p in _words(town)) \
                and town.lower() not in self.lex.states and len(town) >= 4
            if known or unknown:
                out.append(Span(m.start(1), m.end(1), "LOCATION", self.name, 0.8))
        return out

    def _sentence_start_plain(self, before: str, first: int) -> bool:
        """Whether the name run starts a sentence with a plain word (every hyphen part
        common, function or medical), so its capital is the sentence's, not a name's."""
        head = before[:first].rstrip()
        if head and head[-1] not in ".!?:;":
            return False
        word = re.match(r"[A-Za-z'\u2019-]+", before[first:])
        return bool(word) and all(self._plain(p) for p in word.group(0).split("-") if p)

    def _city_state(self, text: str) -> list[Span]:
        out: list[Span] = []
        tails = list(_STATE_TAIL.finditer(text))
        if not any(len(st := t.group("st")) > 2 or st in STATE_CODES for t in tails):
            return out  # every match would have a two-letter word that is no state code
        for m in self._city_state_matches(text, tails):
            st = m.group("st")
            if len(st) == 2 and st not in STATE_CODES:
                continue
            if st == "PA" and text.startswith("-C", m.end()):
                continue  # "Tomasz Wicek, PA-C": a physician assistant, not Pennsylvania
            words = list(_PIECE.finditer(m.group(1)))
            if st in ("MD", "PA") and m.group(1).lower() not in self.lex.cities and all(
                    w.group(0).lower() in self.lex.first_names or w.group(0).lower() in self.lex.last_names
                    for w in words):
                continue  # "Letter from Robert Chen, MD": a clinician and a credential
            # Longest known city at the end, else the capitalised words after the last plain one.
            keep = None
            for k in range(len(words)):
                cand = m.group(1)[words[k].start():].lower()
                if cand in self.lex.cities:
                    keep = k
                    break
            if keep is None:
                if sum(c.isalpha() for c in m.group(1)) < 3:
                    continue  # "K, CA REPLETED": potassium and calcium
                keep = len(words)
                while keep > 0 and not self._plain(words[keep - 1].group(0)):
                    keep -= 1
                if keep == len(words):
                    continue
            s = m.start(1) + words[keep].start()
            out.append(Span(s, m.end(1), "LOCATION", self.name, 0.9))
        return out

    @staticmethod
    def _city_state_matches(text: str, tails: list[re.Match[str]]):
        """``_CITY_STATE.finditer(text)``, read only on the lines that hold a tail: a match
        ends with one and holds no line break (capitalised words, spaces, hyphens, a comma),
        so the matches of the whole text are those of its lines."""
        done = -1
        for t in tails:
            if t.start() < done:
                continue
            line = text.rfind("\n", 0, t.start()) + 1
            end = text.find("\n", t.end())
            done = len(text) if end < 0 else end
            yield from _CITY_STATE.finditer(text, line, done)

    def _cued(self, text: str) -> list[Span]:
        out = []
        for m in heads_finditer(_STRONG_CUE_RUN, text):
            words = list(_PIECE.finditer(m.group(1)))
            n = 0
            while n < len(words) and not self._plain(words[n].group(0)) \
                    and words[n].group(0).lower() not in self.lex.states:
                n += 1
            if n:
                out.append(Span(m.start(1), m.start(1) + words[n - 1].end(), "LOCATION",
                                self.name, 0.85))
        heads = self._city_heads
        lines = _CapitalLines(text)  # _caseless's answers for this note
        for m in _CAP_RUN.finditer(text):
            run = m.group(0)
            # the pieces of _PIECE (split at spaces and hyphens): no city starts at any of them
            if heads.isdisjoint(run.lower().replace("-", " ").split()):
                continue
            words = list(_PIECE.finditer(run))
            k = 0
            while k < len(words):
                k += self._city_at(text, m.start(), run, words, k, out, lines)
        return out

    def _caseless_city(self, cand: str, key: str, cued: bool, single_ok: bool, prev: str = "",
                       ends: bool = True) -> bool:
        """A city in a line of capitals, where a capital says nothing (session 19): one word
        that is also an English adjective ("TO NORMAL", "IN CENTRAL", "SUPERIOR") is no
        city after TO / IN, and after another cue only where it ends the clause (``ends``:
        "PT IS FROM IMPERIAL."; not "FROM NORMAL AND ISCHEMIC", "OF CENTRAL NEURONAL": an
        adjective before its noun, session 21); a home or transfer word before it still makes
        it a town (the caller); other cities are read as in mixed case."""
        if " " in key or "-" in key or single_ok:
            return True
        if key in self.lex.common_words and key.endswith(ADJECTIVE_ENDS) \
                and key not in self.lex.first_names and key not in self.lex.last_names \
                and (prev.split()[-1:] in (["to"], ["in"]) or not ends):
            return False  # after TO / IN; "FROM IMPERIAL." stays a town (second review)
        return cued and not self.lex.is_medical(key)

    def _noun_after(self, text: str, pos: int) -> bool:
        """On the same line after ``pos`` (past "AND" / "OR" / ","), a plain word that the
        adjective before it can describe ("FROM NORMAL AND INJURED TISSUE", "OF CENTRAL DRIVE");
        not a state, a function or time word, nor a word on the next line ("FROM NORMAL
        ILLINOIS", "FROM BOUNTIFUL THIS AM", "AT NORMAL FOR PNEUMONIA": fix round of session 21,
        review finding 2)."""
        m = _NEXT_WORD.match(text, pos)
        if m is None:
            return False
        key = m.group(1).lower()
        if key in self.lex.states or m.group(1) in STATE_CODES or key in FUNCTION_WORDS \
                or key in _TIME_WORDS:
            return False
        return key in self.lex.common_words or self.lex.is_medical(key)

    def _city_at(self, text, offset, run, words, k, out, lines) -> int:
        """Tag the longest known city starting at word k of a capitalised run; words used."""
        if words[k].group(0).lower() not in self._city_heads:
            return 1
        for n in range(min(len(words) - k, 4), 0, -1):
            cand = run[words[k].start():words[k + n - 1].end()]
            key = cand.lower()
            if key not in self.lex.cities or key in self.lex.states:
                continue
            prev = words[k - 1].group(0).lower() if k else \
                text[max(0, offset - 12):offset].lower()
            cued = bool(_WEAK_CUE.search(prev + " ")) if not k else prev in _WEAK_WORDS
            single_ok = not self._plain(cand) and key not in self.lex.first_names \
                and key not in self.lex.last_names
            if followed_by_head_noun(text, offset + words[k + n - 1].end()) or \
                    _TOOL_AFTER.match(text, offset + words[k + n - 1].end()):
                return n  # "PER PORTLAND PROTOCOL", "Ottawa ankle rules", "Milwaukee brace"
            if _caseless(offset + words[k].start(), cand, lines):
                ends = not self._noun_after(text, offset + words[k + n - 1].end())
                ok = self._caseless_city(cand, key, cued, single_ok, prev.strip(), ends) or (
                    cued and not self.lex.is_medical(key)
                    and (_HOME_CUE.search(text, max(0, offset + words[k].start() - 40),
                                          offset + words[k].start()) is not None
                         or _PERSON_FROM.search(text, max(0, offset + words[k].start() - 40),
                                                offset + words[k].start()) is not None
                         # "A FARMER IN CENTRAL.": the adjective ends the clause after IN,
                         # nothing follows for it to describe (session 20; "TO NORMAL." is
                         # no town, "IN CENTRAL LINE" an adjective; "IN NORMAL, METAPLASTIC
                         # AND ..." lists adjectives too often: never NORMAL; nor CENTRAL or
                         # SUPERIOR, anatomy's words: "MASS IN SUPERIOR.", "PAIN IN CENTRAL,
                         # LEFT CHEST." (fix round, review of deidleft20, finding 3)
                         or (prev.strip() == "in" and n == 1 and key not in _CLINICAL_ADJECTIVES
                             and _ADJECTIVE_TOWN_END.match(text, offset + words[k].end()) is not None)))
            else:
                ok = n > 1 or (cued and not self.lex.is_medical(key)) or single_ok
            if ok:
                s = offset + words[k].start()
                out.append(Span(s, s + len(cand), "LOCATION", self.name, 0.75))
                return n
        return 1
