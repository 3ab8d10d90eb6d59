"""Facilities and places told by their context rather than by a list or a head noun.

* After a transfer or care cue, the words up to the next preposition or punctuation name a
  facility when one of them is no English, clinical or state word, or hospital initials:
  "admitted from jsh with", "transfer back to Marlow Valley when stable", "old records from
  mercy hollins (epic)", "presented to NDH with", "pcp dr tran at Hollins.", "followed by
  dr quintero at the Wexcombe", "bib ems from webster:" (a town). "transferred to MICU",
  "admitted from home", "records from OSH" stay: every word is common or clinical.
* A note's header line names its facility or ward after " - " or ",": "Discharge Summary -
  MHH", "SW Assessment - Finch 4", "Cardiology consult f/u, Wexcombe".
* A ward written as a name and a number after "on" / "to" / "from" / "," / "-" at the end of
  a clause: "Brief ICU stay on Aldous 5 for levophed", "(charge, Whitcombe 6)".
* A town before a state code, in lower case or with place words: "from pembury, MA",
  "from West Trillo, VT", "from Hollis Springs, CT".
"""

from __future__ import annotations

import re
from bisect import bisect_left

from meddx.deid._derived_words import derived
from meddx.deid._gazetteer import gazetteer
from meddx.deid._lexicon import MONTH_WORDS, Lexicon
from meddx.deid._patterns_days import HOLIDAY_WORDS, holiday_read_as_date  # "... christmas eve"
from meddx.deid._place_words import COUNTRIES, HOSPITAL_WORDS, STATE_CODES, TOWN_ENDS, destination_typo
from meddx.deid._span import Span
from meddx.deid._tokens import (
    FUNCTION_WORDS,
    Token,
    end_index,
    title_count,
    token_keys,
    token_starts,
    tokenize,
)

__all__ = ["SCORE_EPONYMS", "cued_place_spans"]

#: Words that, up to four words before "from" / "to" / "at", make what follows a facility.
_CARE_CUES = frozenset(
    "admitted admit adm transferred transfer xfer xferred tx txed txd transported sent came "
    "arrived returned return records films imaging study studies presented presents referred "
    "brought flown bib ems discharged dc'd d/c'd pcp followed seen treated hospitalized "
    "hospitalised intubated operated".split())
_CUE_PREPS = frozenset(("from", "to", "at"))
#: Cues that count only before "from": "old records from X", "outside study from X".
_FROM_ONLY = frozenset("records films imaging study studies".split())
#: Cues that count only before "at": "seen at X", "followed at X".
_AT_ONLY = frozenset(("seen", "treated"))
#: Words that sit inside facility names besides the head words of ``HOSPITAL_WORDS``.
_FACILITY_PARTS = frozenset(
    "of the st saint mount mt med medical ctr center centre gen univ university community "
    "county children childrens women's womens memorial regional general health hlth system "
    "baptist methodist presbyterian lutheran catholic adventist mercy sacred heart holy cross "
    "providence good samaritan shepherd valley veterans va inc llc corp".split())
#: Words that end the facility's name.
_STOPS = frozenset(
    "with on for when dated via in and at by after since until today yesterday tonight "
    "overnight this last ago earlier later s/p due because where who per x then but or from to "
    "into onto under over pending while until around about than was is were are has had "
    "will between during among within through throughout including versus vs".split())
_TITLES = frozenset("dr drs doctor mr mrs ms miss prof".split())
_CORP = frozenset(("inc", "llc", "the", "corp"))
_NOTE_WORDS = frozenset("note summary assessment consult consultation f/u report triage "
                        "evaluation eval h&p progress admission".split())
_WARD_CUES = frozenset(("on", "to", "from", "at", "surg"))
_WARD_NUMBER = re.compile(
    r"[ \t](\d{1,2})(?![.,]\d)(?=[ \t]*(?:[,.;:)\n]|$|(?:for|via|when|at|with|and|on|until|x)\b))")
