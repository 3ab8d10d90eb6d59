"""Disambiguate short forms: sense-name similarity + context words + clinical-note prior.

For a mention of short form ``k`` with context embedding ``c`` (the default encoder, L2-normed)
and context words ``w``, each sense ``s`` of ``k`` scores::

    logit_s = (c . e_s) / T + beta * (NB_s(w) - mean_s' NB_s'(w)) + gamma * log prior_s

``e_s`` embeds the sense's name (so every sense can be chosen, even one never seen in text);
``NB_s`` is a naive-Bayes log-likelihood of the context words learned from the sense's
reverse-substituted contexts (only senses with at least ``min_contexts`` of them; the centring
puts the others at the mean); ``prior_s`` is the sense's frequency in clinical notes
(Vanderbilt, Stetson), for the case the short form is written in. Naive Bayes over words is
cheap, so every harvested context is used; only the sense names, the validation contexts and
the mentions are embedded.

``T`` and ``beta`` are chosen on HELD-OUT contexts to maximise the balanced accuracy of the
likelihood alone; ``gamma`` is 1 (Bayes' rule: reverse-substituted contexts do not follow the
sense frequencies of notes, so the prior's weight cannot be tuned on them). The abstention
threshold ``tau`` is chosen there by formula scoring (right +1, wrong -1/(k-1) for a short form
of k senses, abstain 0): a sense is given only when its probability
reaches ``tau``; otherwise ``sense`` is None.

The encoder is passed in as a function (texts -> normalised rows), so this module needs no
model code: ``meddx.models.text_embedder()`` is the default the CLI and the pipeline pass.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from meddx.errors import ModelError
from meddx.text._abbrev_detect import Mention, find_abbreviations
from meddx.text._abbrev_embed import (
    FALLBACK_EMBED_WEIGHT,
    TIE_EMBED_WEIGHT,
    SenseVectors,
    embed_or_none,
)
from meddx.text._abbrev_harvest import Context, _window
from meddx.text._abbrev_inventory import Inventory

__all__ = ["AbbreviationModel", "Resolved", "balanced_accuracy"]

Embed = Callable[[list[str]], np.ndarray]
_GRID_T = (0.02, 0.04, 0.08, 0.15, 0.3, 1.0)
_GRID_BETA = (0.0, 0.1, 0.3, 1.0, 2.0, 4.0)
# Weight of the log prior for a short form WITHOUT cue rows (the fallback). The inventory's
# prior comes from a few dozen Vanderbilt/Stetson mentions per short form, and at full weight it
# gives the commonest sense almost whatever the context says (balanced accuracy 0.41 on the dev
# sentences of the cued short forms scored without cues). Chosen on those dev sentences
# (bench/data/abbrev_clinical/dev, everything but extend3, --no-cues): 0.2 has the best accuracy
# and is within 0.01 of the best balanced accuracy; 0 lets list-only senses ("captain" for CAP)
# win. Short forms with cue rows keep gamma (their priors and cue weights are set together).
FALLBACK_GAMMA = 0.2
_GRID_SCALE = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0)


@dataclass(frozen=True)
class Resolved:
    start: int
    end: int
    short: str
    sense: str | None
    score: float
    cues: tuple[str, ...] = ()  # the cue rows that supported the sense (the reason)

    def as_dict(self) -> dict:
        out = {"start": self.start, "end": self.end, "short": self.short, "sense": self.sense,
               "score": round(self.score, 4)}
        if self.cues:
            out["cues"] = list(self.cues)
        return out


@dataclass
class AbbreviationModel:
    """Fitted sense scorer for the inventory's ambiguous short forms (fit, then resolve)."""

    inventory: Inventory
    embed: Embed
    window: int = 8
    min_contexts: int = 3
    params_: dict = field(default_factory=dict)
    sense_emb_: dict[str, np.ndarray] = field(default_factory=dict)
    nb_: dict[str, tuple[dict[str, int], np.ndarray, np.ndarray]] = field(default_factory=dict)
    fit_info_: dict = field(default_factory=dict)
    # The sentence-embedding term (the fallback, and the tie-breaker when no cue is found);
    # False: the model of version 10 exactly (`meddx abbrev --no-sense-embedding`).
    sense_embedding: bool = True
    encoder_ok_: bool = field(default=True, repr=False)
    sense_vectors_: SenseVectors | None = field(default=None, repr=False)

    # ---- fitting -------------------------------------------------------------------------
    def fit(self, train: Sequence[Context], validation: Sequence[Context]) -> AbbreviationModel:
        """Context words from ``train``; T, beta and tau chosen on ``validation``."""
        keys = self.inventory.ambiguous()
        names = [s.name for k in keys for s in self.inventory.senses[k]]
        emb = self.embed(names)
        row = 0
        for k in keys:
            n = len(self.inventory.senses[k])
            self.sense_emb_[k] = emb[row:row + n]
            row += n
        groups: dict[str, list[Context]] = defaultdict(list)
        for c in train:
            groups[c.key].append(c)
        for k, contexts in groups.items():
            self._fit_nb(k, contexts)
        self.params_ = {"T": 0.04, "beta": 1.0, "gamma": 0.5, "tau": 0.0}
        self.fit_info_ = {"train_contexts": len(train), "validation_contexts": len(validation),
                          "keys_with_context_model": len(self.nb_)}
        if validation:
            self._tune(validation)
        return self

    def _fit_nb(self, key: str, contexts: list[Context]) -> None:
        n = len(self.inventory.senses[key])
        counts = [Counter() for _ in range(n)]
        seen = np.zeros(n, dtype=int)
        for c in contexts:
            counts[c.sense].update(_words(c.text, key))
            seen[c.sense] += 1
        has = seen >= self.min_contexts
        if has.sum() < 1:
            return
        vocab = {w: i for i, w in enumerate(sorted(set().union(*(counts[s] for s in
                                                                  np.flatnonzero(has)))))}
        logp = np.zeros((n, len(vocab)), dtype=np.float32)
        for s in np.flatnonzero(has):
            row = np.full(len(vocab), 0.5, dtype=np.float64)
            for w, c in counts[s].items():
                if w in vocab:
                    row[vocab[w]] += c
            logp[s] = np.log(row / row.sum())
        self.nb_[key] = (vocab, logp, has)

    def _tune(self, validation: Sequence[Context]) -> None:
        gold = [c.sense for c in validation]
        keys = [c.key for c in validation]
        written = [c.written or None for c in validation]
        # Formula scoring: right +1, wrong -1/(k-1) for k senses, abstain 0. Answering pays
        # exactly when the answer beats a blind guess, so abstention is kept for real doubt.
        cost = np.array([1.0 / max(1, len(self.inventory.senses[c.key]) - 1)
                         for c in validation])
        # Short forms with cue rows: the context window as it stands, T and beta by balanced
        # accuracy of the likelihood alone (gamma 0). The prior's weight is NOT tuned here:
        # these texts (abstracts, or the user's notes) do not follow the sense frequencies of
        # clinical notes, so Bayes' rule sets it: gamma = 1. The cue weights are set against it.
        emb = self.embed([c.text for c in validation])
        parts = [self._parts(c.key, e, w, c.text)
                 for c, e, w in zip(validation, emb, written, strict=True)]
        t, beta, score = _search(parts, keys, gold)
        self.params_ = {"T": t, "beta": beta, "gamma": 1.0,
                        "tau": _formula_tau(parts, gold, cost, t, beta, 1.0)}
        # The fallback (short forms without cue rows): the window without the short form, the
        # likelihood's scale calibrated (log-loss, every sense weighing the same; it changes no
        # argmax of the search) and the prior tempered by FALLBACK_GAMMA.
        emb = self.embed([_masked(c.text, c.offset, len(c.written)) for c in validation])
        parts = [self._parts(c.key, e, w, c.text)
                 for c, e, w in zip(validation, emb, written, strict=True)]
        tf, bf, score_f = _search(parts, keys, gold)
        scale = _calibrated_scale(parts, gold, keys, tf, bf)
        tf, bf = tf / scale, bf * scale
        self.params_["fallback"] = {
            "T": tf, "beta": bf, "gamma": FALLBACK_GAMMA,
            "tau": _formula_tau(parts, gold, cost, tf, bf, FALLBACK_GAMMA)}
        self.fit_info_["validation_balanced_accuracy"] = round(score, 4)
        self.fit_info_["fallback_validation_balanced_accuracy"] = round(score_f, 4)
        self.fit_info_["fallback_likelihood_scale"] = scale

    def _parts(self, key: str, c: np.ndarray | None, written: str | None, text: str) -> tuple:
        n = len(self.inventory.senses[key])
        zs = self.sense_emb_[key] @ c if c is not None else np.zeros(n)
        rs = np.zeros(len(zs))
        if key in self.nb_:
            vocab, logp, has = self.nb_[key]
            idx = [vocab[w] for w in _words(text, key) if w in vocab]
            if idx:
                ll = logp[:, idx].sum(1)
                rs[has] = ll[has] - ll[has].mean()
        prior = np.log(np.maximum(self.inventory.prior(key, written), 1e-6))
        return zs, rs, prior

    # ---- use -----------------------------------------------------------------------------
    def resolve(self, texts: Sequence[str]) -> list[list[Resolved]]:
        """Every recognised short form in each text, with its sense (None: abstained)."""
        mentions = [find_abbreviations(t, self.inventory) for t in texts]
        todo = [(i, m) for i, ms in enumerate(mentions) for m in ms
                if len(self.inventory.senses[m.key]) > 1]
        spans = [_window(texts[i], m.start, m.end, self.window) for i, m in todo]
        windows = [w for w, _ in spans]
        # A short form without cue rows goes to the fallback, which reads the window without it.
        # All the windows of the call are embedded in one batch (None: no encoder).
        emb = self._embed([w if m.key in self.inventory.cues.senses
                           else _masked(w, at, m.end - m.start)
                           for (w, at), (_, m) in zip(spans, todo, strict=True)])
        vectors = None
        if emb is not None and self.sense_embedding and todo:
            if self.sense_vectors_ is None:
                self.sense_vectors_ = SenseVectors(self.inventory)
            self.sense_vectors_.ensure((m.key for _, m in todo), self.embed)
            vectors = self.sense_vectors_
        chosen: dict[tuple[int, int], tuple[str | None, float, list[str]]] = {}
        for n, ((i, m), w) in enumerate(zip(todo, windows, strict=True)):
            e = emb[n] if emb is not None else None
            chosen[(i, m.start)] = self._choose(m, e, w, texts[i], vectors)
        out = []
        for i, ms in enumerate(mentions):
            row = []
            for m in ms:
                sense, score, why = chosen.get((i, m.start)) or (
                    self.inventory.senses[m.key][0].name, 1.0, [])
                row.append(Resolved(m.start, m.end, m.short, sense, score, tuple(why)))
            out.append(row)
        return out

    def _embed(self, texts: list[str]) -> np.ndarray | None:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        if not self.encoder_ok_:
            return None
        emb = embed_or_none(self.embed, texts)
        self.encoder_ok_ = emb is not None  # logged once, then not tried again
        return emb

    def _choose(self, m: Mention, e: np.ndarray | None, window: str, text: str,
                vectors: SenseVectors | None = None) -> tuple[str | None, float, list[str]]:
        """Learned score + clinical prior + cue weights (+ the sentence-embedding term) over
        the candidate senses."""
        p = self.params_
        fallback = m.key not in self.inventory.cues.senses
        if fallback:
            p = p.get("fallback", p)  # a model saved before the fallback had its own weights
        zs, rs, _ = self._parts(m.key, e, m.short, window)
        prior = np.log(np.maximum(self.inventory.clinical_prior(m.key, m.short), 1e-6))
        logits = _logits((zs, rs, prior), p["T"], p["beta"], p["gamma"])
        senses = self.inventory.senses[m.key]
        cand = self.inventory.candidates(m.key)
        found = self.inventory.cues.score(text, m.start, m.end, m.key)
        boost = np.zeros(len(senses))
        why: list[list[str]] = [[] for _ in senses]
        for i in cand:
            for alias in senses[i].aliases:
                if alias in found:
                    boost[i] += found[alias][0]
                    why[i] += found[alias][1]
        mask = np.full(len(senses), -np.inf)
        mask[cand] = 0.0
        logits = logits + embedding_term(vectors, m.key, e, fallback, bool(boost[cand].any()))
        probs = _softmax(logits + boost + mask)
        best = int(np.argmax(probs))
        if probs[best] < p["tau"] and not boost[cand].any():
            return None, float(probs[best]), []
        return senses[best].name, float(probs[best]), why[best]

    def predict_contexts(self, contexts: Sequence[Context]) -> list[tuple[int | None, float]]:
        """(sense index or None, probability) for contexts (evaluation on held-out text)."""
        emb = self.embed([c.text for c in contexts]) if contexts else np.zeros((0, 1))
        out = []
        for c, e in zip(contexts, emb, strict=True):
            written = c.written or None
            p = self.params_
            probs = _softmax(_logits(self._parts(c.key, e, written, c.text), p["T"], p["beta"],
                                     p["gamma"]))
            best = int(np.argmax(probs))
            out.append((best if probs[best] >= p["tau"] else None, float(probs[best])))
        return out

    # ---- persistence ---------------------------------------------------------------------
    def save(self, folder: str | Path) -> None:
        from meddx._io import atomic_write_bytes, atomic_write_json

        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {f"sense::{k}": v.astype(np.float16) for k, v in self.sense_emb_.items()}
        vocabs = {}
        for k, (vocab, logp, has) in self.nb_.items():
            arrays[f"nb::{k}"] = logp.astype(np.float16)
            arrays[f"has::{k}"] = has
            vocabs[k] = sorted(vocab, key=vocab.get)
        import io

        buf = io.BytesIO()
        np.savez_compressed(buf, **arrays)
        atomic_write_bytes(folder / "abbrev_model.npz", buf.getvalue())
        atomic_write_json(folder / "abbrev_model.json", {
            "params": self.params_, "window": self.window, "fit": self.fit_info_,
            "vocab": vocabs,
            "inventory_files": self.inventory.files,
            "inventory_hash": inventory_hash(self.inventory)})

    @classmethod
    def load(cls, folder: str | Path, inventory: Inventory, embed: Embed) -> AbbreviationModel:
        folder = Path(folder)
        meta_path, arr_path = folder / "abbrev_model.json", folder / "abbrev_model.npz"
        if not meta_path.is_file() or not arr_path.is_file():
            raise ModelError(f"{folder} holds no abbreviation model (abbrev_model.json/.npz); "
                             "build one with `meddx abbrev-train`")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("inventory_hash") != inventory_hash(inventory):
            raise ModelError(f"the abbreviation model in {folder} was built with another "
                             f"inventory ({', '.join(meta.get('inventory_files', []))}); "
                             "rebuild it with `meddx abbrev-train` and the same --inventory")
        model = cls(inventory, embed, window=meta["window"], params_=meta["params"],
                    fit_info_=meta.get("fit", {}))
        with np.load(arr_path) as data:
            for name in data.files:
                kind, key = name.split("::", 1)
                if kind == "sense":
                    model.sense_emb_[key] = data[name].astype(np.float32)
                elif kind == "nb":
                    vocab = {w: i for i, w in enumerate(meta["vocab"][key])}
                    model.nb_[key] = (vocab, data[name].astype(np.float32),
                                      data[f"has::{key}"].astype(bool))
        return model


