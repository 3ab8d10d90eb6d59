"""A tiny offline stand-in for the encoder (hashed bag of words) and notes for abbreviation tests."""

from __future__ import annotations

import re
import zlib

import numpy as np

DIM = 256


def fake_embed(texts: list[str]) -> np.ndarray:
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for i, t in enumerate(texts):
        for w in re.findall(r"[a-z]+", t.lower()):
            out[i, zlib.crc32(w.encode()) % DIM] += 1.0
        out[i] /= max(np.linalg.norm(out[i]), 1e-12)
    return out


PE_EMBOLISM = ("CT angiogram showed a pulmonary embolism and heparin anticoagulation was started "
               "for the clot with dyspnea and tachycardia")
PE_EXAM = ("On physical exam heart regular lungs clear abdomen soft extremities warm general "
           "appearance well")


def notes(n: int = 30) -> list[str]:
    return [PE_EMBOLISM if i % 2 else PE_EXAM for i in range(n)]
