"""Generic clinics and mistyped generic destinations: no facility names.

A facility word after clinical topic words only names a service, not a place.

"Heart Failure Clinic", "Wound Care Center", "Foot and Ankle Clinic", "SLEEP CLINIC" and
"Anticoagulation Clinic" are services found in every hospital; HIPAA does not ask to hide them.
"Lahey Clinic", "Sacred Heart Clinic" and "Mercy Wound Care Center" keep a word that names
the place and stay facility names. A name is generic when every word before the facility word is
a topic word (a specialty, organ, condition or kind of service), a clinical word of the lexicon,
or a connector ("and", "&", "the").
"""

from __future__ import annotations

import re

from meddx.deid._derived_words import derived
from meddx.deid._lexicon import Lexicon

__all__ = ["CLINIC_TOPICS", "generic_clinic"]

#: Topic words of clinics, centres and programmes; plain English or clinical, never names (also
#: read by the filter of ICU false alarms, ``_icu_false_alarms``).
CLINIC_TOPICS = frozenset(
    "heart failure wound care sleep foot ankle hand spine back neck pain headache memory "
    "diabetes diabetic endocrine endocrinology thyroid lipid lipids anticoagulation coumadin "
    "warfarin inr allergy asthma lung lungs pulmonary chest breast eye eyes vision retina "
    "glaucoma hearing ear nose throat ent voice swallow swallowing kidney renal liver "
    "transplant infectious disease diseases travel weight bariatric obesity vascular vein "
    "veins stroke seizure epilepsy movement disorder disorders sclerosis fertility prenatal "
    "women's womens men's mens family medicine internal primary geriatric geriatrics "
    "pediatric paediatric adolescent teen sports orthopedic orthopaedic fracture cast bone "
    "bones osteoporosis rheumatology arthritis dermatology skin psychiatry psychiatric "
    "behavioral behavioural mental health addiction methadone suboxone smoking cessation "
    "ostomy lymphedema dialysis access device pacemaker arrhythmia hypertension blood "
    "pressure urology urologic gynecology oncology hematology cancer surgery surgical "
    "medical cardiology cardiac gi digestive colorectal hepatology nephrology neurology "
    "neurosurgery podiatry nutrition palliative supportive infusion injection immunization "
    "vaccine vaccination walk-in urgent express outpatient resident residents continuity "
    "faculty free student employee occupational physical therapy rehab rehabilitation "
    "concussion trauma burn burns plastic cosmetic dental oral sleep-disorders hiv std "
    "sti pelvic floor incontinence prostate bladder men women children's childrens kids "
    "newborn baby lactation coag anemia sickle cell cystic fibrosis copd ckd chf afib "
    "general multidisciplinary specialty same-day day evening weekend "
    # session 20: more kinds of service ("Anticoag Clinic", "Transitional Care Clinic",
    # "Preoperative Evaluation Clinic", "Bridge Clinic" for addiction care)
    "anticoag transitional preoperative pre-operative preop pre-op postoperative post-op "
    "evaluation assessment bridge "
    # session 21: "Trauma Recovery Clinic", "outpt ostomy clinic", "Inpatient Psych Unit"
    "recovery outpt inpt inpatient".split())
_CONNECT = frozenset(("and", "&", "the", "of", "for"))
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019&-]*|&")
#: The facility words these names end in.
_HEADS = ("clinic", "clinics", "center", "centre", "program", "programme", "service",
          "services", "unit")


def generic_clinic(name: str, lex: Lexicon) -> bool:
    """Whether ``name`` (a facility name, ending in its facility word) is a generic service:
    every word before the facility word a topic or clinical word or a connector, one at least."""
    words = [w.lower() for w in _WORD.findall(name)]
    if len(words) < 2 or words[-1] not in _HEADS:
        return False
    body = words[:-1]
    if body[-1] == "care" and len(body) == 1:
        return False  # "Care Center" alone is a name's tail, not a topic
    return any(w not in _CONNECT for w in body) and all(
        w in CLINIC_TOPICS or w in _CONNECT or lex.is_medical(w, abbreviations=False)
        or derived(w, lex, clinical=True) for w in body)






