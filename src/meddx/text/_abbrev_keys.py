"""The lookup keys of abbreviations: of a written short form and of a sense name (shared by
the inventory and the cue file, which the inventory reads)."""

from __future__ import annotations

import re

__all__ = ["short_key"]


def short_key(text: str) -> str:
    """Lookup key of a written short form: lowercase, dots removed ("P.E." -> "pe")."""
    return text.lower().replace(".", "")


def _sense_key(text: str) -> str:
    t = re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
    return re.sub(r"\bexamination\b", "exam", t)
