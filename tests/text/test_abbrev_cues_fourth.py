"""The fourth batch of cue rows (session 9, branch abbrev4): the remaining candidates of the rule in
docs/benchmarks.md ("wider coverage"). Each sense picked from its context by its cue rows (the
learned part is a toy here), the block's rows complete, PES left out on purpose."""

from __future__ import annotations

import pytest

from meddx.text import build_abbreviation_model, short_key
from tests._support.abbrev import fake_embed, notes

FOURTH = ("dds v2 anc s1 cts l3 alt fdg co2 nr c7 ft ll dtr pxr exp inf ivp p2 pip depo cde mph "
          "sbe lr st est rpt td tp ddd a1 ema bd dd pf ls nf thal").split()
MARK = "# ---- Added for the remaining candidates (session 9"


@pytest.fixture(scope="module")
def model(inventory):
    return build_abbreviation_model(inventory, fake_embed, notes=notes(20), use_demo=False)


CASES = [
    ("Crown placed by her dentist, J. Ortiz, DDS, last spring.", "DDS",
     "doctor of dental surgery"),
    ("Bactrim allergy, on DDS 100 mg daily for PJP ppx.", "DDS", "4,4'-diaminodiphenylsulfone"),
    ("Q waves V1-V2 on today's ECG.", "V2", "v2 lead of ekg"),
    ("Vesicles in the V2 distribution of the trigeminal nerve.", "V2",
     "maxillary nerve (v2 of cn5)"),
    ("ANC 350 after chemo, neutropenic precautions.", "ANC", "absolute neutrophil count"),
    ("Forms sent to ANC services for the walker.", "ANC", "ancillary"),
    ("Normal S1 and S2, no murmur.", "S1", "first heart sound"),
    ("Disc bulge at L5-S1 with sciatica.", "S1", "sacral disc 1"),
    ("Bilateral CTS on EMG, wrist splints at night.", "CTS", "carpal tunnel syndrome"),
    ("CTS consulted for CABG.", "CTS", "cardiothoracic surgery"),
    ("Serial CTs showed no change; serial cts stable.", "cts", "computed tomography scans"),
    ("Both cts to water seal, no air leak.", "cts", "chest tubes"),
    ("Compression fracture at L3, kyphoplasty planned.", "L3", "lumbar 3"),
    ("G4 P3 L3, all vaginal deliveries.", "L3", "3 live births"),
    ("AST 80, ALT 95, bili normal.", "ALT", "alanine aminotransferase"),
    ("Motrin alt with tylenol q3h for fever.", "alt", "alternate"),
    ("FDG-avid nodes on PET.", "FDG", "fluorodeoxyglucose"),
    ("Tube fdg at goal 55 ml/hr.", "fdg", "feeding"),
    ("COPD with CO2 retention, on BiPAP.", "CO2", "carbon dioxide"),
    ("Na 140, K 4.0, Cl 104, CO2 17, gap 19.", "CO2", "bicarbonate"),
    ("RPR NR.", "NR", "nonreactive"),
    ("Disp #30, NR.", "NR", "no refills"),
    ("Rhythm: NR on telemetry.", "NR", "normal rhythm"),
    ("HR: NR, 70s.", "NR", "normal rate"),
    ("Fracture of the C7 spinous process.", "C7", "7th cervical vertebra"),
    ("Check C7 and Mg in the morning.", "C7", "chemistry 7"),
    ("Walked 200 ft with a cane.", "ft", "feet"),
    ("Born FT by NSVD, no complications.", "FT", "full term"),
    ("LL swelling, no DVT on doppler.", "LL", "left leg"),
    ("CXR: bilateral LL opacities.", "LL", "lower lobe"),
    ("Entropion of the left LL, lashes rubbing the eye.", "LL", "lower lid"),
    ("Kidney stones, s/p LL 2019.", "LL", "lithotripsy"),
    ("DTRs 2+ symmetric, toes downgoing.", "DTR", "deep tendon reflexes"),
    ("Spoke with her dtr, who is HCP.", "dtr", "daughter"),
    ("Portable film: PXR with ETT 3 cm above the carina.", "PXR", "portable x-ray"),
    ("CXR and PXR negative in the trauma bay.", "PXR", "pelvic x-ray"),
    ("Scattered exp wheezes.", "exp", "expiratory"),
    ("Taken for exp lap, adhesions lysed.", "exp", "exploratory"),
    ("Occupational exp to asbestos.", "exp", "exposure"),
    ("Heparin inf at 1000 units/hr.", "inf", "infusion"),
    ("ECG: inf Q waves.", "inf", "inferior"),
    ("INF disease following for bacteremia.", "INF", "infectious"),
    ("Zofran 4 mg IVP now.", "IVP", "intravenous push"),
    ("Prior IVP showed a duplicated collecting system.", "IVP", "intravenous pyelogram"),
    ("Loud P2 with RV heave, pulmonary HTN.", "P2", "pulmonic heart sound"),
    ("G3 P2 at 30 wks.", "P2", "para 2"),
    ("Synovitis of the 2nd PIP joint.", "PIP", "proximal interphalangeal joint"),
    ("Vent: PIP 40, plateau 30, PEEP 10.", "PIP", "peak inspiratory pressure"),
    ("Sepsis: vanc and pip/tazo.", "pip", "piperacillin"),
    ("Due for Depo shot for contraception.", "Depo", "depo-provera"),
    ("Knee injected with Depo 40 mg and lidocaine.", "Depo", "depo-medrol"),
    ("Referred to the CDE for insulin teaching.", "CDE", "certified diabetes educator"),
    ("Phaco uneventful, CDE 9.2.", "CDE", "cumulative dissipated energy"),
    ("Restrained driver, MVC at 50 mph.", "mph", "miles per hour"),
    ("Signed: A. Rao, MD, MPH, attending.", "MPH", "master of public health"),
    ("ADHD, on MPH 10 mg bid, poor appetite.", "MPH", "methylphenidate"),
    ("Amoxicillin before dental work for SBE prophylaxis.", "SBE", "subacute bacterial endocarditis"),
    ("Counseled on monthly SBE, mammogram due.", "SBE", "self breast exam"),
    ("1 L LR bolus for hypotension.", "LR", "lactated ringers"),
    ("TMs pearly, normal LR bilaterally.", "LR", "light reflex"),
    ("Sixth nerve palsy: LR weakness, diplopia.", "LR", "lateral rectus"),
    ("LR donor kidney from her brother, on tacrolimus.", "LR", "living related"),
    ("ECG: 3 mm ST elevations in V2-V4.", "ST", "st segment"),
    ("Tele: ST 130s with fever.", "ST", "sinus tachycardia"),
    ("ST eval for dysphagia, thin liquids ok.", "ST", "speech therapy"),
    ("C/o ST and cough x 2 days, strep neg.", "ST", "sore throat"),
    ("EST blood loss 300 ml.", "EST", "estimated"),
    ("Est patient, here for HTN follow-up.", "Est", "established"),
    ("UA: leuk est positive, nitrite negative.", "est", "esterase"),
    ("Rpt CBC in AM.", "Rpt", "repeat"),
    ("Path rpt pending.", "rpt", "report"),
    ("Td booster given for the laceration.", "Td", "tetanus and diphtheria"),
    ("Lip smacking on haloperidol, c/w TD.", "TD", "tardive dyskinesia"),
    ("CO 4.5 by TD on the Swan.", "TD", "thermodilution"),
    ("TP 5.4, albumin 2.2.", "TP", "total protein"),
    ("L2 TP fracture after the fall.", "TP", "transverse process"),
    ("MSE: TP linear and goal directed.", "TP", "thought process"),
    ("TP injections to the trapezius.", "TP", "trigger point"),
    ("PPM in DDD mode, interrogated.", "DDD", "dual sensing, dual pacing, dual response"),
    ("Lumbar DDD on MRI, worst at L5-S1.", "DDD", "degenerative disc disease"),
    ("G2 P1 A1, LMP 5 wks ago.", "A1", "1 abortion"),
    ("Trigger finger, A1 pulley release.", "A1", "a1 pulley"),
    ("Hypoplastic left A1 segment on CTA.", "A1", "a1 segment of anterior cerebral artery"),
    ("Celiac: tTG high, EMA positive.", "EMA", "endomysial antibody"),
    ("Poor sleep with EMA, low mood.", "EMA", "early morning awakening"),
    ("FEV1 up 15% post BD.", "BD", "bronchodilator"),
    ("Amoxicillin 500 mg bd x 5 days.", "bd", "twice a day"),
    ("Hx BD on lithium.", "BD", "bipolar disorder"),
    ("DEXA: low BD, T-score -2.8.", "BD", "bone density"),
    ("Echo: grade 2 DD, EF 60%.", "DD", "diastolic dysfunction"),
    ("DD kidney transplant 2018, on tac.", "DD", "deceased donor"),
    ("DD includes PE vs pneumonia.", "DD", "differential diagnosis"),
    ("PF 220, personal best 380, asthma flare.", "PF", "peak flow"),
    ("PF syndrome, pain with stairs.", "PF", "patellofemoral"),
    ("Albuterol 2 pf q4h prn.", "pf", "puff"),
    ("Fontanelles: AF flat, PF closed.", "PF", "posterior fontanelle"),
    ("MRI LS spine: stenosis at L4-5.", "LS", "lumbosacral"),
    ("LS clear bilaterally.", "LS", "lung sounds"),
    ("Vulvar itching, biopsy c/w LS.", "LS", "lichen sclerosus"),
    ("MLH1 mutation, LS, annual colonoscopy.", "LS", "lynch syndrome"),
    ("Neuro: NF, CN intact.", "NF", "nonfocal"),
    ("Paged by NF overnight for chest pain.", "NF", "night float"),
    ("Known NF type 1 with cafe-au-lait spots.", "NF", "neurofibromatosis"),
    ("Thal stress test with a fixed defect.", "Thal", "thallium"),
    ("Microcytosis, beta thal trait.", "thal", "thalassemia"),
]


