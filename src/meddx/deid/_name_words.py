"""Name vocabulary shared by the names rules: one leaf module (no imports), so that no name
module imports another's word lists. Titles, credentials, relations, roles, the words that
follow a cue and are no name, modals, and the unit, job and team words that stand before a
credential and name no one.
"""

from __future__ import annotations

__all__ = ["CREDENTIALS", "CREDENTIAL_FORMS", "GIVEN_CREDENTIALS", "JOB_WORDS", "JOIN_CREDENTIALS",
           "LINE_CREDENTIALS", "MODALS", "NOT_AFTER_CUE", "NOT_STAFF_WORDS", "RELATIONS", "ROLES",
           "STAFF_AFTER_NAME", "STAFF_CREDENTIALS", "STATE_CREDENTIALS", "TEAM_ABBREVS", "TITLES",
           "UNIT_WORDS", "credential_rx"]

TITLES = frozenset("dr drs doctor mr mrs ms miss mx prof professor rev fr br".split())
#: Credentials after a name ("Anne Kowalczyk, RN"); the ambiguous ones need the comma.
CREDENTIALS = frozenset("md mbbs rn np phd msw lcsw cna lpn rph pharmd dds crna aprn fnp anp "
                        "acnp rrt cnm sn slp wocn lmsw licsw emt bsn msn ccrn cen ocn rnc cnl cpn "
                        "ccm cde cdn cpan cnor facc facp fccp faan mph mba lmft otr rd cns rnfa "
                        "rn-bc ccrn-k scrn cphq rdcs rdms rvt rcs rcis cwocn cota "
                        "ibclc dnp crnp rdn lpc lcpc lisw cdces".split())
#: Staff credentials: the context rules of ``_name_context`` never take one as a name, nor as a
#: typist's initials ("RN: mk"), and ``_shape_names`` reads a staff member's initials beside one
#: ("Triage RN BJ", "RN jl / PCT mo"). An older list than ``CREDENTIALS`` (it has pa, pta, dpt,
#: bcc, ldn, mdiv, pct and cma, which ``CREDENTIALS`` has not, and lacks 36 of its words).
STAFF_CREDENTIALS = frozenset("rn lpn rrt np md pa crna cna msw lcsw licsw slp emt pharmd rph bsn msn "
                              "ccrn cwocn wocn dpt otr cota pta ldn rd mdiv bcc aprn fnp pct cma".split())
#: Credentials the signature rules read besides those two lists: "PA-C", the forms that are
#: also state codes ("PA", "DC", "MS", "ND", "MA") and "DO", "PT", "OT", "RT".
CREDENTIAL_FORMS = frozenset("pa-c pa dc ms nd ma do pt ot rt".split())
_ALL_CREDENTIALS = CREDENTIALS | STAFF_CREDENTIALS | CREDENTIAL_FORMS


def _subset(words: str) -> frozenset[str]:
    """A rule's own credentials, each one of the lists above (no credential typed elsewhere)."""
    out = frozenset(words.split())
    if not out <= _ALL_CREDENTIALS:
        raise ValueError(f"not in the credential lists: {sorted(out - _ALL_CREDENTIALS)}")
    return out


# Each rule's subset, as it read it before (the subsets keep every rule's spans as they were).
#: Before which two lower-case words are a name ("tamika reed lpn", ``_name_joins``).
JOIN_CREDENTIALS = _subset("rn lpn rrt np cna crna msw licsw lcsw pa-c md")
#: After a surname that opens a line ("Oluwaseun\nAdeyemi, MD", ``_name_joins``).
LINE_CREDENTIALS = _subset("md do rn lpn np pa-c rrt crna cna msw licsw pharmd")
#: After a comma and a given name ("O'Brien, Patrick MD", ``_name_joins``).
GIVEN_CREDENTIALS = _subset("md rn np pa-c do lpn crna pharmd")
#: Credentials that are also state codes ("Jo Reyes, PA-C" is a person, ``_labels``).
STATE_CREDENTIALS = _subset("md pa-c pa dc ms nd ma")
#: A staff credential between a name and the end of a place span (``_labels``).
STAFF_AFTER_NAME = _subset("rn np lpn cna md do pa-c pa rt pt ot licsw bsn")
_WRITTEN = {"pharmd": "PharmD"}  # as written in a mixed-case note, when not in capitals


