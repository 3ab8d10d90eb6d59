"""Places that PHI-sparse ward notes name in three general shapes (session 21, branch
deidrec21), LOCATION, in any case:

* **An organisation named in brackets after its kind**: "pt's employer (Dunmore Tile
  Works)", "home O2 company (bayside respiratory)", "works at a diner (el farolito)",
  "church (grace fellowship of elkton)". The kind word says an organisation follows; the
  bracket holds its name. Not a status or a generic kind: "employer (unknown)",
  "company (DME)", "church (catholic)", "agency (home health)", "employer (full time)".
* **A named shelter after a stay verb**: "stays at the Willow Lane shelter",
  "staying at harbor light shelter" (name words and the head noun). Not a generic one:
  "staying at the homeless shelter", "lives in a women's shelter"; not after other words
  ("back to Pine St shelter" is left to the other rules).
* **A town after a travel cue**: "joined by video from fairbanks", "arrived with his brother
  at 2330 from tonopah", "staying with a friend in Bogalusa". One to three words that the bundled
  town lists know; a town that is also an English word only when the word is capitalised
  in a mixed-case line ("a friend in Picayune", not "a friend in need") or it is a listed
  city after "from" ("flew in from anchorage"); with a place word after it ("came from walker
  lake") the span takes it. Not "came from home", "arrived from the OR".
  Also a listed town in brackets after "home" or "town": "closer to home (Yreka)", "back
  home (tonopah)"; not a town that is an English word ("home (alone)").
"""

from __future__ import annotations

import re

from meddx.deid._gazetteer import gazetteer
from meddx.deid._lexicon import Lexicon
from meddx.deid._span import Span
from meddx.deid._tokens import FUNCTION_WORDS, followed_by_head_noun

__all__ = ["sparse_place_spans"]

#: Kinds of organisation whose name a bracket may follow.
_KINDS = frozenset(
    "employer company church congregation parish restaurant diner cafe bakery store "
    "agency vendor supplier dealership daycare shelter".split()
)  # not hotel or motel: their brackets hold terms more often than names ("hotel (voucher)");
# not firm (an exam adjective: "uterus firm (fundus at umbilicus)"), nor a workplace whose
# bracket more often holds the job or the product ("salon (hair stylist)", "factory (auto
# parts)", "farm (dairy cows)", "plant (Ficus)"): shop business mill factory warehouse plant
# farm salon (review of session 21, findings 1 and 2)
#: A bracket's content (found at each "("; the word before it is read from a short slice).
_BRACKET = re.compile(r"\(\s?([^()\n]{2,60}?)\s?\)")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z'\u2019-]*)\s?$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019&.-]*")
#: Words that say what kind or status, not which: a bracket of only these names nothing.
_GENERIC = frozenset(
    "unknown unk none n/a na self self-employed retired former previous current currently local "
    "family name not listed home health care dme o2 oxygen pharmacy grocery fast food catholic "
    "baptist methodist lutheran christian jewish muslim mormon lds presbyterian episcopal "
    "pentecostal orthodox nondenominational evangelical adventist full part time day night "
    "shift shifts weekend weekends seasonal temporary temp contract private public small large "
    "new old same other infusion enteral respiratory medical supply supplies equipment "
    "company agency employer church store shop job work works working hospice nursing "
    "services service yes no see above below tbd pending per employed duty".split()
)
_ARTICLES = frozenset("the la el le los las".split())

#: A stay verb and "at" / "in", then (optionally "the") up to three name words and "shelter".
_SHELTER = re.compile(
    r"(?i)\b(?:stay|stays|staying|stayed|sleep|sleeps|sleeping|slept|live|lives|living|lived|"
    r"reside|resides|residing|resided|housed)\s+(?:at|in)\s+(?:the\s+)?"
    r"((?:[A-Za-z][A-Za-z'\u2019.-]*[ \t]+){1,3}?shelter)\b")
