"""Facilities, wards and organisations that the list-based places rules miss (streets and
towns: ``_towns``, which shares this module's word view of a note).

* A name ending in a facility or organisation word, in any case: "Kestrel Dialysis Ctr",
  "LINDEN HILL MANOR", "merrowfield gen", "Castleford Family Health", "Fenwick Unit" (HOSPITAL);
  "Halcyon Freight", "norburn middle school", "Gilchrest & Sons" (LOCATION: employers, schools,
  companies). At least one word of the name must be no common, clinical or function word, so
  "the nursing home", "PT AND OT SERVICES" and "Cardiac Surgery Unit" stay.
* "St X" / "Saint X" ("St Agnes", "st. casimir parish"): a saint's name, not "ST segment"
  nor a street ("Canal St. Sister"), with a church or school word after it.
* Wards named by a word and a number or an ICU word ("on Ellison 4", "Tolland ICU") and
  hospital initials after transfer words ("back to MHH").
* VA initials (VAMC, VAH), and the distinctive words of 4,807 US hospital names from CMS
  (``resources/us_hospitals.txt``: "Beth Israel Deaconess", "Lahey"), in any case
  (``_listed_hospitals``).
"""

from __future__ import annotations

import re

from meddx.deid._derived_words import derived
from meddx.deid._facility_parts import CARE_CHOICE_VERBS
from meddx.deid._generic_clinics import generic_clinic
from meddx.deid._lexicon import Lexicon
from meddx.deid._listed_hospitals import listed_hospitals
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._place_words import (
    CLAUSE_WORDS,
    GENERIC_WORDS,
    HOSPITAL_WORDS,
    ORG_WORDS,
    PLACE_WORDS,
    ROLE_BEFORE_OF,
)
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, Token, end_index, title_count, token_keys, tokenize

__all__ = ["NoteWords", "joined", "org_spans"]



#: Suffixes too generic to end a name made only of common words ("Kidney Transplant Unit"),
#: and never in lower case ("thiol group", "photostress recovery").
_WEAK_SUFFIX = frozenset(
    "health unit practice recovery oncology cardiology neurology dermatology urology "
    "gastroenterology radiology imaging medicine associates solutions services center centre "
    "department dept station laboratory lab labs physicians healthcare transport care".split()
)
#: Words before "to" / "from" / "at" that make the next initials a facility ("back to MHH").
_TRANSFER_WORDS = frozenset(
    "back transferred transfer tx txed admitted admit adm discharged d/c dc'd returned return "
    "records chart films study came arrived seen followed sent flown brought".split())
_HOSP_ENDS = ("mc", "hc", "mh", "gh", "ch", "rh", "vah")
_STRONG_LOWER = frozenset("hospital hosp memorial institute manor hospice infirmary".split())
_ORG_CUES = frozenset("at for from to with badge employer company by".split())
#: Words that end a facility name only with a name before them and no service after them.
_NOT_AFTER_GENERAL = frozenset(
    "surgery medicine anesthesia appearance condition health ward floor practice pediatrics "
    "population public hospital admission anesthetic consent".split()
)
_CONNECT = frozenset(("of", "and", "the"))
#: Services that title a note before its kind ("CTICU Nursing Progress Note", "Neuro ICU
#: Pharmacy Consult"): a discipline there, not a facility's name (session 21).
_DISCIPLINES = frozenset(
    "nursing pharmacy medicine care counseling counselling cardiology oncology radiology "
    "neurology dermatology urology gastroenterology nephrology pulmonology rheumatology "
    "endocrinology ophthalmology podiatry allergy midwifery pediatrics paediatrics "
    "orthopedics orthopaedics".split())
_NOTE_KINDS = frozenset(
    "progress note notes consult consultation assessment admission shift transfer event "
    "update summary flowsheet evaluation eval reassessment".split())
_INITIALS = re.compile(r"\bVAMC\b|\bVAH\b")


