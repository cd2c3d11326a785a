"""Operable: tokens list, one-line errors, one owner per SQLite store, backup and restore."""

from __future__ import annotations

import dataclasses
import json
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from fixtures.hardening import one_line_error, parley, serve
from fixtures.harness import free_port
from fixtures.web import loopback
from parley.app import create_app
from parley.store.migrate import upgrade

ROOT = Path(__file__).resolve().parents[2]


def test_tokens_list(harness: Any) -> None:
    org = harness.new_org()
    url = harness.settings.database_url
    rows = [
        json.loads(x)
        for x in parley(
            "tokens", "list", "--org", org.id, "--json", PARLEY_DATABASE_URL=url
        ).stdout.splitlines()
    ]
    assert len(rows) == 1 and rows[0]["orgId"] == org.id and rows[0]["revokedAt"] is None
    assert parley("tokens", "revoke", rows[0]["id"], PARLEY_DATABASE_URL=url).returncode == 0
    text = parley("tokens", "list", "--org", org.id, PARLEY_DATABASE_URL=url).stdout
    assert rows[0]["id"] in text and "revoked" in text
    assert harness.client.get("/v1/tags", headers={"Authorization": org.token}).status_code == 401


def test_a_missing_database_is_one_line(harness: Any, tmp_path: Path) -> None:
    if harness.store == "postgres":
        missing = harness.settings.database_url.rsplit("/", 1)[0] + "/parley_no_such_database"
        one_line_error(parley("db", "upgrade", PARLEY_DATABASE_URL=missing), "does not exist")
        one_line_error(parley("orgs", "list", PARLEY_DATABASE_URL=missing), "does not exist")
    else:
        empty = f"sqlite:///{tmp_path / 'empty.db'}"
        one_line_error(parley("orgs", "list", PARLEY_DATABASE_URL=empty), "parley db upgrade")


def test_one_owner_per_sqlite_store_and_a_busy_port(harness: Any, tmp_path: Path) -> None:
    if harness.store != "sqlite":
        pytest.skip("SQLite only: PostgreSQL is shared by design")
    url = f"sqlite:///{tmp_path / 'owned.db'}"
    port = free_port()
    with serve(url, tmp_path, port) as first:
        second = parley("serve", "--port", str(free_port()), PARLEY_DATABASE_URL=url)
        one_line_error(second, "in use by Parley process", str(first.pid))
        worker = parley("worker", PARLEY_DATABASE_URL=url)
        one_line_error(worker, "in use by Parley process")
        other = f"sqlite:///{tmp_path / 'other.db'}"
        one_line_error(
            parley("serve", "--port", str(port), PARLEY_DATABASE_URL=other), "already in use"
        )
        assert (
            parley("orgs", "list", PARLEY_DATABASE_URL=url).returncode == 0
        )  # short commands run beside it


def test_a_command_warns_when_it_would_use_another_store(tmp_path: Path) -> None:
    data = tmp_path / ".parley"
    data.mkdir()
    (data / "served-store").write_text("postgresql://parley@db/parley\n")
    done = parley("orgs", "list", cwd=tmp_path)
    assert (
        "warning: using sqlite:///.parley/parley.db, but the server last started here uses postgresql://parley@db/parley"
        in done.stderr
    )


