"""``/docs`` renders without the internet: every file the page loads is served by Parley."""

from __future__ import annotations

import re
from typing import Any

import pytest

from fixtures.web import loopback


def test_docs_load_only_local_assets(api: Any) -> None:
    page = api.client.get("/docs")
    assert page.status_code == 200
    html = page.text
    refs = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert refs and all(ref.startswith("/docs/assets/") for ref in refs), refs
    for ref in refs:
        asset = api.client.get(ref)
        assert asset.status_code == 200, ref
        assert len(asset.content) > 100
    js = api.client.get("/docs/assets/swagger-ui-bundle.js")
    assert "javascript" in js.headers["content-type"]
    assert "SwaggerUIBundle" in js.text[:2_000_000]


def test_docs_render_in_a_browser_with_no_internet(harness: Any, tmp_path: Any) -> None:
    """Real Chromium, every request that is not to Parley refused: the operations show."""
    if harness.store != "sqlite":
        pytest.skip("the page does not depend on the store")
    import os
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    import httpx
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "PYTHONPATH": str(root / "src"),
        "PARLEY_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
        "PARLEY_DATA_DIR": str(tmp_path),
    }
    code = "from parley.cli import main; main()"
    cmd = [sys.executable, "-c", code, "serve", "--port", str(port)]
    with (tmp_path / "server.log").open("wb") as log:
        server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if loopback.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        outside: list[str] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()

            def only_parley(route: Any) -> None:
                if route.request.url.startswith(base):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            page.route("**/*", only_parley)
            page.goto(f"{base}/docs", timeout=90_000)  # room for a loaded machine
            page.wait_for_selector(".opblock-summary-path", timeout=60_000)
            assert page.locator(".opblock").count() > 50
            browser.close()
        assert outside == []
    finally:
        server.terminate()
        server.wait(timeout=30)