# Decided by the cue rows alone: the toy encoder reads "St" in the window as the word "st" of
# "st segment" (the bundled encoder does not: it gives "saint" here too).
CUE_ONLY = [("Transfer from St. Mary's yesterday.", "St", "saint")]


@pytest.mark.parametrize(("text", "short", "sense"), CASES)
def test_each_sense_from_its_context(model, text, short, sense):
    found = [r for r in model.resolve([text])[0] if r.short == short]
    assert len(found) == 1, f"{short} not found once in {text!r}"
    got = found[0]
    key = short_key(short)
    want = model.inventory.sense(key, sense)
    assert want is not None, (key, sense)
    assert got.sense == want.name, (text, got)
    assert got.cues, "the decision names the cue rows behind it"


@pytest.mark.parametrize(("text", "short", "sense"), CUE_ONLY)
def test_cue_rows_alone_decide(inventory, text, short, sense):
    start = text.index(short)
    scores = inventory.cues.score(text, start, start + len(short), short_key(short))
    best = max(scores, key=lambda k: scores[k][0])
    assert inventory.sense(short_key(short), best).name == sense
    others = [w for k, (w, _) in scores.items() if k != best]
    assert scores[best][0] >= max(others, default=0.0) + 4  # a clear margin, not a tie


def test_every_sense_of_the_batch_has_a_case(inventory):
    inv = inventory
    have = {(short_key(s), inv.sense(short_key(s), n).name) for _, s, n in CASES + CUE_ONLY}
    want = {(k, n) for k in FOURTH for n in inv.cues.senses[k]}
    assert have == want


