"""The cue file: each clinical sense picked from its context, ordinary words left alone, and
the file format's errors (one line, file and row, never a cue's match)."""

from __future__ import annotations

import pytest

from meddx.errors import DataError
from meddx.text import build_abbreviation_model, find_abbreviations, load_inventory
from tests._support.abbrev import fake_embed, notes


@pytest.fixture(scope="module")
def model(inventory):
    # The learned part is a toy here (hashed words, no abstracts): the cues must do the work.
    return build_abbreviation_model(inventory, fake_embed, notes=notes(20), use_demo=False)


CASES = [
    # (text, short form as written, expected sense)
    ("Sat 95% on RA, no distress.", "RA", "room air"),
    ("Weaned from 2L NC to RA overnight.", "RA", "room air"),
    ("PMH: HTN, RA on methotrexate.", "RA", "rheumatoid arthritis"),
    ("TTE: dilated RA, moderate TR.", "RA", "right atrium"),
    ("s/p PE 2019 on apixaban.", "PE", "pulmonary embolism"),
    ("PE: HEENT NCAT, lungs CTAB.", "PE", "physical exam"),
    ("CXR: small L PE with atelectasis.", "PE", "pleural effusion"),
    ("G1P0 at 33 wks, BP 160/100 and proteinuria, severe PE.", "PE", "pre-eclampsia"),
    ("Lungs: BS clear bilaterally.", "BS", "breath sounds"),
    ("Abd soft, NT/ND, BS + x4.", "BS", "bowel sounds"),
    ("FSBS 245, BS covered with SSI.", "BS", "blood sugar"),
    ("BS 62 this AM, given juice.", "BS", "blood sugar"),
    ("Altered MS, ammonia 98.", "MS", "mental status"),
    ("Relapsing-remitting MS on ocrelizumab.", "MS", "multiple sclerosis"),
    ("MS 4 mg IV q4h prn pain.", "MS", "morphine sulfate"),
    ("Severe MS, MVA 0.9 cm2.", "MS", "mitral stenosis"),
    ("PT is a 64 yo female with dysuria.", "PT", "patient"),
    ("PT eval: ambulates 50 ft with walker.", "PT", "physical therapy"),
    ("PT 18.2, INR 1.6.", "PT", "prothrombin time"),
    ("DP and PT pulses 2+ bilaterally.", "PT", "posterior tibial"),
    ("Hypercapnic ARF requiring intubation.", "ARF", "acute respiratory failure"),
    ("ARF on CKD, Cr 4.1, likely prerenal.", "ARF", "acute renal failure"),
    ("Last BM 3 days ago, start senna.", "BM", "bowel movement"),
    ("BM biopsy shows 60% blasts.", "BM", "bone marrow"),
    ("Spontaneous ROM at 0300, clear fluid.", "ROM", "rupture of membranes"),
    ("Shoulder with limited ROM.", "ROM", "range of motion"),
    ("CA 19-9 elevated at 450.", "CA", "carbohydrate antigen"),
    ("Corrected CA 8.1.", "CA", "calcium"),
    ("Hx breast CA s/p lumpectomy.", "CA", "cancer"),
    # lowercase forms of short forms that are also English-looking words
    ("Tylenol 650 mg pr q6h prn fever.", "pr", "per rectum"),
    ("Viral vs bacterial pneumonia, send procalcitonin.", "vs", "versus"),
    ("24 hr urine protein 3.2 g.", "hr", "hour"),
    ("QTc 460 ms on ECG.", "ms", "milliseconds"),
    ("Vanc DCd as cultures negative.", "DC", "discontinue"),
    # the second batch of short forms
    ("Airway: MP III, TMD 3 FB.", "MP", "mallampati"),
    ("Synovitis of the 2nd MP joint bilaterally.", "MP", "metacarpophalangeal"),
    ("HEENT: OP clear, MMM, no exudate.", "OP", "oropharynx"),
    ("Post-OP day 1, ambulating.", "OP", "operation"),
    ("LP with OP 30 cm H2O.", "OP", "opening pressure"),
    ("Free T3 5.2, TSH suppressed.", "T3", "triiodothyronine"),
    ("T3 1 tab q6h prn pain, disp #10.", "T3", "tylenol #3"),
    ("Lungs CTA bilaterally.", "CTA", "clear to auscultation"),
    ("CTA head and neck: no LVO.", "CTA", "computed tomography angiography"),
    ("Incision C/D/I, no erythema; dressing CDI.", "CDI", "clean, dry, intact"),
    ("Recurrent CDI on PO vanc taper.", "CDI", "clostridium difficile infection"),
    ("Low C3 and C4, dsDNA positive.", "C3", "complement component 3"),
    ("Disc herniation at C3-C4 with cord signal.", "C3", "third cervical vertebra"),
    ("Lantus 10 units plus SS insulin AC/HS.", "SS", "sliding scale"),
    ("Cath: 90% stenosis of the PDA.", "PDA", "posterior descending artery"),
    ("Preterm infant with large PDA, start ibuprofen.", "PDA", "patent ductus arteriosus"),
    # "IT" in capitals mid-sentence (it used to be read as the pronoun)
    ("Methotrexate 12 mg IT on day 1.", "IT", "intrathecal"),
    ("Baclofen trial via IT catheter.", "IT", "intrathecal"),
    ("Right ovarian IT on pathology, AFP elevated.", "IT", "immature teratoma"),
    # the third batch of short forms (session 8; rule in docs/benchmarks.md, "wider coverage")
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
def test_each_sense_from_its_context(model, text, short, sense):
    found = [r for r in model.resolve([text])[0] if r.short == short]
    assert len(found) == 1, f"{short} not found once in {text!r}"
    got = found[0]
    assert model.inventory.sense(short.lower(), got.sense or "") is \
        model.inventory.sense(short.lower(), sense), (text, got)
    assert got.cues, "the decision names the cue rows behind it"
    assert got.as_dict()["cues"] == list(got.cues)


@pytest.mark.parametrize("text", [
    "She was as well as could be expected.",
    "Take it with or without food.",
    "She moved to the US in 2010.",
    "He is a pt of mine? no: he is a patient.",
    "Call the hr department; he was a pr person.",
])
def test_ordinary_words_left_alone(inventory, text):
    shorts = {m.short.lower() for m in find_abbreviations(text, inventory)}
    assert not shorts & {"as", "or", "us", "it", "is", "he", "hr", "pr"}


def test_caps_neighbours_that_are_short_forms_do_not_hide_a_mention(inventory):
    found = [m.short for m in find_abbreviations("ECG: NSR, PR 220 ms, QRS narrow.", inventory)]
    assert "PR" in found
    assert not find_abbreviations("PLEASE CALL THE OR NURSE", inventory, keys={"or"})


def test_only_the_clinical_senses_are_candidates(inventory):
    pe = inventory.senses["pe"]
    names = {pe[i].name for i in inventory.candidates("pe")}
    assert "physical education" not in names
    assert {"pulmonary embolism", "physical exam", "pleural effusion"} <= names
    # an alias merged two inventory senses into one
    nad = [s.name for s in inventory.senses["nad"]]
    assert "no acute distress" not in nad and "no apparent distress" in nad


def test_user_cue_file_adds_a_sense_an_alias_and_a_cue(tmp_path):
    f = tmp_path / "mine.tsv"
    f.write_text("short\tsense\tkind\tweight\ttext\n"
                 "# our ward's usage\n"
                 "pe\tpectus excavatum\tsense\t5\t\n"
                 "pe\tpectus excavatum\talias\t\tfunnel chest\n"
                 "pe\tpectus excavatum\tcue\t20\t(?:sunken chest|chest wall)\\W+@\n",
                 encoding="utf-8")
    inv = load_inventory(cues=[f])
    sense = inv.sense("pe", "funnel chest")
    assert sense is not None and sense.name == "pectus excavatum"
    text = "Chest wall: PE, otherwise normal."
    start = text.index("PE")
    scores = inv.cues.score(text, start, start + 2, "pe")
    assert max(scores, key=lambda k: scores[k][0]) == "pectus excavatum"
    assert not load_inventory(bundled_cues=False).cues.cues


@pytest.mark.parametrize(("body", "message"), [
    ("short\tsense\tkind\n", "missing column(s) weight, text"),
    ("short\tsense\tkind\tweight\ttext\npe\tx\tmaybe\t1\ty\n", "kind must be one of"),
    ("short\tsense\tkind\tweight\ttext\npe\tx\tcue\t1\t(unclosed @\n", "not a valid regular"),
    ("short\tsense\tkind\tweight\ttext\npe\tx\tnear\tmany\tword\n", "weight must be a number"),
    ("short\tsense\tkind\tweight\ttext\npe\tx\tnear\t2\t\n", "needs text"),
    ("# only a comment\n", "no rows"),
])
def test_bad_cue_file_is_one_line_naming_file_and_row(tmp_path, body, message):
    f = tmp_path / "cues.tsv"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_inventory(cues=[f])
    text = str(err.value)
    assert message in text and "cues.tsv" in text and "\n" not in text
    if "row" in body:
        assert "row 2" in text


def test_abbrev_file_streams_and_resumes(model, tmp_path):
    import json

    from meddx.text import abbreviate_file

    src = tmp_path / "notes.jsonl"
    texts = [f"Note {i}: sat 9{i % 10}% on RA, hx RA on MTX." for i in range(7)]
    src.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(texts)))
    full = tmp_path / "full.jsonl"
    s = abbreviate_file(model, src, full, batch=3)
    assert s["rows"] == 7 and s["resumed_after"] == 0
    assert not list(tmp_path.glob("*.partial*"))
    expected = full.read_text()
    # A run stopped after 4 notes, the 5th half-written: the next run keeps those 4, redoes
    # the torn one, and ends with the same file.
    out = tmp_path / "out.jsonl"
    lines = expected.splitlines(keepends=True)
    partial = tmp_path / "out.jsonl.partial"
    partial.write_text("".join(lines[:4]) + lines[4][:10])
    from meddx._io import stamp_path as _stamp_path
    from meddx.text._abbrev_file import _stamp

    _stamp_path(partial).write_text(json.dumps(_stamp(src, "annotate", "text", "id")))
    s = abbreviate_file(model, src, out, batch=3)
    assert s["resumed_after"] == 4 and s["rows"] == 7
    assert out.read_text() == expected
    # Another input (or mode) never reuses a partial file.
    partial.write_text(lines[0])
    _stamp_path(partial).write_text(json.dumps(_stamp(src, "expand", "text", "id")))
    s = abbreviate_file(model, src, out, batch=3)
    assert s["resumed_after"] == 0 and out.read_text() == expected


