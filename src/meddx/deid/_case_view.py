"""A case-normalised view of notes typed all lower case or ALL CAPS.

The cue-based detectors read letter case: "Dr. Okonkwo", "from Fitchburg", "Heywood Hospital".
ICU nursing notes are often typed in lower case and some systems print notes in capitals, where
those capitals say nothing. For such a note (or its flat lines) :func:`case_view` builds a view of
the same length (offsets unchanged) that restores the case a mixed-case writer would have used,
from the bundled lexicons alone:

* words that are listed first names, surnames or towns and are neither common English nor
  clinical words get title case ("okonkwo" -> "Okonkwo"; "will", "may", "rose" stay lower, so a
  name among common words still needs the strong cues the detectors ask of it);
* words in no list (rare surnames, towns, facility names) get title case beside a listed name,
  after "dr"/"mr"/"mrs"/"ms", or before a facility word ("whitcombe", "okonkwo", "heywood
  hospital"); elsewhere ("ophtho", "recs") they stay lower case;
* short clinical abbreviations that are neither common words nor listed names get capitals
  ("snf", "icu" -> "SNF", "ICU"); "pt", "ms", "ca", "mae" stay lower case;
* facility and street words after a title-case word, and place prefixes before one, get title
  case ("heywood hospital" -> "Heywood Hospital", "saint vincent" -> "Saint Vincent");
  "dr", "mr", "mrs", "ms" before a period get title case; a two-letter state code after a
  comma gets capitals ("ware, ma 01082");
* after a cue of place ("at", "from"; "to" after a verb of transfer: "transferred to", "d/c
  to"), a facility name of ordinary words gets title case ("at riverside community care",
  "from waldo county general"; not "at acute rehab", "at memory care") and hospital initials
  get capitals ("at bmc", "transferred to gvh", "at the va"; not "at osh"): the detectors then
  read them as they read them in mixed case;
* every other word is lower case.

:func:`case_view_spans` runs detectors on the view and returns their spans, which the
de-identifier merges with those of the note as written. Notes in mixed case get no view, so
they cost one scan of their lines.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from meddx.deid._case_facilities import cued_facilities
from meddx.deid._case_kin import KIN_CARE, kin_names, name_parts
from meddx.deid._case_lines import (
    CREDENTIALS,
    PREFIXES,
    SIGNED_HEADS,
    kept_view,
    signature_line,
    signed_facilities,
    wrap_joins,
)
from meddx.deid._case_shapes import ByStart, id_shapes, line_shapes
from meddx.deid._case_words import (
    AT_FROM,
    COUNTS,
    CUES,
    DOTTED,
    FACILITY,
    GENERIC,
    HEADS,
    LISTED_CUES,
    NAME,
    NAME_LABELS,
    SHOUTED,
    STOPS,
    TAILS,
    TITLES,
    UNKNOWN,
    UPPER,
    WEAK_FACILITY,
    WINDOW,
    WORD,
    ZIP_AFTER,
    is_proper_word,
    tied,
    word_class,
)
from meddx.deid._crf_guard import CRF_SOURCE
from meddx.deid._lexicon import lexicon
from meddx.deid._span import Span
from meddx.deid._tokens import digit_indices

__all__ = ["case_view", "case_view_read", "case_view_spans", "is_proper_word", "recased_note"]

#: a line counts as flat (no case information) from this many characters
_FLAT_LINE = 12
#: share of the note's characters that must lie on flat lines for a view to be built
_FLAT_SHARE = 0.4
#: the first letter of a line or of a sentence after a word ("in london, uk." -> "In London,
#: UK."): what a writer in mixed case types in capitals besides the names (session 17)
_SENTENCE = re.compile(r"^[ \t]*[a-z]|(?<=[a-z][.!?] )[a-z]")


def _upper(m: re.Match) -> str:
    return m.group().upper()


def _flat(line: str) -> bool:
    return len(line) >= _FLAT_LINE and (line.islower() or line.isupper())


def case_view(text: str, found: Sequence[Span] = ()) -> str | None:
    """``text`` with its flat lines re-cased (same length), or None when the note is mostly in
    mixed case (less than 40 % of its characters on all-lower or all-caps lines) or no word of
    it reads as a proper noun. Only windows of three words around such words are kept; the
    rest is blanked (its line breaks kept), so the second pass costs only where the view can
    add something. A window whose proper noun lies in one of the ``found`` spans is kept only
    when those are names and the window holds a digit outside them (an age, date or id that
    the name's case vouches for: "pt agnes pettibone, 97,"); :func:`case_view_spans` then
    drops the view's spans over those names."""
    return _view(text, found)[0]


def recased_note(text: str) -> str | None:
    """``text`` with its lines typed in lower case that hold a proper noun re-cased whole, as a
    writer in mixed case would have typed them, in sentence case too (same length, line breaks
    kept; the other lines as typed); None when no line is (a note in mixed case or in
    capitals): what a reader of the whole note, such as the crf, reads a second time
    (session 17)."""
    return _view(text, ())[2]


def _view(text: str, found: Sequence[Span]) -> tuple[
        str | None, list[tuple[int, int]], str | None, list[tuple[int, int]]]:
    """:func:`case_view`, the (start, end) of the ``found`` names whose windows it kept
    (already PHI as written, with the name's title and initials), :func:`recased_note` and the
    (start, end) of the runs of words it re-cased there (not the sentence case)."""
    lines = text.splitlines(keepends=True)
    whole = text.islower() or text.isupper()
    if not whole and sum(len(x) for x in lines if _flat(x)) < _FLAT_SHARE * len(text):
        return None, [], None, []
    covered: list[tuple[int, int]] = []
    runs: list[tuple[int, int]] = []
    out = list(text)
    full: list[str] | None = None
    keep: list[tuple[int, int]] = []  # the characters the view keeps: (start, end), unsorted
    order = sorted(found, key=lambda sp: sp.start)  # the found spans that hold a window: by
    starts = [sp.start for sp in order]  # bisection, not a scan per window (session 17)
    longest = max((sp.end - sp.start for sp in order), default=0)
    index = ByStart([(sp.start, sp.end, sp) for sp in order])  # a digit outside them: bisected
    pos = 0
    joins = wrap_joins(lines)
    i = 0
    while i < len(lines):
        j = i  # the lines i..j are one sentence wrapped mid-way ("from brookside\nassisted")
        while joins[j] and (whole or _flat(lines[j + 1])):
            j += 1
        unit = "".join(lines[i : j + 1])
        if whole or _flat(lines[i]):
            breaks = [k for k in range(len(unit) - 1) if unit[k] == "\n"]
            line = unit.replace("\n", " ", len(breaks)) if breaks else unit
            signed = i > 0 and signature_line(lines[i - 1])
            recased, windows = _recase(line, signed)
            recased, windows = id_shapes(line, recased, windows)
            recased, windows = line_shapes(line, recased, windows,
                                           lines[j + 1] if j + 1 < len(lines) else "")
            if windows and not line.isupper():  # the note re-cased, its wraps kept; lower
                # case only (session 17: a second crf reading of capitals was not measured)
                if full is None:
                    full = list(text)
                full[pos:pos + len(unit)] = _SENTENCE.sub(_upper, recased)
                runs += [(pos + a, pos + b) for a, b, _, _ in windows]
                for k in breaks:
                    full[pos + k] = "\n"
            written = False  # the unit goes into the view once, not once per window
            for run_start, run_end, a, b in windows:
                ws, we = pos + run_start, pos + run_end
                within = [sp for sp in order[bisect_left(starts, ws - longest):
                                              bisect_right(starts, ws)] if we <= sp.end]
                if within:  # already PHI as written, with the name's title and initials
                    if any(sp.label != "NAME" for sp in within) or not _digit_outside(
                            text, pos + a, pos + b, index):
                        continue  # a place stays as read ("from webster: 58m")
                    # a name: the view may still add its neighbours, not read the name again
                    covered += [(sp.start, sp.end) for sp in within]
                if a < b:
                    keep.append((pos + a, pos + b))
                if written:
                    continue
                written = True
                out[pos:pos + len(unit)] = recased  # a wrap stays a space: one name
                if signed:  # the signature line vouches for the facility name under it
                    before = len(lines[i - 1])
                    out[pos - before:pos] = _recase(lines[i - 1])[0]
                    if before:
                        keep.append((pos - before, pos))
        pos += len(unit)
        i = j + 1
    whole_note = None if full is None else "".join(full)
    if not keep:
        return None, [], whole_note, runs
    return kept_view(out, keep, len(text)), covered, whole_note, runs


def _digit_outside(text: str, start: int, end: int, found: ByStart) -> bool:
    """Whether ``text[start:end]`` holds a digit in none of the ``found`` spans."""
    return any(not found.overlapping(start + k, start + k + 1)
               for k in digit_indices(text[start:end]))


def _recase(line: str, after_signature: bool = False) -> tuple[str, list[tuple[int, int, int, int]]]:
    """``line`` re-cased, and (start, end) of each word read as a proper noun with the window
    around it; ``after_signature``: the line before is a name and its credential alone."""
    words = list(WORD.finditer(line))
    low = [m.group().lower() for m in words]
    cls = [word_class(w) for w in low]
    heads = not SIGNED_HEADS.isdisjoint(low)  # a facility name may stand in a slot of its own
    kin = not KIN_CARE.isdisjoint(low)
    if not kin and NAME not in cls and UNKNOWN not in cls and FACILITY.isdisjoint(low) and (
            AT_FROM.isdisjoint(low) and "to" not in low) and not (heads and (
            after_signature or ":" in line or " - " in line)):
        return line, []  # no proper noun, facility word nor cue: no rule below gives title case
    n = len(words)

    def joined(i: int) -> bool:  # words i and i + 1 are separated by spaces only
        return i + 1 < n and not line[words[i].end() : words[i + 1].start()].strip()

    def cued(i: int) -> bool:
        if not i:
            return False
        gap = line[words[i - 1].end() : words[i].start()]
        cue = low[i - 1] in CUES or (cls[i] == NAME and low[i - 1] in LISTED_CUES)
        if low[i - 1] in DOTTED:  # "fr. dominic", not "transferred fr heywood"
            return gap.strip() == "."
        if low[i - 1] in NAME_LABELS and gap.strip() == ":":  # "pt: oduya, grace"
            return cls[i] == NAME or i + 1 < n and low[i + 1] in lexicon().first_names and (
                line[words[i].end() : words[i + 1].start()] in (", ", ","))
        return cue and gap.strip() in ("", ".", ":")

    def proper(i: int) -> bool:
        return 0 <= i < n and cls[i] in (NAME, UNKNOWN)

    title = [False] * n
    for i in range(n):
        if not proper(i):
            continue
        pair = (joined(i) and proper(i + 1) and NAME in (cls[i], cls[i + 1])) or (
            joined(i - 1) and proper(i - 1) and NAME in (cls[i], cls[i - 1]))
        credential = i + 1 < n and low[i + 1] in CREDENTIALS and (
            line[words[i].end() : words[i + 1].start()].strip() in ("", ","))
        head = joined(i) and (low[i + 1] in HEADS or (
            low[i + 1] in TAILS and joined(i + 1) and low[i + 2] in HEADS))
        title[i] = cued(i) or pair or credential or head
    for i in range(1, n):  # "kestrel dialysis center", "linden hill manor": up to 3 words
        if low[i] in FACILITY and joined(i - 1):
            run: list[int] = []
            for j in range(i - 1, max(-1, i - 4), -1):
                if cls[j] == UPPER or low[j] in STOPS or low[j] in COUNTS or (
                        run and not joined(j)):
                    break
                run.append(j)
            while run and (low[run[-1]] in GENERIC or lexicon().is_medical(low[run[-1]])):
                run.pop()  # the name opens on an ordinary, non-clinical word
            # one listed or unlisted proper word, or two ordinary ones that are no verb forms,
            # with no kind of care but next to the facility word ("kestrel dialysis center";
            # not "major state maternity hospital"; "magnetic resonance imaging", "two
            # hospitals": a proper word before "imaging", no count in the name)
            if not (run and (cls[run[-1]] in (NAME, UNKNOWN) or (len(run) > 1 and (
                    low[i] not in WEAK_FACILITY) and not any(
                    low[j].endswith(("ed", "ing", "ly")) or (j != i - 1 and low[j] in GENERIC)
                    for j in run)))):
                run = []
            for j in run:
                title[j] = True
            title[i] = title[i] or bool(run)
    caps = cued_facilities(line, words, low, cls, title)
    if kin:  # "rn holly at 0412", "daughter ana in alamosa"
        kin_names(line, words, low, title)
    # "priya raman, np, northshore internal medicine", "agency: otter tail home care"
    if heads:
        signed_facilities(line, words, low, [c in (NAME, UNKNOWN) for c in cls],
                          [c == NAME for c in cls], title, after_signature)
    for i in range(n):  # a name before a cue-less partner: "kyle whitcombe" once "kyle" is cued
        if proper(i) and not title[i] and joined(i - 1) and title[i - 1]:
            title[i] = True
    name_parts(line, words, low, cls, title)
    for i in range(1, n):  # facility and street words after a proper noun
        if not title[i] and low[i] in TAILS and joined(i - 1) and title[i - 1]:
            title[i] = True
    for i in range(n - 2, -1, -1):  # "saint vincent", "new bedford"
        if low[i] in PREFIXES and joined(i) and title[i + 1]:
            title[i] = True
    if not any(title) and not caps:
        return line, []
    # each letter in lower case where that keeps the length (ASCII: the whole line at once)
    out = list(line.lower()) if line.isascii() else [
        c.lower() if len(c.lower()) == 1 else c for c in line]
    zips: list[tuple[int, int]] = []  # (word, end of its ZIP code)
    for i, m in enumerate(words):
        s, e = m.span()
        w = low[i]
        upper = cls[i] == UPPER
        z = None
        if w in TITLES:  # "dr. okonkwo", "dr okonkwo"; "mr brain", "ms on ocrevus" read as MR, MS
            title[i] = line[e : e + 1] == "." or (w == "dr" and i + 1 < n and title[i + 1])
            upper = not title[i] and w in SHOUTED
        elif len(w) == 2 and w in lexicon().states and (
                line[max(0, s - 2) : s] == ", " and w not in CREDENTIALS
                or i and cls[i - 1] in (NAME, UNKNOWN) and (z := ZIP_AFTER.match(line, e))):
            # "ware, ma", "nashua nh 03060"; not "interpreter id 40917"
            upper = True  # not "whitlock, md"
            if z:
                zips.append((i, z.end()))
        if i in caps:
            upper, title[i] = True, False
        if title[i] and len(up := line[s].upper()) == 1:
            out[s] = up
        elif upper:
            out[s:e] = m.group().upper()  # ASCII: same length
    windows = []
    runs = not line.isupper()  # in capitals, titles and initials read as written already
    # the run of title-case words around each, with initials ("C. Whitlock"): where it starts
    # and ends, each position's computed once (a line of many names stays linear, session 17)
    starts = list(range(n))
    if runs:
        for i in range(1, n):
            if title[i - 1] and low[i - 1] not in TITLES and tied(line, words[i - 1], words[i]):
                starts[i] = starts[i - 1]
    ends: dict[int, int] = {}
    for i in range(n):
        if not title[i] or low[i] in TITLES:
            continue
        lo, hi = starts[i], ends.get(i, i)
        path = [i]
        while runs and hi + 1 < n and hi not in ends:
            if title[hi + 1] and tied(line, words[hi], words[hi + 1]):
                hi += 1
            elif hi + 2 < n and low[hi + 1] in ("of", "at") and title[hi + 2] \
                    and line[words[hi].end() : words[hi + 2].start()] == f" {low[hi + 1]} ":
                hi += 2  # one name: "Sunrise of Elm Grove"
            else:
                break
            path.append(hi)
        hi = ends.get(hi, hi)
        for k in path:
            ends[k] = hi
        windows.append((words[lo].start(), words[hi].end(), words[max(0, i - WINDOW)].start(),
                        words[min(n - 1, i + WINDOW)].end()))
    windows += [(words[i].start(), end, words[max(0, i - WINDOW)].start(),
                 max(end, words[min(n - 1, i + WINDOW)].end())) for i, end in zips]
    windows += [(words[i].start(), words[i].end(), words[max(0, i - WINDOW)].start(),
                 words[min(n - 1, i + WINDOW)].end()) for i in sorted(caps)]
    return "".join(out), windows


def case_view_spans(text: str, detectors: Sequence, found: Sequence[Span] = ()) -> list[Span]:
    """Spans the ``detectors`` find in :func:`case_view` of ``text`` (none without a view);
    ``found``: the spans found in ``text`` as written. Those of the crf do not count as
    found: where they overlap the rules' spans, their lower-case words ("c." of "c. whitlock")
    give way to the rules' (:func:`outside_rules`), so the view's reading must stand."""
    return case_view_read(text, detectors, found)[0]


def case_view_read(text: str, detectors: Sequence, found: Sequence[Span] = ()) -> tuple[
        list[Span], str | None, list[tuple[int, int]]]:
    """:func:`case_view_spans`, :func:`recased_note` of ``text`` from one reading, and the
    (start, end) of the runs of words the view re-cased in it (not the sentence case): a
    second reading of the re-cased note counts only there (session 17, after the review)."""
    found = [s for s in found if s.source != CRF_SOURCE]
    view, covered, full, runs = _view(text, found)
    if view is None:
        return [], full, runs
    spans = [s for det in detectors for s in det.detect(view)]
    # a name found as written stands, label and extent ("dr. zamora-fisk clinic 2 wks" is no
    # clinic): the view adds only what lies around it there. By bisection on the starts, as
    # in _view: not every span against every found span (a line of many names, the review)
    by_found, by_covered = ByStart([(f.start, f.end, f) for f in found]), ByStart(
        [(b, e, None) for b, e in covered])
    return [s for s in spans if not any(_relabels(s, f) for f in by_found.overlapping(s.start, s.end))
            and not any(True for _ in by_covered.overlapping(s.start, s.end))], full, runs


def _relabels(s: Span, f: Span) -> bool:
    """Whether the view's span ``s`` overlaps ``f``, read as written with another label,
    without holding it: "may 2019 with dr." read as an address keeps its label against the
    view's "Dr. Walsh"; "coffey county", a town, may grow into "Coffey County Hospital" (the
    merge then picks the label)."""
    if f.label == s.label or f.end <= s.start or s.end <= f.start:
        return False
    return not (s.start <= f.start and f.end <= s.end)
