"""De-identification robust to note layout (session 12, deidform12): hard-wrapped lines, CRLF,
tabs, non-breaking spaces, curly quotes and en dashes. The notes were written for this test
(invented names, places and dates), wrapped as a text editor wraps them (``textwrap``)."""

from __future__ import annotations

import textwrap

import pytest

from meddx.deid import DeidConfig, Deidentifier, deidentify_texts, layout_view
from tests._support.deid import covered

PARAGRAPHS = [
    ("Patient is a 67 year old man seen in the heart failure clinic today, accompanied by his "
     "wife. He was seen by Dr. Ignatius Pellworth in cardiology. He was admitted to St. "
     "Brendan's Hospital on March 3, 2019 and discharged home on March 9, 2019; his daughter "
     "lives at 14 Larchmont Street in Quenwick and will drive him to all of his visits."),
    ("Telephone encounter: spoke with the patient's son Teodor Vasquez-Hale who reports that "
     "his mother fell at home on 11/02/2021 and was taken by ambulance to Harrow Valley "
     "Medical Center where she stayed two nights. Call back number 555-0142, best after noon."),
]


@pytest.fixture(scope="module")
def deid() -> Deidentifier:
    return Deidentifier(detectors=["rules", "names", "places"])


def _fill(text: str, width: int) -> str:
    """A text editor's wrap: at spaces only."""
    return textwrap.fill(text, width, break_on_hyphens=False, break_long_words=False)


def _wrapped(width: int) -> str:
    return "\n\n".join(_fill(p, width) for p in PARAGRAPHS) + "\nPlan:\nLasix 40 mg daily.\n"


@pytest.mark.parametrize("width", [57, 61, 68, 72, 80])
@pytest.mark.parametrize(("phrase", "label"), [
    ("Ignatius Pellworth", "NAME"), ("St. Brendan's Hospital", "HOSPITAL"),
    ("March 3, 2019", "DATE"), ("March 9, 2019", "DATE"), ("Teodor Vasquez-Hale", "NAME"),
    ("Harrow Valley Medical Center", "HOSPITAL"), ("555-0142", "PHONE"), ("Quenwick", "LOCATION"),
])
def test_phrases_found_across_a_line_break(deid, width, phrase, label):
    text = _wrapped(width)
    flat = text.replace("\n", " ")
    i = flat.index(phrase)
    spans = deid.detect(text)
    assert any(s.start <= i and i + len(phrase) <= s.end for s in spans), (width, phrase)
    assert any(s.start < i + len(phrase) and i < s.end and s.label in {label, "ADDRESS", "ZIP"}
               for s in spans)


TITLED = ("Kayexalate held per renal after discussion with the fellow and Dr. Quellbrand today. "
          "Potassium rechecked this evening, stable overnight. Addendum by the night team: "
          "spoke with F. Ostervald, RN about the plan and the family was updated at the bedside.")


@pytest.mark.parametrize("width", [40, 60, 66, 72])
def test_a_line_ending_with_a_title_or_an_initial_is_a_wrap(deid, width):
    """"Dr.\nQuellbrand", "F.\nOstervald": a period that ends a title or an initial does not
    end the sentence, so a short note wrapped there is read as wrapped."""
    text = _fill(TITLED, width)
    assert "Dr.\n" in text or "F.\n" in text
    surfaces = {text[s.start:s.end].replace("\n", " ") for s in deid.detect(text)}
    assert "Quellbrand" in surfaces or "Dr. Quellbrand" in surfaces
    assert "F. Ostervald" in surfaces


def test_some_phrase_is_actually_split_by_the_wrap():
    """The table above tests joins: at each width some phrase spans a line break."""
    for width in (57, 61, 68, 72, 80):
        text = _wrapped(width)
        flat = text.replace("\n", " ")
        assert any("\n" in text[flat.index(p):flat.index(p) + len(p)]
                   for p in ("Ignatius Pellworth", "St. Brendan's Hospital", "March 3, 2019",
                             "March 9, 2019", "Harrow Valley Medical Center",
                             "Teodor Vasquez-Hale", "14 Larchmont Street")), width