def credential_rx(words: frozenset[str], written: bool = True) -> str:
    """An alternation of ``words`` (longest first): as written after a name ("MD", "PA-C",
    "PharmD"), or in lower case (``written=False``, for the lower-cased text)."""
    forms = [_WRITTEN.get(w, w.upper()) if written else w for w in words]
    return "|".join(sorted(forms, key=lambda w: (-len(w), w)))


RELATIONS = frozenset(
    "husband wife daughter son mother father mom dad brother sister niece nephew grandson "
    "granddaughter grandmother grandfather friend partner fiance fiancee neighbor neighbour "
    "spouse boyfriend girlfriend aunt uncle cousin guardian caregiver hcp proxy sibling "
    "stepdaughter stepson nok dtr dtrs dau sons daughters brothers sisters grandsons "
    "granddaughters grandaughter grandchildren grandkids daughter-in-law son-in-law "
    "brother-in-law sister-in-law mother-in-law father-in-law dil roommate coworker co-worker "
    "landlord landlady godmother godfather stepmother stepfather ex-husband ex-wife "
    "ex-boyfriend ex-girlfriend ex-partner sil bro sponsor stepdad stepmom grandma grandpa "
    "parents hus gf bf".split()
)
#: Roles that precede a staff member's name ("RRT K. OSTROWSKI", "sw renata", "PA Kessler").
ROLES = frozenset(
    "chaplain officer trooper dispatcher adjuster liaison coordinator educator specialist "
    "therapist pharmacist mgr manager rn rt rrt np pa crna cnm sw preceptee preceptor sitter "
    "aide tech pastor priest rabbi imam attending resident intern fellow nurse surgeon "
    "midwife doula medic paramedic pa-c circulator caseworker worker counselor counsellor "
    "advocate supervisor superintendent teacher attorney atty lawyer defender "
    "interpreter navigator perfusionist".split()
)
#: Lower-case words that follow a relation or a role and are no name ("son here", "rn ok").
NOT_AFTER_CUE = frozenset(
    "here there home ok okay aware present updated notified called visited visiting states "
    "stated said says arrived left came went brought wants would ok'd hung drew gave took saw "
    "ran".split()
)
MODALS = frozenset("will may can must shall might would should could did does".split())
#: Unit, shift and role words that stand before a credential and name no one.
UNIT_WORDS = frozenset(
    "icu micu sicu ccu csru cvicu nicu picu ed er or pacu ob gyn ld gi tele ems ir cath floor "
    "unit day night eve evening noc nights days charge primary float relief resource travel "
    "traveler agency new old student staff bedside team covering oncoming offgoing onc neuro "
    "cardiac trauma surgical medical psych peds rehab home visiting school triage flight "
    "transport wound ostomy infusion iv picc vat dialysis hd pd admitting discharging "
    "receiving sending the this that your our my his her their and or per am pm "
    # session 21 (deidfp21n): "OUTPT RD REFERRAL", "inpatient RN", "report to intake RN"
    "outpt outpatient inpt inpatient intake".split()
)
#: Words of a job title, not a person: "Charge Nurse, RN", "Case Manager, RN".
JOB_WORDS = frozenset(
    "nurse nurses manager supervisor coordinator educator specialist director navigator "
    "liaison shift practitioner therapist assistant associate technician tech consultant "
    "clinician leader lead team service services department unit floor staff care case "
    "clinical nursing registered licensed certified senior junior head chief attending "
    "resident fellow intern physician surgeon provider on call".split())
#: Clinical abbreviations before a credential that name a team, a place, a line or a tube,
#: not a person's initials ("EP NP aware", "NG RN placed"); units are in UNIT_WORDS.
TEAM_ABBREVS = frozenset(
    "ep woc ct mr mri us xr ecmo crrt hh vna snf ltc ccm cv cvs id ms cm ng og ngt ogt io art "
    "cvc ett peg gj pft ekg ecg eeg emg echo lab rx tx dx hx sx bp hr rr cc ml mg kg".split())
#: Words where a staff member's name or initials could stand that name no one: units,
#: relations, roles, credentials and team abbreviations (``_shape_names``, ``_name_rows``).
NOT_STAFF_WORDS = UNIT_WORDS | RELATIONS | ROLES | CREDENTIALS | STAFF_CREDENTIALS \
    | CREDENTIAL_FORMS | TEAM_ABBREVS