def test_the_block_lists_exactly_the_batch_with_priors_and_cues(inventory):
    from importlib import resources

    text = (resources.files("meddx.text") / "resources" / "abbrev_cues.tsv").read_text("utf-8")
    block = text[text.index(MARK):]
    keys = {ln.split("\t", 1)[0] for ln in block.splitlines() if ln and not ln.startswith("#")}
    assert keys == set(FOURTH)
    book = inventory.cues
    for key in FOURTH:
        senses = {c.sense for c in book.cues[key]}  # every sense has a cue row of its own
        assert len(senses) == len(book.senses[key]) >= 2, key
        assert set(book.priors[key]) == senses, key  # and a prior
        assert all(w > 0 for w in book.priors[key].values()), key


def test_candidates_are_the_listed_senses_and_old_names_are_aliases(inventory):
    for key in FOURTH:
        got = {inventory.senses[key][i].name.lower() for i in inventory.candidates(key)}
        assert got == {n.lower() for n in inventory.cues.senses[key]}, key
    # V2 is the maxillary division; the inventory's "ophthalmic nerve" row is merged into it
    assert inventory.sense("v2", "ophthalmic nerve (of cn5)").name == "maxillary nerve (v2 of cn5)"
    assert inventory.sense("td", "tetanus and diptheria").name == "tetanus and diphtheria"
    assert inventory.sense("alt", "alternating").name == "alternate"


def test_pes_is_left_to_the_fallback(inventory):
    # "pes" is Latin (pes planus, pes anserine), and "PEs" is the plural of PE: no cue rows.
    assert "pes" not in inventory.cues.senses
    from meddx.text import find_abbreviations

    [m] = find_abbreviations("Bilateral PEs on CTA.", inventory, keys={"pe", "pes"})
    assert (m.short, m.key) == ("PE", "pe")
