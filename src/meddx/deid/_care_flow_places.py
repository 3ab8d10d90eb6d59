"""Places a case-management or transport line names by its role in the care flow (session 23,
branch deidrec23), in any case.

* **A numbered list of facility choices**: "TOP CHOICES: 1) MORNINGSIDE MANOR 2) CEDAR VIEW",
  "snf choices 1. oak hollow 2. the pines": each item after a facility cue's "choices" is a
  facility, whatever its words ("cedar view" is two English words). An item holding a clinical
  word ("1) trach 2) comfort care") stays, and so does a list after any other "choices" ("Meal
  choices: 1) chicken", "Discharge choices: 1) assisted living"; fix round 23).
* **A facility that accepts or declines the patient**: "cedar view accepted, bed avail
  tomorrow", "SELECT ACCEPTED PT, AUTH APPROVED": one to three words opening a clause, then
  "accepted"/"declined", then a bed, an offer or an authorisation on the line, or the patient
  right after the verb (fix round 23: "Meal tray declined, pt nauseous" and bedside care words
  stay).
  The patient, the family, a team, a referral, a goal of care, or words that open with a
  clinical word or are all clinical, stay ("pt accepted, bed", "family declined, pt",
  "transfusion declined by pt", "prone positioning declined"): a facility declines a patient,
  the patient declines a treatment "by pt". The same word test reads the items of a list of choices.
* **A post-acute or home-care company whose name is a common word, after a referral cue**:
  "BY ENCOMPASS LIAISON", "prefers encompass in reading", "HOME O2 2L (ADAPT)": the brand word
  with a liaison, a referral verb or a bracket after home equipment ("select" the verb and
  "adapt" in a sentence stay); "option care" after any referral preposition or in brackets
  ("home infusion through option care").
* **An organ procurement organisation and an air ambulance service**: "LifeSource coordinator",
  "gift of life notified", "via Life Flight Network rotor wing" (the words between "via"/"by"
  and "rotor/fixed wing" when one is no transport word: "via air ambulance rotor wing" stays).
* **Charity lodging named by a fixed phrase**: "ronald mcdonald house", "hope lodge", "fisher
  house".
* **A business named before its kind** (a mortuary, funeral home, winery) or its legal form
  (LLC, Inc., Corp., Ltd.): "NELSON-RUIZ MORTUARY", "the Sutter Home winery", "employer is
  brazos framing llc"; and **a pharmacy with its street**: "rite aid on 5th",
  "WALGREENS ON RIVERSIDE" ("walgreens on file" stays).
"""

from __future__ import annotations

import re

from meddx.deid._lexicon import Lexicon
from meddx.deid._literal_heads import finditer as heads_finditer
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS

__all__ = ["care_flow_spans"]

_SOURCE = "care_flow"
_WORD = r"[a-z][a-z'&-]*"
#: "top choices:", "snf choices -", "facility choices are"
#: Only after a facility cue (fix round 23: "Meal choices: 1) chicken", "Discharge choices: 1)
#: assisted living" stay).
_CHOICES = re.compile(r"(?i)\b(?:top|snf|rehab|facility|facilities|placement|ltach|ltac|irf|alf|"
                      r"snf/rehab|nh|nursing[ \t]+home|post-acute|ar)[ \t]+"
                      r"choices[ \t]*(?:are|include)?[ \t]*[:-]?[ \t]*(?=1[.)])")
_ITEM = re.compile(r"(?i)[ \t]*(\d)[.)][ \t]*(" + _WORD + r"(?:[ \t]+" + _WORD + r"){0,3})")
#: Words that open a clause and say who or what accepted, not a facility.
_NOT_FACILITY = frozenset(
    "pt pts patient patients family fam wife husband son daughter spouse partner mother father "
    "sister brother team md dr plan referral referrals insurance auth offer bed transfer snf ltach "
    "ltac irf rehab facility facilities hospice both all none neither he she they who which this "
    "that it cm sw he/she pt/family pt/wife pt/husband medicare medicaid payer tx treatment "
    "surgery procedure transfusion consent "
    # fix round 23: care at the bedside that a patient accepts or declines
    "meal meals tray trays shower showers bath baths dinner lunch breakfast supper food diet "
    "snack snacks visit visits visitor visitors ice chips session sessions pt/ot ot therapy "
    "walk ambulation oob chair turn turns turning repositioning care cares mouth oral fluids "
    "water med meds medication medications dose doses lab labs draw ct mri xray x-ray scan "
    "call phone interview exam assessment vaccine flu shot shots".split())
