"""The leakage scan: no artifact of a run may contain the PHI that de-identification found.

During de-identification a :class:`PhiRecorder` keeps, in memory only, the distinct PHI
strings found in the input. After the run, :func:`scan_run_for_phi` reads every text
artifact in the run directory (logs, report.html, predictions.csv, metrics and other JSON,
model card, audit.json, config) and raises :class:`~meddx.errors.PHILeakError` naming the
artifact, the PHI type and the character range of each match, never the value
(``meddx leak-scan RUN --show-phi`` shows the values to the data owner, locally). Model
weights and the tokenizer's vocabulary are skipped: a vocabulary holds common names by
construction.

What is scanned is what a reader sees. In an HTML file that is the text content and the
human-readable attributes (``title``, ``alt``, ``aria-label``, ``placeholder``) and comments,
with character references decoded; tags, other attributes, CSS (``<style>``) and script are
not scanned, so a surname that is also an HTML, CSS or JavaScript word ("Lang", "Color") does
not match ``<html lang="en">``. Other files are scanned whole.

Matching is by whole words (runs of letters and digits), so "SMITH, John" is found across
punctuation and line breaks (and across escaped line breaks, as JSON writes them), and
"Lang" never matches inside "language". Case policy: a PHI string is matched
case-insensitively, except a single word that is also a common English word or a markup or
file-format word ("Will", "Hope", "Table", "html", "lang", "css"): that matches only where
capitalised in the artifact ("Will", "WILL", "Lang"), as names are written. To keep false
alarms rare, a PHI string is scanned only if it has a word of 3+ letters or 6+ digits in all.

The data owner can pass an allow-list (``deid.leak_allow_list``, ``--leak-allow FILE``): a
reviewed text file of strings judged not to be PHI, one per line (``#`` starts a comment);
a match whose words equal an entry's (ignoring case) is not reported.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from itertools import accumulate, compress, count
from pathlib import Path

from meddx.errors import PHILeakError

__all__ = [
    "PhiRecorder", "leaked_values", "read_allow_list", "scan_run_for_phi", "visible_text",
]

_WORD = re.compile(r"[^\W_]+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")  # _WORD on ASCII text, spelled to scan faster
_ASCII_SPLIT = re.compile(r"([A-Za-z0-9]+)")  # words kept between their separators
_ESCAPES = re.compile(r"\\[nrt]")  # JSON and CSV escapes of line breaks and tabs
#: Files never scanned: weights and tokenizer vocabularies (they hold names by construction).
_SKIP_NAMES = frozenset({
    "vocab.txt", "vocab.json", "merges.txt", "tokenizer.json", "tokenizer_config.json",
    "special_tokens_map.json", "spiece.model", "sentencepiece.bpe.model", "added_tokens.json",
})
_SKIP_SUFFIXES = frozenset({
    ".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".npy", ".npz", ".pkl", ".joblib", ".onnx",
    ".gguf", ".png", ".jpg", ".jpeg", ".gif", ".sqlite", ".db", ".parquet", ".arrow",
})
_MAX_BYTES = 200 * 1024 * 1024


class PhiRecorder:
    """The distinct PHI strings found in an input, with their type; kept in memory only."""

    def __init__(self) -> None:
        self._keys: dict[int, dict[tuple[str, ...], str]] = defaultdict(dict)  # n words -> key
        self._exact: dict[int, dict[tuple[str, ...], str]] = defaultdict(dict)
        self._index: dict[str, dict[str, tuple[int, ...]]] = {}  # for locate(), see _firsts

    def __len__(self) -> int:
        return sum(map(len, self._keys.values())) + sum(map(len, self._exact.values()))

    def add(self, value: str, label: str) -> None:
        words = tuple(_WORD.findall(value))
        if not words:
            return
        if not any(sum(c.isalpha() for c in w) >= 3 for w in words) \
                and sum(c.isdigit() for c in value) < 6:
            return  # needs a word of 3 letters or 6 digits
        self._index.clear()
        if len(words) == 1 and words[0].lower() in _exact_words():
            self._exact[1].setdefault((words[0].lower(),), label)
        else:
            self._keys[len(words)].setdefault(tuple(w.lower() for w in words), label)

    def add_spans(self, text: str, spans) -> None:
        for s in spans:
            self.add(text[s.start:s.end], s.label)

    def locate(self, text: str) -> list[tuple[int, int, str]]:
        """Character spans ``(start, end, label)`` of every recorded PHI string in ``text``,
        matched as :meth:`find` matches (whole words; the module's case policy)."""
        if text.isascii() and sum(map(len, (self._firsts(self._keys),
                                            self._firsts(self._exact)))) <= _FEW_FIRSTS:
            return self._locate_few(text)
        # offsets are read only for the words that match
        found = list((_ASCII_WORD if text.isascii() else _WORD).finditer(text))
        if not found:
            return []
        words = list(map(re.Match.group, found))
        lower = list(map(str.lower, words))
        capitalised: list[str] | None = None  # built only when a table needs it
        out: list[tuple[int, int, str]] = []
        for table in (self._keys, self._exact):
            firsts = self._firsts(table)
            if not firsts:
                continue
            if table is self._keys:
                seq = lower
            else:
                if capitalised is None:
                    capitalised = _case_forms(words)[1]
                seq = capitalised
            for i in compress(count(), map(firsts.__contains__, seq)):
                for k in firsts[seq[i]]:
                    gram = tuple(seq[i:i + k])
                    label = table[k].get(gram) if len(gram) == k else None
                    if label is not None:
                        out.append((found[i].start(), found[i + k - 1].end(), label))
        return out

    def _locate_few(self, text: str) -> list[tuple[int, int, str]]:
        """:meth:`locate` on ASCII text for a few recorded first words (a note's own PHI):
        each first word found with ``str.find`` where it is a whole word, the words after it
        read from there; the same matches in the same order, without splitting every word."""
        low, out = text.lower(), []
        words: _Words | None = None  # the text's words, split once for strings of several words
        for table in (self._keys, self._exact):
            capitalised = table is self._exact  # matched only where capitalised
            hits = []
            for first, lengths in self._firsts(table).items():
                i = low.find(first)
                while i >= 0:
                    end = i + len(first)
                    if (not i or low[i - 1] not in _ALNUM) and low[end:end + 1] not in _ALNUM \
                            and (not capitalised or text[i].isupper()):
                        if lengths[-1] <= _FEW_WORDS:
                            _grams_at(text, low, i, end, lengths, table, capitalised, hits)
                        else:
                            words = words or _Words(text, low)
                            words.grams_at(i, lengths, table, capitalised, hits)
                    i = low.find(first, i + 1)
            out += sorted(hits)  # by start, then end: the order of locate's word-by-word scan
        return out

    def _firsts(self, table) -> dict[str, tuple[int, ...]]:
        """First word of each recorded string -> the lengths (in words) of those starting with
        it; rebuilt after each :meth:`add`."""
        name = "keys" if table is self._keys else "exact"
        if name not in self._index:
            index: dict[str, set[int]] = defaultdict(set)
            for k, keys in table.items():
                for gram in keys:
                    index[gram[0]].add(k)
            self._index[name] = {w: tuple(sorted(ks)) for w, ks in index.items()}
        return self._index[name]

    def find(self, text: str) -> dict[str, int]:
        """Count of PHI strings of each type that occur in ``text``."""
        lower, capitalised = _case_forms(_WORD.findall(_ESCAPES.sub(" ", text)))
        hits: dict[str, int] = defaultdict(int)
        for table, seq in ((self._keys, lower), (self._exact, capitalised)):
            for k, keys in table.items():
                seen = set()
                for i in range(len(seq) - k + 1):
                    gram = tuple(seq[i:i + k])
                    if gram in keys and gram not in seen:
                        seen.add(gram)
                        hits[keys[gram]] += 1
        return dict(hits)


#: :meth:`PhiRecorder.locate` finds this many distinct first words or fewer with ``str.find``
#: (one scan of the text each), more by splitting the text into words once (a corpus's PHI)
_FEW_FIRSTS = 24
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


#: recorded strings of this many words or fewer are read a word at a time after each hit; a
#: longer one (a crf span over a run of one word) from the note's words, split once
_FEW_WORDS = 8


def _grams_at(text: str, low: str, start: int, end: int, lengths: tuple[int, ...], table,
              capitalised: bool, hits: list[tuple[int, int, str]]) -> None:
    """Append to ``hits`` (start, end, label) of each recorded string of ``lengths`` words
    (ascending) that starts with the whole word at ``low[start:end]``."""
    gram, pos = [low[start:end]], end
    for k in lengths:
        while len(gram) < k:
            m = _ASCII_WORD.search(low, pos)
            if m is None or capitalised and not text[m.start()].isupper():
                return
            gram.append(m.group())
            pos = m.end()
        label = table[k].get(tuple(gram))
        if label is not None:
            hits.append((start, pos, label))


class _Words:
    """The words of an ASCII text (``low``, the text in lower case), split once by C-level
    calls, for recorded strings of more than ``_FEW_WORDS`` words: each hit reads its
    following words as a slice. Reading them one regex search at a time cost a note of one
    word repeated (a run of "Boston " as long as a crf span) about 2 s (reviewer, session 16)."""

    def __init__(self, text: str, low: str) -> None:
        parts = _ASCII_SPLIT.split(low)  # separator, word, separator, word, ..., separator
        bounds = list(accumulate(map(len, parts), initial=0))
        self.text = text
        self.words = parts[1::2]
        self.starts = bounds[1:-1:2]  # word j spans starts[j]:ends[j]
        self.ends = bounds[2::2]
        self.index = dict(zip(self.starts, range(len(self.words)), strict=True))

    def grams_at(self, start: int, lengths: tuple[int, ...], table, capitalised: bool,
                 hits: list[tuple[int, int, str]]) -> None:
        """Append to ``hits`` (start, end, label) of each recorded string of ``lengths`` words
        (ascending) that starts with the whole word at ``start``; with ``capitalised``, every
        word after the first must be capitalised."""
        j = self.index[start]
        read = j + 1  # the words before ``read`` are checked for a capital
        for k in lengths:
            if j + k > len(self.words):
                return
            if capitalised:
                while read < j + k:
                    if not self.text[self.starts[read]].isupper():
                        return
                    read += 1
            label = table[k].get(tuple(self.words[j:j + k]))
            if label is not None:
                hits.append((start, self.ends[j + k - 1], label))


def _case_forms(words: list[str]) -> tuple[list[str], list[str]]:
    """Each word lower-cased; and lower-cased where capitalised, else a blank that matches
    nothing (the words matched only where capitalised)."""
    lower = [w.lower() for w in words]
    return lower, [lw if w[:1].isupper() else "" for w, lw in zip(words, lower, strict=True)]


#: Words of markup, styles, scripts and file formats that occur in artifacts by construction;
#: as PHI (a surname "Lang") they match only where capitalised, like common English words.
_MARKUP_WORDS = frozenset("""
    html lang css js json jsonl csv tsv yaml yml utf ascii http https www href src svg png
    div img nav thead tbody tr td th ul li pre meta charset viewport rgb rgba px em rem
    var const let def async await null none true false nan inf args kwargs dtype
""".split())


_EXACT_CACHE: dict[int, tuple[frozenset[str], frozenset[str]]] = {}


def _exact_words() -> frozenset[str]:
    """The common words plus the markup words; the union is built once per common-word set
    (add() runs for every span: rebuilding it each time cost most of the de-id CPU)."""
    common = _common_words()
    got = _EXACT_CACHE.get(0)
    if got is None or got[0] is not common:
        got = _EXACT_CACHE[0] = (common, common | _MARKUP_WORDS)
    return got[1]


def _common_words() -> frozenset[str]:
    from meddx.deid._lexicon import lexicon

    return lexicon().common_words


def _artifacts(run_dir: Path):
    for path in sorted(run_dir.rglob("*")):
        if not path.is_file() or path.name in _SKIP_NAMES or path.suffix.lower() in _SKIP_SUFFIXES:
            continue
        if path.stat().st_size > _MAX_BYTES:
            continue
        data = path.read_bytes()
        if b"\x00" in data[:8192]:  # binary
            continue
        yield path, data.decode("utf-8", errors="replace")


_HTML_PARTS = re.compile(
    r"<!--(?P<comment>.*?)-->"
    r"|<(?P<raw>script|style)\b[^>]*>.*?(?:</(?P=raw)\s*>|$)"
    r"|<(?P<tag>[^>]*)>?"
    r"|&(?P<ref>#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);",
    re.IGNORECASE | re.DOTALL,
)
_READABLE_ATTRS = re.compile(
    r"""\b(?:title|alt|aria-label|placeholder)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""",
    re.IGNORECASE,
)


def visible_text(markup: str) -> tuple[str, list[int], list[int]]:
    """What a reader of an HTML page sees: its text content, readable attributes and comments,
    character references decoded, tags replaced by a space. Returns the text and, for each of
    its characters, the start and end offsets in ``markup`` of what produced it."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def plain(a: int, b: int) -> None:  # markup[a:b], verbatim, with its entities decoded
        pos = a
        for m in re.finditer(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);", markup[a:b]):
            verbatim(pos, a + m.start())
            ref(a + m.start(), a + m.end())
            pos = a + m.end()
        verbatim(pos, b)

    def verbatim(a: int, b: int) -> None:
        chars.extend(markup[a:b])
        starts.extend(range(a, b))
        ends.extend(range(a + 1, b + 1))

    def ref(a: int, b: int) -> None:
        decoded = html.unescape(markup[a:b])
        chars.extend(decoded)
        starts.extend([a] * len(decoded))
        ends.extend([b] * len(decoded))

    def gap(at: int) -> None:
        chars.append(" ")
        starts.append(at)
        ends.append(at)

    pos = 0
    for m in _HTML_PARTS.finditer(markup):
        verbatim(pos, m.start())
        pos = m.end()
        if m.group("ref") is not None:
            ref(m.start(), m.end())
            continue
        gap(m.start())
        if m.group("comment") is not None:
            plain(m.start("comment"), m.end("comment"))
        elif m.group("tag") is not None:
            for attr in _READABLE_ATTRS.finditer(m.group("tag")):
                which = "dq" if attr.group("dq") is not None else "sq"
                plain(m.start("tag") + attr.start(which), m.start("tag") + attr.end(which))
                gap(m.end())
        gap(m.end())
    verbatim(pos, len(markup))
    return "".join(chars), starts, ends


def _matches(path: Path, text: str, phi: PhiRecorder,
             allow: frozenset[tuple[str, ...]]) -> list[tuple[int, int, str]]:
    """``(start, end, label)`` of each PHI match in the file's ``text``, in its characters."""
    if path.suffix.lower() in (".html", ".htm"):
        seen, starts, ends = visible_text(text)
    else:  # escaped line breaks ("\\n" in JSON) as blanks of the same length
        seen, starts, ends = _ESCAPES.sub("  ", text), None, None
    out = set()
    for a, b, label in phi.locate(seen):
        if tuple(w.lower() for w in _WORD.findall(seen[a:b])) in allow:
            continue
        out.add((a, b, label) if starts is None else (starts[a], ends[b - 1], label))
    return sorted(out)


def read_allow_list(path: str | Path | None) -> frozenset[tuple[str, ...]]:
    """The data owner's reviewed allow-list: strings judged not to be PHI, one per line;
    ``#`` starts a comment. Returned as lower-cased word tuples, as the scan compares them.
    A file that is not UTF-8 raises :class:`~meddx.errors.DataError` naming the file and the
    line of the first bad byte (never the bytes)."""
    if path is None:
        return frozenset()
    from meddx.errors import ConfigError, DataError

    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"leak allow-list '{path}' not found")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"leak allow-list is not valid UTF-8 (byte {exc.start}); re-save the "
                        "file as UTF-8 (e.g. iconv -f latin1 -t utf-8)", file=str(path),
                        row=raw.count(b"\n", 0, exc.start) + 1) from None
    entries = set()
    for line in text.splitlines():
        words = tuple(w.lower() for w in _WORD.findall(line.split("#", 1)[0]))
        if words:
            entries.add(words)
    return frozenset(entries)


