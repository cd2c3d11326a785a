"""The command line, run as a real process against both stores."""

from __future__ import annotations

import json
import os
import smtplib
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from fixtures.cli import PARLEY, run_cli, run_cli_on_old_sqlite
from fixtures.harness import Harness, free_port
from fixtures.web import loopback
from parley.demo import content as demo_content


def test_orgs_and_tokens(harness: Harness) -> None:
    url = harness.settings.database_url
    out = run_cli(url, "orgs", "create", "Acme Support", "--json").stdout
    created = json.loads(out)
    assert set(created) == {"id", "name", "apiToken"} and created["name"] == "Acme Support"
    r = harness.client.get("/v1/tags", headers={"Authorization": created["apiToken"]})
    assert r.status_code == 200

    token = json.loads(run_cli(url, "tokens", "create", "--org", created["id"], "--json").stdout)
    headers = {"Authorization": f"Bearer {token['apiToken']}"}
    assert harness.client.get("/v1/tags", headers=headers).status_code == 200
    run_cli(url, "tokens", "revoke", token["id"])
    assert harness.client.get("/v1/tags", headers=headers).status_code == 401
    again = run_cli(url, "tokens", "revoke", token["id"], check=False)
    assert again.returncode != 0 and "No active token" in again.stderr
    missing = run_cli(url, "tokens", "create", "--org", "nope", check=False)
    assert missing.returncode != 0

    text = run_cli(url, "orgs", "create", "Plain").stdout
    assert "API token" in text and "shown once" in text
    # a new organisation has no email address: the output says how to add its first one
    assert '/v1/contact-endpoints {"_type": "EmailEndpoint"' in text


def test_serve_refuses_several_workers_on_sqlite(tmp_path: Path) -> None:
    r = run_cli(f"sqlite:///{tmp_path}/x.db", "serve", "--workers", "2", check=False)
    assert r.returncode != 0 and "PostgreSQL" in r.stderr


def test_a_sqlite_library_too_old_is_one_line(tmp_path: Path) -> None:
    """Where Python's sqlite3 module is built with SQLite older than 3.35 (no RETURNING),
    every command on a SQLite store stops with one line, before it touches the file."""
    db = tmp_path / "old.db"
    for args in (["db", "upgrade"], ["orgs", "create", "Acme"], ["serve", "--port", "1"]):
        r = run_cli_on_old_sqlite(f"sqlite:///{db}", *args)
        assert r.returncode == 2, (args, r.stderr)
        assert r.stderr.strip() == (
            "error: SQLite 3.34.1 is too old: Parley needs 3.35.0 or newer (Python's sqlite3 "
            "module uses the system's SQLite library)"
        )
    assert not db.exists()


@pytest.mark.parametrize("store", ["sqlite"])
def test_serve_demo_migrates_and_prints_token(tmp_path: Path, store: str) -> None:
    port, smtp_port = free_port(), free_port()
    env = dict(
        os.environ,
        PARLEY_DATA_DIR=str(tmp_path),
        PARLEY_DATABASE_URL=f"sqlite:///{tmp_path}/parley.db",
        # make run's demo listens on 127.0.0.1:2525; a free port here (runs side by side)
        PARLEY_SMTP_LISTEN=f"127.0.0.1:{smtp_port}",
    )
    proc = subprocess.Popen(
        [PARLEY, "serve", "--demo", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        lines: list[str] = []
        assert proc.stdout is not None
        while not any(line.startswith("API token") for line in lines):
            line = proc.stdout.readline()
            assert line, "".join(lines)
            lines.append(line)
        token = next(line for line in lines if line.startswith("API token")).split()[2]
        assert any(f"http://127.0.0.1:{port}/docs" in line for line in lines)
        deadline = time.time() + 20
        while True:
            try:
                r = loopback.get(
                    f"http://127.0.0.1:{port}/v1/tags", headers={"Authorization": token}
                )
                break
            except httpx.TransportError:
                assert time.time() < deadline
                time.sleep(0.2)
        assert r.status_code == 200
        # the demo organisation starts with an inbox: conversations, searchable, logged
        assert any(line.startswith("Demo data    10 conversations") for line in lines)
        headers = {"Authorization": token}
        listed = loopback.post(f"http://127.0.0.1:{port}/v1/search/conversations", headers=headers)
        assert len(listed.json()["data"]) == 10
        found = loopback.get(
            f"http://127.0.0.1:{port}/v1/search/conversations",
            params={"query": "refund"},
            headers=headers,
        ).json()["data"]
        assert found and found[0]["innerHits"]
        log = loopback.get(
            f"http://127.0.0.1:{port}/v1/conversations/activitylog",
            params={"pageLimit": 1000},
            headers=headers,
        ).json()["data"]
        kinds = {entry["_type"] for entry in log}
        assert {"ConversationClosed", "ConversationRated", "NoteAdded", "TagAdded"} <= kinds
        # the demo receives mail on its local port: a mail to its address is a conversation
        assert any(line.startswith(f"SMTP         127.0.0.1:{smtp_port}") for line in lines)
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=10) as client:
            client.sendmail(
                "me@example.org",
                [demo_content.EMAIL_ADDRESS],
                b"From: Me <me@example.org>\r\nSubject: Hi from a mail client\r\n\r\n"
                b"Hello, is anyone there?\r\n",
            )
        found = loopback.get(
            f"http://127.0.0.1:{port}/v1/search/conversations",
            params={"query": "anyone"},
            headers=headers,
        ).json()["data"]
        [hit] = found
        conversation = loopback.get(
            f"http://127.0.0.1:{port}/v1/conversations/{hit['id']}", headers=headers
        ).json()["data"]
        assert conversation["channel"] == "Email"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        if proc.stdout is not None:
            proc.stdout.close()
    # a second start reuses the demo organisation and prints the same token
    saved = json.loads((tmp_path / "demo-token.json").read_text())
    assert saved["apiToken"] == token
