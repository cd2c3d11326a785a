"""Parley in your test suite: a pytest plugin (``pytest11`` entry point ``parley``).

Fixtures:

- ``parley_server`` (session): a Parley server for the test session. By default a
  ``parley serve --ephemeral`` process on a free loopback port (a throwaway SQLite
  store, deleted at the end; webhooks to private addresses allowed, so a receiver on
  localhost works). With ``PARLEY_TEST_URL`` and ``PARLEY_TEST_ADMIN_TOKEN`` set, the
  server at that URL (its admin API on) instead.
- ``parley_admin`` (session): an ``AdminClient`` of that server's admin API
  (``/_parley/``): organisations, jobs, clocks, request journals, faults, webhook sinks.
- ``parley_org``: a fresh organisation for the test, deleted after it: its ``id``,
  ``token``, ``base_url`` and a Dixa-shaped ``client`` (``httpx.Client`` on
  ``<base>/v1`` with its token), with the admin helpers bound to it (``reset``,
  ``run_jobs``, ``advance``, ``real_time``, ``requests``, ``fail_next``, ``clear_faults``).
- ``parley_client``: ``parley_org.client``.
- ``parley_load_snapshot``: loads a snapshot file (``parley orgs export``,
  ``parley_org.snapshot()``) into a fresh organisation, deleted after the test.

The plugin speaks HTTP only: it works the same against a server in another process, on
another store, or of another version.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

START_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class Recorded:
    """A request an organisation's token made (``AdminClient.requests``)."""

    method: str
    path: str
    query: str
    body: str
    status: int


@dataclass(frozen=True)
class Delivery:
    """A delivery a webhook sink received."""

    headers: dict[str, str]
    body: str
    signature_verified: bool

    def json(self) -> Any:
        return json.loads(self.body)