def test_view_keeps_length_and_undoes_only_editor_wraps():
    text = _wrapped(60)
    view = layout_view(text)
    assert len(view) == len(text)
    assert "\n\n" in view  # paragraph breaks stay
    assert "Plan:\nLasix" in view  # a label line is not joined to the next line
    assert "Ignatius Pellworth" in view


@pytest.mark.parametrize("text", [
    # short lines: a header label and the next line's capitalised word stay apart
    "ASSESSMENT\nParkinson disease, stable on Sinemet.\nPLAN\nContinue current regimen.\n",
    "Attending\nFoley catheter removed this morning.\nConsults\nGraves disease follow up.\n",
    # a sentence ending at a line end, in a note of one paragraph per line
    ("Pt tolerating diet, ambulating in hall with walker, pain controlled on oral meds.\n"
     "Brown stool x1 overnight, guaiac negative, no further episodes noted by staff.\n"
     "Will continue current plan and reassess in the morning with the full team.\n"),
])
def test_look_alikes_across_line_breaks_not_tagged(deid, text):
    assert deid.detect(text) == []


def test_hard_wrapped_look_alikes_not_tagged(deid):
    para = ("Hx of Parkinson's disease on Sinemet, Foley to gravity, Bell's palsy resolved, "
            "Graves disease s/p RAI, Murphy's sign negative, Homans sign negative, Babinski "
            "downgoing, Whipple procedure remote, Tylenol 650 mg PO q6h PRN, Lasix 40 mg IV "
            "given, Will continue current plan, Hope to discharge tomorrow.")
    for width in (60, 78):
        assert deid.detect(_fill(para, width) + "\n" + _fill(para, width)) == []


def test_crlf_offsets_exact(deid):
    lf = "Seen by Dr. Ignatius Pellworth on 03/04/2019.\nCall 555-0142.\nRTC 2 weeks.\n"
    crlf = lf.replace("\n", "\r\n")
    got = [(crlf[s.start:s.end], s.label) for s in deid.detect(crlf)]
    want = [(lf[s.start:s.end], s.label) for s in deid.detect(lf)]
    assert got == want and ("Ignatius Pellworth", "NAME") in got


@pytest.mark.parametrize(("space", "quote", "dash"), [
    ("\u00a0", "\u2019", "\u2013"), ("\t", "'", "-"), ("\u202f", "\u2019", "\u2011"),
])
def test_nbsp_tabs_quotes_dashes_offsets_exact(deid, space, quote, dash):
    text = (f"Seen by Dr.{space}Ignatius{space}Pellworth at St.{space}Brendan{quote}s Hospital "
            f"on March{space}3, 2019. Call 555{dash}0142.")
    spans = deid.detect(text)
    surfaces = {text[s.start:s.end] for s in spans}
    assert f"Ignatius{space}Pellworth" in surfaces
    assert f"555{dash}0142" in surfaces
    assert any(f"Brendan{quote}s Hospital" in x for x in surfaces)
    assert any(f"March{space}3, 2019" in x for x in surfaces)


def test_redaction_keeps_the_original_layout(deid):
    text = "Seen by Dr.\u00a0Ignatius Pellworth.\r\nCall 555\u20130142.\r\n"
    out = Deidentifier(detectors=["rules", "names", "places"]).deidentify(text).text
    assert "Pellworth" not in out and "0142" not in out
    assert out.count("\r\n") == 2 and "Dr.\u00a0" in out


def test_corpus_path_reads_the_view():
    text = _wrapped(60)
    cfg = DeidConfig(detectors=["rules", "names", "places"])
    out, _ = deidentify_texts([text, "Follow up with Dr. Pellworth next week."], cfg)
    assert "Pellworth" not in out[0] and "Brendan" not in out[0]
    assert "Pellworth" not in out[1]
    assert covered(Deidentifier(detectors=["rules", "names", "places"]), text, "Pellworth", "NAME")