class _Words:
    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text, self.lex = text, lex
        self.toks = tokenize(text)
        self.keys = token_keys(self.toks)
        self._lower_style: bool | None = None

    def after(self, cues: frozenset[str]) -> list[int]:
        """Indexes of the tokens right after a token whose key is in ``cues``."""
        return [i + 1 for i, k in enumerate(self.keys[:-1]) if k in cues]

    @property
    def lower_style(self) -> bool:
        """A note written in lower case: almost no title-case words."""
        if self._lower_style is None:
            n = title_count(self.toks)
            self._lower_style = n <= 0.05 * len(self.toks)
        return self._lower_style

    def plain(self, t: Token) -> bool:
        k = t.key
        if k in FUNCTION_WORDS or k in self.lex.common_words or self.lex.is_medical(k):
            return True
        if "-" in k and all(p in self.lex.common_words for p in k.split("-") if p):
            return True
        return derived(k, self.lex)  # session 21: "REFEEDING LABS", "NSICU NURSING"

    def gap(self, i: int) -> str:
        return self.text[self.toks[i].end:self.toks[i + 1].start]


def _joined(w: _Words, i: int) -> bool:
    """Tokens i and i+1 sit in one name: a space, "&", "'s " or a period after "St"."""
    gap = w.gap(i)
    if "\n" in gap or len(gap) > 4:
        return False
    core = gap.replace("'s", "").replace("\u2019s", "").strip()
    return core in ("", "&") or (core == "." and w.toks[i].key in ("st", "mt", "ft"))


#: The word view of a note that the organisation and town rules share.
NoteWords = _Words
joined = _joined


def _name_before(w: _Words, k: int) -> int | None:
    """First token of the name that ends with the suffix token k, or None. In lower case
    and ALL CAPS the name needs a word no dictionary knows ("norburn middle school"); in
    title case, or in capitals after "at" / "for" ("DRIVES FOR HALCYON FREIGHT"), a word
    that is no generic or clinical word ("Bright Smiles Dental")."""
    toks = w.toks
    lower = toks[k].key == toks[k].text
    # "from walnut hill medical center": common words too, before a strong facility word
    strong_lower = lower and w.lower_style and (toks[k].key in _STRONG_LOWER or (
        toks[k].key in ("center", "ctr") and k > 0 and toks[k - 1].key in ("medical", "med")))
    first, names, proper = k, 0, 0
    j = k - 1
    while j >= 0 and k - j <= 5 and _joined(w, j):
        t = toks[j]
        if t.key in _CONNECT and j > 0 and first < k:
            j -= 1
            continue
        if (t.key == t.text) != lower or t.key in FUNCTION_WORDS or len(t.key) < 2 \
                or t.key in CLAUSE_WORDS \
                or t.key in CARE_CHOICE_VERBS \
                or w.text[t.start - 1:t.start] in ("/", "-") or w.text[t.start - 1:t.start].isdigit():
            break  # "F/U AM LABS", "87F nursing home"
        if lower and w.plain(t) and t.key not in PLACE_WORDS and t.key not in GENERIC_WORDS \
                and not strong_lower:
            break  # lower case: only words no dictionary knows, place and generic words
        if lower and t.key not in GENERIC_WORDS and (w.lex.is_medical(t.key) or t.key in FUNCTION_WORDS):
            break
        first = j
        names += not w.plain(t) and t.key not in PLACE_WORDS
        proper += t.key not in GENERIC_WORDS and not w.lex.is_medical(t.key) \
            and not derived(t.key, w.lex, clinical=True)  # session 21: "Cticu Nursing" of the case view
        j -= 1
    while first + 2 < k and toks[first + 1].key in _CONNECT and toks[first].key in ROLE_BEFORE_OF:
        first += 2  # "Resident of Linden Hill Manor"; not "King of Prussia General Hospital"
    if first == k:
        return None
    cue = first > 0 and (toks[first - 1].key in _ORG_CUES or toks[first - 1].key in ("w", "use"))
    if lower:  # "at norburn middle school", not "analysing emergency department"
        ok = names or (proper and strong_lower and k - first <= 4)
        return first if ok and cue and toks[k].key not in ("unit", "recovery") else None
    if names:
        return first
    title = _title_org(w, first, k, cue)
    if title is not None:
        return title  # mid-sentence "Quarry Hill Family Practice", "for Halcyon Freight"
    if not proper or (toks[k].key in _WEAK_SUFFIX and not cue):
        return None  # "at Kestrel Dialysis Center", not "Kidney Transplant Unit"
    if toks[first].upper:  # ALL CAPS: only after "at", "for", "employer", ...
        # and (session 20) before a service word ("rehab", "services", "medicine", "unit")
        # with a listed name, town or place word: in capitals "FOR ACUTE REHAB", "WITH
        # INCREASED SERVICES", "BY ADDICTION MEDICINE" are plain English
        # (fix round: only when a word before it is clinical or a verb form, so "AT NORTHEAST
        # REHAB", "TO BEACON REHAB", "AT QUEST LABS" stay names)
        # session 21: every word here is plain English; after a cue that says no place by
        # itself ("FOR", "BY", "WITH", "TO" after no move word: "TRANSITIONED TO COMFORT CARE",
        # "VERIFIED BY FINANCIAL COUNSELING") a place word must be among them
        if first == 0 or toks[first - 1].key not in _ORG_CUES:
            return None
        if not _place_cue(w, first) and not any(t.key in PLACE_WORDS for t in toks[first:k]) \
                and not (toks[k].key in _FACILITY_KINDS and k - first == 1):
            return None  # fix round: "WITH BEACON DIALYSIS", "TO SUMMIT REHAB" keep the old rule
        generic = toks[k].key in _WEAK_SUFFIX or toks[k].key in GENERIC_WORDS or w.lex.is_medical(toks[k].key)
        return first if (not generic or any(
            _listed_or_place(w, t) for t in toks[first:k]) or _one_word_brand(w, first, k)) else None
    return first if first < k - 1 or toks[first].key not in w.lex.common_words else None


