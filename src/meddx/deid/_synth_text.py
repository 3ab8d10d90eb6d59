"""Sentence pieces of synthetic notes. ``{SLOT}``s are filled by ``_synth.py``.

PHI slots: {PT} patient name (many formats), {PTT} title + surname, {PTF} first name,
{DR} "Dr." + doctor, {CLIN} clinician with credential, {REL} relative with name, {DATE},
{TIME}, {DOB}, {PHONE}, {FAX}, {EMAIL}, {URL}, {IP}, {SSN}, {MRN}, {ACCT}, {HP}, {DEVICE},
{PLATE}, {ADDR} (street, city, state, ZIP), {CITY}, {HOSP}, {AGE} (PHI when over 89).
Other slots: {SEX}, {DX}, {VITALS}, {LABS}, {MEDS}, {N} (a small number).
"""

from __future__ import annotations

__all__ = ["DIAGNOSES", "PIECES"]

#: label -> phrases used in HPI, course and impression.
DIAGNOSES: dict[str, list[str]] = {
    "pneumonia": ["community acquired pneumonia", "RLL PNA", "LLL infiltrate c/w pneumonia",
                  "aspiration pneumonia"],
    "heart_failure": ["acute on chronic systolic CHF", "CHF exacerbation", "decompensated HFrEF",
                      "volume overload 2/2 CHF"],
    "copd": ["COPD exacerbation", "AECOPD", "COPD flare requiring BiPAP"],
    "sepsis": ["sepsis 2/2 UTI", "septic shock", "urosepsis", "sepsis of unclear source"],
    "stroke": ["acute L MCA stroke", "R pontine infarct", "CVA w/ L sided weakness", "TIA vs CVA"],
    "gi_bleed": ["upper GI bleed", "melena w/ Hgb drop", "BRBPR, likely diverticular bleed"],
    "dka": ["DKA", "diabetic ketoacidosis", "DKA in setting of missed insulin"],
}

