"""Evidence for a town in a line of capitals (split from ``_places``, session 21): the cue words
before it (home, kin, travel, transfer, work), a person before FROM / OF, the clause end after an
adjective-like town ("NORMAL", "CENTRAL", "SUPERIOR"), and whether a position's line has no
lower-case letter."""

from __future__ import annotations

import re

__all__ = ["ADJECTIVE_TOWN_END", "CLINICAL_ADJECTIVES", "HOME_CUE", "NEXT_WORD", "PERSON_FROM",
           "TIME_WORDS", "CapitalLines", "caseless"]

#: a residence, kin or travel word before a city in a line of capitals: "LIVES IN AUBURN",
#: "SON IN MOBILE", "VISITING FROM ORANGE" (session 19), and a transfer word as the home and
#: family words ("TRANSFERRED FROM WHEELING": review of session 19)
#: the clause ends: a stop, a comma, the note's end, or a line's end before a blank line or a
#: list mark (a wrapped line goes on: "REMAINS IN NORMAL\nSINUS RHYTHM")
CLINICAL_ADJECTIVES = frozenset(("normal", "central", "superior"))
ADJECTIVE_TOWN_END = re.compile(r"[ \t]*(?:[.,;!?)]|\Z|\r?\n[ \t]*(?:\r?\n|[-*#\d]|\Z))")
#: The next word on the line after an adjective-like town, past "and" / "or" / a comma.
NEXT_WORD = re.compile(r"(?:[ \t]*,)?[ \t]+(?:(?i:and|or)[ \t]+)?([A-Za-z][A-Za-z'-]*)")
TIME_WORDS = frozenset("last this next today tonight yesterday recently".split())
HOME_CUE = re.compile(
    r"\b(?:LIVES?|LIVING|LIVED|RESIDES?|RESIDING|MOVED|RELOCATED|HOME|ORIGINALLY|NATIVE|BORN|"
    r"RAISED|GREW UP|TRANSFERRED|TRANSFERED|TRANSFER|TRANSFERRING|SENT|ARRIVED|ADMITTED|BROUGHT|"
    r"TRANSPORTED|D/C|DC'D|DISCHARGED?|DISCHARGING|XFER|XFERRED|XFERED|T/F|ACCEPTED|REFERRED|"
    r"LIFE ?FLIGHT|MED ?FLIGHT|EMS|AMBULANCE|"
    r"VISITING|VACATION|TRIP|TRAVELED|TRAVELLED|FLEW|DROVE|DRIVING|SON|DAUGHTER|"
    r"DTR|WIFE|HUSBAND|SISTER|BROTHER|MOTHER|FATHER|MOM|DAD|NIECE|NEPHEW|AUNT|UNCLE|COUSIN|"
    r"FAMILY|FRIEND|GRANDSON|GRANDDAUGHTER|PARENTS)\b[^.;:\n]*$"
    # work, in the same clause, no comma between (session 21, deidleft21: "A FARMER IN CENTRAL",
    # "WORKED AS A MACHINIST IN SUPERIOR"; not "RETIRED, LINE PLACED IN CENTRAL"; fix round: a
    # work verb only with "AS A", not "WORK OF BREATHING ... IN SUPERIOR", "WORKED UP")
    r"|\b(?:(?:WORKS|WORKED|EMPLOYED) AS AN?|FARMER|FARMS|FARMED|FARMING|RANCHER|RANCHES)\b"
    r"[^.,;:\n]*$")

#: A person directly before FROM / OF in a line of capitals ("PT FROM NORMAL PRESENTS ...",
#: "RANCHER FROM LIBERAL SEEN ...", "PT IS FROM NORMAL ..."): the adjective-like word after it
#: is the person's town even when a verb follows; "DEVIATION FROM NORMAL SEEN" is no person
#: (second review of deidfp21p, finding 1).
PERSON_FROM = re.compile(
    r"\b(?:PT|PATIENT|MAN|WOMAN|M|F|\d+\s*(?:YO|YOM|YOF|Y/O|YR OLD|YEAR OLD)|FARMER|RANCHER|"
    r"VETERAN|TOURIST|VISITOR|DRIVER|STUDENT|FAMILY|DAUGHTER|SON|WIFE|HUSBAND)"
    r"(?:\s+(?:IS|WAS|A|AN))*\s+(?:FROM|OF)\s+$")


class CapitalLines:
    """Whether the line holding a position has no lower-case letter, for one pass over one
    note. The last line read is kept (the pass asks in text order), so a long line of
    capitalised cities is read once, not once per city (session 20: a search back to the line
    start per city was quadratic on one long line, "BOSTON " x 28,000); no module cache keeps
    a note after ``detect``."""

    def __init__(self, text: str) -> None:
        self.text, self.start, self.end, self.upper = text, 0, -1, False

    def at(self, at: int) -> bool:
        if not self.start <= at <= self.end:  # [start, end]: no newline before ``end``
            text = self.text
            self.start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            self.end = len(text) if end < 0 else end
            line = text[self.start:self.end]
            self.upper = line.upper() == line
        return self.upper


def caseless(at: int, word: str, lines: CapitalLines) -> bool:
    """``word`` (at ``at``) is in capitals on a line with no lower-case letter."""
    return word.isupper() and lines.at(at)

