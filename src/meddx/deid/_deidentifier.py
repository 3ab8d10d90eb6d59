"""The de-identifier: run the detectors, merge their spans, replace them with an operator."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from meddx.deid._caps_guard import caps_guard
from meddx.deid._case_view import case_view_read
from meddx.deid._corpus import facility_aliases, learned_facilities
from meddx.deid._crf_guard import outside_rules
from meddx.deid._detector import Detector, build_detectors
from meddx.deid._facility_carry import cued_forms
from meddx.deid._facility_parts import facility_part_spans
from meddx.deid._icu_false_alarms import NoteVerdicts, drop_false_alarms
from meddx.deid._labels import relabel
from meddx.deid._layout_view import layout_view
from meddx.deid._leak import PhiRecorder
from meddx.deid._ner_confirm import NER_GUARDS, confirm_ner
from meddx.deid._ner_labels import defer_ner_labels
from meddx.deid._operators import OPERATORS, Operator, apply_operator
from meddx.deid._plain_alarms import drop_plain_alarms
from meddx.deid._propagate import name_occurrence_ok, name_part_spans
from meddx.deid._span import Span, merge_spans
from meddx.deid._times import is_time_of_day
from meddx.errors import ConfigError

if TYPE_CHECKING:
    from meddx.deid._settings import DeidConfig

__all__ = ["DEFAULT_DETECTORS", "DeidResult", "Deidentifier", "deidentify_corpus", "deidentify_texts"]

DEFAULT_DETECTORS = ("rules", "names", "places", "crf")
_CHUNK = 64
_FIRST_WORD = re.compile(r"[^\W_]+")


@dataclass
class DeidResult:
    """The transformed text and the merged spans (offsets into the input text)."""

    text: str
    spans: list[Span] = field(default_factory=list)


class Deidentifier:
    """Detect PHI with the named detectors, merge overlaps, replace with the ``mode`` operator.

    Times of day are PHI only with ``times=True``; otherwise a DATE span of any detector
    that holds only a time ("0600", "6pm", "14:30") is dropped. ``ner_guard="off"`` keeps
    the ``ner`` spans that no other detector's span overlaps (:func:`confirm_ner` not run).

    >>> Deidentifier(mode="redact").deidentify("Seen by Dr. Smith on 7/22.").text
    'Seen by Dr. [NAME] on [DATE].'
    """

    def __init__(
        self, *, detectors: Sequence[str] = DEFAULT_DETECTORS, mode: str = "redact",
        labels: Sequence[str] | None = None, ner_model: str | None = None,
        consistent: bool = True, times: bool = False, crf_model: str | None = None,
        ner_guard: str = "on", facility_forms_across_notes: bool | str = "cued",
        **operator_options: Any,
    ) -> None:
        if ner_guard not in NER_GUARDS:
            raise ConfigError(f"ner_guard must be one of {', '.join(NER_GUARDS)}; "
                              f"got {ner_guard!r}")
        if not (isinstance(facility_forms_across_notes, bool) or facility_forms_across_notes == "cued"):
            raise ConfigError("facility_forms_across_notes must be true, false or 'cued'; "
                              f"got {facility_forms_across_notes!r}")
        self.ner_guard = ner_guard
        self.detectors: list[Detector] = build_detectors(list(detectors), ner_model=ner_model,
                                                         times=times, crf_model=crf_model)
        self.times = times
        self.mode = mode
        self.labels = frozenset(labels) if labels else None
        self.consistent = consistent
        self.across_notes = facility_forms_across_notes
        self.operator: Operator = OPERATORS.get(mode)(**operator_options)

    @classmethod
    def from_config(cls, cfg: DeidConfig) -> Deidentifier:
        return cls(detectors=cfg.detectors, mode=cfg.mode, labels=cfg.labels,
                   ner_model=cfg.ner_model, consistent=cfg.consistent, times=cfg.times,
                   crf_model=cfg.crf_model, ner_guard=cfg.ner_guard,
                   facility_forms_across_notes=cfg.facility_forms_across_notes,
                   mask_style=cfg.mask_style, seed=cfg.seed, max_shift_days=cfg.max_shift_days)

    def detect(self, text: str) -> list[Span]:
        """Merged, sorted, disjoint PHI spans of ``text``."""
        return self.detect_many([text])[0]

    def detect_many(self, texts: Sequence[str]) -> list[list[Span]]:
        """:meth:`detect` for several texts; detectors with ``detect_many`` (the NER model)
        get them in one call, so their windows are batched across notes. With ``consistent``,
        the facilities a text names are redacted in it under their short forms too ("Linden
        Hill" of "Linden Hill Manor"), and in the other texts as ``facility_forms_across_notes``
        says (by default where a facility cue stands by them: :func:`cued_forms`), and so are
        the names that recur after "transferred from" in all of them. The detectors read each
        text's :func:`layout_view` (plain spacing, editor wraps undone; the same offsets)."""
        return self._detect_viewed(list(map(layout_view, texts)))

    def _detect_viewed(self, texts: Sequence[str]) -> list[list[Span]]:
        """:meth:`detect_many` on texts that are already their :func:`layout_view`."""
        notes = [NoteVerdicts() for _ in texts]  # the filter's verdicts, kept over its passes
        found = self._detect_each(texts, notes)
        full = self.across_notes is True
        shared = _keyed(facility_forms(texts, found, aliases=full)) if self.consistent else []
        # the short forms of a note's own facilities in that note, and (cued) those of other
        # notes that it shows with a facility cue; all of them everywhere with across_notes
        # True (across notes they were mostly false spans, sessions 26 and 27)
        own = note_facility_forms(texts, found, self.across_notes) if self.consistent and not full \
            else [[] for _ in texts]
        keyed = [[*shared, *_keyed(forms)] for forms in own]
        # the filter runs again after the note-level passes (and after the facility parts in
        # _detect): they copy a value to its other places in the note, where it must be dropped
        # again; it only drops or trims spans, so running it more than once is safe
        return [drop_false_alarms(t, drop_plain_alarms(t, self._within_note(t, spans, key)), note)
                for t, spans, note, key in zip(texts, found, notes, keyed, strict=True)]

    def _detect_each(self, texts: Sequence[str],
                     notes: Sequence[NoteVerdicts] | None = None) -> list[list[Span]]:
        """The detectors' merged spans per text, before any consistency pass (``notes``: the
        false-alarm filter's verdicts per text, shared with the caller's later pass)."""
        if notes is None:
            notes = [NoteVerdicts() for _ in texts]
        found: list[list[Span]] = [[] for _ in texts]
        batched = [d for d in self.detectors if getattr(d, "detect_many", None) is not None]
        single = [d for d in self.detectors if d not in batched]
        recased: list[str | None] = []  # lines typed in lower case, re-cased (or None)
        runs: list[list[tuple[int, int]]] = []  # the words the view re-cased there
        for acc, text in zip(found, texts, strict=True):  # note by note: tokens are cached
            for det in single:
                acc.extend(det.detect(text))
            acc[:] = caps_guard(text, acc, single)  # "NEXT CLINIC" in capitals: not repeated
            spans, whole, cased = case_view_read(text, single, acc)  # lower case or caps
            acc.extend(spans)
            recased.append(whole)
            runs.append(cased)
        if not self.times:  # times of day are not PHI (Safe Harbor), whoever tagged them
            found = [[s for s in spans if self._kept(t, s)]
                     for t, spans in zip(texts, found, strict=True)]
        # what the note-by-note detectors found: a crf span inside one of these needs no guard
        # (detect_covered). Not the ner's spans: confirm_ner below drops the ner spans that no
        # other detector overlaps, so a crf span they cover must still be built.
        covers = [list(spans) for spans in found]
        for det in batched:
            got = _batched(det, list(texts), covers)
            # a note typed flat is read a second time re-cased ("at ucsf", "from brookside"):
            # what that reading finds where nothing was found stands beside the first reading
            flat = [k for k, r in enumerate(recased) if r is not None]
            taken = {k: _taken(len(texts[k]), (*got[k], *found[k])) for k in flat}
            if getattr(det, "detect_covered", None) is not None:  # note by note (the crf): a
                # note whose re-cased words all lie in spans found already gets no span from
                # a second reading (below): it is not read again (session 20)
                flat = [k for k in flat if _uncovered_runs(taken[k], runs[k])]
            if flat:
                again = _batched(det, [recased[k] or "" for k in flat], [covers[k] for k in flat])
                for k, spans in zip(flat, again, strict=True):
                    # a word the view re-cased: the sentence case alone brings no span (the
                    # review: "murphy sign", "epley maneuver")
                    proper = _marked(len(texts[k]), runs[k])
                    got[k] += [s for s in spans if not any(taken[k][s.start:s.end])
                               and any(proper[s.start:s.end])]
            for acc, text, spans in zip(found, texts, got, strict=True):
                acc.extend(s for s in spans if self._kept(text, s))
        if self.ner_guard == "on":  # off: every ner span stays (deid.ner_guard)
            found = [confirm_ner(t, spans) for t, spans in zip(texts, found, strict=True)]
        # the false alarms of ICU text (services as places, equipment, scores as dates, ordinary
        # words as names) go before the note-level passes, so they are never propagated
        # (and the word classes of PHI-sparse notes: contractions, levels of care, values)
        out = [drop_false_alarms(t, drop_plain_alarms(t, merge_spans(relabel(
            t, defer_ner_labels(outside_rules(t, spans))))), note)
            for t, spans, note in zip(texts, found, notes, strict=True)]
        if self.consistent:  # "John Smith" ... "smith": the parts of names, within the note
            out = [merge_spans([*spans, *parts]) if (parts := name_part_spans(t, spans)) else spans
                   for t, spans in zip(texts, out, strict=True)]
            out = [drop_false_alarms(t, facility_part_spans(t, spans), note)
                   for t, spans, note in zip(texts, out, notes, strict=True)]
        if self.labels is not None:
            out = [[s for s in spans if s.label in self.labels] for spans in out]
        return out

    def _kept(self, text: str, span: Span) -> bool:
        """Whether ``span`` passes the times-of-day filter of :meth:`_detect_each`."""
        return self.times or span.label != "DATE" or not is_time_of_day(text, span.start, span.end)

    def _within_note(self, text: str, spans: list[Span],
                     shared: Sequence[tuple[str, str, str]] = ()) -> list[Span]:
        """With ``consistent``, every other occurrence in the note of a PHI string found in it
        ("Dr. Okonkwo ... Okonkwo agreed") is a span too, unless its span was read in its
        context only (``Span.propagate`` False: "back to noble", not "noble gases"), and so
        is every (key word, string, label) of ``shared`` (key word: its longest, which the
        note must hold)."""
        if not self.consistent or (not spans and not shared):
            return spans
        low = text.lower()
        # Cheap filter first: only a span whose text occurs again can add anything.
        counts: dict[str, bool] = {}  # one test per distinct word: linear on a 5 MB note too

        def twice(span: Span) -> bool:
            w = _FIRST_WORD.search(low, span.start, span.end)
            if w is None:
                return False
            word = w.group()
            if word not in counts:  # a second occurrence after the first (low.count(word) > 1)
                counts[word] = low.find(word, low.find(word) + len(word)) >= 0
            return counts[word]

        again = [s for s in _propagating(spans) if twice(s)]
        if shared:
            words = set(_FIRST_WORD.findall(low))
            shared = [(v, lab) for first, v, lab in shared if first in words]
        if not again and not shared:
            return spans
        found = PhiRecorder()
        found.add_spans(text, again)
        for value, label in shared:
            found.add(value, label)
        return _add_occurrences(text, spans, found)[0]

    def transform(self, text: str, spans: list[Span], *, patient: str = "") -> str:
        return apply_operator(text, spans, self.operator, patient=patient)

    def deidentify(self, text: str, *, patient: str = "") -> DeidResult:
        spans = self.detect(text)
        return DeidResult(self.transform(text, spans, patient=patient), spans)


def deidentify_texts(
    texts: Sequence[str], cfg: DeidConfig, *, patients: Sequence[str] | None = None,
    quiet: bool = True, recorder: PhiRecorder | None = None,
) -> tuple[list[str], dict[str, Any]]:
    """De-identify ``texts`` as ``cfg`` says; returns the new texts and a summary for the data
    card (the config and the count of spans per PHI type; never PHI itself). ``recorder``
    keeps the PHI strings found, in memory, for the leakage scan of the run's artifacts."""
    summary: dict[str, Any] = {"enabled": cfg.enabled, **cfg.model_dump(mode="json")}
    if not cfg.enabled:
        return list(texts), summary
    deid = Deidentifier.from_config(cfg)
    views = list(map(layout_view, texts))  # what the detectors read; the same offsets
    found = PhiRecorder()
    spans: list[list[Span]] = []
    with _transient_bar(len(texts), quiet) as advance:
        for lo in range(0, len(texts), _CHUNK):  # chunks: the NER model batches windows
            chunk = views[lo:lo + _CHUNK]
            # Without the within-note pass: the corpus pass below covers it, and counts it.
            detected = deid._detect_each(chunk) if cfg.consistent else deid._detect_viewed(chunk)
            for text, found_spans in zip(chunk, detected, strict=True):
                spans.append(found_spans)
                found.add_spans(text, _propagating(found_spans))
                advance()
    own: list[list[tuple[str, str]]] = []  # each note's facility short forms, for that note
    if cfg.consistent:
        across = cfg.facility_forms_across_notes
        for value, label in facility_forms(views, spans, aliases=across is True):
            found.add(value, label)
        if across is not True:
            own = note_facility_forms(views, spans, across)
    n_consistent = _consistency_pass(views, spans, found) if cfg.consistent else 0
    for i, forms in enumerate(own):
        if forms:
            note_found = PhiRecorder()
            for value, label in forms:
                note_found.add(value, label)
            spans[i], n = _add_occurrences(views[i], spans[i], note_found)
            n_consistent += n
    counts: Counter[str] = Counter()
    out: list[str] = []
    n_with = 0
    for i, text in enumerate(texts):
        patient = str(patients[i]) if patients is not None else f"row-{i}"
        if recorder is not None:  # what is PHI wherever it occurs, as the pass above
            recorder.add_spans(views[i], _propagating(spans[i]))
        counts.update(s.label for s in spans[i])
        n_with += bool(spans[i])
        out.append(deid.transform(text, spans[i], patient=patient))
    summary.update(n_texts=len(out), n_texts_with_phi=n_with, n_spans_from_consistency=n_consistent,
                   counts_by_type=dict(sorted(counts.items())), n_spans=sum(counts.values()))
    return out, summary


def facility_forms(texts: Sequence[str], spans: Sequence[list[Span]], *,
                   aliases: bool = True) -> list[tuple[str, str]]:
    """(string, label) for the short forms of every facility name found ("Linden Hill" of
    "Linden Hill Manor", "the Agnes", "HVMC"; with ``aliases``) and the names that recur after
    transfer and admission verbs in ``texts``, for a consistency pass to redact everywhere."""
    from meddx.deid._lexicon import lexicon

    lex = lexicon()
    out = [*(facility_short_forms(texts, spans) if aliases else [])]
    for name in learned_facilities(texts, lex):
        out += [(name, "HOSPITAL"), ("the " + name, "HOSPITAL")]  # "at the Wexcombe"
    return list(dict.fromkeys(out))


def facility_short_forms(texts: Sequence[str],
                         spans: Sequence[list[Span]]) -> list[tuple[str, str]]:
    """(string, "HOSPITAL") for the short forms of the facility names found in ``texts``."""
    from meddx.deid._lexicon import lexicon

    lex = lexicon()
    out = []
    for text, found_spans in zip(texts, spans, strict=True):
        for s in found_spans:
            if s.label == "HOSPITAL" and s.propagate:
                out += [(alias, "HOSPITAL") for alias in facility_aliases(text[s.start:s.end], lex)]
    return list(dict.fromkeys(out))


def note_facility_forms(texts: Sequence[str], spans: Sequence[list[Span]],
                        across: bool | str) -> list[list[tuple[str, str]]]:
    """Per text, (string, "HOSPITAL") for the short forms of the facility names found in it
    and, with ``across`` "cued", those of the other texts that it shows with a facility cue
    (:func:`cued_forms`)."""
    own = [facility_short_forms([t], [s]) for t, s in zip(texts, spans, strict=True)]
    if across != "cued":
        return own
    from meddx.deid._lexicon import lexicon

    carried = cued_forms(texts, own, lexicon())
    return [[*mine, *more] for mine, more in zip(own, carried, strict=True)]


def _keyed(forms: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(key word, string, label) of each (string, label): keyed by the string's longest word,
    a cheap test before the word-by-word search."""
    return [(max(words, key=len), v, lab) for v, lab in forms
            if (words := _FIRST_WORD.findall(v.lower()))]


def _propagating(spans: list[Span]) -> list[Span]:
    """The spans whose strings are PHI wherever they occur (``Span.propagate``): a span read
    in its context only ("back to noble") is not repeated ("noble gases")."""
    return [s for s in spans if s.propagate]


def _consistency_pass(texts: Sequence[str], spans: list[list[Span]], found: PhiRecorder) -> int:
    """Redact, in every text, each PHI string found anywhere in the corpus (a name tagged
    after "Dr." in one note but bare in another; ``found`` holds the propagating spans
    only); extends ``spans`` in place and returns the number of spans added. Matching is
    the leakage scan's, so a run's de-identified text can never fail the scan on PHI its
    own detectors found."""
    added = 0
    for i, text in enumerate(texts):
        spans[i], n = _add_occurrences(text, spans[i], found)
        added += n
    return added


def _joined(ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``ranges`` (start, end) sorted, overlapping or touching ones joined."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        elif e > s:
            out.append((s, e))
    return out


def _marked(n: int, ranges: Sequence[tuple[int, int]]) -> bytearray:
    """``n`` bytes, 1 inside any of ``ranges`` (start, end), 0 elsewhere. Overlapping ranges
    are joined first: a run of 28,000 re-cased names gives 28,000 windows of the whole run
    ("mary " x 28,000 was quadratic, session 20)."""
    out = bytearray(n)
    for a, b in _joined(ranges):
        out[a:b] = b"\x01" * (b - a)
    return out


def _add_occurrences(text: str, spans: list[Span], found: PhiRecorder) -> tuple[list[Span], int]:
    """``spans`` plus a span for each occurrence of a ``found`` string not already covered."""
    starts = [s.start for s in spans]  # merged spans: sorted and disjoint

    def covered(a: int, b: int) -> bool:
        i = bisect_right(starts, a) - 1
        return i >= 0 and b <= spans[i].end

    extra = [Span(a, b, label, source="consistency") for a, b, label in found.locate(text)
             if not covered(a, b)
             and (label != "NAME" or name_occurrence_ok(text, a, b))]  # "Bell's palsy"
    return (merge_spans([*spans, *extra]), len(extra)) if extra else (spans, 0)


@contextmanager
def _transient_bar(total: int, quiet: bool):
    """A progress bar that disappears when done (a later error stays one line)."""
    if quiet:
        yield lambda: None
        return
    from meddx._progress import make_progress

    progress = make_progress()
    progress.live.transient = True
    with progress:
        task = progress.add_task("de-identifying", total=total)
        yield lambda: progress.advance(task)


def deidentify_corpus(corpus, cfg: DeidConfig, *, quiet: bool = True,
                      recorder: PhiRecorder | None = None) -> dict[str, Any]:
    """De-identify ``corpus.texts`` in place (patients from ``corpus.patients``, else ids);
    returns the data-card summary of :func:`deidentify_texts`."""
    patients = corpus.patients if corpus.patients is not None else corpus.ids
    corpus.texts, summary = deidentify_texts(corpus.texts, cfg, patients=patients, quiet=quiet,
                                             recorder=recorder)
    return summary


def _taken(n: int, spans: Sequence[Span]) -> bytearray:
    """One byte per character of a text of ``n`` characters: 1 inside one of ``spans``."""
    return _marked(n, [(h.start, h.end) for h in spans])


def _uncovered_runs(taken: bytearray, runs: list[tuple[int, int]]) -> bool:
    """Whether a character of the ``runs`` (start, end) lies outside ``taken`` (:func:`_taken`):
    where none does, no span of a second reading passes the test of :meth:`_detect_each`.
    Overlapping runs are joined first (linear on "mary " x 28,000)."""
    return any(taken.find(0, a, b) >= 0 for a, b in _joined(runs))


def _batched(det, texts: list[str], covers: list[list[Span]]) -> list[list[Span]]:
    """A batched detector's spans on ``texts``, with the spans already found (``covers``)
    where it reads them (``detect_covered``)."""
    if getattr(det, "detect_covered", None) is None:
        return [list(spans) for spans in det.detect_many(texts)]
    return [list(spans) for spans in det.detect_covered(texts, covers)]
