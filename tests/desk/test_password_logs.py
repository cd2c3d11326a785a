"""Passwords never reach the logs: one given to ``parley agents set-password``, and the
ones typed into the desk's sign-in, change-password and administrator's set-password
forms, through a real ``parley
serve`` process logging at DEBUG, its whole log output read back."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

from fixtures.desk import PARLEY, Browser, new_agent, set_desk_password
from fixtures.desk_browser import free_port
from fixtures.harness import CHEAP_PASSWORDS_ENV

SET = "set by the command line 41"
WRONG = "a wrong guess 57"
NEW = "the changed secret 83"
ADMIN = "the administrator own 29"
BY_ADMIN = "set by the administrator 61"


def test_passwords_never_appear_in_the_logs(harness: Any, tmp_path: Path) -> None:
    api = harness.api("Log org")
    agent_id, email = new_agent(api)
    admin_email = harness.fetch(
        "SELECT email FROM users WHERE org_id = :org AND id = :id",
        {"org": api.org.id, "id": api.org.admin_user_id},
    )[0][0]
    set_desk_password(harness, api.org.id, admin_email, ADMIN)
    env = dict(os.environ, PARLEY_DATABASE_URL=harness.settings.database_url,
               PARLEY_DATA_DIR=str(tmp_path), PARLEY_LOG_LEVEL="DEBUG",
               **CHEAP_PASSWORDS_ENV)  # fmt: skip
    done = subprocess.run(
        [PARLEY, "agents", "set-password", "--org", api.org.id, email],
        input=SET + "\n", env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    logs = [done.stdout + done.stderr]
    port = free_port()
    out = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen([PARLEY, "serve", "--port", str(port)], env=env, stdout=out,
                            stderr=subprocess.STDOUT)  # fmt: skip
    try:
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
        deadline = time.monotonic() + 60
        while True:
            try:
                client.get("/health")
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        b = Browser(harness, client=client)
        assert b.sign_in(email, WRONG).status_code == 401
        assert b.sign_in(email, SET).status_code == 303
        changed = b.post("/account/password", {"current": SET, "password": NEW},
                         form_page="/account")  # fmt: skip
        assert changed.status_code == 303
        refused = b.post("/account/password", {"current": WRONG, "password": NEW + "x"},
                         form_page="/account")  # fmt: skip
        assert refused.status_code == 400
        assert Browser(harness, client=client).sign_in(email, NEW).status_code == 303
        admin = Browser(harness, client=client)
        assert admin.sign_in(admin_email, ADMIN).status_code == 303
        by_admin = admin.post(f"/admin/agents/{agent_id}/password", {"password": BY_ADMIN},
                              form_page="/admin/agents")  # fmt: skip
        assert by_admin.status_code == 303
        assert Browser(harness, client=client).sign_in(email, BY_ADMIN).status_code == 303
        client.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        out.close()
    logs.append((tmp_path / "server.log").read_text())
    text = "\n".join(logs)
    # the request cycle was logged (so the capture works): every form post has its line
    assert text.count("path=/sign-in") >= 5 and text.count("path=/account/password") == 2
    assert "status=401" in text and "status=400" in text
    assert f"path=/admin/agents/{agent_id}/password" in text
    for secret in (SET, WRONG, NEW, NEW + "x", ADMIN, BY_ADMIN):
        for form in (secret, secret.replace(" ", "+"), secret.replace(" ", "%20")):
            assert form not in text, secret
