"""The explainer contract, the explanation it returns, and the registry of methods.

An :class:`Explainer` scores the words of each note for one class of a
:class:`~meddx.models.Classifier`: positive scores push the class's probability up, negative
ones push it down (attention rollout is unsigned). Methods register themselves by name in
:data:`EXPLAINERS`; :func:`make_explainer` builds one with its settings.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

import numpy as np

from meddx._registry import Registry
from meddx.errors import ConfigError
from meddx.explain._torch import torch_parts
from meddx.explain._words import Word, is_content

__all__ = ["EXPLAINERS", "Explainer", "Explanation", "make_explainer", "register_explainer"]


@dataclass
class Explanation:
    """Word attributions of one note for one class.

    ``words[i]`` is ``text[offsets[i][0]:offsets[i][1]]`` of the text that was explained.
    ``probability`` is the classifier's (uncalibrated) probability of ``target``.
    ``visible[i]`` is False for words the model never reads (cut off by truncation); they are
    never ranked. ``tokens``/``token_scores`` hold the model's sub-word view where the method
    has one.
    """

    method: str
    words: list[str]
    offsets: list[tuple[int, int]]
    scores: list[float]
    target: str
    target_index: int
    probability: float
    signed: bool = True
    visible: list[bool] | None = None
    tokens: list[str] | None = None
    token_scores: list[float] | None = None
    info: dict[str, Any] = field(default_factory=dict)

    def top(self, k: int = 5) -> list[tuple[str, float, int, int]]:
        """The ``k`` content words with the highest scores: ``(word, score, start, end)``."""
        order = self.ranking()[:k]
        return [(self.words[i], float(self.scores[i]), *self.offsets[i]) for i in order]

    def ranking(self) -> list[int]:
        """Indices of content words the model reads, highest score first (ties: earlier first)."""
        idx = [i for i, w in enumerate(self.words)
               if is_content(w) and (self.visible is None or self.visible[i])]
        return sorted(idx, key=lambda i: (-self.scores[i], i))

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["offsets"] = [list(o) for o in self.offsets]
        return out


class Explainer(ABC):
    """Scores words of notes for a class. Subclasses set ``name`` and implement
    :meth:`_explain_one` (batched methods also override :meth:`explain`)."""

    name: ClassVar[str]
    signed: ClassVar[bool] = True
    #: what the method needs from the model beyond probabilities: None, "gradients", "attentions"
    needs: ClassVar[str | None] = None

    def explain(self, classifier, texts: list[str], *, target: str | int | None = None
                ) -> list[Explanation]:
        """One explanation per text, for ``target`` (a label or its index; default: the
        predicted class of each text)."""
        self.check(classifier)
        texts = [str(t) for t in texts]
        if not texts:
            return []
        proba = np.asarray(classifier.predict_proba(texts), dtype=np.float64)
        targets = resolve_targets(classifier, proba, target)
        return [self._explain_one(classifier, text, int(t), float(proba[i, t]))
                for i, (text, t) in enumerate(zip(texts, targets, strict=True))]

    def check(self, classifier) -> None:
        """Raise :class:`ModelError` if ``classifier`` lacks what this method needs."""
        if self.needs is None:
            return
        torch_parts(classifier, self.name, self.needs)

    @abstractmethod
    def _explain_one(self, classifier, text: str, target: int, probability: float) -> Explanation:
        """Explain one (checked) note for class index ``target``."""

    def _make(self, classifier, words: list[Word], scores, target: int, probability: float,
              visible=None, **extra: Any) -> Explanation:
        return Explanation(
            method=self.name, words=[w.text for w in words],
            offsets=[(w.start, w.end) for w in words],
            scores=[float(s) for s in np.asarray(scores, dtype=np.float64)],
            target=classifier.labels[target], target_index=target, probability=probability,
            signed=self.signed, visible=None if visible is None else [bool(v) for v in visible],
            **extra)


def resolve_targets(classifier, proba: np.ndarray, target: str | int | None) -> list[int]:
    """Class index to explain for each row: ``target`` if given, else the most probable."""
    labels = list(classifier.labels)
    if target is None:
        return [int(j) for j in np.argmax(proba, axis=1)]
    if isinstance(target, str):
        if target not in labels:
            raise ConfigError(f"target '{target}' is not one of the model's labels: "
                              f"{', '.join(labels)}")
        return [labels.index(target)] * len(proba)
    if not 0 <= int(target) < len(labels):
        raise ConfigError(f"target index must be in 0..{len(labels) - 1}; got {target}")
    return [int(target)] * len(proba)


EXPLAINERS: Registry[type[Explainer]] = Registry("explanation method")


def register_explainer(cls: type[Explainer]) -> type[Explainer]:
    """Class decorator: make an explainer available by its ``name``."""
    EXPLAINERS.register(cls.name, cls)
    return cls


def make_explainer(name: str, **params: Any) -> Explainer:
    """Build the explainer called ``name`` with ``params`` (unknown settings are errors)."""
    cls = EXPLAINERS.get(name)
    try:
        return cls(**params)
    except TypeError as exc:
        raise ConfigError(f"explanation method '{name}' does not take these settings "
                          f"({exc}); allowed: {_params_of(cls)}") from None


def _params_of(cls: type) -> str:
    import inspect

    names = [p for p in inspect.signature(cls.__init__).parameters if p != "self"]
    return ", ".join(names) or "none"
