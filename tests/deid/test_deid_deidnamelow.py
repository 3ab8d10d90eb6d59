"""Names the older rules missed because of their form (session 9, branch deidnamelow):
surnames and given names that are English words told by a staff role and what staff do
("sw moody to see in am", "cm ray working on rehab", "ofcr hill"), a role and a colon ("MA:
jade", "PharmD: Bao-Chau Lam"), "FATHER WILL IS OUT OF STATE"; sign-out lists ("bed 4 -
garcia-marquez - septic shock", "(night: jk / dmo)", "covering: j. ortiz", "backup t.h."),
initials after a signature whatever letters they are ("T. REED RN / TR"), "Transcribed: mlw",
"D. Rose/P. Bond", "Frank, P. RN". Sentences written for these tests; each rule has
look-alikes that must stay untagged (``_word_names``, ``_signout_names``)."""

from __future__ import annotations

import pytest

from meddx.deid import Deidentifier
from tests._support.deid import covered


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier()


POSITIVES = [
    # a staff role, a name that is also a word, what staff do
    ("attending aware. sw moody to see in am.", "moody"),
    ("dispo: cm ray working on rehab screen.", "ray"),
    ("K 3.1, RN HOPE AWARE AND REPLETED.", "HOPE"),
    ("pain 8/10, rn frank notified, dilaudid given.", "frank"),
    ("rt page at bedside for sbt.", "page"),
    ("PT Grant following, rec rehab.", "Grant"),
    # a security officer or a scrub / circulator
    ("asked to leave by security (ofcr hill).", "hill"),
    ("Officer Swift escorted the visitor out.", "Swift"),
    ("Counts correct per circulator Hope Ward, RN and scrub Dom.", "Dom"),
    # a role, a colon, a name
    ("Follow up in 3 months. MA: jade", "jade"),
    ("PharmD: Bao-Chau Lam  ext 6-2210", "Bao-Chau"),
    ("Scribe: Lily Nakamura for Dr. Ray", "Nakamura"),
    # a relation, then Will / May that is no verb
    ("STATES PT'S FATHER WILL IS OUT OF STATE.", "WILL"),
    ("her son Will was here this am.", "Will"),
    ("Daughter May called at 1400.", "May"),
    # sign-out bed lists
    ("bed 4 - garcia-marquez - septic shock, on levo", "garcia-marquez"),
    ("bed 7 - st. john - gib, 2u prbc today.", "john"),
    ("rm 12: mcdonald-okeke - dka closing gap", "mcdonald-okeke"),
    ("Bed 3 - Baker - CHF exacerbation, diuresing", "Baker"),
    ("BED 4 - GARCIA-MARQUEZ - SEPTIC SHOCK", "GARCIA-MARQUEZ"),
    # coverage lists
    ("MICU SIGN-OUT (night: jk / dmo)", "jk"),
    ("MICU SIGN-OUT (night: jk / dmo)", "dmo"),
    ("covering: j. ortiz (pgr 31452), backup t.h.", "ortiz"),
    ("covering: j. ortiz (pgr 31452), backup t.h.", "t.h."),
    ("Cross-cover: Fox / Wolf", "Wolf"),
    ("Day team: KP, LM", "LM"),
    # initials after a signature
    ("T. REED RN / TR", "TR"),
    ("k. wolf, rn  /  kw", "kw"),
    ("Dictated: BAEK, JI-WOO MD  Transcribed: mlw", "mlw"),
    ("Typed: KB 12/03 14:10", "KB"),
    # an initial and a surname, two by a slash; "Surname, I." before a credential
    ("Transport: flight crew D. Rose/P. Bond.", "Rose"),
    ("Transport: flight crew D. Rose/P. Bond.", "Bond"),
    ("CREW: D. ROSE/P. BOND", "ROSE"),
    ("Routed to: Hill, Dawn MD; Frank, P. RN; Cole, Amanda LPN", "Frank"),
    ("Reviewed by GRAY, M. RN at 1400.", "GRAY"),
]

NEGATIVES = [
    # a role, a word, a verb: the word is no name
    ("rt neb at bs, sats 94%.", "neb"),
    ("sw will see family tomorrow.", "will"),
    ("rn also aware of k 3.1.", "also"),
    ("RN STILL AWARE.", "STILL"),
    ("cm 2 cm ray of erythema noted", "ray"),
    ("officer on duty called", "on"),
    ("police officer present at bedside", "present"),
    ("circulator count correct.", "count"),
    # a colon after a role, no name
    ("MA: will call pt with results", "will"),
    ("RN: see flowsheet", "see"),
    ("PharmD: recommend vancomycin 1250 mg q12h", "recommend"),
    # Will / May as verbs, a month
    ("wife will call in am.", "will"),
    ("SON WILL CALL TONIGHT.", "WILL"),
    ("daughter may visit tomorrow.", "may"),
    ("Seen in clinic May 3.", "May"),
    # bed lists that hold no name
    ("bed 4 - septic shock - on levo", "septic"),
    ("bed 6 - empty", "empty"),
    ("bed 2 - new admit - chest pain", "new"),
    ("bed 8 - s/p whipple - pod 3", "whipple"),
    ("BED 5 - MONITOR - TELE", "MONITOR"),
    ("bed 7 - Full Code - DNR discussion", "Full"),
    # coverage without names
    ("night: uneventful, pt slept", "uneventful"),
    ("nights: pt slept well", "pt"),
    ("covering: all of micu", "all"),
    ("NIGHT: QUIET", "QUIET"),
    # initials after a slash that are no one
    ("pain controlled w/ po/iv", "iv"),
    ("K. Wolf, RN / LPN", "LPN"),
    # an initial and a word: organisms, not people
    ("cx grew E. coli/S. aureus.", "coli"),
    ("C. Diff/H. Pylori negative", "Pylori"),
    # eponyms and words used plainly
    ("Foley, P. aeruginosa in urine", "Foley"),
    ("no frank blood in drains", "frank"),
    ("mri: no change in gray matter", "gray"),
    ("creatinine rose to 2.1", "rose"),
    ("Page the neurology resident on call.", "Page"),
]


