"""Write examples/notes_multilabel.csv: synthetic notes (no real patient data), reproducible.

Run: .venv/bin/python examples/make_example_data.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

FINDINGS = {
    "heart_failure": ["bilateral pedal edema", "BNP elevated", "EF 30%", "orthopnea",
                      "JVD noted", "crackles at both bases", "on furosemide"],
    "pneumonia": ["productive cough", "RLL consolidation on CXR", "febrile to 39.1",
                  "started on ceftriaxone", "sputum culture pending", "O2 sat 89% on RA"],
    "diabetes": ["HbA1c 9.2", "on metformin", "glucose 310 on arrival", "polyuria",
                 "insulin sliding scale", "diabetic foot exam"],
    "ckd": ["creatinine 2.8", "eGFR 25", "nephrology following", "renal diet",
            "potassium 5.6", "AV fistula left arm"],
}
FILLER = ["Pt", "seen", "today", "HPI:", "reports", "denies", "chest pain", "SOB", "nausea",
          "since", "admission", "vitals stable", "plan:", "continue", "monitor", "f/u",
          "in clinic", "ROS otherwise neg", "A&Ox3", "NAD"]


def main(path: Path, n: int = 240, seed: int = 11) -> None:
    rng = random.Random(seed)
    names = list(FINDINGS)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["encounter", "mrn_hash", "note_body", "findings", "sex"])
        for i in range(n):
            k = 1 if rng.random() < 0.6 else 2
            labels = sorted(rng.sample(names, k))
            words = [rng.choice(FILLER) for _ in range(rng.randint(10, 40))]
            for lab in labels:
                for _ in range(rng.randint(1, 2)):
                    words.insert(rng.randrange(len(words) + 1), rng.choice(FINDINGS[lab]))
            w.writerow([f"E{i:04d}", f"pt{rng.randrange(90):03d}", " ".join(words),
                        ";".join(labels), rng.choice("FM")])


if __name__ == "__main__":
    main(Path(__file__).with_name("notes_multilabel.csv"))