#: Words that make a shelter generic, not named.
_SHELTER_GENERIC = frozenset(
    "homeless women's womens women men's mens men family families emergency local dv domestic "
    "violence overnight county city youth warming cooling cold weather animal bus storm tornado "
    "state community temporary transitional rescue veterans veteran's teen teens adult "
    "adults his her their my our your its a an the this that same another different new old "
    "nearby downtown area overflow night winter summer respite congregate low-barrier barrier "
    "sober safe group day drop-in church motel voucher hotel housing program pet kennel "
    "shared usual regular previous prior current any some no every".split()
)

#: Travel cues before "from" (within seven words): the town a visitor came from.
_TRAVEL = re.compile(
    r"\b(?:video|facetime|phone|zoom|drove|drive|driving|flew|flying|flown|came|coming|"
    r"arrived|arriving|traveled|travelled|traveling|travelling|visiting|moved|relocated)"
    r"(?:\s+[a-z0-9'\u2019]+){0,6}\s+$")
#: Stay cues right before "in": where someone lives or stays.
_STAY_IN = frozenset(
    "friend friends family relative relatives cousin sister brother daughter son mother mom "
    "father dad aunt uncle parents girlfriend boyfriend staying stays stayed lives living "
    "lived resides residing".split())
#: "from" / "in" and the blanks after it (found in the lower-cased text).
_FROM = re.compile(r"\bfrom\s+")
_IN = re.compile(r"\bin\s+")
#: Up to three words after the cue: the town's candidates.
_RUN = re.compile(r"[A-Za-z][A-Za-z'\u2019.-]*(?:[ \t]+[A-Za-z][A-Za-z'\u2019.-]*){0,2}")
#: A word that goes on a place's name after a listed town ("walker lake", "kent county"): taken
#: with it, so that no shorter span stands in for the longer name.
_TAIL = re.compile(
    r"(?i)[ \t]+(?:lake|lakes|county|city|valley|bay|island|beach|springs|falls|hills|heights|"
    r"harbor|harbour|point|park|river|creek|village|junction|landing|mountain|shores?)\b")
#: A town in brackets after home or town.
_HOME_WORDS = frozenset(("home", "hometown", "town"))
_TOWN_BRACKET = re.compile(r"[A-Za-z][A-Za-z'\u2019.-]*(?:[ \t][A-Za-z][A-Za-z'\u2019.-]*){0,2}")
#: Places one comes from that no town list should turn into a town.
_NOT_TOWNS = frozenset(
    "home work school church rehab dialysis surgery clinic or ed er icu floor bed nursing "
    "jail prison shelter hospital hospice office outside town state the a an".split())


def sparse_place_spans(text: str, lex: Lexicon) -> list[Span]:
    """LOCATION spans of the three shapes of the module docstring."""
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lower-cased
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    out: list[Span] = []
    if "(" in text:
        out += _bracket_names(text, lex)
    if "shelter" in low:
        out += _shelters(text, lex)
    out += _towns(text, low, lex)
    return out


def _word_before(text: str, at: int) -> str:
    """The word that ends right before ``at`` (one blank between), lower-cased, or ""."""
    m = _LAST_WORD.search(text, max(0, at - 30), at)
    return m.group(1).lower() if m else ""


def _plain(word: str, lex: Lexicon) -> bool:
    w = word.lower().strip(".'\u2019")
    return w in FUNCTION_WORDS or w in lex.common_words or lex.is_medical(w)


def _bracket_names(text: str, lex: Lexicon) -> list[Span]:
    out = []
    mixed: dict[int, bool] = {}  # line start -> mixed case, for this note only
    for m in _BRACKET.finditer(text):
        if _word_before(text, m.start()) not in _KINDS:
            continue
        name = m.group(1)
        if any(c.isdigit() for c in name) or not re.fullmatch(r"[A-Za-z][A-Za-z'\u2019&. -]*", name):
            continue
        words = [w.lower().rstrip(".") for w in _WORD.findall(name)]
        if not 1 <= len(words) <= 5:
            continue
        if words[0] in FUNCTION_WORDS and words[0] not in _ARTICLES:
            continue  # "(per family)", "(for 20 years)"
        if len(words) == 1:
            if _plain(words[0], lex) or words[0] in _GENERIC or len(words[0]) < 3:
                continue  # "(unknown)", "(catholic)", "(DME)"
        elif all(w in _GENERIC or w in FUNCTION_WORDS or w in _ARTICLES or lex.is_medical(w)
                 for w in words):
            continue  # "(home health)", "(full time)"
        elif all(w in lex.common_words or w in FUNCTION_WORDS or w in _ARTICLES for w in words) and not (
                _mixed_line(text, m.start(1), mixed) and all(w[0].isupper() for w in _WORD.findall(name)
                                                      if w.lower() not in FUNCTION_WORDS)):
            continue  # "agency (private duty)", "AGENCY (PRIVATE DUTY)": no unknown word, and no
            # capitals that a mixed-case line gives a name ("company (Seaside Home Medical)")
        out.append(Span(m.start(1), m.end(1), "LOCATION", "places", 0.8))
    return out


