"""Desk test fixtures: an organisation with a signed-in-able agent and administrator, and
cookie-keeping browsers over the shared ASGI test client (see fixtures/desk.py)."""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fixtures.desk import Browser, DeskOrg, desk_org
from fixtures.desk_browser import CHROMIUM, PARLEY, ROOT, Server, free_port, missing
from fixtures.harness import CHEAP_PASSWORDS_ENV
from fixtures.mail import Mail, running_mail
from fixtures.web import loopback


@pytest.fixture
def org(harness: Any) -> DeskOrg:
    return desk_org(harness)


@pytest.fixture
def browser(harness: Any) -> Browser:
    return Browser(harness)


@pytest.fixture
def agent(harness: Any, org: DeskOrg) -> Browser:
    """A browser signed in as the organisation's (non-administrator) agent."""
    b = Browser(harness)
    r = b.sign_in(org.email)
    assert r.status_code == 303, r.text
    return b


@pytest.fixture
def admin(harness: Any, org: DeskOrg) -> Browser:
    b = Browser(harness)
    r = b.sign_in(org.admin_email)
    assert r.status_code == 303, r.text
    return b


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("desk-server")
    port = free_port()
    smtp = f"127.0.0.1:{free_port()}"
    env = dict(
        os.environ,
        PARLEY_DATA_DIR=str(data),
        PARLEY_DATABASE_URL=f"sqlite:///{data}/p.db",
        PARLEY_SMTP_LISTEN=smtp,
        **CHEAP_PASSWORDS_ENV,
    )
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
                loopback.get(f"{base}/health")
                break
            except httpx.TransportError:
                assert time.time() < deadline, "server did not start"
                time.sleep(0.1)
        yield Server(base, token, desk.group(1), desk.group(2), data / "p.db", smtp)
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
def chromium() -> Iterator[Any]:
    """Chromium, driven by Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - dev dependency
        missing("playwright is not installed")
    if not Path(CHROMIUM).exists():
        missing(f"Chromium is missing at {CHROMIUM}")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def new_page(chromium: Any) -> Iterator[Any]:
    """Opens pages at a viewport size; their browser contexts close after the test, so
    no page keeps a live connection to the server."""
    contexts: list[Any] = []

    def open_page(width: int, height: int) -> Any:
        context = chromium.new_context(viewport={"width": width, "height": height})
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


@pytest.fixture
def mail(harness: Any) -> Iterator[Mail]:
    """Parley's SMTP listener and a local relay (``fixtures.mail.Mail``)."""
    with running_mail(harness) as kit:
        yield kit