PIECES: dict[str, list[str]] = {
    "hpi": [
        "Pt w/ hx of Raynaud's, Sjogren's and Hashimoto's thyroiditis p/w {DX}.",
        "Recently started on Entresto and Farxiga by cardiology; presents w/ {DX}.",
        "{AGE} yo {SEX} w/ PMH of HTN, HLD, DM2 and Parkinson's disease who presents w/ {DX}.",
        "Pt is a {AGE} year old {SEX} with hx of CAD s/p CABG ({DATE}), CKD III, afib on "
        "Coumadin, admitted on {DATE} with {DX}.",
        "This {AGE}-year-old {SEX} was brought in by EMS from {HOSP} after {REL} found pt "
        "confused at home.",
        "{PT} is a {AGE} y/o {SEX} transferred from {HOSP} on {DATE} for {DX}.",
        "Briefly, {PTT} is a {AGE} yo {SEX} w/ Crohn's disease, Hodgkin lymphoma in remission "
        "({YY}) who p/w {DX}.",
        "Per {REL}, pt has been more SOB x {N} days, worse since {DATE}.",
        "Pt was last seen by PCP {DR} on {DATE}; at that time was at baseline.",
        "Of note pt had a fall at home on {DATE} at approx {TIME}, no head strike.",
    ],
    "course": [
        "Levophed weaned off by AM; vasopressin never needed.",
        "Started Seroquel 25 mg qHS for delirium, Zyprexa 2.5 mg prn agitation.",
        "Dobhoff placed at bedside, tip post-pyloric on KUB.",
        "Jackson-Pratt drain with serous output; Pleurx catheter drained 500 mL.",
        "Coombs negative, haptoglobin low, LDH 480; Bence Jones protein negative.",
        "Cheyne-Stokes breathing overnight; Kussmaul respirations resolved w/ insulin.",
        "Treated with Zosyn and vanc, narrowed to ceftriaxone on {DATE}. Cx NGTD.",
        "Diuresed w/ Lasix 40 mg IV BID, net neg {N}L. Cr peaked at 1.{N} on {DATE}.",
        "Cardiology ({DR}) consulted, recommended TTE which showed EF 30%.",
        "Neurology was consulted and pt was seen by {DR} on {DATE}; MRI c/w {DX}.",
        "Foley catheter placed on admission, removed {DATE}. Babinski sign negative.",
        "Pt had episode of hypotension at {TIME}, responded to 1L NS bolus.",
        "GI ({DR}) performed EGD on {DATE}, found a Mallory-Weiss tear, clipped.",
        "Insulin gtt started per DKA protocol, AG closed by {TIME} on {DATE}.",
        "Family meeting held {DATE} with {REL} and {REL}; pt remains full code.",
        "Pt's pacemaker (serial # {DEVICE}) was interrogated, functioning normally.",
        "SW following; pt's car (license plate {PLATE}) was moved from ED lot by security.",
    ],
    "nursing": [
        "Hoyer lift for transfers. Bair Hugger on for T 96.1.",
        "Dilaudid 0.5 mg IV q3h prn, Zofran 4 mg prn nausea, Colace held.",
        "Will need PT/OT eval in AM. Hope to ambulate tomorrow.",
        "Trendelenburg for line placement, Seldinger technique, CXR ordered.",
        "NEURO: A&Ox3, MAE, follows commands. PERRLA. Strength 5/5 bilat UE, 4/5 LE.",
        "CV: NSR 70s-80s, SBP 110-130s. Pedal pulses palp. +1 edema BLE.",
        "RESP: LS coarse bilat, on {N}L NC, sats 94-97%. Weaned to RA by {TIME}.",
        "GI/GU: Abd soft, NT/ND, +BS. Tol PO. Foley draining clear yellow urine, "
        "UOP 40-60 cc/hr.",
        "SKIN: Intact, stage II on coccyx, dsg changed. Braden 14.",
        "PAIN: c/o 3/10 pain at {TIME}, given Tylenol 650 mg PO w/ relief.",
        "SOCIAL: {REL} called at {TIME}, updated on plan of care. Call back # {PHONE}.",
        "Spoke with {REL} who will visit tomorrow; {REL} is HCP.",
        "Pt's daughter requests updates be sent to {EMAIL}.",
        "Pt repeatedly asking for {REL}. Reoriented. Sitter at bedside.",
        "Pt seen by {DR} at {TIME}, new orders received and carried out.",
        "Night uneventful. Pt slept 4-5 hrs. Plan to d/c to {HOSP} once bed available.",
    ],
    "social": [
        "Lives in {CITY} with {REL}. Former machinist, retired {DATE}.",
        "Lives at {ADDR} with {REL}. Independent w/ ADLs.",
        "Pt is from {CITY}; moved here in {YY} to be near {REL}.",
        "Resides at {HOSP} (SNF) since {DATE}. Quit smoking in {YY}, 40 pk-yr hx.",
        "Emergency contact: {REL}, {PHONE}.",
        "Denies EtOH, IVDU. Works as a teacher in {CITY}.",
    ],
    "radiology": [
        "There is a {N} mm nodule in the RUL, unchanged from {DATE}.",
        "No focal consolidation, effusion or pneumothorax. Heart size nl.",
        "Patchy opacity in the LLL concerning for {DX}.",
        "Small b/l pleural effusions, increased since prior exam dated {DATE}.",
        "ETT tip 4 cm above carina. NGT tip in stomach. R IJ CVC tip in SVC.",
        "Findings were discussed with {DR} by telephone at {TIME} on {DATE}.",
        "Images sent to outside read at {URL} from workstation {IP}.",
    ],
    "plan": [
        "Lovenox 40 mg SC daily for DVT ppx; Protonix 40 mg daily; Plavix held.",
        "Check Hgb A1c, TSH, ferritin, Lp(a). Chem 10 in AM.",
        "Tinel and Phalen signs positive R; EMG as outpatient.",
        "F/u with {DR} in 1-2 wks; appt {DATE} at {TIME}. Clinic phone {PHONE}, fax {FAX}.",
        "Continue Lasix 40 mg PO daily, metoprolol 25 mg BID, ASA 81 mg daily.",
        "Repeat BMP in AM. Check PT/INR, goal INR 2-3. PT 17.5, INR 1.6 today.",
        "Dispo: d/c to home w/ VNA vs {HOSP}, pending PT/OT eval.",
        "Pt to call {PHONE} with questions. Portal: {URL}.",
        "Discussed with attending {DR}, who agrees with plan.",
        "Insurance: Medicare ID {HP}. Acct # {ACCT}. SSN {SSN} verified for billing.",
    ],
}