# "Aldous 5": a letter, a blank, a digit. Found from the blank-digit pairs (far fewer than the
# letters a scan from the letter would try), then the letter before each is tested.
_BLANK_DIGIT = re.compile(r"[ \t]\d")
#: Eponymous scores, scales and grades, never a ward before their value ("(maddrey 28)",
#: "(Gleason 7)", "Killip 2", "Mallampati 3"): names no unit takes (session 20)
SCORE_EPONYMS = frozenset(
    "maddrey gleason mallampati killip ranson caprini breslow karnofsky glasgow braden morse "
    "apgar apgars pugh centor spetzler lachman norton waterlow barthel tinetti ashworth lansky "
    "rankin cormack lehane hinchey bosniak hoehn yahr brunnstrom".split())
_LETTER = re.compile(r"[^\W\d_]")
_TOWN_ENDS = TOWN_ENDS - {"rocks"}  # this rule never read "rocks"
_DIRECTIONS = frozenset("east west north south new old port fort mount mt lake lower upper "
                        "little great".split())
#: Direction words that are also a chart's adjectives: in capitals ("NEW STATLOCK", "OLD
#: STERNOTOMY SCAR", "UPPER DENTITION") such a pair is no town when its second word is medical
#: or a clinical noun follows it (session 24, deidcaps24; narrowed in its fix round).
_ADJECTIVES = frozenset("new old upper lower little great".split())
#: Clinical nouns after an adjective pair: "NEW VELCRO HOLDER", "OLD STERNOTOMY SCAR" (fix round:
#: the pair is dropped only on its own words, review finding 2(d)).
_PAIR_CLINICAL = frozenset("scar scars murmur drain drains holder site strap wire wires dressing "
                           "tube line catheter incision".split())


def _adjective_pair(toks: list[Token], i: int, text: str, lex: Lexicon) -> bool:
    """Tokens i, i + 1 in capitals ("NEW STATLOCK") are an adjective and a chart's noun: the
    second word is medical or a clinical noun follows, and the pair is no listed town ("NEW
    PALTZ"). Only the pair's own words are read: a place cue before it ("TO NEW VELCRO
    HOLDER") says nothing either way."""
    a, b = toks[i], toks[i + 1]
    if not (lex.is_medical(b.key) or (i + 2 < len(toks) and toks[i + 2].key in _PAIR_CLINICAL
                                      and "\n" not in text[b.end:toks[i + 2].start])):
        return False
    return f"{a.key} {b.key}" not in gazetteer().towns


#: Countries and regions after a direction word: "New England", "West Nile", "South Africa".
_REGIONS = frozenset("england zealand guinea america americas africa korea asia europe nile "
                     "jersey mexico hampshire caledonia wales sudan carolina dakota virginia "
                     "delhi bengal ireland germany india china york orleans indies asian asians "
                     "african africans european europeans american americans".split())
#: Languages and peoples: "from the English literature", "studies from Chinese centres".
_PEOPLES = frozenset("english french german spanish italian chinese japanese korean russian "
                     "arabic hebrew hindi portuguese dutch swedish danish norwegian finnish "
                     "greek turkish polish european american british canadian african asian "
                     "hispanic latino caucasian".split())
_STATE_CODE_TAIL = re.compile(r",[ \t]*([A-Z]{2})\b(?![.\w])")
_LOWER_TOWN_STATE = re.compile(
    r"\b(?:from|in|of|near|to)[ \t]+((?:[a-z][a-z'-]+[ \t]){0,2}[a-z][a-z'-]+),[ \t]*([A-Z]{2})\b"
    r"(?![.\w])")
_TOWN_STATE = re.compile(
    r"\b((?:[A-Z][a-z'-]+[ \t]){1,2}[A-Z][a-z'-]+),[ \t]*([A-Z]{2})\b(?![.\w])")


def _name_like(t: Token, lex: Lexicon) -> bool:
    """A word no dictionary knows (a place or facility name, or initials): not common,
    clinical, a function word or a state; of a hyphenated word, one part."""
    k = t.key
    if "-" in k:
        return any(_known_not(p, lex) for p in k.split("-") if len(p) >= 3)
    return _known_not(k, lex)