_ACCEPTS = re.compile(
    r"(?im)(?:^|[.;:][ \t]+|\n)(?:[a-z/]{2,8}:[ \t]*)?(" + _WORD + r"(?:[ \t]+" + _WORD
    + r"){0,2})[ \t]+(?:accepted|declined)\b(?![ \t]+by\b)"
    # a bed, an offer or an authorisation on the line, or the patient right after the verb
    # (fix round 23: "Meal tray declined, pt nauseous" stays)
    r"(?=[^\n]{0,40}?\b(?:bed|beds|auth|offer)\b|[ \t]+(?:the[ \t]+)?(?:pt|patient)\b)")
#: Brands that are common words, and the cue each needs around it.
_BRAND = r"(?:encompass|select|adapt)"
#: Session 24: "KINDRED REVIEWING"; fix round 24: kindred only at a sentence's start ("bonded
#: with kindred, felt at peace" stays)
_BRAND_START = r"(?:encompass|select|adapt|kindred)"
#: "option care" after any referral preposition ("via option care once approved")
_OPTION_CARE = re.compile(r"(?i)(?:\b(?:by|via|through|thru|with|to|from|per)[ \t]+|\([ \t]*)"
                          r"(option[ \t]+care)\b")
_BRAND_CUE = re.compile(
    # after "to"/"at" only with a company word (fix round 23: "struggling to adapt.", "asked
    # wife to select for pt" stay)
    r"(?i)(?:\b(?:to|at)[ \t]+(" + _BRAND + r")(?=[ \t]+(?:liaison|rep|representative|health|"
    r"specialty|rehab|accepted|declined)\b)"
    r"|\b(?:by|via|through|thru|with|from|prefers?|chose|choose)[ \t]+(" + _BRAND
    + r")\b(?=[ \t]+(?:liaison|rep|representative|accepted|declined|in[ \t]+[a-z]+|health|"
    r"specialty|rehab|if|for|when)\b|[ \t]*[.,;)](?![ \t]*\n?[ \t]*(?:home|health|rehab))|$)"
    r"|\((" + _BRAND + r")\)"
    r"|(?:^|[.;:][ \t]+|\n)(" + _BRAND_START + r")[ \t]+(?:accepted|declined|liaison|reviewing|reviewed|"
    r"screening|screened)\b)")  # session 24: a referral's review ("KINDRED REVIEWING, ASKED FOR")
_BRAND_GROUPS = (1, 2, 3, 4)
_OPO_WORDS = re.compile(r"(?i)\b(?:lifesource|lifegift|lifecenter|onelegacy|liveonny|lifeshare|"
                        r"lifelink|lifequest|lifenet|lifebanc)\b"
                        r"(?:[ \t]+of[ \t]+(?:the[ \t]+)?[a-z]+)?")  # "LifeShare of the Carolinas"
_OPO_PHRASE = re.compile(
    r"(?i)\b(?:gift[ \t]+of[ \t]+life|donor[ \t]+network[ \t]+west|donor[ \t]+alliance|"
    r"new[ \t]+england[ \t]+donor[ \t]+services|mid-america[ \t]+transplant|"
    r"legacy[ \t]+of[ \t]+life)(?=[ \t]+(?:coordinator|coord|rep|team|notified|called|"
    r"aware|referral|on[ \t]+unit|at[ \t]+bedside)\b)")
#: Charity lodging named by a fixed phrase, in any case ("staying at ronald mcdonald house").
#: ("meals on wheels", a national service, is left: writers mark it as often as not.)
_CHARITY = re.compile(r"(?i)\b(?:ronald[ \t]+mcdonald[ \t]+house|hope[ \t]+lodge|fisher[ \t]+house)\b")
_AIR = re.compile(r"(?i)\b(?:via|by)[ \t]+(" + _WORD + r"(?:[ \t]+" + _WORD + r"){0,3}?)[ \t]+"
                  r"(?:rotor|fixed)[ \t-]?wing\b")
_TRANSPORT_WORDS = frozenset("air ambulance helicopter medical critical care transport flight "
                             "team the a an ground ems als bls hems "
                             # fix round 23: "via medevac rotor wing", "via hospital helicopter"
                             "medevac medivac medevaced hospital hospital's our own aeromedical "
                             "air-medical airmedical rescue emergency aircraft chopper "
                             "plane jet aeroplane airplane service program unit".split())
