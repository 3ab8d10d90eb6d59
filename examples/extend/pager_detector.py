"""A de-identification detector, registered by name (docs/architecture.md, "How to add").

Import this module, then name the detector in the config: ``deid: {detectors: [rules, pager]}``.
"""

from __future__ import annotations

import re

from meddx.deid import Detector, Span, register_detector


@register_detector("pager")
class PagerDetector(Detector):
    """Pager numbers written 'pager 1234'."""

    def detect(self, text: str) -> list[Span]:
        return [Span(m.start(1), m.end(1), "PHONE", self.name)
                for m in re.finditer(r"pager (\d{4})", text)]