MORE_POSITIVES = [
    # a staff role, then a capitalised word in brackets
    ("3. Dispo: PT (Hart) recommends home with services.", "Hart"),
    ("OT (Grant) to see in am.", "Grant"),
    # a lower-case given name and surname before a credential, with or without a comma
    ("signed faith okafor-james, rn / cosign", "okafor-james"),
    ("pat baker, rn", "pat"),
    ("tamika reed lpn gave report", "reed"),
    ("rn pat baker aware", "baker"),
    # a particle inside the name; a name split across lines
    ("RN Fatima Al Zahra giving report.", "Zahra"),
    ("Pt's wife Aisha Bint Abdullah signed consent.", "Abdullah"),
    ("Dr. Jonathan\nMcKenna saw the patient.", "McKenna"),
    # role labels with a colon
    ("rn: jo / pca: guadalupe", "guadalupe"),
    ("Mohamed Abdi Hassan (Somali interpreter used: Ifrah).", "Ifrah"),
    ("attn: hill", "hill"),
    # dotted initials after a signing word; a title and a two-letter surname
    ("co-signed j.o.", "j.o."),
    ("Ms. Le and Mr. Vu at bedside.", "Le"),
    # a nickname without quotes; apostrophe surnames
    ("wife malgorzata (goes by gosia) at bs.", "gosia"),
    ("Pt prefers to be called Biscuit.", "Biscuit"),
    ("pt is a 67yo man named bill", "bill"),
    ("pt's name is sandy.", "sandy"),
    ("md hart updated", "hart"),
    ("d/w d'souza (cards)", "d'souza"),
    ("O'Brien, Patrick MD", "O'Brien"),
    # a copy list
    ("cc: bill grant; sandy fox np; j. hill md", "grant"),
    ("MD: Rajeshwari Subramaniam", "Subramaniam"),
    # a given name ending a line, the surname and credential on the next
    ("Electronically signed by: Oluwaseun\nAdeyemi, MD", "Oluwaseun"),
    # report handed to a given name that is also a word
    ("Report called to Faith at the rehab.", "Faith"),
]

MORE_NEGATIVES = [
    ("PT (Foley) removed at 0600.", "Foley"),
    ("RN (Charge) aware.", "Charge"),
    ("OT (cont) for ADLs.", "cont"),
    ("pt resting comfortably, rn aware.", "comfortably"),
    ("family meeting held, md present.", "held"),
    # a credential's letters inside a word ("concern", "cistern")
    ("has also become a major concern. Who should pay", "major"),
    ("the cerebellopontine angle cistern during removal", "angle"),
    # "MRS studies", "known as" an enzyme, a title before "St."-words that are no saint
    ("Integrated MRI/MRS studies are necessary.", "studies"),
    ("glucose phosphate isomerase, also known as phosphohexoisomerase, is an enzyme",
     "phosphohexoisomerase"),
    # a chief complaint is no copy list
    ("CC: fall", "fall"),
    ("CC: Fall x2, hip pain", "Fall"),
    ("CC: weakness; confusion", "weakness"),
    ("cc: pcp; cardiology; file", "file"),
    # coverage lines and labels without a name
    ("Day: sunny", "sunny"),
    ("backup: on call resident", "on"),
    ("MA: Pending", "Pending"),
    ("Interpreter used: Spanish", "Spanish"),
    ("report to Floor", "Floor"),
    ("SW WILL FOLLOW.", "WILL"),
    ("the Del Mar Holter.", "Mar"),
    ("a syndrome named after its discoverer", "after"),
    ("pt prefers to be called back on cell", "back"),
    ("pt goes by car.", "car"),
    ("md aware of labs", "aware"),
    ("the brother will at times refuse", "will"),
    ("night: Ativan 1 mg x1", "Ativan"),
    ("covering: Cardiology / Renal", "Cardiology"),
    ("bed 4 - Comfort care - family at bs", "Comfort"),
    ("report given to Sunrise Rehab", "Sunrise"),
    ("signed: a.m.", "a.m."),
    ("Van der Waals forces.", "Waals"),
]


@pytest.mark.parametrize(("text", "word"), POSITIVES + MORE_POSITIVES)
def test_names_found(deid: Deidentifier, text: str, word: str) -> None:
    assert covered(deid, text, word, "NAME"), (text, word)


@pytest.mark.parametrize(("text", "word"), NEGATIVES + MORE_NEGATIVES)
def test_look_alikes_not_names(deid: Deidentifier, text: str, word: str) -> None:
    assert not covered(deid, text, word, "NAME"), (text, word)