def inventory_hash(inventory: Inventory) -> str:
    h = hashlib.sha256()
    for k in sorted(inventory.senses):
        h.update(k.encode())
        for s in inventory.senses[k]:
            h.update(b"\0" + s.name.encode())
    return h.hexdigest()[:16]


_STOP = frozenset("a an the of in on at to for with and or but by from as is was were be been "
                  "are this that these those it its which who whom than then there their".split())
_TOKENS = re.compile(r"[a-z][a-z0-9]+")


def _words(text: str, key: str) -> list[str]:
    """Context words for naive Bayes: lowercased, without stop words and the short form."""
    return [w for w in _TOKENS.findall(text.lower()) if w not in _STOP and w != key]


def _masked(window: str, at: int, length: int) -> str:
    """The window without the short form (at ``at``, ``length`` characters): what the encoder
    compares with each sense name. The letters of the short form say nothing about which of its
    senses is meant, and the encoder reads them as the commonest one ("CT" the scan)."""
    if length <= 0 or at < 0 or at + length > len(window):
        return window
    return (window[:at].rstrip() + " " + window[at + length:].lstrip()).strip() or window


def embedding_term(vectors: SenseVectors | None, key: str, e: np.ndarray | None,
                   fallback: bool, cued: bool) -> np.ndarray | float:
    """The sentence-embedding term: weight * cos(context, "the patient has <sense>") for a
    short form without cue rows, or for one with cue rows none of which is found (tie-breaker)."""
    if vectors is None or e is None or cued:
        return 0.0
    rows = vectors.get(key)
    if rows is None:
        return 0.0
    return (FALLBACK_EMBED_WEIGHT if fallback else TIE_EMBED_WEIGHT) * (rows @ e)