def _shelters(text: str, lex: Lexicon) -> list[Span]:
    out = []
    for m in _SHELTER.finditer(text):
        run = m.group(1)
        words = _WORD.findall(run)[:-1]  # the name words before the head noun
        if not words or any(w.lower() in _SHELTER_GENERIC or w.lower() in FUNCTION_WORDS
                            or lex.is_medical(w.lower()) for w in words):
            continue
        out.append(Span(m.start(1), m.end(1), "LOCATION", "places", 0.8))
    return out


def _mixed_line(text: str, at: int, seen: dict[int, bool] | None = None) -> bool:
    """Whether the line around ``at`` holds both capitals and lower-case letters; ``seen``: the
    answers by line start for this note (one long line with many towns is read once, not once
    per town: "SON LIVES IN WHEELING. " x 4,000 was quadratic, lead, session 21)."""
    seen = {} if seen is None else seen
    a = text.rfind("\n", 0, at) + 1
    if a not in seen:
        b = text.find("\n", at)
        line = text[a:b if b >= 0 else len(text)]
        seen[a] = any(c.isupper() for c in line) and any(c.islower() for c in line)
    return seen[a]


def _towns(text: str, low: str, lex: Lexicon) -> list[Span]:
    gaz = gazetteer()
    out = []
    for m in _BRACKET.finditer(text) if "(" in text else ():
        if _word_before(text, m.start()) not in _HOME_WORDS or not _TOWN_BRACKET.fullmatch(m.group(1)):
            continue
        key = m.group(1).lower()
        if key in gaz.towns and key not in gaz.plain_towns and key not in lex.states:
            out.append(Span(m.start(1), m.end(1), "LOCATION", "places", 0.75))
    starts = [(m.end(), True) for m in _FROM.finditer(low)
              if _TRAVEL.search(low, max(0, m.start() - 90), m.start())]
    starts += [(m.end(), False) for m in _IN.finditer(low) if _word_before(low, m.start()) in _STAY_IN]
    mixed: dict[int, bool] = {}  # line start -> mixed case, for this note only
    for at, cue_from in starts:
        run = _RUN.match(text, at)
        if run is None:
            continue
        pieces = list(_WORD.finditer(run.group(0)))
        for n in range(len(pieces), 0, -1):  # the longest listed town first
            cand = run.group(0)[:pieces[n - 1].end()].rstrip(".")
            key = cand.lower()
            first = pieces[0].group(0).lower()
            if key not in gaz.towns or key in lex.states or first in _NOT_TOWNS:
                continue
            end = at + len(cand)
            if followed_by_head_noun(text, end):
                break
            tail = _TAIL.match(text, end)
            if tail:
                out.append(Span(at, tail.end(), "LOCATION", "places", 0.75))
                break
            if key in gaz.plain_towns:
                if lex.is_medical(key):
                    break  # a device, test or scale: "came back from Echo", "coming from Foley"
                capital = cand[0].isupper() and _mixed_line(text, at, mixed)
                city = cue_from and key in lex.cities and not lex.is_medical(key)
                if n == 1 and not (capital or city):
                    break  # "a friend in need", "came from home"
                if n > 1 and not capital:
                    break
            out.append(Span(at, end, "LOCATION", "places", 0.75))
            break
    return out
