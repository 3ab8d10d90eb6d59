"""Fill a prediction log through the service: traffic like the training data, or shifted."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from meddx.serve import PredictionService, ServeSettings
from tests._support.helpers import synthetic_notes

NAME = "Hannah Whitfield"
PHI_NOTE = (f"Chest pain since yesterday. Spoke with daughter {NAME}, call 617-555-0199 on "
            "03/14/2024. Troponin elevated, st elevation.")
ALIEN = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed",
         "eiusmod", "tempor", "incididunt", "labore", "magna", "aliqua", "veniam", "quis"]
START = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def shifted_notes(n: int, seed: int = 0) -> list[str]:
    """Long notes of words the model never saw, all with a cardiac cue."""
    rng = random.Random(seed)
    return [" ".join(rng.choice(ALIEN) for _ in range(rng.randint(150, 250))) + " chest pain"
            for _ in range(n)]


def fill_store(run_dir: Path, db: Path, *, shifted: bool, n: int = 240, seed: int = 9,
               days: int = 3, store_text: bool = False, extra_group: int = 0) -> str:
    """Log ``n`` notes (half sex=F, half sex=M), ``extra_group`` more with sex=X and one PHI note,
    then spread the rows over ``days`` days from START. Returns the store URL."""
    url = f"sqlite:///{db}"
    service = PredictionService(run_dir, ServeSettings.build(store_url=url, store_text=store_text,
                                                             insecure_no_auth=True))
    if shifted:
        texts = shifted_notes(n, seed)
    else:
        texts = synthetic_notes(n, seed=seed)["note"].tolist()
    for sex, part in (("F", texts[: n // 2]), ("M", texts[n // 2:])):
        for i in range(0, len(part), 60):
            service.predict(part[i:i + 60], groups={"sex": sex})
    if extra_group:
        service.predict(texts[:extra_group], groups={"sex": "X"})
    service.predict([PHI_NOTE], groups={"sex": "F"})
    service.close()
    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("select id from predictions order by id")]
        for i, row_id in enumerate(ids):
            moment = START + timedelta(days=i * days // len(ids), minutes=i)
            conn.execute("update predictions set created_at = ? where id = ?",
                         (moment.replace(tzinfo=None).isoformat(sep=" "), row_id))
    return url
