"""The desk in real Chromium against a real ``parley serve --demo`` process: sign in, the
inbox, a conversation, a reply, and a conversation created through the API appearing
live. With CI=true a missing Chromium fails the run; otherwise these tests are skipped.

Screenshots of the sign-in, inbox and conversation screens are written to
``docs/screenshots/`` when PARLEY_SCREENSHOTS=1 (else to a temporary folder).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = os.environ.get("PARLEY_CHROMIUM", "/usr/bin/chromium")
PARLEY = str(Path(sys.executable).parent / "parley")
ROOT = Path(__file__).resolve().parents[2]


def _ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _missing(reason: str) -> None:
    if _ci():
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base: str
    token: str
    email: str
    password: str


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("desk-server")
    port = _free_port()
    env = dict(os.environ, PARLEY_DATA_DIR=str(data), PARLEY_DATABASE_URL=f"sqlite:///{data}/p.db")
    proc = subprocess.Popen(
        [PARLEY, "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines: list[str] = []
        while not any(line.startswith("Agent desk") for line in lines):
            line = proc.stdout.readline()
            assert line, "".join(lines)
            lines.append(line)
        token = next(line for line in lines if line.startswith("API token")).split()[2]
        desk = re.search(r"email (\S+)\s+password (\S+)", lines[-1])
        assert desk, lines[-1]
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 20
        while True:
            try:
                httpx.get(f"{base}/health")
                break
            except httpx.TransportError:
                assert time.time() < deadline, "server did not start"
                time.sleep(0.1)
        yield Server(base, token, desk.group(1), desk.group(2))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
            raise
        if proc.stdout is not None:
            proc.stdout.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - dev dependency
        _missing("playwright is not installed")
    if not Path(CHROMIUM).exists():
        _missing(f"Chromium is missing at {CHROMIUM}")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Any]:
    """Opens pages at a viewport size; their browser contexts close after the test, so
    no page keeps a live connection to the server."""
    contexts: list[Any] = []

    def open_page(width: int, height: int) -> Any:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("PARLEY_SCREENSHOTS") == "1":
        path = ROOT / "docs" / "screenshots"
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("screenshots")


def _new_conversation(server: Server, subject: str) -> int:
    headers = {"Authorization": server.token}
    with httpx.Client(base_url=server.base, headers=headers) as api:
        r = api.post("/v1/endusers", json={"displayName": "Live Customer",
                                           "email": f"live-{uuid.uuid4().hex[:8]}@example.com"})  # fmt: skip
        requester = r.json()["data"]["id"]
        address = f"live-{uuid.uuid4().hex[:8]}@acme.example"
        r = api.post("/v1/contact-endpoints", json={"_type": "EmailEndpoint", "address": address})
        assert r.status_code == 201, r.text
        r = api.post(
            "/v1/conversations",
            json={
                "_type": "Email",
                "requesterId": requester,
                "emailIntegrationId": address,
                "subject": subject,
                "message": {"_type": "Inbound", "content": {"_type": "Text", "value": "Hello"}},
            },
        )
        assert r.status_code == 201, r.text
        return int(r.json()["data"]["id"])


def test_sign_in_inbox_conversation_reply_and_live(
    new_page: Any, server: Server, shots: Path
) -> None:
    from playwright.sync_api import expect

    page = new_page(1280, 800)
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{server.base}/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.get_by_label("Email").fill(server.email)
    page.get_by_label("Password").fill(server.password)
    page.screenshot(path=str(shots / "sign-in.png"))
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Unassigned")).to_be_visible()
    expect(page.locator("html[data-ready]")).to_have_count(1)
    rows = page.locator("[data-row] > a")
    expect(rows.first).to_be_visible()
    # times are shown in the browser's zone, converted from <time datetime>
    assert not re.search(r"\d{4}-\d\d-\d\dT", page.locator("ol.rows time").first.inner_text())
    page.keyboard.press("j")
    expect(rows.first).to_be_focused()
    page.screenshot(path=str(shots / "inbox.png"))

    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Close conversation")).to_be_visible()
    expect(page.locator("html[data-ready]")).to_have_count(1)
    page.keyboard.press("r")
    expect(page.locator("#reply-text")).to_be_focused()
    page.keyboard.type("Thanks for writing, we are looking into it.")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#thread")).to_contain_text("we are looking into it")
    page.screenshot(path=str(shots / "conversation.png"), full_page=True)

    page.goto(f"{server.base}/?view=open")
    expect(page.locator("body[data-live=open]")).to_have_count(1)
    page.evaluate("window.__stayed = true")
    subject = f"Live arrival {uuid.uuid4().hex[:6]}"
    started = time.monotonic()
    _new_conversation(server, subject)
    expect(page.locator("#inbox-list")).to_contain_text(subject, timeout=3000)
    assert time.monotonic() - started < 2.0
    assert page.evaluate("window.__stayed") is True  # no reload
    assert refused == []


def test_phone_width(new_page: Any, server: Server) -> None:
    from playwright.sync_api import expect

    page = new_page(390, 844)
    page.goto(f"{server.base}/sign-in")
    page.get_by_label("Email").fill(server.email)
    page.get_by_label("Password").fill(server.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Unassigned")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("[data-row] > a").first.click()
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