#: Words that name a kind or level of care, not a provider ("ACUTE REHAB", "SHORT-TERM REHAB").
_CARE_KINDS = frozenset(
    "acute subacute sub-acute postacute post-acute inpatient skilled short long term short-term "
    "long-term intensive critical respite hospice".split())
#: Cues after which one word before a service word may be a brand: a place or an employer.
_BRAND_CUES = frozenset("at from employer company badge".split())
_COUNT_WORDS = frozenset("one two three four five six several many multiple each every both single "
                         "all any some other another".split())
#: Words before "to" that move a patient to a provider (second review: "ACCEPTED TO EXCEL
#: REHAB", "REFERRED TO EXCEL REHAB", "GOING TO NORTHEAST REHAB").
_MOVE_TO = frozenset("c dc discharge accepted referred going go goes sent returning returned "
                     "return moved moving headed".split())
#: Service words a one-word brand does not stand before ("FINISH RECOVERY", "ICU TEAM").
_NOT_BRAND_HEADS = frozenset("recovery unit medicine department dept station transport".split())


def _one_word_brand(w: _Words, first: int, k: int) -> bool:
    """In capitals, one word before a service word that can be a brand ("AT NORTHEAST REHAB",
    "D/C TO BEACON REHAB", "AT QUEST LABS") after a place or employer cue or a move "to": no
    clinical or clinic-topic word (``generic_clinic``: "VASCULAR LAB"), care kind, count,
    function word or verb form ("INCREASED SERVICES") (fix round of session 20)."""
    toks = w.toks
    key = toks[first].key
    cue = toks[first - 1].key
    if cue == "to":  # "D/C TO BEACON REHAB", not "TO ESTABLISH CARE", "TO HUMAN HEALTH"
        before = toks[first - 2].key if first >= 2 else ""
        if before not in _TRANSFER_WORDS and before not in _MOVE_TO:
            return False
    elif cue not in _BRAND_CUES:
        return False  # "FOR ACUTE REHAB", "BY VIDEO IMAGING", "WITH LIFE INSURANCE": plain English
    return k - first == 1 and toks[k].key not in _NOT_BRAND_HEADS and key not in FUNCTION_WORDS \
        and key not in _COUNT_WORDS \
        and key not in _CARE_KINDS and not key.endswith(("ed", "ing")) \
        and not w.lex.is_medical(key) and not generic_clinic(f"{key} clinic", w.lex)


#: Unit words of a note's title that the clinical lists lack ("BURN ICU NURSING PROGRESS NOTE").
_UNIT_WORDS = frozenset("burn step-down stepdown night day".split())


def _title_start(w: _Words, k: int) -> bool:
    """Token ``k`` starts its line or phrase, or only clinical or unit words stand before it
    there ("TRAUMA ICU NURSING ...", "cvicu nursing shift note"): a note's title. Not after
    a cue or a name ("from Greenbriar Nursing transfer summary", fix round of session 21)."""
    j = k - 1
    while j >= 0 and "\n" not in w.gap(j) and not w.gap(j).strip(" \t-"):
        if k - j > 6:
            return False  # bounded walk: a line of medical words is no title (second review, 3)
        key = w.toks[j].key
        if key in FUNCTION_WORDS or not (key in _UNIT_WORDS or w.lex.is_medical(key)
                                         or derived(key, w.lex, clinical=True)):
            return False  # "Intervale / Multicare Nursing ...": derived names (second review, 2)
        j -= 1
    if j >= 0 and ("'" in w.gap(j) or "\u2019" in w.gap(j)):
        return False  # "St. Joseph's Nursing transfer summary": a possessive name (second review, 2)
    return True