def _known_not(k: str, lex: Lexicon) -> bool:
    if k.endswith(("icu", "ccu")) and len(k) <= 6 or derived(k, lex):
        return False  # units: "NSICU", "CTICU"; session 21: derived words, "INTERFACILITY"
    return (len(k) >= 2 and k not in FUNCTION_WORDS and k not in lex.common_words
            and k not in _PEOPLES and not lex.is_medical(k) and k not in lex.states and k not in MONTH_WORDS
            and not (len(k) == 2 and k.upper() in STATE_CODES))


def _in_name(t: Token, lex: Lexicon) -> bool:
    """A word that may sit in a facility's name: unknown, a listed name or place, or a
    facility, direction or town word."""
    k = t.key
    listed = (k in lex.last_names or k in lex.first_names) and k not in lex.common_words
    return (_name_like(t, lex) or k in _FACILITY_PARTS or k in HOSPITAL_WORDS or k in _DIRECTIONS
            or k in _TOWN_ENDS or listed or k in lex.cities or k in lex.states)


def _joined(text: str, a: Token, b: Token) -> bool:
    """Tokens a and b sit in one name: blanks, a hyphen, or a period after "St" / "Mt"."""
    gap = text[a.end:b.start]
    if a.dot:
        return a.key in ("st", "mt", "ft") and gap in (".", ". ")
    return gap in (" ", "  ", "\t", "-", " - ", "'s ", "\u2019s ")


def _run(text: str, toks: list[Token], lex: Lexicon, i: int, limit: int = 7) -> int:
    """The index after the last token of the name starting at token i (0 tokens: i)."""
    j = i
    while j < len(toks) and j - i < limit:
        t = toks[j]
        if t.key in _STOPS or t.key in MONTH_WORDS or not _in_name(t, lex) \
                or t.key in HOLIDAY_WORDS and holiday_read_as_date(text, t.end):
            break
        if t.key == "of" and (j == i or j + 1 >= len(toks) or toks[j + 1].key in _STOPS):
            break
        j += 1
        if j < len(toks) and not _joined(text, t, toks[j]):
            gap = text[t.end:toks[j].start]
            if gap.strip() == "," and toks[j].key in _CORP and "\n" not in gap:
                return j + 1  # "Mercy Hospital Logan County, Inc", "HOSPITAL INC,THE"
            break
    while j > i and toks[j - 1].key in ("of", "the"):
        j -= 1
    return j


def _care_cued(text: str, toks: list[Token], lex: Lexicon, out: list[Span]) -> None:
    keys = token_keys(toks)
    lower_style = None
    for i, k in enumerate(keys):
        if k not in _CUE_PREPS or i + 1 >= len(toks):
            continue
        line = text.rfind("\n", 0, toks[i].start)
        back = [x for x in range(max(0, i - 4), i) if toks[x].start > line]
        cues = [x for x in back if keys[x] in _CARE_CUES and (k == "from" or keys[x] not in _FROM_ONLY)
                and (k == "at" or keys[x] not in _AT_ONLY)]
        if not cues:
            continue
        nxt = toks[i + 1]
        if "\n" in text[toks[i].end:nxt.start] or nxt.key in _TITLES:
            continue
        first = i + 1
        if nxt.key == "the" and i + 2 < len(toks) and _joined(text, nxt, toks[i + 2]):
            first = i + 2
        end = _run(text, toks, lex, first)
        if end == first:
            continue
        run = toks[first:end]
        if len(run) == 1 and destination_typo(run[0].key) and run[0].key not in lex.cities:
            continue  # "TRANSFERRED TO FLOR": a typo of "floor" (deidfac4's guard)
        if " ".join(x.key for x in run) in COUNTRIES:
            continue  # "returned from Nicaragua": a country is no PHI
        if len(run) == 1 and _role(run[0].key, lex):
            continue  # session 19: "admit to hospitalist", "sent to intensivist": a clinician
        ems = keys[cues[-1]] in ("ems", "bib") and len(run) <= 3  # "bib ems from webster:"
        if lower_style is None:
            lower_style = title_count(toks) <= 0.05 * len(toks)
        if not any(_name_like(t, lex) and (t.cap or lower_style) for t in run) and not (
                ems and any(_name_like(t, lex) or t.key in lex.last_names for t in run)):
            continue  # in a mixed-case note a facility's name is capitalised
        label = "LOCATION" if ems else "HOSPITAL"
        start = nxt.start if first > i + 1 and len(run) == 1 else run[0].start
        out.append(Span(start, run[-1].end, label, "places", 0.7))


