"""The leakage scan: no artifact of a run may contain the PHI that de-identification found.

During de-identification a :class:`PhiRecorder` keeps, in memory only, the distinct PHI
strings found in the input. After the run, :func:`scan_run_for_phi` reads every text
artifact in the run directory (logs, report.html, predictions.csv, metrics and other JSON,
model card, audit.json, config) and raises :class:`~meddx.errors.PHILeakError` naming the
artifact and the PHI type, never the value. Model weights and the tokenizer's vocabulary
are skipped: a vocabulary holds common names by construction.

Matching works on word tokens (letters and digits), so "SMITH, John" is found across
punctuation and line breaks. To keep false alarms rare, a PHI string is scanned only if it
has a word of 3+ letters or 6+ digits in all; it is matched case-insensitively (and across
escaped line breaks, as JSON writes them), except a
single common English word used as a name ("Will", "Hope"), which must match as written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from meddx.errors import PHILeakError

__all__ = ["PhiRecorder", "scan_run_for_phi"]

_WORD = re.compile(r"[^\W_]+")
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
        letters = any(sum(c.isalpha() for c in w) >= 3 for w in words)
        digits = sum(c.isdigit() for c in value)
        if not words or not (letters or digits >= 6):
            return
        self._index.clear()
        if len(words) == 1 and words[0].lower() in _common_words():
            self._exact[1].setdefault(words, label)
        else:
            self._keys[len(words)].setdefault(tuple(w.lower() for w in words), label)

    def add_spans(self, text: str, spans) -> None:
        for s in spans:
            self.add(text[s.start:s.end], s.label)

    def locate(self, text: str) -> list[tuple[int, int, str]]:
        """Character spans ``(start, end, label)`` of every recorded PHI string in ``text``,
        matched as :meth:`find` matches (word tokens; case-insensitive except common words)."""
        found = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        if not found:
            return []
        words = [w for _, _, w in found]
        lower = [w.lower() for w in words]
        out: list[tuple[int, int, str]] = []
        for table, seq in ((self._keys, lower), (self._exact, words)):
            firsts = self._firsts(table)
            for i, word in enumerate(seq):
                for k in firsts.get(word, ()):
                    gram = tuple(seq[i:i + k])
                    label = table[k].get(gram) if len(gram) == k else None
                    if label is not None:
                        out.append((found[i][0], found[i + k - 1][1], label))
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
        words = _WORD.findall(_ESCAPES.sub(" ", text))
        lower = [w.lower() for w in words]
        hits: dict[str, int] = defaultdict(int)
        for table, seq in ((self._keys, lower), (self._exact, words)):
            for k, keys in table.items():
                seen = set()
                for i in range(len(seq) - k + 1):
                    gram = tuple(seq[i:i + k])
                    if gram in keys and gram not in seen:
                        seen.add(gram)
                        hits[keys[gram]] += 1
        return dict(hits)


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


def scan_run_for_phi(run_dir: str | Path, phi: PhiRecorder) -> dict[str, int]:
    """Scan every text artifact of ``run_dir`` for the recorded PHI.

    Returns ``{"files_scanned": n, "phi_strings": m}`` when clean; raises
    :class:`PHILeakError` naming each leaking artifact and the PHI types (not the values)."""
    run_dir = Path(run_dir)
    leaks: list[tuple[str, dict[str, int]]] = []
    n = 0
    for path, text in _artifacts(run_dir):
        n += 1
        hits = phi.find(text)
        if hits:
            leaks.append((str(path.relative_to(run_dir)), hits))
    if leaks:
        raise PHILeakError(leaks, run_dir=str(run_dir))
    return {"files_scanned": n, "phi_strings": len(phi)}
