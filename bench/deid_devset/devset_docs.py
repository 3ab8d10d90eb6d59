"""Discharge summaries, radiology reports, progress notes, social work notes and ED triage."""

from __future__ import annotations

from devset_ctx import Ctx


def discharge(c: Ctx) -> str:
    r = c.r
    head = c.pick(
        [
            "DISCHARGE SUMMARY\nPatient: <ptfull>   <mrn>\nAdmission Date: <date>   Discharge Date: "
            "<date>\nAttending: <dr>",
            "Discharge Summary - <hosp_main>\nNAME: <ptfull>\n<mrn>\nADMITTED: <date>  DISCHARGED: <date>",
            "<hosp_main> <ward>\nDischarge summary for <pt>, dictated by <dr>.\nDate of admission: <date>",
        ]
    )
    hpi = c.pick(
        [
            "HPI: <age90> yo woman with CAD s/p CABG <yr2>, redo <yr2>, AF on {{DRUG:coumadin}}, admitted "
            "with CHF exacerbation. "
            "Referred by PCP <dr> of <town>.",
            "HISTORY OF PRESENT ILLNESS: 67M with DM2, s/p MI <yr4>, CABG <myy> ({{ABBREV:LIMA}}-LAD), "
            "presented to <hosp2> with "
            "chest pain and {{ABBREV:ST depressions}}, transferred here on <md> for cath.",
            "HPI: Pt is a 54 yo F, followed by <dr> at <hosp2>, with COPD on home O2 2L, admitted via ED "
            "with dyspnea. "
            "Prior admissions <myy> and <month>.",
            "HPI: 71 yo man from <town>, <state>, with ESRD on HD at <fac> (MWF), presenting with fever "
            "and line erythema.",
        ]
    )
    course = c.pick(
        [
            "HOSPITAL COURSE: Diuresed with {{DRUG:lasix}} gtt, net -4L. Echo <md> EF 30%, {{ABBREV:MR}} "
            "moderate. "
            "Seen by cardiology (<drs>). {{DRUG:metroprolol}} uptitrated. BP <bp> at discharge.",
            "HOSPITAL COURSE: Cath <md> showed patent grafts. Started on {{DRUG:amiodarone}}. Brief ICU "
            "stay on <ward> "
            "for {{DRUG:levophed}} after a vagal episode at <time>. K, Mg repleted.",
            "HOSPITAL COURSE: Treated with {{DRUG:solumedrol}} and {{DRUG:levofloxacin}}, required BiPAP "
            "<md>-<md>. "
            "ABG on admission <abg>. Weaned to 2L by <md>. PT/OT evaluated, strength <ratio> proximal.",
            "HOSPITAL COURSE: Line removed <md>, cultures grew MSSA; {{DRUG:cefepime}} then cefazolin per "
            "ID (<dr>). "
            "New tunneled {{EPONYM:Hickman}} placed by IR (<bare>) on <md>.",
        ],
        2,
    )
    meds = c.pick(
        [
            "DISCHARGE MEDICATIONS: {{DRUG:Allegra}} 180 daily, {{DRUG:lasix}} 40 bid, {{DRUG:captopril}} "
            "12.5 tid, "
            "{{DRUG:coumadin}} per INR, {{DRUG:senna}}.",
            "DISCHARGE MEDS: ASA 81, {{DRUG:lopressor}} 25 bid, atorvastatin 80, {{DRUG:protonix}} 40, "
            "{{DRUG:tylenol}} prn.",
            "MEDICATIONS ON DISCHARGE: prednisone taper, {{DRUG:levofloxacin}} x5 days, tiotropium, "
            "albuterol MDI prn.",
        ]
    )
    dispo = c.pick(
        [
            "DISPOSITION: Home with {{OTHER:VNA}} services from <fac>. Daughter <relname> will stay with "
            "her in <town>.",
            "DISPOSITION: To <fac> for rehab. Report called to <rn> at <phone>.",
            "DISCHARGE DISPOSITION: Extended care, <fac>, <town>. Family (<rel>) agrees.",
        ]
    )
    fu = c.pick(
        [
            "FOLLOW-UP: <dr> in 1-2 weeks, call <phone>. Cardiology clinic at <hosp_main> on <date> at "
            "<time>.",
            "Follow up with PCP <dr> on <date>; anticoagulation clinic <phone>. INR check <md>.",
            "F/U: <dr> (pulm) <month>, <drs> (renal) in 2 wks. Questions: <email>.",
            "Follow-up: <dr> <date>. Results and notes on the patient portal, <url>.",
        ]
    )
    sig = c.pick(
        [
            "Dictated by: <dr>, MD  <date> <time>\nCC: <dr>",
            "Electronically signed <dr> <date>",
            "D: <date> T: <date> JOB# [[ID:<num>]]".replace("<num>", str(r.randint(100000, 999999))),
        ]
    )
    return "\n\n".join([head, hpi, course, meds, dispo, fu, sig])