#: clinicians' endings (review of session 19: not any -ist, "sent to ahlquist" is a surname)
_ROLE_ENDS = ("ologist", "iatrist", "hospitalist", "intensivist", "internist", "therapist",
              "pharmacist", "dentist", "odontist", "anesthetist", "anaesthetist", "specialist",
              "optometrist", "perfusionist", "nutritionist", "generalist")


def _role(key: str, lex: Lexicon) -> bool:
    """A clinician's role by its ending ("hospitalist", "intensivists"), not a facility's
    word ("baptist", "methodist") nor a listed town or surname."""
    key = key[:-1] if key.endswith("ists") else key
    return key.endswith(_ROLE_ENDS) and key not in _FACILITY_PARTS \
        and key not in lex.cities and key not in lex.last_names


def _lines(text: str, toks: list[Token], with_word: frozenset[str]) -> list[list[int]]:
    """Token indices grouped by line, for the lines holding a word of ``with_word``."""
    out: list[list[int]] = []
    starts = token_starts(toks)
    done = -1
    for t in toks:
        if t.key not in with_word or t.start <= done:
            continue
        line = text.rfind("\n", 0, t.start) + 1
        end = text.find("\n", t.start)
        end = len(text) if end < 0 else end
        out.append(list(range(bisect_left(starts, line), bisect_left(starts, end))))
        done = end
    return out


def _header(text: str, toks: list[Token], lex: Lexicon, out: list[Span]) -> None:
    """ "Discharge Summary - MHH": a short line with a note word, then a name to its end."""
    for idx in _lines(text, toks, _NOTE_WORDS):
        if len(idx) > 9:
            continue
        for n, i in enumerate(idx):
            sep = text[toks[idx[n - 1]].end:toks[i].start].strip() if n else ""
            if sep[-1:] not in ("-", ",", "\u2013", "\u2014", "|") or \
                    not any(toks[x].key in _NOTE_WORDS for x in idx[:n]):
                continue
            first = n + 1 if toks[i].key == "the" else n
            run = [toks[x] for x in idx[first:]]
            if not run or len(run) > 3 or not any(_name_like(t, lex) for t in run):
                continue
            eol = text.find("\n", run[-1].end)
            tail = text[run[-1].end:len(text) if eol < 0 else eol]
            if tail.strip(" \t0123456789") != "":
                continue
            out.append(Span(toks[i].start, run[-1].end + len(tail.rstrip()), "HOSPITAL",
                            "places", 0.7))
            break


def _mixed_line(text: str, at: int) -> bool:
    """The line around ``at`` holds lower-case letters (it is not written in capitals)."""
    end = text.find("\n", at)  # the line alone, not the rest of the note (session 20)
    return any(c.islower() for c in text[text.rfind("\n", 0, at) + 1:len(text) if end < 0 else end])


def _caseless_ward(key: str, number: str, lex: Lexicon, word_cue: bool) -> bool:
    """A ward read without a capital (lower case or ALL CAPS: session 19) has a floor's number
    (up to 20) and a name of five letters or more, or a listed first name or surname ("ellis
    6", "BIRCH 5"); a score's acronym and its value are not ("maddrey 28", "AHI 48", "mmrc
    3")."""
    # no cap on the number: "(lunder 21)", "(charge, whitcombe 26)" are wards (second review of
    # deidhosp19); the length and list checks keep "AHI 48" and "mmrc 3" out
    return len(key) >= 5 or key in lex.last_names or key in lex.first_names


#: Words before a comma that make the "name number" after it a ward: staff, rooms, moves.
_WARD_LEADS = frozenset(
    "charge rn rns nurse cn np pa md resident intern attending fellow hospitalist floor unit "
    "ward room rm bed beds pod tower wing bldg building moved transferred transfer xfer tx "
    "admitted pt patient located location loc assigned accepted accepting upstairs downstairs "
    "transferring received receiving handoff handover dispo arrived arrival admission".split())