def _search(parts: Sequence[tuple], keys: Sequence[str], gold: Sequence[int]
            ) -> tuple[float, float, float]:
    """T and beta on the grid that maximise the balanced accuracy of the likelihood alone."""
    best = (-1.0, _GRID_T[0], _GRID_BETA[0])
    for t in _GRID_T:
        for beta in _GRID_BETA:
            pred = [int(np.argmax(_logits(p, t, beta, 0.0))) for p in parts]
            score = balanced_accuracy(keys, gold, pred)
            if score > best[0] + 1e-9:
                best = (score, t, beta)
    return best[1], best[2], best[0]


def _formula_tau(parts: Sequence[tuple], gold: Sequence[int], cost: np.ndarray, t: float,
                 beta: float, gamma: float) -> float:
    """The abstention threshold that maximises the formula score (right +1, wrong -cost)."""
    probs = [_softmax(_logits(p, t, beta, gamma)) for p in parts]
    conf = np.array([p.max() for p in probs])
    right = np.array([int(np.argmax(p)) == g for p, g in zip(probs, gold, strict=True)])
    best_tau, best_net = 0.0, float(right.sum() - cost[~right].sum())
    for tau in np.unique(conf):
        keep = conf >= tau
        net = float((right & keep).sum() - cost[~right & keep].sum())
        if net > best_net + 1e-9:
            best_tau, best_net = float(tau), net
    return best_tau


