"""The third batch of cue rows (session 8): the rows parse, every sense has a prior and cues,
and each sense is picked from a typical context by its cues (the learned part is a toy)."""

from __future__ import annotations

import pytest

from meddx.text import build_abbreviation_model, load_inventory
from tests._support.abbrev import fake_embed, notes

THIRD = ("mac gtt cap ett sl vt lt sc fx hct tlc aa cc disp inh supp bc cea diff ap om tr cns "
         "lad ag bms ct hc ng tm co des lac mm psa tv nc nph scc ino mds sr lm sm bl bpm uc "
         "pvr pnd tbi ip").split()


@pytest.fixture(scope="module")
def model(inventory):
    return build_abbreviation_model(inventory, fake_embed, notes=notes(20), use_demo=False)


def test_rows_parse_with_priors_and_cues_for_every_sense():
    book = load_inventory().cues
    for key in THIRD:
        names = book.senses.get(key, [])
        assert len(names) >= 2, key
        assert set(book.priors[key]) == {n.lower() for n in names} or \
            len(book.priors[key]) == len(names), key
        cued = {c.sense for c in book.cues[key]}
        assert len(cued) == len(names), (key, names, cued)


def test_the_candidates_are_the_listed_senses(inventory):
    gtt = {inventory.senses["gtt"][i].name for i in inventory.candidates("gtt")}
    assert gtt == {"continuous infusion", "gutta", "glucose tolerance test"}
    ap = inventory.sense("ap", "anteroposterior")  # an alias merged into the listed sense
    assert ap is not None and ap.name == "anterior posterior"