#: Words before "to" / "for" / "by" / "with" that make it a place's cue: a move or a job.
_WORK_WORDS = frozenset(
    "works worked working work job employed employee volunteers volunteered drives drove driver "
    "retired laid fired attends attended student teaches taught cashier clerk teacher aide "
    "nurse mechanic manager secretary janitor custodian cook server technician supervisor owner "
    "worker laborer receptionist accountant engineer guard bookkeeper housekeeper".split())


#: Service words that name a provider's kind of place: after any cue, one word before them is
#: judged by the rule of session 20 ("CONTINUE DIALYSIS WITH BEACON DIALYSIS", "DISPO TO
#: SUMMIT REHAB"; not "FOR SHORT TERM REHAB", fix round).
_FACILITY_KINDS = frozenset("dialysis rehab rehabilitation hospice".split())
#: Words before "by" / "with" / "to" that name a payer or a hand-off ("COVERED BY PILGRIM
#: HEALTH CARE", "REPORT GIVEN TO ...", fix round).
_CARE_CUE_WORDS = frozenset("covered insured insurance dispo given called discussed".split())


def _place_cue(w: _Words, first: int) -> bool:
    """The cue before token ``first`` names where someone is or goes: "AT", "FROM",
    "EMPLOYER", or a preposition after a move or job word ("DC TO", "WORKS FOR")."""
    toks = w.toks
    if toks[first - 1].key in _BRAND_CUES:
        return True
    before = toks[first - 2].key if first >= 2 else ""
    return before in _TRANSFER_WORDS or before in _MOVE_TO or before in _WORK_WORDS \
        or before in _CARE_CUE_WORDS


def _listed_or_place(w: _Words, t: Token) -> bool:
    """A listed surname, first name or town, or a place word ("HILL", "VALLEY")."""
    k = t.key
    return k in w.lex.last_names or k in w.lex.first_names or k in w.lex.cities or k in PLACE_WORDS


_OF_TOWN = re.compile(r" of ([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?|[A-Z]+(?: [A-Z]+)?)\b")


def _of_town(text: str, end: int, lex: Lexicon) -> int:
    """The end of a name with its listed town after "of", in the name's case: "Pathology
    Associates of Newburyport", "WINGATE HEALTHCARE OF HAVERHILL"; else ``end``."""
    m = _OF_TOWN.match(text, end)
    if m is None or m.group(1).lower() not in lex.cities or m.group(1).lower() in lex.states:
        return end
    return m.end(1)


#: Adjectives of departments and programmes, not of a name ("Pediatric Special Care Unit").
_DEPARTMENT_WORDS = frozenset(
    "pediatric paediatric newborn neonatal special national united states world first eastern "
    "radiologic diagnostic cooperative laboratory clinical research academic federal "
    "international american european british canadian".split())


def _title_org(w: _Words, first: int, k: int, cue: bool) -> int | None:
    """The first word of a title-case name of three words or more (two after "for", "at",
    "employer"), in a sentence, with a word that is no generic, clinical or department word."""
    toks = w.toks
    if first == 0 or not toks[first].cap or toks[first].upper or not (cue or k - first >= 2):
        return None
    if w.text[toks[first - 1].end:toks[first].start].strip() not in ("", ",", "(", "-"):
        return None
    words = toks[first:k]
    joins = [n for n, t in enumerate(words) if t.key in _CONNECT]
    if joins:
        # "Linden Hill Hospice and Quarry Hill Family Practice": the last name
        first += joins[-1] + 1
        words = words[joins[-1] + 1:]
        if len(words) < 2 and not cue:
            return None  # "Acute Physiology and Chronic Health"
    if not words or any(not t.cap for t in words):
        return None
    proper = [t for t in words if t.key not in GENERIC_WORDS and t.key not in _DEPARTMENT_WORDS
              and not w.lex.is_medical(t.key)]
    return first if proper else None