def _calibrated_scale(parts: Sequence[tuple], gold: Sequence[int], keys: Sequence[str],
                      t: float, beta: float) -> float:
    """The factor on the likelihood (prior left out) that minimises the log-loss on ``parts``,
    each (short form, sense) weighing the same."""
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, (k, g) in enumerate(zip(keys, gold, strict=True)):
        groups[(k, g)].append(i)
    weight = np.zeros(len(gold))
    for idx in groups.values():
        weight[idx] = 1.0 / len(idx)
    best, best_loss = 1.0, np.inf
    for scale in _GRID_SCALE:
        loss = 0.0
        for p, g, w in zip(parts, gold, weight, strict=True):
            z = scale * _logits(p, t, beta, 0.0)
            loss -= w * (z[g] - z.max() - np.log(np.exp(z - z.max()).sum()))
        if loss < best_loss - 1e-9:
            best, best_loss = scale, loss
    return best


def _logits(parts: tuple, t: float, beta: float, gamma: float) -> np.ndarray:
    zs, rs, prior = parts
    return zs / t + beta * rs + gamma * prior


def _softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max())
    return e / e.sum()


def balanced_accuracy(keys: Sequence[str], gold: Sequence, pred: Sequence) -> float:
    """Mean over (short form, sense) of the share of that sense's mentions resolved to it
    (a None prediction is wrong): every sense weighs the same, however rare."""
    hits: dict[tuple[str, object], list[int]] = defaultdict(list)
    for k, g, p in zip(keys, gold, pred, strict=True):
        hits[(k, g)].append(int(p == g))
    if not hits:
        return float("nan")
    return float(np.mean([np.mean(v) for v in hits.values()]))