CASES = [
    ("AFB cx positive for MAC, start azithro/ethambutol.", "MAC", "mycobacterium avium complex"),
    ("EGD under MAC with propofol.", "MAC", "monitored anesthesia care"),
    ("Heparin gtt at 1200 units/hr.", "gtt", "continuous infusion"),
    ("Timolol 1 gtt OU BID.", "gtt", "gutta"),
    ("1 hour GTT 152, needs 3 hr test.", "GTT", "glucose tolerance test"),
    ("Admitted for CAP, on ceftriaxone and azithro.", "CAP", "community acquired pneumonia"),
    ("Tamsulosin 0.4 mg CAP PO qhs.", "CAP", "capsule"),
    ("7.5 ETT at 22 cm at the lip.", "ETT", "endotracheal tube"),
    ("Negative ETT, 11 METs on Bruce protocol.", "ETT", "exercise tolerance test"),
    ("NTG 0.4 mg SL x1 for chest pain.", "SL", "sublingual"),
    ("Pt sl more alert today.", "sl", "slightly"),
    ("Sustained VT, shocked by ICD.", "VT", "ventricular tachycardia"),
    ("Vent AC, VT 400, PEEP 10.", "VT", "tidal volume"),
    ("LT knee effusion, XR ordered.", "LT", "left"),
    ("Sensation to LT intact throughout.", "LT", "light touch"),
    ("Heparin 5000 units SC q8h.", "SC", "subcutaneous"),
    ("R SC cordis, no PTX on CXR.", "SC", "subclavian"),
    ("Tender R SC joint, no erythema.", "SC", "sternoclavicular"),
    ("Hip fx after mechanical fall, ortho consulted.", "fx", "fracture"),
    ("Renal fx stable, Cr 1.2.", "fx", "function"),
    ("Hgb 7.1, HCT 21, transfuse.", "HCT", "hematocrit"),
    ("Lisinopril-HCT 20-25 mg daily.", "HCT", "hydrochlorothiazide"),
    ("L IJ TLC placed under US guidance.", "TLC", "triple lumen catheter"),
    ("PFTs: TLC 58% predicted, restrictive.", "TLC", "total lung capacity"),
    ("Attends AA meetings, 3 years sober.", "AA", "alcoholics anonymous"),
    ("55 yo AA male with CKD.", "AA", "african american"),
    ("500 cc NS bolus given.", "cc", "cubic centimeters"),
    ("CC: chest pain x2 days.", "CC", "chief complaint"),
    ("Disp: 30 tablets, 1 refill.", "Disp", "dispense"),
    ("Disp: admit to telemetry.", "Disp", "disposition"),
    ("Latent TB, on INH 300 mg daily with B6.", "INH", "isoniazid"),
    ("Albuterol INH 2 puffs q4h prn.", "INH", "inhaler"),
    ("Bisacodyl 10 mg supp PR daily.", "supp", "suppository"),
    ("Vitamin D supp 1000 IU daily.", "supp", "supplement"),
    ("BC x2 drawn, pending.", "BC", "blood culture"),
    ("Uses condoms for BC, LMP 2 wks ago.", "BC", "birth control"),
    ("CEA 14, rising since resection of colon cancer.", "CEA", "carcinogenic embryonic antigen"),
    ("s/p R CEA for symptomatic carotid stenosis.", "CEA", "carotid endarterectomy"),
    ("CBC w/ diff in AM.", "diff", "differential"),
    ("C. diff PCR positive, start PO vanc.", "diff", "difficile"),
    ("CXR AP and lateral: no infiltrate.", "AP", "anterior posterior"),
    ("AST 40, ALT 38, AP 290, bili 1.0.", "AP", "alkaline phosphatase"),
    ("Recurrent OM, ENT for tubes.", "OM", "otitis media"),
    ("SVG to OM occluded on cath.", "OM", "obtuse marginal"),
    ("Severe TR, RVSP 60 on echo.", "TR", "tricuspid regurgitation"),
    ("Ankles: TR edema bilaterally.", "TR", "trace"),
    ("Concern for CNS lymphoma on MRI.", "CNS", "central nervous system"),
    ("Blood cx 1/2 CNS, likely contaminant.", "CNS", "coagulase negative staphylococcus"),
    ("Cath: 80% mid LAD stenosis, DES placed.", "LAD", "left anterior descending"),
    ("Cervical LAD, tender, 1 cm.", "LAD", "lymphadenopathy"),
    ("ECG: NSR with LAD and LAFB.", "LAD", "left axis deviation"),
    ("AG 22, bicarb 12, DKA.", "AG", "anion gap"),
    ("Urine legionella Ag negative.", "Ag", "antigen"),
    ("s/p BMS to RCA in 2008, cath shows restenosis.", "BMS", "bare metal stent"),
    ("3 loose bms today, C diff sent.", "bms", "bowel movements"),
    ("CT head w/o contrast negative.", "CT", "computerized tomography"),
    ("R CT to suction for PTX.", "CT", "chest tube"),
    ("CT surgery consulted for CABG.", "CT", "cardiothoracic"),
    ("Newborn HC 34 cm, 50th percentile.", "HC", "head circumference"),
    ("Stress dose HC 100 mg IV for adrenal crisis.", "HC", "hydrocortisone"),
    ("NG tube to LIWS for SBO.", "NG", "nasogastric tube"),
    ("Troponin 0.5 ng/mL.", "ng", "nanogram"),
    ("TMs pearly gray, no effusion.", "TM", "tympanic membrane"),
    ("Tm 38.7 overnight, cultures sent.", "Tm", "maximum temperature"),
    ("RHC: CO 3.0, CI 1.7, on milrinone.", "CO", "cardiac output"),
    ("Space heater at home, CO level 20%, hyperbaric consult.", "CO", "carbon monoxide"),
    ("PCI with 2 DES to LAD, DAPT x 12 mo.", "DES", "drug-eluting stent"),
    ("In utero DES exposure, cervical adenosis.", "DES", "diethylstilbestrol"),
    ("3 cm scalp lac repaired with staples.", "lac", "laceration"),
    ("LAC 3.8, 30 mL/kg bolus for sepsis.", "LAC", "lactic acid"),
    ("LAC positive, antiphospholipid syndrome suspected.", "LAC", "lupus anticoagulant"),
    ("Nodule 7 mm in RLL.", "mm", "millimeter"),
    ("MM dry, poor skin turgor.", "MM", "mucous membranes"),
    ("Relapsed MM on daratumumab, SPEP rising.", "MM", "multiple myeloma"),
    ("PSA 9.1, urology referral for biopsy.", "PSA", "prostate-specific antigen"),
    ("Hx PSA including heroin, on methadone.", "PSA", "polysubstance abuse"),
    ("Vent: TV 450, RR 18, PEEP 8.", "TV", "tidal volume"),
    ("TV vegetation on TEE in IVDU.", "TV", "tricuspid valve"),
    ("TV US shows IUP at 6 wks.", "TV", "transvaginal"),
    ("2L NC, sat 94%.", "NC", "nasal cannula"),
    ("HEENT: NC/AT, PERRL.", "NC", "normocephalic"),
    ("FHx: NC.", "NC", "non-contributory"),
    ("NPH 12 units qAM with SSI.", "NPH", "neutral protamine hagedorn"),
    ("Gait apraxia and incontinence, concern for NPH, LP planned.", "NPH",
     "normal pressure hydrocephalus"),
    ("Invasive SCC of the scalp, Mohs planned.", "SCC", "squamous cell carcinoma"),
    ("Transferred to SCC team after ex-lap.", "SCC", "surgical critical care"),
    ("Started iNO 20 ppm for RV failure.", "iNO", "inhaled nitric oxide"),
    ("Left INO on exam, MRI brain for MS.", "INO", "internuclear ophthalmoplegia"),
    ("Pancytopenia, BM bx c/w MDS.", "MDS", "myelodysplastic syndrome"),
    ("Nifedipine SR 30 mg daily.", "SR", "sustained release"),
    ("ECG: normal SR, rate 70.", "SR", "sinus rhythm"),
    ("Unprotected LM disease, CABG recommended.", "LM", "left main (coronary artery)"),
    ("Called pt, no answer, LM to call back.", "LM", "left message"),
    ("2/6 SM at LUSB.", "SM", "systolic murmur"),
    ("SM amount of serous drainage.", "SM", "small"),
    ("BL crackles at the bases.", "BL", "bilateral"),
    ("Cr 1.1, at BL.", "BL", "baseline"),
    ("HR 58 bpm, sinus brady.", "bpm", "beats per minute"),
    ("RR 30 bpm, tachypneic.", "bpm", "breaths per minute"),
    ("UC flare on mesalamine, bloody diarrhea.", "UC", "ulcerative colitis"),
    ("UA positive, UC pending.", "UC", "urine culture"),
    ("Toco with UC q3 min, mild.", "UC", "uterine contractions"),
    ("Bladder scan PVR 400 mL, straight cath.", "PVR", "postvoid residual"),
    ("RHC: PVR 4.5 WU, mPAP 40.", "PVR", "pulmonary vascular resistance"),
    ("Orthopnea and PND, 8 lb weight gain.", "PND", "paroxysmal nocturnal dyspnea"),
    ("Allergic rhinitis with PND, cough worse at night.", "PND", "post nasal drip"),
    ("Severe TBI after MVC, GCS 7.", "TBI", "traumatic brain injury"),
    ("Conditioning with cyclophosphamide and TBI 12 Gy.", "TBI", "total body irradiation"),
    ("Admit to IP psych for SI.", "IP", "inpatient"),
    ("IP chemo via port for ovarian cancer.", "IP", "intraperitoneal"),
    ("Swelling at the IP joint of the thumb.", "IP", "interphalangeal joint"),
]


@pytest.mark.parametrize(("text", "short", "sense"), CASES)
def test_each_new_sense_from_its_context(model, text, short, sense):
    found = [r for r in model.resolve([text])[0] if r.short == short]
    assert len(found) == 1, f"{short} not found once in {text!r}"
    got = found[0]
    key = short.lower()
    assert model.inventory.sense(key, got.sense or "") is model.inventory.sense(key, sense), \
        (text, got)
    assert got.cues, "the decision names the cue rows behind it"


@pytest.mark.parametrize(("text", "short", "found"), [
    ("Gave 500 cc NS.", "cc", True),
    ("Pupils 3 mm, reactive.", "mm", True),
    ("Ferritin 8 ng/mL.", "ng", True),
    ("cc: Dr. Adams, clinic file.", "cc", False),  # carbon copy, not after a number
    ("mm, pt says the pain is better.", "mm", False),
    ("ng tube? no: the note spells it out.", "ng", False),
])
def test_lowercase_units_after_a_number(inventory, text, short, found):
    from meddx.text import find_abbreviations

    shorts = [m.short for m in find_abbreviations(text, inventory)]
    assert (short in shorts) is found
