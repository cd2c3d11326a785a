"""``parley serve --ephemeral``: a real process on a throwaway store."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

from fixtures.harness import free_port
from fixtures.testkit import (
    PARLEY,
    cpu_seconds,
    server_env,
    start_server,
    stop_server,
    wait_ready,
)
from fixtures.web import loopback


def test_ephemeral_server_starts_fast_serves_one_org_and_is_deleted_on_exit(
    tmp_path: Path,
) -> None:
    port = free_port()
    # the first start builds the migrated template; later starts copy it
    proc, info, started = start_server(tmp_path, port)
    try:
        wait_ready(info["baseUrl"], info["apiToken"], started)
    finally:
        stop_server(proc, signal.SIGINT)
    assert not Path(info["directory"]).exists()

    proc, info, started = start_server(tmp_path, port)
    try:
        assert info["baseUrl"] == f"http://127.0.0.1:{port}"
        assert set(info) == {"baseUrl", "orgId", "apiToken", "adminToken", "directory"}
        wait_ready(info["baseUrl"], info["apiToken"], started)
        # from nothing to the first answer: under 2 s of CPU (1.3-1.6 s when measured;
        # the wall clock on a busy machine says more about the machine)
        spent = cpu_seconds(proc.pid)
        assert 0 < spent < 2.0, f"{spent:.2f} s of CPU to the first answer"
        orgs = loopback.get(
            f"{info['baseUrl']}/_parley/orgs", headers={"Authorization": info["adminToken"]}
        ).json()["data"]
        assert [o["id"] for o in orgs] == [info["orgId"]]
        assert Path(info["directory"], "parley.db").exists()
    finally:
        stop_server(proc, signal.SIGTERM)
    assert not Path(info["directory"]).exists()


def test_in_memory_sqlite_is_refused_with_the_way_out(tmp_path: Path) -> None:
    r = subprocess.run(
        [PARLEY, "serve", "--database-url", "sqlite:///:memory:"],
        env=server_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2
    assert "in-memory SQLite" in r.stderr and "--ephemeral" in r.stderr
    assert "Traceback" not in r.stderr


def test_ephemeral_refuses_a_store_given_on_the_command_line(tmp_path: Path) -> None:
    r = subprocess.run(
        [PARLEY, "serve", "--ephemeral", "--database-url", f"sqlite:///{tmp_path}/x.db"],
        env=server_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2 and "drop --database-url" in r.stderr
