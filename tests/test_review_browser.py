"""The review page in a real browser: Debian's chromium (headless, driven by Playwright) against
the app served by uvicorn on loopback. Log in, see the predictions with highlighted words, and
agree, relabel and comment with the keyboard; the feedback rows must be in the database."""

from __future__ import annotations

import pytest
from browser import chromium_page, review_in_browser, serve_in_thread
from fastapi.testclient import TestClient
from helpers import make_tfidf_run, synthetic_notes

from meddx.serve import FeedbackStore, ServeSettings, create_app

KEY = "k-browser-0123456789abcdef"
NOTES = ["melena and epigastric tenderness, colonoscopy polyp",
         "new seizure with aphasia, mri brain lesion",
         "patient presents with chest pain and troponin elevated"]


@pytest.mark.slow
def test_review_with_the_keyboard_in_chromium(tmp_path):
    run = make_tfidf_run(tmp_path, synthetic_notes(600, seed=3), name="web")
    settings = ServeSettings.build(api_keys=[KEY], store_text=True, review=True, min_confidence=0.4,
                                   store_url=f"sqlite:///{tmp_path / 'predictions.db'}")
    app = create_app(run, settings=settings)
    client = TestClient(app)
    r = client.post("/v1/predict", json={"texts": NOTES}, headers={"Authorization": f"Bearer {KEY}"})
    assert r.status_code == 200
    labels = list(app.state.service.labels)  # the queue is newest first: NOTES[2] on top
    with serve_in_thread(app) as url, chromium_page() as page:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        review_in_browser(page, url, api_key=KEY, reviewer="Dr Chromium",
                          actions=["a", str(labels.index("gi") + 1), "c:check the lab values"])
        page.wait_for_selector(f"#item-{_ids(app)[2]} mark")  # the top item's highlight
        marked = [m.lower() for m in page.locator(f"#item-{_ids(app)[2]} mark").all_text_contents()]
        assert set(marked) & {"chest", "pain", "troponin", "elevated"}, marked
        assert page.locator(".item.done").count() == 3
        assert page.locator(f"#item-{_ids(app)[1]} .status").text_content() == "relabelled: gi"
        page.reload()  # the statuses come back from the database
        assert "agreed" in page.locator(f"#item-{_ids(app)[2]} .status").text_content()
        assert not errors, errors
    rows = FeedbackStore(app.state.service.store).rows()
    ids = _ids(app)
    got = [(r["prediction_id"], r["label"], r["agree"], r["comment"], r["reviewer"]) for r in rows]
    assert got == [(ids[2], "cardiac", True, None, "Dr Chromium"),
                   (ids[1], "gi", False, None, "Dr Chromium"),
                   (ids[0], None, None, "check the lab values", "Dr Chromium")]


def _ids(app) -> list[int]:
    return [row["id"] for row in app.state.service.store.rows()]