# Tables (session 15, tidy15): the rows of a table are not an editor's wrap, so the view keeps
# them apart: one row's last cell never runs into the next row's first (invented names).
TABLE_PROSE = _fill(
    "Patient seen on the ward this morning with her husband at the bedside, comfortable and in "
    "no distress, tolerating a regular diet and walking the hall twice with physical therapy; "
    "plan as below after discussion with the primary team and the family.", 72)
TABLES = {
    "pipes": ("| Role        | Name                         | Pager             |\n"
              "| Attending   | Dr. Ignatius Pellworth       | 4471              |\n"
              "| Resident    | Mara Quellbrand              | 4472              |\n"
              "| Nurse       | Teodor Vasquez-Hale          | 4473              |\n"),
    "inner pipes": ("Attending   | Dr. Ignatius Pellworth     | pager 4471 | Quenwick\n"
                    "Resident    | Mara Quellbrand            | pager 4472 | Harrowgate\n"
                    "Nurse       | Teodor Vasquez-Hale        | pager 4473 | Larchmont\n"),
    "tabs": ("03/04 0800\tHR 88\tBP 122/80\tSpO2 97% RA\tturned q2h\tRN Quellbrand Alma\n"
             "Quenwick ED\tHR 92\tBP 118/76\tSpO2 96% RA\tup to chair\tRN Ostervald Teo\n"
             "Harrowgate\tHR 90\tBP 120/78\tSpO2 97% 2L\tambulated\tDr. Pellworth Ignatius\n"),
    "spaces": ("Attending      Dr. Ignatius Pellworth       cardiology   Quellbrand\n"
               "Resident       Mara Quellbrand              medicine     Pellworth\n"
               "Nurse          Teodor Vasquez-Hale          step-down    Ostervald\n"),
    "flowsheet": ("0800 HR 88 BP 122/80 SpO2 97% RA RN Quellbrand\n"
                  "1000 HR 92 BP 118/76 SpO2 96% RA RN Ostervald\n"
                  "1200 HR 90 BP 120/78 SpO2 97% RA RN Pellworth\n"
                  "1400 HR 86 BP 116/74 SpO2 98% RA RN Vasquez\n"),
}


@pytest.mark.parametrize("name", sorted(TABLES))
@pytest.mark.parametrize("with_prose", [False, True])
def test_table_rows_stay_apart(name, with_prose):
    table = TABLES[name]
    text = TABLE_PROSE + "\n\n" + table if with_prose else table
    view = layout_view(text)
    assert len(view) == len(text)
    assert view[len(text) - len(table):].count("\n") == table.count("\n"), name
    if with_prose:  # the wrapped paragraph above the table is still joined
        assert view.startswith(TABLE_PROSE.replace("\n", " "))


@pytest.mark.parametrize("width", [57, 68, 80])
def test_wrapped_prose_with_double_spaces_still_joins(width):
    """Two spaces after a sentence's end are typing, not a column: the wraps are undone."""
    text = _fill("  ".join(p.replace(". ", ".  ") for p in PARAGRAPHS), width)
    assert "\n" in text
    assert "\n" not in layout_view(text)


@pytest.mark.parametrize("width", [57, 68, 80])
def test_wrapped_prose_with_tabs_for_spaces_still_joins(width):
    """A tab typed for a space now and then is not a table: the cells would be long."""
    text = _fill(" ".join(PARAGRAPHS), width)
    text = "".join("\t" if c == " " and i % 6 == 0 else c for i, c in enumerate(text))
    assert text.count("\t") > 10
    view = layout_view(text)
    assert "\n" in text and "\n" not in view


def test_a_name_ending_a_table_row_does_not_run_into_the_next_row(deid):
    rows = ("Attending      cardiology consult, seen and examined, Dr. Pellworth\n"
            "Grace          wound care follow up, dressing changed by Mara\n")
    text = rows * 2
    assert "Pellworth\nGrace" in layout_view(text)
    assert not any("\n" in text[s.start:s.end] for s in deid.detect(text))