def test_abbrev_file_failing_before_any_note_leaves_no_partial_files(model, tmp_path):
    """A bad input (here a byte that is not UTF-8 in row 2) fails with its one line; with
    nothing written there is nothing to resume, so no empty OUTPUT.partial is left behind,
    while a partial that holds notes is kept for the next run (the test above)."""
    from meddx.text import abbreviate_file

    src = tmp_path / "notes.csv"
    src.write_bytes(b"id,text\n1,sat 95% on RA\n2,hx RA caf\xe9\n")
    out = tmp_path / "out.jsonl"
    with pytest.raises(DataError, match="row 2, column 'text'"):
        abbreviate_file(model, src, out, batch=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.csv"]


def test_abbrev_file_output_through_a_symlink_keeps_the_link(model, tmp_path):
    import json

    from meddx.text import abbreviate_file

    src = tmp_path / "notes.jsonl"
    src.write_text(json.dumps({"id": 1, "text": "hx RA on MTX."}) + "\n")
    store = tmp_path / "store"
    store.mkdir()
    (store / "real.jsonl").write_text("old\n")
    link = tmp_path / "out.jsonl"
    link.symlink_to(store / "real.jsonl")
    s = abbreviate_file(model, src, link, batch=3)
    assert s["rows"] == 1 and link.is_symlink()
    assert json.loads((store / "real.jsonl").read_text())["id"] == "1"
    assert sorted(p.name for p in store.iterdir()) == ["real.jsonl"]  # no partial left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.jsonl", "out.jsonl", "store"]