_KIND_AT = re.compile(r"(?i)\b(?:mortuary|funeral[ \t]+home|funeral[ \t]+chapel|crematory|"
                      r"crematorium|winery|vineyards?|brewery|distillery|llc|inc|corp|ltd)\b")
#: A maker's citation after a legal form, "(vitek inc, houston, tx)": no employer (fix round 23,
#: abstracts in lower case).
_CITATION = re.compile(r"(?i)\.?,[ \t]*[a-z][a-z .'-]{1,30},[ \t]*[a-z]{2}\b")
_LEGAL_FORMS = frozenset("llc inc corp ltd".split())
_BEFORE_KIND = re.compile(r"((?:[A-Za-z][A-Za-z'&-]*[ \t]+){1,3})$")
_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'&-]*")
_SENTENCE_START = re.compile(r"(?:^|[.:;!?\n])[ \t]*$")
_KIND_STOP = frozenset("post mortem postmortem local family chosen called notified pending the a "
                       "to from by at for and or of body release released via county hospital "
                       "picked pick contacted contact "
                       # fix round 23: a faith or an owner is no name ("Catholic funeral home",
                       # "son owns brewery")
                       "catholic baptist methodist lutheran jewish muslim islamic christian "
                       "episcopal presbyterian orthodox pentecostal mormon lds hindu buddhist "
                       "religious church nearby own owns owned owner owning works worked work "
                       "working employed job at in son daughter wife husband brother sister "
                       "father mother friend pt's patient's his her their family's a an "
                       "prefers prefer preferred wants".split())
_PHARMACY = re.compile(
    r"(?i)\b(?:walgreens|walgreen|cvs|rite[ \t]+aid|walmart|wal-mart|kroger|publix|costco|"
    r"safeway|heb|h-e-b|meijer|osco)(?:[ \t]+pharmacy)?[ \t]+(?:on|at)[ \t]+"
    r"(\d{1,3}(?:st|nd|rd|th)|[a-z][a-z'-]+)(?:[ \t]+(?:st|street|ave|avenue|rd|road|blvd|"
    r"dr|drive|pkwy|hwy|highway)|[ \t]*(?:and|&)[ \t]*(?:\d{1,3}(?:st|nd|rd|th)|[a-z][a-z'-]+))?\b")
#: Words after "walgreens on" that are no street: "walgreens on file", "cvs on hold".
_NOT_STREETS = frozenset("file hold record records list formulary call phone fax site order orders "
                         "auto autofill refill mail delivery discharge demand standby time "
                         "insurance plan account profile".split())
_STREET_END = re.compile(r"(?i)[ \t]+(?:st|street|ave|avenue|rd|road|blvd|dr|drive|pkwy|hwy|"
                         r"highway)\b")


def _no_street(word: str, lex: Lexicon) -> bool:
    key = word.lower()
    return key in FUNCTION_WORDS or lex.is_medical(key)


#: Goals of care and treatments, listed as choices too ("1) full code 2) DNR").
_CARE_WORDS = frozenset("code dnr dni dnar comfort care full limited trach tracheostomy peg surgery "
                        "dialysis hd palliative treatment treatments intubation cpr home "
                        "medications meds".split())


def _facility_words(words: list[str], lex: Lexicon) -> bool:
    """Words that can name a facility: the first no function or clinical word, none a goal of
    care, and not every word clinical ("willow crest", not "trach and peg", "full code")."""
    keys = [w.lower() for w in words]
    if keys[0] in FUNCTION_WORDS or lex.is_medical(keys[0]) or any(k in _CARE_WORDS for k in keys):
        return False
    return not all(lex.is_medical(k) for k in keys if k not in FUNCTION_WORDS)


def _choices(text: str, low: str, lex: Lexicon) -> list[Span]:
    out = []
    for m in heads_finditer(_CHOICES, text, low):
        at, n = m.end(), 1
        while (it := _ITEM.match(text, at)) is not None and it.group(1) == str(n):
            words = it.group(2).split()
            if _facility_words(words, lex):
                out.append(Span(it.start(2), it.end(2), "HOSPITAL", _SOURCE, 0.8))
            at, n = it.end(), n + 1
    return out


def _accepts(text: str, lex: Lexicon) -> list[Span]:
    out = []
    for m in _ACCEPTS.finditer(text):
        words = m.group(1).split()
        if any(w.lower() in _NOT_FACILITY or w.lower().endswith("ing") and w.lower() in lex.common_words
               for w in words) \
                or not _facility_words(words, lex):  # "prone positioning declined"
            continue
        out.append(Span(m.start(1), m.end(1), "HOSPITAL", _SOURCE, 0.75))  # "ok with cedar view"
    return out