def scan_run_for_phi(run_dir: str | Path, phi: PhiRecorder, *,
                     allow: str | Path | frozenset | None = None) -> dict[str, int]:
    """Scan every text artifact of ``run_dir`` for the recorded PHI.

    ``allow`` is an allow-list file (see :func:`read_allow_list`) or its parsed entries.
    Returns ``{"files_scanned": n, "phi_strings": m, "allowed": k}`` when clean; raises
    :class:`PHILeakError` naming each leaking artifact, the PHI types and the character
    ranges of the matches (never the values)."""
    run_dir = Path(run_dir)
    entries = allow if isinstance(allow, frozenset) else read_allow_list(allow)
    locations: list[tuple[str, int, int, str]] = []
    n = 0
    for path, text in _artifacts(run_dir):
        n += 1
        name = path.relative_to(run_dir).as_posix()
        locations += [(name, a, b, label) for a, b, label in _matches(path, text, phi, entries)]
    if locations:
        raise PHILeakError(locations, run_dir=str(run_dir))
    return {"files_scanned": n, "phi_strings": len(phi), "allowed": len(entries)}


def leaked_values(run_dir: str | Path, error: PHILeakError) -> list[tuple[str, int, int, str, str]]:
    """For the data owner, locally: each location of ``error`` with the text found there,
    ``(artifact, start, end, label, value)``. Never log or share the result."""
    run_dir = Path(run_dir)
    texts: dict[str, str] = {}
    out = []
    for name, a, b, label in error.locations:
        if name not in texts:
            texts[name] = (run_dir / name).read_bytes().decode("utf-8", errors="replace")
        out.append((name, a, b, label, texts[name][a:b]))
    return out
