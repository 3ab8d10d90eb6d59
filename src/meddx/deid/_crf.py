"""The learned detector ``crf``: a linear-chain CRF token tagger (python-crfsuite).

A note is cut into tokens with character offsets (``_crf_features``); each token gets string
features built from the word, its neighbours and the bundled word lists (never the rules'
output: the tagger is an independent view, its spans unioned with the rules' by the merge
policy). The model gives every token the marginal probability of each BIO tag. A token is PHI
when its Viterbi tag is not O and P(not O) is at least ``threshold``; with a threshold under
0.5, also a token Viterbi left O whose P(not O) reaches it (with its likeliest PHI tag).
Consecutive PHI tokens of one type become a span whose score is their mean P(not O).
In ``Deidentifier``, the guard reads only the spans that reach past the other detectors' spans
(:meth:`CrfDetector.detect_covered`; the same merged output, less CPU).

The bundled model (``resources/deid_crf.crfsuite``) was trained on invented notes only (the
hand-written notes of ``bench/data/deid_round3`` and ``bench/data/deid_realstyle/dev.jsonl``,
each also in ALL CAPS and in lower case, as ICU notes are often typed; since session 22 with the
PHI-sparse notes of sessions 19-22 and notes18/notes18b in; since session 23 with session 22's
check groups notes22q/notes22r in too; ``bench/deid_crf_train.py --case-copies both
--exclude-folder notes23w --exclude-folder notes23x --exclude-folder notes23y`` rebuilt it byte
for byte at session 23's code: session 23's check groups, left out). Session 24 added one word
("cavoatrial") to ``resources/medical_terms.txt``, which the crf's features read, and the rebuild
stopped matching (sha256 e492b69295982d76). Since session 25 the model's word lists travel with
it (``_crf_vocab``): ``resources/deid_crf.vocab.gz`` holds the word sets the bundled model was
trained with (today's less "cavoatrial"), the detector's features read them, and
``bench/deid_crf_train.py`` trains with them by default, so ``--case-copies both
--exclude-folder notes23w --exclude-folder notes23x --exclude-folder notes23y --exclude-folder
notes24a --exclude-folder notes24b --exclude-folder notes24c`` rebuilds the bundled file byte for
byte again (sha256 0a0e5fb9643b60b4) whatever a rule adds to a list.
A model trained on real notes holds words of those notes (its feature strings), i.e. PHI: keep
such a file with the notes.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from meddx.deid._crf_features import FeatureCache, note_features, note_tokens, segments
from meddx.deid._crf_guard import (
    crf_allowed,
    crf_pieces,
    crf_propagates,
    crf_trimmed,
    initial_start,
    with_initial,
)
from meddx.deid._crf_places import PLACE_LABELS, banded_runs, low_place_runs, place_tail
from meddx.deid._crf_vocab import model_vocab
from meddx.deid._detector import Detector, register_detector
from meddx.deid._span import Span
from meddx.errors import MeddxError, ModelError

__all__ = ["BUNDLED_CRF", "CRF_LABELS", "CrfDetector", "covered_by", "crf_decode", "load_crf"]

#: gold type of the annotated notes -> the meddx label the tagger emits
CRF_LABELS: dict[str, str] = {
    "NAME": "NAME", "HOSPITAL": "HOSPITAL", "LOCATION": "LOCATION", "DATE": "DATE",
    "PHONE": "PHONE", "ID": "MRN", "AGE": "AGE", "EMAIL": "EMAIL", "URL": "URL",
}
#: file name of the bundled model in ``meddx/deid/resources``
BUNDLED_CRF = "deid_crf.crfsuite"
#: default P(not O) for a token to be PHI (chosen on validation notes, docs/benchmarks.md:
#: 0.85 in session 11; 0.8 since the case-augmented model of session 12, whose marginals on
#: text as written are a little lower; 0.9 since the session-17 refit, trained on every note in
#: both ALL CAPS and lower case, whose spans at 0.8 put 19 more spans on the Medical Abstracts)
THRESHOLD = 0.9
#: the runs of letters and digits (the tokens of ``_crf_features`` and of ``outside_rules``)
_ALNUM = re.compile(r"[^\W_]+")


class MissingDependencyError(MeddxError, ImportError):
    """python-crfsuite, which the ``crf`` detector needs, is not installed."""


def bundled_path() -> str:
    return str(resources.files("meddx.deid").joinpath("resources", BUNDLED_CRF))


@functools.lru_cache(maxsize=4)
def load_crf(path: str) -> tuple[Any, frozenset[str]]:
    """An open ``pycrfsuite.Tagger`` of the model file ``path`` and the attributes (feature
    strings) it holds; cached per path, so a model is read once per process."""
    try:
        import pycrfsuite
    except ImportError:
        raise MissingDependencyError(
            "the 'crf' de-identification detector (a default one) needs the package "
            "'python-crfsuite', which is not installed; install it with: pip install "
            "python-crfsuite==0.9.12 (a core dependency of meddx), or leave 'crf' out of "
            "deid.detectors (--detectors rules,names,places)") from None
    if not Path(path).is_file():
        raise ModelError(f"CRF model '{path}' not found; train one with: meddx deid-train "
                         "--kind crf --gold NOTES.jsonl --out MODEL.crfsuite")
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(path)
    except (OSError, ValueError):
        raise ModelError(f"'{path}' is not a CRF model made by meddx deid-train --kind crf"
                         ) from None
    return tagger, frozenset(tagger.info().attributes)


def crf_decode(tokens: list[tuple[int, int]], tags: list[str], p_phi: list[float],
               text: str, threshold: float, source: str = "crf", *,
               place_threshold: float | None = None, low_places: bool = False,
               place_band: float | None = None) -> list[Span]:
    """Spans from per-token tags ("O", "B-NAME", "I-NAME" ...) and P(not O): a token is
    PHI when its tag is not O and P(not O) >= ``threshold`` (``place_threshold`` for HOSPITAL
    and LOCATION tokens, when given); a B- tag, a change of type or a non-PHI token ends a span.
    A span's score is its tokens' mean P(not O); spans with no letter or digit are dropped.
    With ``low_places``, also the unsure place runs of :func:`low_place_runs`; with
    ``place_band``, the named place runs of :func:`banded_runs`."""
    runs = _runs(tokens, tags, p_phi, threshold, text, place_threshold=place_threshold,
                 low_places=low_places, place_band=place_band)
    out = [_span(text, run, source) for run in runs]
    return [s for s in out if s is not None]


def _runs(tokens: list[tuple[int, int]], tags: list[str], p_phi: list[float],
          threshold: float, text: str = "", *, place_threshold: float | None = None,
          low_places: bool = False, place_band: float | None = None) -> list[list[Any]]:
    """[start, end, label, probs, last token index] of each span of :func:`crf_decode`; with
    ``text``, a HOSPITAL or LOCATION run takes the place tokens after it that end a facility's
    name below the threshold (:func:`place_tail`), and with ``low_places`` the unsure place
    runs that touch no sure token are added (:func:`low_place_runs`), in text order."""
    place_t = threshold if place_threshold is None else place_threshold
    if place_t == threshold:
        sure = [i for i, tag in enumerate(tags) if tag != "O" and p_phi[i] >= threshold]
    else:
        sure = [i for i, tag in enumerate(tags) if tag != "O" and p_phi[i] >= (
            place_t if tag[2:] in PLACE_LABELS else threshold)]
    out: list[list[Any]] = []
    cur: list[Any] | None = None
    for i in sure:
        prefix, kind = tags[i].split("-", 1)
        label = CRF_LABELS.get(kind, kind)
        if cur is not None and prefix == "I" and label == cur[2] and cur[4] == i - 1:
            cur[1] = tokens[i][1]
            cur[3].append(p_phi[i])
            cur[4] = i
            continue
        if cur is not None and text and cur[2] in PLACE_LABELS:
            place_tail(text, tokens, tags, p_phi, cur, place_t)
        cur = [tokens[i][0], tokens[i][1], label, [p_phi[i]], i]
        out.append(cur)
    if cur is not None and text and cur[2] in PLACE_LABELS:
        place_tail(text, tokens, tags, p_phi, cur, place_t)
    if low_places and text:
        taken = [False] * len(tags)
        for run in out:  # a run's tokens are consecutive, one P(not O) each
            for k in range(run[4] - len(run[3]) + 1, run[4] + 1):
                taken[k] = True
        low = low_place_runs(text, tokens, tags, p_phi, taken, place_t)
        if low:
            out = sorted(out + low, key=lambda r: r[0])
    if place_band is not None and text and place_band < place_t:
        band = _runs(tokens, tags, p_phi, threshold, text, place_threshold=place_band)
        out = banded_runs(text, tokens, out, band, place_t)
    return out


def _span(text: str, cur: list[Any], source: str) -> Span | None:
    if not any(c.isalnum() for c in text[cur[0]:cur[1]]):
        return None
    return Span(cur[0], cur[1], cur[2], source, round(sum(cur[3]) / len(cur[3]), 4),
                propagate=len(cur) < 6)


@register_detector("crf")
class CrfDetector(Detector):
    """PHI spans tagged by a CRF model (``deid.crf_model``; default: the bundled one).

    ``labels`` limits the PHI types it reports (default: all it was trained on); with
    ``guard``, a span whose text cannot be PHI of its label is dropped (the ``ner``
    detector's precision guard, ``_ner_guard.allowed``: only clinical or only common words,
    a bare small number or a lab value as a DATE ...; then ``_crf_guard.crf_allowed``: a bare
    year, a lower-case English word as a NAME, "Trauma Bay" as a place ...).

    ``place_threshold`` (default: ``threshold``) is the threshold of HOSPITAL and LOCATION
    tokens; ``low_places`` (off by default; session 17, crf17) adds the unsure place runs of
    :func:`~meddx.deid._crf_places.low_place_runs` (a facility head word or a listed town);
    ``place_band`` (off by default; session 18, crf18) the named facility runs of
    :func:`~meddx.deid._crf_places.banded_runs` with place tokens down to that P(not O)."""

    def __init__(self, path: str | Path | None = None, *, threshold: float = THRESHOLD,
                 labels: frozenset[str] | None = None, guard: bool = True,
                 place_threshold: float | None = None, low_places: bool = False,
                 place_band: float | None = None) -> None:
        self.path = str(path) if path else bundled_path()
        self.tagger, known = load_crf(self.path)
        self.tag_set: list[str] = [t for t in self.tagger.labels() if t != "O"]
        self.threshold = threshold
        self.place_threshold = place_threshold
        self.low_places = low_places
        self.place_band = place_band
        self.labels = labels
        self.guard = guard
        # the word lists the model was trained with (its snapshot, ``_crf_vocab``), not today's
        self.cache = FeatureCache(known, as_bytes=True, lists=model_vocab(
            self.path, bundled=self.path == bundled_path()))

    @classmethod
    def build(cls, *, crf_model: str | None = None, **_: Any) -> CrfDetector:
        return cls(crf_model)

    def detect(self, text: str) -> list[Span]:
        return self.detect_many([text])[0]

    def detect_many(self, texts: list[str]) -> list[list[Span]]:
        """Spans of each text (``Deidentifier`` runs it once per note, not on case views)."""
        return [self._detect(t) for t in texts]

    def token_probs(self, text: str) -> tuple[list[tuple[int, int]], list[str], list[float]]:
        """Tokens of ``text``, their tag and their P(not O). The tag is Viterbi's; with a
        threshold under 0.5, a token Viterbi left O whose P(not O) reaches the threshold takes
        its likeliest PHI tag (with 0.5 or more, O tokens are not looked at again: cheaper)."""
        words, gaps, tokens = note_tokens(text)
        tags: list[str] = []
        p_phi: list[float] = []
        least = min(self.threshold, self.place_threshold or self.threshold,
                    self.place_band or self.threshold)
        tagger, low = self.tagger, least < 0.5
        for a, b in segments(text, tokens):
            if a == b:
                continue
            best = tagger.tag(note_features(words, gaps, a, b, self.cache))
            probs = [0.0] * len(best)
            # most tokens are O: only PHI tags need their marginal, unless the threshold is low
            for i in range(len(best)) if low else [i for i, t in enumerate(best) if t != "O"]:
                probs[i] = p = 1.0 - tagger.marginal("O", i)
                if best[i] == "O" and p >= least:
                    best[i] = max(self.tag_set, key=lambda t, i=i: tagger.marginal(t, i))
            tags += best
            p_phi += probs
        return tokens, tags, p_phi

    def detect_covered(self, texts: list[str], covers: list[list[Span]]) -> list[list[Span]]:
        """:meth:`detect_many` for ``Deidentifier``'s merge, cheaper and with the same result
        there. ``covers[i]``: spans of other detectors that reach
        :func:`~meddx.deid._crf_guard.outside_rules` with text ``i``'s CRF spans.

        A CRF span (grown over its initial) whose every letter and digit lies in ``covers[i]``
        adds nothing in ``outside_rules`` (no run of it lies outside the other spans), whatever
        the guard says of it, so it is left out unguarded; ``outside_rules`` orders its output
        the same way whether or not any CRF span reaches it (session 14; until then one covered
        span was kept as a stand-in for that order). The guard still reads every other span
        (few: the rules find most of what the tagger finds; ``bench/deid_crf_identity.py``
        checks the result against a baseline)."""
        return [self._detect(t, c) for t, c in zip(texts, covers, strict=True)]

    def _detect(self, text: str, cover: list[Span] | None = None) -> list[Span]:
        if not text.strip():
            return []
        tokens, tags, p_phi = self.token_probs(text)
        options = {"place_threshold": self.place_threshold, "low_places": self.low_places,
                   "place_band": self.place_band}
        if self.guard and cover is not None:
            runs = _runs(tokens, tags, p_phi, self.threshold, text, **options)
            return self._uncovered(text, runs, cover)
        spans = crf_decode(tokens, tags, p_phi, text, self.threshold, self.name, **options)
        if self.labels is not None:
            spans = [s for s in spans if s.label in self.labels]
        if self.guard:
            spans = [self._guarded(text, s) for s in (crf_trimmed(text, p) for s in spans
                                                       for p in crf_pieces(text, s))
                     if crf_allowed(text, s)]
        return spans

    def _uncovered(self, text: str, runs: list[list[Any]], cover: list[Span]) -> list[Span]:
        """The guarded spans of ``runs`` (:func:`_runs`) that ``cover`` does not cover
        (:meth:`detect_covered`); a covered run becomes no ``Span``."""
        inside = covered_by(cover)
        out: list[Span] = []
        for run in runs:
            whole = _span(text, run, self.name)
            for piece in [] if whole is None else crf_pieces(text, whole):
                self._add_uncovered(text, crf_trimmed(text, piece), inside, out)
        return out

    def _add_uncovered(self, text: str, span: Span, inside: Callable[[str, int, int], bool],
                       out: list[Span]) -> None:
        """:meth:`_uncovered` for one (trimmed) span: appended to ``out`` unless covered or
        refused by the guard."""
        start = initial_start(text, span.start) if span.label == "NAME" else span.start
        if inside(text, start, span.end):
            return
        if self.labels is not None and span.label not in self.labels or not crf_allowed(
                text, span):
            return
        out.append(self._guarded(text, span))

    @staticmethod
    def _guarded(text: str, span: Span) -> Span:
        """A span the guard allowed, as the detector returns it."""
        return with_initial(text, span if crf_propagates(text, span)
                            else replace(span, propagate=False))


def covered_by(cover: list[Span]) -> Callable[[str, int, int], bool]:
    """A test ``inside(text, start, end)``: whether every letter and digit of
    ``text[start:end]`` lies in one of the ``cover`` spans (their union, character by
    character; spans that overlap or touch are joined first)."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted([(s.start, s.end) for s in cover]):
        if ends and a <= ends[-1]:
            if b > ends[-1]:
                ends[-1] = b
        elif b > a:
            starts.append(a)
            ends.append(b)

    def inside(text: str, start: int, end: int) -> bool:
        i = bisect_right(starts, start) - 1
        if i >= 0 and end <= ends[i]:
            return True  # the common case: in one span
        for m in _ALNUM.finditer(text, start, end):
            i = bisect_right(starts, m.start()) - 1
            if i < 0 or ends[i] < m.end():
                return False
        return True

    return inside