def radiology(c: Ctx) -> str:
    exam = c.pick(
        [
            "CHEST (PORTABLE AP) <date> <time>",
            "CT HEAD W/O CONTRAST  <mrn>  <date>",
            "CT ABDOMEN/PELVIS WITH CONTRAST   Accession [[ID:RA<n>]]   <date>".replace(
                "<n>", str(c.r.randint(100000, 999999))
            ),
            "MR BRAIN W/WO  <date>  <hosp_main> Imaging",
            "CXR PA/LAT <md> <time>",
        ]
    )
    hist = c.pick(
        [
            "CLINICAL HISTORY: <age90> yo woman s/p fall at <fac>, eval for bleed.",
            "HISTORY: 63 yo man with fever, ?PNA. Intubated. Referring: <dr>.",
            "REASON FOR EXAM: evaluate {{EPONYM:Dobhoff}} placement. Ordered by <rn>.",
            "INDICATION: RLQ pain, {{EPONYM:Murphy sign}} equivocal. Hx of CABG <yr2>.",
        ]
    )
    comp = c.pick(
        [
            "COMPARISON: <date>.",
            "COMPARISON: Outside study from <hosp2> dated <md>, reviewed on CD.",
            "COMPARISON: None.",
            "COMPARISON: Prior films <myy> and <date>.",
        ]
    )
    find = c.pick(
        [
            "FINDINGS: ET tube 4 cm above carina. {{ABBREV:PA line}} tip in the right PA. Right IJ line. "
            "Interval increase in "
            "bilateral effusions with {{EPONYM:Kerley B}} lines. Sternotomy wires from CABG. "
            "{{ABBREV:Mitral}} annular calcification.",
            "FINDINGS: No acute intracranial hemorrhage. Chronic small vessel ischemic change. "
            "{{MEASURE:2/2}} prior lacunes "
            "again seen. Ventricles stable.",
            "FINDINGS: Gallbladder distended with stones, wall 5 mm. Liver {{MEASURE:16.2 x 9.1 cm}}. No "
            "free air.",
            "FINDINGS: Feeding tube courses below the diaphragm, tip in the stomach. Lungs: LLL opacity, "
            "atelectasis vs PNA.",
        ]
    )
    imp = c.pick(
        [
            "IMPRESSION: Worsening CHF. Findings discussed with <dr> at <time> on <md> by telephone.",
            "IMPRESSION: No acute process. Results called to <rn> ({{SYSTEM:PACS}} note).",
            "IMPRESSION: Acute cholecystitis. Discussed with <drs> at <time>.",
            "IMPRESSION: Tube in satisfactory position, ok to use per <dr>.",
        ]
    )
    sig = c.pick(
        [
            "<dr> / <dr>\nApproved: <date> <time>",
            "Dictated by: <dr>  Signed: <dr> <date>",
            "Resident: <dr>   Attending: <dr>   <hosp_main> Radiology, <phone>",
        ]
    )
    return "\n".join([exam, hist, comp, find, imp, sig])


def progress(c: Ctx) -> str:
    return "\n".join(
        [
            c.pick(
                [
                    "Progress Note - Hospital Day 4",
                    "MEDICINE PROGRESS NOTE <md>",
                    "Intern note <date>, <ward>",
                    "Cardiology consult f/u, <hosp_main>",
                ]
            ),
            c.pick(
                [
                    "S: Pt reports less SOB. Slept ok. <rel> at bedside, asking re discharge.",
                    "S: Overnight had 3 beats NSVT at <time>, asymptomatic. No CP.",
                    "S: c/o back pain, tylenol ineffective. Wants to talk to <dr> about going home to "
                    "<town>.",
                ]
            ),
            c.pick(
                [
                    "O: T 37.8 HR 88 BP <bp> RR 18 sat 96% 2L. Lungs crackles at bases. Ext 1+ edema. "
                    "Strength <ratio> throughout. Labs: Na 134 K 3.6 Cr 1.3, ABG <abg>.",
                    "O: afebrile, BP <bp>, I/O 1.2/2.4L. {{ABBREV:DR}} on fundoscopy per ophtho. Labs "
                    "stable. "
                    "Reflexes <ratio>. {{MEASURE:SVR 900-1300}} on Swan yesterday.",
                ]
            ),
            c.pick(
                [
                    "A/P: 1. CHF - cont {{DRUG:lasix}} 40 IV bid, goal -1L. 2. AF - rate ok on "
                    "{{DRUG:diltiazam}}. "
                    "3. Dispo - PT recs rehab, CM looking at <fac> and <fac>.",
                    "A/P: PNA improving on {{DRUG:zosyn}}, switch to PO. D/w <drs>. Spoke with <rel> by "
                    "phone <phone>. "
                    "Plan home <md> if stable; PCP <dr> at <hosp2>.",
                ]
            ),
            c.pick(
                ["<dr>, PGY-2, <pager>", "<sig>", "Seen and examined with <dr>. Agree with above. -<bare>"]
            ),
        ]
    )