def _kinds(text: str, low: str, lex: Lexicon) -> list[Span]:
    """"NELSON-RUIZ MORTUARY", "the Sutter Home winery": up to three name words before the kind."""
    out = []
    for m in heads_finditer(_KIND_AT, text, low):
        if m.group().lower() in _LEGAL_FORMS and _CITATION.match(text, m.end()):
            continue
        before = _BEFORE_KIND.search(text, max(0, m.start() - 60), m.start())
        if before is None:
            continue
        words = []
        for w in reversed(list(_NAME_WORD.finditer(before.group(1)))):
            key = w.group().lower()
            if key in _KIND_STOP or key in FUNCTION_WORDS or (lex.is_medical(key) and key != "home"):
                break  # ("home" is a clinical word, and a name's word: "Sutter Home")
            words.insert(0, w)
        # an English word at the left end is a verb or an adjective ("chose smith mortuary"),
        # unless its capital marks a name in a mixed-case line ("the Sutter Home winery")
        while words and words[0].group().lower() in lex.common_words and (not (
                words[0].group()[0].isupper() and not words[0].group().isupper())
                or _SENTENCE_START.search(text, 0, before.start(1) + words[0].start())):
            words.pop(0)  # session 24: a sentence's first word has its capital from the
            # sentence ("Discussed funeral home options")
        first = before.start(1) + words[0].start() if words else None
        if first is not None:
            out.append(Span(first, m.end(), "LOCATION", _SOURCE, 0.75))
    return out


#: The words without which a pattern cannot match, in lower case: on an ASCII note that holds
#: none of them the pattern is not run (a CPU shortcut, same spans; on other text a case-blind
#: regex matches "\u017f" for "s" and "\u212a" for "k", so such a note runs them all).
_OPTION_WORDS = ("option",)
_BRAND_WORDS = ("encompass", "select", "adapt", "kindred")


def _holds(low: str, words: tuple[str, ...], ascii_note: bool) -> bool:
    """Whether a pattern gated by ``words`` must run on the note (``low``: its lower case)."""
    return not ascii_note or any(w in low for w in words)


def care_flow_spans(text: str, lex: Lexicon) -> list[Span]:
    """The spans of the module docstring's shapes."""
    low = text.lower()
    ascii_note = text.isascii()
    out: list[Span] = []
    if "choices" in low:
        out += _choices(text, low, lex)
    if "accepted" in low or "declined" in low:
        out += _accepts(text, lex)
    for m in _OPTION_CARE.finditer(text) if _holds(low, _OPTION_WORDS, ascii_note) else ():
        out.append(Span(m.start(1), m.end(1), "HOSPITAL", _SOURCE, 0.75))
    for m in _BRAND_CUE.finditer(text) if _holds(low, _BRAND_WORDS, ascii_note) else ():
        g = next(i for i in _BRAND_GROUPS if m.group(i) is not None)
        out.append(Span(m.start(g), m.end(g), "HOSPITAL", _SOURCE, 0.75, propagate=False))
    # these start with their literal words: found from them (``_literal_heads``, same matches)
    out += [Span(m.start(), m.end(), "HOSPITAL", _SOURCE, 0.8)
            for m in heads_finditer(_OPO_WORDS, text, low)]
    out += [Span(m.start(), m.end(), "HOSPITAL", _SOURCE, 0.75)
            for m in heads_finditer(_OPO_PHRASE, text, low)]
    out += [Span(m.start(), m.end(), "LOCATION", _SOURCE, 0.8)
            for m in heads_finditer(_CHARITY, text, low)]
    if "wing" in low:
        for m in _AIR.finditer(text):
            if any(w.lower() not in _TRANSPORT_WORDS for w in m.group(1).split()):
                out.append(Span(m.start(1), m.end(1), "LOCATION", _SOURCE, 0.75))
    out += _kinds(text, low, lex)
    for m in heads_finditer(_PHARMACY, text, low):
        street = m.group(1)
        if street[0].isdigit() or _STREET_END.match(text, m.end(1)) or not (
                street.lower() in _NOT_STREETS or _no_street(street, lex)):
            out.append(Span(m.start(), m.end(), "HOSPITAL", _SOURCE, 0.8))
    return out
