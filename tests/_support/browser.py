"""Browser-test helpers: the app on a free loopback port in a thread, and Debian's chromium driven
by Playwright (sync API). No browser is ever downloaded; ``make browser`` installs chromium."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
                 "--disable-component-update", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_in_thread(app) -> Iterator[str]:
    """Run ``app`` with uvicorn on 127.0.0.1 in a daemon thread; yield its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           server_header=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextlib.contextmanager
def chromium_page(*, javascript: bool = True) -> Iterator[object]:
    """A fresh page of headless Debian chromium (with JavaScript off when asked)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(java_script_enabled=javascript).new_page()
            page.set_default_timeout(20_000)
            yield page
        finally:
            browser.close()


def login(page, base_url: str, *, api_key: str, reviewer: str) -> None:
    """Open ``/review``, get sent to the login page, log in, land on the queue."""
    page.goto(f"{base_url}/review")
    page.wait_for_url("**/review/login")
    page.fill("#reviewer", reviewer)
    page.fill("#api_key", api_key)
    page.click("#login")
    page.wait_for_url(f"{base_url}/review")


def review_in_browser(page, base_url: str, *, api_key: str, reviewer: str, actions: list[str]) -> None:
    """Log in at ``/review`` and press ``actions`` in order: "a" (agree), a digit (label),
    "c:TEXT" (comment), "j"/"k" (move). Waits for each save to show on the page."""
    login(page, base_url, api_key=api_key, reviewer=reviewer)
    page.wait_for_selector(".item.current")
    for action in actions:
        current = page.locator(".item.current")
        ident = current.get_attribute("data-id")
        status = page.locator(f"#item-{ident} .status")
        before = status.text_content() or ""
        if action.startswith("c:"):
            page.keyboard.press("c")
            page.locator(f"#item-{ident} textarea").fill(action[2:])
            page.keyboard.press("Enter")
        else:
            page.keyboard.press(action)
        if action not in ("j", "k"):
            page.wait_for_function(
                "([sel, before]) => document.querySelector(sel).textContent !== before",
                arg=[f"#item-{ident} .status", before])