def org_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the names described in the module docstring."""
    w = _Words(text, lex)
    toks = w.toks
    out: list[Span] = []
    for k, t in enumerate(toks):
        key = t.key
        if key not in _TRIGGERS:
            continue
        if key in ("home", "homes") and (k == 0 or toks[k - 1].key not in _HOME_BEFORE):
            pass  # "Discharge Home", but "O'Shea Funeral Home", "Lakeside Nursing Home"
        elif key == "body" and (k == 0 or toks[k - 1].key != "auto"):
            pass  # "Quincy Auto Body", not "foreign body"
        elif key == "living" and (k == 0 or toks[k - 1].key not in ("assisted", "senior")):
            pass  # "Willowmere Assisted Living", not "Activities of Daily Living"
        elif key in HOSPITAL_WORDS or key in ORG_WORDS:
            if key in ("general", "gen") and k + 1 < len(toks) and _joined(w, k) \
                    and toks[k + 1].key in _NOT_AFTER_GENERAL:
                continue
            if key in _DISCIPLINES and k + 1 < len(toks) and _joined(w, k) \
                    and toks[k + 1].key in _NOTE_KINDS and _title_start(w, k):
                continue  # session 21: a note's discipline, "TRAUMA ICU NURSING PROGRESS NOTE"
            first = _name_before(w, k)
            if first is not None and not generic_clinic(text[toks[first].start:t.end], lex):
                label = "HOSPITAL" if key in HOSPITAL_WORDS else "LOCATION"
                out.append(Span(toks[first].start, _of_town(text, t.end, lex), label, "places", 0.8))
        elif key in ("st", "saint") and k + 1 < len(toks) and _joined(w, k):
            nxt = toks[k + 1]
            prev_cap = k > 0 and toks[k - 1].cap and _joined(w, k - 1) and not t.dot
            if not prev_cap and (nxt.cap or not t.cap) and not w.plain(nxt) \
                    and (nxt.key in lex.first_names or nxt.key in _SAINTS):
                end = nxt.end  # "st. casimir parish": with the church or school word after it
                if k + 2 < len(toks) and _joined(w, k + 1) and toks[k + 2].key in _SAINT_PLACES:
                    end = toks[k + 2].end
                elif text[end:end + 2] in ("'s", "\u2019s"):
                    end += 2  # "Attends St. Mary's on Sundays"
                out.append(Span(t.start, end, "HOSPITAL", "places", 0.8))
    _wards_and_initials(w, out)
    listed_hospitals(toks, out)
    for m in heads_finditer(_INITIALS, text) if "VA" in text else ():
        out.append(Span(m.start(), m.end(), "HOSPITAL", "places", 0.8))
    return out


_WARD_CUES = frozenset("on to from npn note".split())
_ICU_WORDS = frozenset("icu micu sicu ccu cvicu nicu picu step stepdown unit".split())
_FACILITY_CUES = frozenset(("from", "to", "at"))
_WARD_NUMBER = re.compile(r"(?i)[ \t](\d{1,2})(?![\d/:%-]|[.,]\d|\s*(?:mg|mcg|ml|cc|g|gm|units?|u|meq|mmol|l|"
                          r"lpm|x|hrs?|h|days?|weeks?|wks?|yrs?|mins?|cm|mm)\b)")


def _name_like(w: _Words, t: Token) -> bool:
    """A surname or a word no dictionary knows: can name a ward or a hospital."""
    k = t.key
    if len(k) < 3 or k in FUNCTION_WORDS or w.lex.is_medical(k) or k in GENERIC_WORDS:
        return False
    return k not in w.lex.common_words or k in w.lex.last_names


def _wards_and_initials(w: _Words, out: list[Span]) -> None:
    """Wards named by a word and a number or an ICU word ("on Ellison 4", "npn: vail 9 micu",
    "Tolland ICU"), and hospital initials after "from" / "to" / "at" ("back to MHH",
    "from agh"): no clinical, common or state abbreviation."""
    toks, text, lex = w.toks, w.text, w.lex
    n = len(toks)
    for i in _ward_candidates(w) if text.isascii() else range(n):
        t = toks[i]
        prev = toks[i - 1].key if i else ""
        digit = text[t.end + 1:t.end + 2].isdigit()
        if not digit and prev not in _FACILITY_CUES and (i + 1 >= n or toks[i + 1].key not in _ICU_WORDS):
            continue
        m = _WARD_NUMBER.match(text, t.end) if digit else None
        if m and _name_like(w, t) and (
                ((t.cap or w.lower_style) and t.key in lex.last_names and prev in _WARD_CUES)
                or _next_is_icu(w, i)):
            out.append(Span(t.start, m.end(1), "HOSPITAL", "places", 0.7))
            continue
        if i + 1 < len(toks) and toks[i + 1].key in _ICU_WORDS and toks[i + 1].key != "unit" \
                and _joined(w, i) and _name_like(w, t) and t.key not in lex.first_names \
                and not (_caseless_common(w, t) and not _move_cued(w, i)) \
                and (t.upper == toks[i + 1].upper or (t.cap and toks[i + 1].upper)):
            out.append(Span(t.start, toks[i + 1].end, "HOSPITAL", "places", 0.7))
            continue
        if prev in _FACILITY_CUES and 2 <= len(t.key) <= 6 and (t.upper or t.key == t.text) \
                and _initials_like(w, t) and text[toks[i - 1].end:t.start] == " " \
                and (i >= 2 and toks[i - 2].key in _TRANSFER_WORDS or t.key.endswith(_HOSP_ENDS)):
            out.append(Span(t.start, t.end, "HOSPITAL", "places", 0.7))


def _ward_candidates(w: _Words) -> list[int]:
    """The tokens :func:`_wards_and_initials` reads on ASCII text, in order: those with a digit
    one character after them, after a facility cue or before an ICU word (the others fail its
    first test)."""
    ends, keys = end_index(w.toks), w.keys
    found = {i for m in _DIGIT_TWO_ON.finditer(w.text) if (i := ends.get(m.start() - 1)) is not None}
    found.update(i + 1 for i, k in enumerate(keys[:-1]) if k in _FACILITY_CUES)
    found.update(i - 1 for i, k in enumerate(keys) if i and k in _ICU_WORDS)
    return sorted(found)


# a digit two characters after a letter: one character after the end of a word
_DIGIT_TWO_ON = re.compile(r"\d(?<=[A-Za-z].\d)", re.ASCII)


def _caseless_common(w: _Words, t: Token) -> bool:
    """A common word in capitals or lower case (session 20): "CALL ICU", "TOWER STEPDOWN",
    "SHORT STEP LENGTH" hold a surname that is also English, and nothing marks it a name;
    in title case ("Tower ICU" in a mixed note) the capital still does."""
    return t.key in w.lex.common_words and not (t.cap and not t.upper)


_MOVE_CUES = frozenset("to from at in into".split())


def _move_cued(w: _Words, i: int) -> bool:
    """A place cue right before the word ("TRANSFERRED TO WHITE ICU", "to baker sicu"): there
    a common-word surname before an ICU word names the ward, as a verb or an adjective
    ("CALL ICU", "SHORT STEP LENGTH") does not follow "to"/"from"/"at"/"in" (session 20 fix)."""
    toks = w.toks
    return i > 0 and toks[i - 1].key in _MOVE_CUES and toks[i + 1].key != "step" \
        and not w.text[toks[i - 1].end:toks[i].start].strip()


def _next_is_icu(w: _Words, i: int) -> bool:
    toks = w.toks
    j = i + 1
    while j < len(toks) and toks[j].start < toks[i].end + 8:
        if toks[j].key in _ICU_WORDS:
            return True
        j += 1
    return False


def _initials_like(w: _Words, t: Token) -> bool:
    k = t.key
    if k in FUNCTION_WORDS or w.lex.is_medical(k) or k in w.lex.common_words or k in w.lex.states \
            or k in w.lex.first_names or k in w.lex.cities:
        return False
    vowels = sum(c in "aeiouy" for c in k)
    # "mhh", "nmrmc", "agh"; not a word, nor a unit ("NSICU", "TCU")
    return vowels <= 1 and k.isalpha() and not k.endswith(("cu", "du"))


_SAINT_PLACES = frozenset("parish church chapel cathedral school academy".split())
_HOME_BEFORE = frozenset("funeral nursing rest group care".split())
_SAINTS = frozenset("agnes casimir brendan jude luke elizabeth vincent francis anne mary "
                    "joseph raphael margaret peter paul john michael patrick".split())


_TRIGGERS = HOSPITAL_WORDS | ORG_WORDS | frozenset(
    ("st", "saint", "home", "homes", "body", "living"))