#: Words right before a comma or bracket that make a score's eponym and a number after it a
#: ward (session 21, deidleft21): a charge nurse's ward (fix round: no move or transfer word,
#: a transfer note gives the class there, "transferred (Killip 2)", "Moved (Rankin 2)")
_EPONYM_WARD_LEADS = frozenset(
    "charge rn cn nurse assigned located upstairs".split())


def _ward_before_comma(text: str, toks: list[Token], i: int, lex: Lexicon) -> bool:
    """A comma makes the next "name number" a ward only after a clause with a staff, room or
    move word ("Bed assigned today, Lunder 9", "Received from PACU, Lunder 6", "(charge,
    Whitcombe 6)") or after a name ("RN Okafor, Ellison 9"); after a clause of one clinical
    finding, a dose or a vital sign the pair is one more item of a list (session 20:
    "oriented, Aldrete 9.", "dilated, TAPSE 14.", "bid, atorva 80,": a score, a measure, a
    drug and its dose). The clause is the words since the last comma, stop, colon or bracket;
    "pt"/"patient" counts only right before the comma."""
    t = toks[i - 1]
    if t.key in _WARD_LEADS or (len(t.key) >= 3 and t.cap and _name_like(t, lex)):
        return True
    j = i - 1
    while j > 0 and i - j <= 12:
        if any(c in ",;.:()[]\n" for c in text[toks[j - 1].end:toks[j].start]):
            return False
        j -= 1
        if toks[j].key in _WARD_LEADS and toks[j].key not in ("pt", "patient"):
            return True  # not "Pt drowsy but arousable, Aldrete 8"
    return False


def _wards(text: str, toks: list[Token], lex: Lexicon, out: list[Span]) -> None:
    """ "stay on Aldous 5 for levophed", "(charge, Whitcombe 6)"."""
    hits = [b for m in _BLANK_DIGIT.finditer(text) if (b := m.start()) and _LETTER.match(text, b - 1)]
    if not hits:
        return
    index = end_index(toks)
    for end in hits:
        i = index.get(end)
        if i is None or len(toks[i].key) < 3:
            continue
        t = toks[i]
        m = _WARD_NUMBER.match(text, t.end)
        if m is None or not (t.cap or t.key == t.text):
            continue
        k = t.key
        if k in FUNCTION_WORDS or lex.is_medical(k) or k in lex.states or k in MONTH_WORDS \
                or (k.endswith("s") and lex.is_medical(k[:-1])):
            continue  # "Apgars 8 and 9"
        gap = text[toks[i - 1].end:t.start] if i else ""
        if k in lex.common_words or (k in SCORE_EPONYMS and not (i > 0 and (
                (toks[i - 1].key in _WARD_CUES and gap.strip() in ("", "/"))
                or (toks[i - 1].key in _EPONYM_WARD_LEADS and gap.strip() in (",", "("))))):
            continue  # "Day 3", "Stage 2", "Grade 1" (also surnames); "(maddrey 28)", but a ward
            # cue word before an eponym keeps the ward ("from Cormack 6": fix round, review of
            # deidleft20, finding 5; a comma is no cue here: "STEMI, Killip 2"), and so does a
            # move or a nurse right before its comma or bracket (session 21: "(charge, ashworth
            # 6)", "pt moved (gleason 4)"; not "biopsy (Gleason 7)", "admitted (Killip 2)")
        cued = i > 0 and ((toks[i - 1].key in _WARD_CUES and gap.strip() in ("", "/"))
                          or gap.strip() in (",", "-", "("))
        if cued and gap.strip() == "(" and t.upper and _mixed_line(text, t.start):
            continue  # "Susceptibility (VITEK 2)": an instrument in capitals in a mixed-case line
        if cued and not (t.cap and not t.upper) and not _caseless_ward(
                k, m.group(1), lex, gap.strip() in ("", "/")):
            continue  # session 19: "(maddrey 28)", "(AHI 48)", ", mmrc 3." are scores
        if cued and "-" in k and all(p in lex.common_words or lex.is_medical(p) for p in k.split("-") if p):
            continue  # session 20: "(STOP-BANG 3)": a score named by common words
        if cued and gap.strip() == "," and not _ward_before_comma(text, toks, i, lex):
            continue  # session 20: "oriented, Aldrete 9.", "bid, atorva 80,": a list item
        if cued:
            out.append(Span(t.start, m.end(1), "HOSPITAL", "places", 0.7))