def test_backup_while_serving_and_restore(harness: Any, tmp_path: Path) -> None:
    if harness.store != "sqlite":
        pytest.skip("SQLite only: PostgreSQL is backed up with pg_dump")
    data = tmp_path / "data"
    url = f"sqlite:///{data / 'parley.db'}"
    upgrade(url)
    settings = dataclasses.replace(harness.settings, database_url=url, data_dir=data)
    created = json.loads(parley("orgs", "create", "Kept", "--json", PARLEY_DATABASE_URL=url).stdout)
    blob = data / "blobs" / created["id"] / "file.bin"
    blob.parent.mkdir(parents=True)
    blob.write_bytes(b"attachment bytes")
    archive = tmp_path / "backup.tar.gz"
    auth = {"Authorization": created["apiToken"]}
    with TestClient(create_app(settings)) as client:  # online: the server keeps serving
        assert client.post("/v1/tags", json={"name": "before"}, headers=auth).status_code == 200
        done = parley(
            "db", "backup", str(archive), PARLEY_DATABASE_URL=url, PARLEY_DATA_DIR=str(data)
        )
        assert done.returncode == 0, done.stderr
        assert "1 attachment files" in done.stdout
        assert client.post("/v1/tags", json={"name": "after"}, headers=auth).status_code == 200

    refused = parley(
        "db", "restore", str(archive), PARLEY_DATABASE_URL=url, PARLEY_DATA_DIR=str(data)
    )
    one_line_error(refused, "--force")
    restored_data = tmp_path / "restored"
    restored_url = f"sqlite:///{restored_data / 'parley.db'}"
    done = parley(
        "db",
        "restore",
        str(archive),
        PARLEY_DATABASE_URL=restored_url,
        PARLEY_DATA_DIR=str(restored_data),
    )
    assert done.returncode == 0, done.stderr
    assert (
        restored_data / "blobs" / created["id"] / "file.bin"
    ).read_bytes() == b"attachment bytes"
    restored = dataclasses.replace(settings, database_url=restored_url, data_dir=restored_data)
    with TestClient(create_app(restored)) as client:
        tags = client.get("/v1/tags", headers=auth).json()["data"]
    assert [t["name"] for t in tags] == ["before"]

    postgres = parley(
        "db", "backup", str(archive), PARLEY_DATABASE_URL="postgresql://x@127.0.0.1/y"
    )
    one_line_error(postgres, "pg_dump")


def test_slow_clients_are_cut_off(harness: Any, tmp_path: Path) -> None:
    """Headers that never end: the connection is closed; a body that stalls: 408 (JSON)."""
    if harness.store != "sqlite":
        pytest.skip("the HTTP server's limits do not depend on the store")
    url = f"sqlite:///{tmp_path / 'slow.db'}"
    port = free_port()
    timeouts = {"PARLEY_HEADER_TIMEOUT_SECONDS": "1", "PARLEY_BODY_TIMEOUT_SECONDS": "1"}
    with serve(url, tmp_path, port, **timeouts):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as slow:
            slow.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
            started = time.monotonic()
            slow.recv(1024)  # returns when the server closes (a socket timeout would raise)
            assert time.monotonic() - started < 5  # cut off after ~1 s, not held open
        with socket.create_connection(("127.0.0.1", port), timeout=10) as stalled:
            stalled.sendall(
                b"POST /v1/tags HTTP/1.1\r\nHost: x\r\nAuthorization: t\r\n"
                b'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"na'
            )
            answer = stalled.recv(4096)
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 408"), answer
        assert b"x-request-id" in head.lower()
        assert json.loads(body)["message"].startswith("the request body stalled")


def test_metrics_count_the_requests_of_every_server_process(
    harness: Any, fresh_pg_url: str, tmp_path: Path
) -> None:
    """``parley serve --workers 2``: each process counts in files under the data
    directory, and a scrape answered by either process counts the requests of both."""
    if harness.store != "postgres":
        pytest.skip("PostgreSQL only: SQLite is served by one process (--workers 2 refused)")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with serve(fresh_pg_url, tmp_path, port, "--workers", "2", PARLEY_LOG_LEVEL="WARNING"):
        folder = tmp_path / "metrics" / str(port)
        pids: set[str] = set()
        served = 0
        # A new connection each time, until both processes have accepted some (which one
        # accepts is the kernel's choice: on a busy machine one may take dozens in a row).
        while len(pids) < 2 and served < 2000:
            for _ in range(20):
                assert loopback.get(f"{base}/health", timeout=10).status_code == 200
            served += 20
            pids = {p.stem.rsplit("_", 1)[1] for p in folder.glob("counter_*.db")}
        assert len(pids) == 2, pids  # both processes served requests
        for _ in range(10):  # whichever process answers the scrape
            text = loopback.get(f"{base}/metrics", timeout=10).text
            counted = [
                float(line.rsplit(" ", 1)[1])
                for line in text.splitlines()
                if line.startswith("parley_http_requests_total{") and 'route="/health"' in line
            ]
            assert sum(counted) >= served, text
