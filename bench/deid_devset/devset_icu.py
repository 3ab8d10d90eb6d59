"""ICU nursing shift notes: telegraphic, abbreviated, lower case or ALL CAPS."""

from __future__ import annotations

from devset_ctx import Ctx

HEAD = [
    "npn {{TIME:7p-7a}}",
    "nursing progress note {{TIME:0700-1900}}",
    "nsg note <time>-<time>",
    "micu nursing note, <hosp_main> <ward>",
    "csru npn {{TIME:7a-7p}}",
    "npn <md> {{TIME:3-11}}",
    "NPN: <ward> MICU, admitted from <hosp2> on <md>",
    "npn, pt transferred to <ward> from ed at <time>",
    "shift note {{TIME:11-7}}. pt is a <age90> yo female",
    "Nursing Note: <ptfull> ({{TIME:7P-7A}})",
]
NEURO = [
    "neuro: a&ox3, mae, follows commands. perl. c/o ha at <time>, tylenol given w/ relief.",
    "neuro: sedated on <drug> 20mcg/kg/min, rass -2, opens eyes to voice. {{EPONYM:Babinski}} neg. pupils "
    "3mm brisk.",
    "neuro: lethargic but arousable, oriented x1 only. <drug> 0.5mg iv at <time> for agitation, pulling at "
    "lines. gcs 10.",
    "neuro- intact. moves all ext, grips {{MEASURE:5/5}}, reflexes <ratio> bilat. no focal deficits per "
    "<dr>.",
    "NEURO: PT ALERT, LOW VOICE, NOD APPROP. SEDATION HELD AT <time> FOR SBT, RESTARTED AT <time>.",
    "neuro: confused overnight, trying to oob, 1:1 sitter. <rn> aware. haldol x1.",
]
CV = [
    "cv: sr 70s-90s, occ pvc's. bp <bp>-<bp>, <pressor> titrated to keep <rng_>. k 3.4 repleted, mg 1.8.",
    "cv: afib rvr 130s at <time>, <drug> 10mg iv given, now rate controlled 90s. {{ABBREV:ST segment}} "
    "unchanged. <dr> notified.",
    "cv- nsr, no ectopy. swan in place: co 4.2 ci 2.3 <rng_>. {{ABBREV:K, CA REPLETED}}. pulses <ratio> "
    "dp/pt.",
    "CV: HR 88-104 ST, NO ECTOPY. SBP 90S ON <pressor> 0.08. CVP 12. {{ABBREV:LIMA}} TO LAD PATENT PER "
    "CATH <md>.",
    "cv: hypotensive to 80s at <time>, 500cc bolus {{MEASURE:1/2 NS}} with good effect, map now >65. "
    "<pressor> off since <time>.",
    "cv: tele sr with 1st degree avb. bp <bp>. hx cabg <yr2>, redo <yr2>, s/p mi <yr4>.",
]
RESP = [
    "resp: remains intubated on <vent> peep 5, abg <abg>. ls coarse bilat, sx for mod thick tan. <rn> aware.",
    "resp: weaned to <vent> at <time>, tol well. rsbi 62. abg <abg>. plan cpap trial in am per <dr>.",
    "resp- on <vent>, sat 94-97%. suctioned q2h, small amt white. {{EPONYM:Yankauer}} for oral secretions.",
    "RESP: VENT <vent>, FIO2 40%. ABG <abg>. BS DIMINISHED BASES. CXR WITH {{EPONYM:Kerley B}} LINES.",
    "resp: extubated at <time> <md> to 4l nc, abg after <abg>. cough weak, encouraged is. <rn> following.",
    "resp: trached, on trach mask 40% overnight, back to <vent> at <time> for rest. <rn> changed inner "
    "cannula.",
]
GI = [
    "gi: abd soft, +bs, tf at goal 60cc/hr via {{EPONYM:Dobhoff}}. no bm, <drug> and senna given.",
    "gi- npo after mn for procedure. ogt to lcs, 200cc bilious. protonix iv.",
    "GI: TF HELD AT <time> FOR RESIDUAL 250. ABD DISTENDED, HYPOACTIVE BS. NO BM X3 DAYS, DULCOLAX PR GIVEN.",
    "gi: tol clears, advanced to full liquids. ls bm <md>. <drug> iv bid.",
]
GU = [
    "gu: {{EPONYM:Foley}} draining clear yellow, <rng_>. bun/cr 32/1.4. lasix 40 iv at <time> with good "
    "response.",
    "gu- foley dc'd at <time>, due to void by <time>. uo 30cc/hr. k 3.1, 40meq kcl given.",
    "GU: FOLEY PATENT, UO 20-30 CC/HR, <dr> AWARE. CREAT UP TO 2.1. HCO3 19.",
]
IDS = [
    "id: tmax 101.2 at <time>, cultures sent, <drug> and <drug> started. wbc 14.",
    "id- afebrile, on <drug> day 4 of 7. c diff neg x1.",
    "ID: T 38.6 AT <time>. BC X2 SENT. <drug> GIVEN AT <time>. WBC 18.2.",
]
SKIN = [
    "skin: coccyx stage 2 intact, duoderm in place. turned q2h. heels floated.",
    "skin- intact except r groin site, no hematoma. dsg d/i.",
    "SKIN: BRADEN 12. AIR MATTRESS. SACRUM RED, BLANCHES.",
]
SOCIAL = [
    "social: <rel> called at <time>, updated by rn. <rel> in to visit this eve, plans to come back in am.",
    "social: wife in to visit, pt lives with her in <town>. <rel> is hcp, phone <phone>.",
    "social- family meeting set for <md> <time> with <drs> and sw <rn>. dtr lives in <town>, <state>.",
    "SOCIAL: <rel> CALLED, UPDATED. <rel> AT BEDSIDE MOST OF DAY. HCP IS <rel> <phone>.",
    "social: pt's <rel> (lives in <town>) called from work at <company>, asks to be called back <pager>.",
    "social- no family in today. pt retired from <company>, lives alone in <town>. pcp <dr> at <hosp2>.",
    "social: <rel> updated by phone <phone>. <relname> (nephew) also called, would like updates from <dr>.",
]
PLAN = [
    "plan: cont to wean vent as tol, follow lytes, f/u cx. <dr> to see in am. -<sig>",
    "plan: ?transfer back to <hosp2> when stable, case mgmt aware. cont current plan. <sig>",
    "plan- sbt in am, diurese, monitor uo. family mtg <md>. call <dr> <pager> w/ changes. <sig>",
    "PLAN: CONT <pressor> GTT, WEAN FIO2, AM LABS. SEE {{SYSTEM:CAREVUE}} FOR VS. <sig>",
    "a/p: resp failure improving. plan for trach/peg per <dr> vs rehab at <fac>. <sig>",
    "plan: cont monitoring on <ward>, pt to go to <ward> step down tomorrow if stable. report given to "
    "<rn>. <sig>",
]
EXTRA = [
    "pt seen by <dr> and <rn> at <time>, aware of labs.",
    "seen by {{ABBREV:PA line}} team, <dr> re: access. {{EPONYM:Hickman}} placement <md>.",
    "<bare> from ir came to bedside at <time> re: drain.",
    "admitted <date> from <hosp2> with urosepsis. cabg <myy>, ppm <yr4>.",
    "history obtained from <rel> and old records from <hosp2> ({{SYSTEM:Epic}}).",
    "<rn> at bedside for line change, {{EPONYM:Trendelenburg}} tol well. old chart from <hosp_main> faxed "
    "to <phone>.",
]


def icu_note(c: Ctx, caps: bool) -> str:
    """One ICU nursing note in markup, mixed case (the caller lower-cases or upper-cases it)."""
    r = c.r
    parts = [c.pick(HEAD)]
    for group, k in (
        (NEURO, 1),
        (CV, 1),
        (RESP, 1),
        (GI, 1),
        (GU, 1),
        (IDS, 1),
        (SKIN, 1),
        (SOCIAL, 1),
        (PLAN, 1),
    ):
        if r.random() < 0.85 or group in (SOCIAL, PLAN, CV, RESP):
            parts.append(c.pick(group, k))
    for _ in range(2):
        if r.random() < 0.6:
            parts.insert(r.randint(1, len(parts) - 1), c.pick(EXTRA))
    if caps:
        parts.append(c.fill("{{CAPSWORD:SEE FLOWSHEET}} FOR DETAILS. {{CAPSWORD:WILL CONT TO MONITOR}}."))
    sep = r.choice(["\n", " ", "\n", ". "])
    return sep.join(parts)