def _town_states(text: str, lex: Lexicon, out: list[Span]) -> None:
    tails = [t.span() for t in _STATE_CODE_TAIL.finditer(text) if t.group(1) in STATE_CODES]
    if not tails:
        return  # most notes: no comma and state code, no scan with the two patterns below
    # the match ends with the code; town and code share a line, and the town holds no comma:
    # each scan starts after the line's last comma before the code's (session 22: a scan from
    # the line's start made 2,000 "lives in Christmas Valley, OR " on one line quadratic)
    starts = []
    for comma, end in tails:
        lo = text.rfind(",", 0, comma) + 1
        starts.append((text.rfind("\n", lo, end) + 1 or lo, end))
    seen = set()
    for rx, lower in ((_LOWER_TOWN_STATE, True), (_TOWN_STATE, False)):
        found = []
        for lo, end in starts:
            found += [m for m in rx.finditer(text, lo, end) if m.end() == end]
        for m in found:
            if m.span() in seen or m.group(2) not in STATE_CODES:
                continue
            seen.add(m.span())
            words = m.group(1).split()
            keys = [w.lower() for w in words]
            # a holiday is no clinical word in a town's name ("Christmas Valley, OR": not the
            # "christmas disease" of the medical list; session 20)
            if any((lex.is_medical(w) and w not in HOLIDAY_WORDS) or w in FUNCTION_WORDS
                   or w in lex.states for w in keys):
                continue
            if m.group(2) in ("MD", "PA") and keys[0] in lex.first_names:
                continue  # "Seen by Amy Park, MD": a clinician and a credential
            plain = [w in lex.common_words for w in keys]
            if lower:
                # "from pembury, MA": the last word(s) unknown, or place words around one
                if plain[-1] and keys[-1] not in _TOWN_ENDS:
                    continue
                if all(plain) and not (len(keys) > 1 and keys[-1] in _TOWN_ENDS):
                    continue
            else:
                # "West Trillo, VT", "Hollis Springs, CT": a direction or a town word
                if keys[0] not in _DIRECTIONS and keys[-1] not in _TOWN_ENDS:
                    continue
                if all(plain):
                    continue
            out.append(Span(m.start(1), m.end(1), "LOCATION", "places", 0.75))


def _place_pairs(toks: list[Token], text: str, lex: Lexicon, out: list[Span]) -> None:
    """ "New Carlow", "Lower Brackett", "Castleford Falls", "CASTLEFORD FALLS": a direction
    before, or a town word after, a capitalised word no dictionary knows (not a listed name
    nor a city: the city rules have those)."""
    for i in range(len(toks) - 1):
        a, b = toks[i], toks[i + 1]
        if not (a.cap and b.cap) or a.upper != b.upper or text[a.end:b.start] != " ":
            continue
        if a.key in _DIRECTIONS and b.key not in _TOWN_ENDS:
            if a.upper and a.key in _ADJECTIVES and _adjective_pair(toks, i, text, lex):
                continue  # in capitals "NEW STATLOCK", "OLD STERNOTOMY": an adjective and a noun
            name = b
        elif b.key in _TOWN_ENDS and a.key not in _DIRECTIONS:
            name = a
        else:
            continue
        k = name.key
        if len(k) < 4 or not _name_like(name, lex) or k in lex.first_names or k in lex.cities \
                or f"{a.key} {b.key}" in lex.states or k in _REGIONS:
            continue
        out.append(Span(a.start, b.end, "LOCATION", "places", 0.7))


def cued_place_spans(text: str, lex: Lexicon) -> list[Span]:
    """Spans of the facilities and places described in the module docstring."""
    toks = tokenize(text)
    out: list[Span] = []
    _care_cued(text, toks, lex, out)
    _header(text, toks, lex, out)
    _wards(text, toks, lex, out)
    _place_pairs(toks, text, lex, out)
    if "," in text:
        _town_states(text, lex, out)
    return out