class AdminClient:
    """The admin API of one server, authenticated by its admin token."""

    def __init__(self, base_url: str, admin_token: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = httpx.Client(
            base_url=f"{self.base_url}/_parley",
            headers={"Authorization": admin_token},
            timeout=60,
        )

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        r = self.http.request(method, path, **kwargs)
        r.raise_for_status()
        return r.json()["data"] if r.content else None

    def create_org(self, name: str = "Test organisation") -> dict[str, Any]:
        org: dict[str, Any] = self._call("POST", "/orgs", json={"name": name})
        return org

    def delete_org(self, org_id: str) -> None:
        self._call("DELETE", f"/orgs/{org_id}")

    def reset(self, org_id: str) -> None:
        """Empty the organisation; it keeps its id and its tokens."""
        self._call("POST", f"/orgs/{org_id}/reset")

    def run_jobs(self) -> list[dict[str, Any]]:
        """Run every due job now (webhook deliveries, follow-up expiry …); what ran."""
        ran: list[dict[str, Any]] = self._call("POST", "/jobs/run")
        return ran

    def pending_jobs(self, org_id: str) -> list[dict[str, Any]]:
        jobs: list[dict[str, Any]] = self._call("GET", "/jobs", params={"orgId": org_id})
        return jobs

    def advance(self, org_id: str, seconds: int) -> None:
        """Move the organisation's clock forward."""
        self._call("POST", f"/orgs/{org_id}/clock/advance", json={"seconds": seconds})

    def real_time(self, org_id: str) -> None:
        self._call("DELETE", f"/orgs/{org_id}/clock")

    def requests(self, org_id: str, limit: int = 1000) -> list[Recorded]:
        """The organisation's last requests to the server, oldest first."""
        rows = self._call("GET", f"/orgs/{org_id}/requests", params={"limit": limit})
        return [Recorded(r["method"], r["path"], r["query"], r["body"], r["status"]) for r in rows]

    def clear_requests(self, org_id: str) -> None:
        self._call("DELETE", f"/orgs/{org_id}/requests")

    def fail_next(
        self,
        org_id: str,
        status: int = 429,
        *,
        count: int | None = None,
        share: float | None = None,
        routes: list[str] | None = None,
        retry_after: int = 1,
    ) -> None:
        """Make the organisation's next ``count`` requests (default 1), or a ``share`` of
        them, answer ``status`` (429, 500 or 503), optionally only on ``routes``."""
        body: dict[str, Any] = {"status": status, "routes": routes or [], "retryAfter": retry_after}
        if share is None:
            body["count"] = count or 1
        else:
            body["share"] = share
        self._call("POST", f"/orgs/{org_id}/faults", json=body)

    def clear_faults(self, org_id: str) -> None:
        self._call("DELETE", f"/orgs/{org_id}/faults")

    def export_snapshot(self, org_id: str) -> bytes:
        """The organisation's snapshot file (``GET /_parley/orgs/{id}/snapshot``)."""
        r = self.http.get(f"/orgs/{org_id}/snapshot")
        r.raise_for_status()
        return r.content

    def import_snapshot(self, data: bytes, *, new_org: bool = True) -> dict[str, Any]:
        """Load a snapshot file; by default as a new organisation (new id, new token)."""
        imported: dict[str, Any] = self._call(
            "POST",
            "/orgs/snapshot",
            content=data,
            params={"newOrg": "true" if new_org else "false"},
            headers={"Content-Type": "application/x-ndjson"},
        )
        return imported

    def sink(self) -> Sink:
        """A new webhook sink: subscribe a webhook to ``sink.url``."""
        created = self._call("POST", "/sinks")
        return Sink(self, created["id"], created["url"])


@dataclass(frozen=True)
class Sink:
    admin: AdminClient
    id: str
    url: str

    def received(self) -> list[Delivery]:
        rows = self.admin._call("GET", f"/sinks/{self.id}/received")
        return [Delivery(r["headers"], r["body"], r["signatureVerified"]) for r in rows]

    def answer_next(self, status: int, count: int = 1) -> None:
        self.admin._call(
            "POST", f"/sinks/{self.id}/answers", json={"status": status, "count": count}
        )


@dataclass
class ParleyServer:
    base_url: str
    admin: AdminClient
    process: subprocess.Popen[str] | None = field(default=None, repr=False)


@dataclass
class ParleyOrg:
    """One organisation of the server, with a Dixa-shaped client and the admin helpers."""

    id: str
    token: str
    base_url: str
    admin: AdminClient
    client: httpx.Client

    def reset(self) -> None:
        self.admin.reset(self.id)

    def run_jobs(self) -> list[dict[str, Any]]:
        return self.admin.run_jobs()

    def advance(self, seconds: int) -> None:
        self.admin.advance(self.id, seconds)

    def real_time(self) -> None:
        self.admin.real_time(self.id)

    def requests(self) -> list[Recorded]:
        return self.admin.requests(self.id)

    def fail_next(self, status: int = 429, **kwargs: Any) -> None:
        self.admin.fail_next(self.id, status, **kwargs)

    def clear_faults(self) -> None:
        self.admin.clear_faults(self.id)

    def snapshot(self) -> bytes:
        """The organisation's snapshot file, to load with ``parley_load_snapshot``."""
        return self.admin.export_snapshot(self.id)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_ephemeral() -> ParleyServer:
    """``parley serve --ephemeral`` on a free loopback port, once it answers."""
    env = dict(os.environ, PARLEY_ALLOW_PRIVATE_ADDRESSES="true")
    for name in ("PARLEY_DATABASE_URL", "PARLEY_DATA_DIR"):
        env.pop(name, None)
    parley = str(Path(sys.executable).parent / "parley")
    command = [parley, "serve", "--ephemeral", "--json", "--port", str(_free_port())]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        process.wait()
        raise RuntimeError(f"parley serve --ephemeral exited with {process.returncode}")
    info = json.loads(line)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    with httpx.Client() as probe:  # one client: each new one loads the CA bundle (~30 ms)
        while True:
            try:
                probe.get(f"{info['baseUrl']}/health")
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("parley serve --ephemeral did not start") from None
                time.sleep(0.02)
    return ParleyServer(info["baseUrl"], AdminClient(info["baseUrl"], info["adminToken"]), process)


def stop(server: ParleyServer) -> None:
    server.admin.http.close()
    if server.process is not None:
        server.process.send_signal(signal.SIGINT)
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()
        if server.process.stdout is not None:
            server.process.stdout.close()


@pytest.fixture(scope="session")
def parley_server() -> Iterator[ParleyServer]:
    url, token = os.environ.get("PARLEY_TEST_URL"), os.environ.get("PARLEY_TEST_ADMIN_TOKEN")
    server = ParleyServer(url, AdminClient(url, token)) if url and token else start_ephemeral()
    try:
        yield server
    finally:
        stop(server)


@pytest.fixture(scope="session")
def parley_admin(parley_server: ParleyServer) -> AdminClient:
    return parley_server.admin


def _bound(server: ParleyServer, org_id: str, token: str) -> ParleyOrg:
    client = httpx.Client(
        base_url=f"{server.base_url}/v1", headers={"Authorization": token}, timeout=60
    )
    return ParleyOrg(org_id, token, server.base_url, server.admin, client)


@pytest.fixture
def parley_org(parley_server: ParleyServer, request: pytest.FixtureRequest) -> Iterator[ParleyOrg]:
    created = parley_server.admin.create_org(request.node.name[:200])
    org = _bound(parley_server, created["id"], created["apiToken"])
    try:
        yield org
    finally:
        org.client.close()
        parley_server.admin.delete_org(org.id)


@pytest.fixture
def parley_load_snapshot(
    parley_server: ParleyServer,
) -> Iterator[Callable[[bytes | str | Path], ParleyOrg]]:
    """Load a snapshot file (bytes, or a path) into a fresh organisation of the server
    (a new id and token, its conversations renumbered), deleted after the test:
    ``org = parley_load_snapshot("tests/data/helpdesk.jsonl")``."""
    loaded: list[ParleyOrg] = []

    def load(snapshot: bytes | str | Path) -> ParleyOrg:
        data = snapshot if isinstance(snapshot, bytes) else Path(snapshot).read_bytes()
        created = parley_server.admin.import_snapshot(data)
        org = _bound(parley_server, created["id"], created["apiToken"])
        loaded.append(org)
        return org

    try:
        yield load
    finally:
        for org in loaded:
            org.client.close()
            parley_server.admin.delete_org(org.id)


@pytest.fixture
def parley_client(parley_org: ParleyOrg) -> httpx.Client:
    return parley_org.client