def social_work(c: Ctx) -> str:
    return "\n".join(
        [
            c.pick(["SOCIAL WORK NOTE", "Case Management Note <date>", "SW Assessment - <ward>"]),
            c.pick(
                [
                    "Met with pt and <rel> at bedside. Pt lives with wife in a 2nd floor apt at <street>, "
                    "<town> <zip>.",
                    "Pt is a <age90> yo widow who lives alone in <town>, {{STATE:<st>}}; <rel> (HCP) lives "
                    "nearby, "
                    "cell <phone>.".replace("<st>", c.r.choice(["NH", "VT", "ME", "MA"])),
                    "Called <rel> at <phone>, left message. Second contact <rel>, "
                    "work number <phone> ext <n>.".replace("<n>", f"[[PHONE:{c.r.randint(100, 9999)}]]"),
                ]
            ),
            c.pick(
                [
                    "Pt worked 30 yrs at <company> as a machinist, retired <yr4>. Insurance "
                    "{{OTHER:Medicare}} A/B and "
                    "<company> supplemental, member ID [[ID:<id>]].".replace(
                        "<id>", f"XKJ{c.r.randint(10000000, 99999999)}"
                    ),
                    "Pt was receiving home services from <fac>; DME (walker, commode) from <company>.",
                    "Pt attends <company> on Sundays; pastor Rev. [[NAME:<l>]] visits.".replace(
                        "<l>", c.r.choice(c.p["last"])
                    ),
                ]
            ),
            c.pick(
                [
                    "Plan: referrals sent to <fac> and <fac> via {{SYSTEM:CarePort}}. Family prefers <fac> "
                    "in <town>.",
                    "Plan: pt to return home with VNA; <rel> to transport. SW will follow. {{OTHER:Meals "
                    "on Wheels}} requested.",
                    "Plan: APS report filed (case # [[ID:<n>]]). Will update team and <dr>.".replace(
                        "<n>", str(c.r.randint(10000, 999999))
                    ),
                ]
            ),
            c.pick(
                [
                    "<rn> x<n>".replace("<n>", f"[[PHONE:{c.r.randint(1000, 9999)}]]"),
                    "<sig>",
                    "[[NAME:<f> <l>]], LICSW, <pager>".replace(
                        "<f>", c.r.choice(c.p["first"]).title()
                    ).replace("<l>", c.r.choice(c.p["last"])),
                ]
            ),
        ]
    )


def ed_triage(c: Ctx) -> str:
    return " ".join(
        [
            c.pick(
                [
                    "ED TRIAGE <time>:",
                    "Triage note <md> <time>",
                    "TRIAGE:",
                    "ed triage - bib ems from <town>:",
                ]
            ),
            c.pick(
                [
                    "<age90> yo f from <fac> w/ fall, +head strike, on {{DRUG:coumadin}}.",
                    "58m c/o cp x2h, radiates to l arm, diaphoretic. hx cabg <yr2>. bp <bp> hr 102.",
                    "34f w/ ha, n/v, photophobia. pmd <dr>. lmp <md>.",
                    "pt from <company> job site, fell 8 ft off ladder, ? loc. c-collar in place.",
                    "72m sent from <hosp2> clinic for abnl labs, k 6.1, cr 3.4. s/p mi <yr4>.",
                ]
            ),
            c.pick(
                [
                    "vs: <bp>, hr 88, rr 20, sat 95% ra, t 98.6. pain 7/10.",
                    "v/s stable. gcs 15. {{EPONYM:Glasgow}} 15. fs 142.",
                    "VS T 101.4 P 118 BP <bp> RR 24 O2 91% RA.",
                ]
            ),
            c.pick(
                [
                    "accompanied by <rel>, contact <phone>.",
                    "wife <relname> at bedside, cell <phone>.",
                    "pcp <dr> called, will fax records (<phone>).",
                    "ems report given by medic <relname>.",
                ]
            ),
            c.pick(
                [
                    "to rm 14, <rn> aware. ESI 2.",
                    "esi 3, to waiting. reassess at <time>.",
                    "to trauma bay, <drs> at bedside. <sig>",
                ]
            ),
        ]
    )
