"""Compatibility suite: published Dixa clients against a running Parley.

Each server is a real `parley serve` process (granian) on a free local port, on SQLite
(a temporary file) and on PostgreSQL (the session's `pg_url` database). Servers are
started once per session per (store, page-link style) and stopped at the end. Clients run
in their own virtual environments (`make install` creates them under .venv/clients/),
driven by the scripts in tests/compat/clients/, which print one JSON object.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from fixtures.harness import create_pg_database, drop_pg_database

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PARLEY = str(BIN / "parley")
CLIENTS = ROOT / ".venv" / "clients"
SCRIPTS = Path(__file__).resolve().parent / "clients"
STORES = ["sqlite", "postgres"]


def client_executable(client: str, name: str = "python") -> str:
    """The executable of a client's own virtual environment; FAILS (never skips) if missing."""
    path = CLIENTS / client / "bin" / name
    if not path.exists():
        pytest.fail(
            f"The {client} client environment is missing ({path}). Run `make install` "
            "to create the client environments used by the compatibility suite.",
            pytrace=False,
        )
    return str(path)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PARLEY_DATABASE_URL=url)
    return subprocess.run(
        [PARLEY, *args, "--database-url", url],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@dataclass
class Org:
    id: str
    name: str
    token: str


@dataclass
class Server:
    """A running `parley serve` process."""

    store: str
    links: str
    database_url: str
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    log_file: Any
    orgs: list[Org] = field(default_factory=list)

    def log(self) -> str:
        self.log_file.flush()
        return self.log_path.read_text(errors="replace")[-4000:]

    def new_org(self, name: str) -> Org:
        """Create an organisation with the CLI (`parley orgs create NAME --json`)."""
        r = _cli(self.database_url, "orgs", "create", name, "--json")
        if r.returncode != 0:
            pytest.fail(f"parley orgs create failed:\n{r.stdout}\n{r.stderr}", pytrace=False)
        data = json.loads(r.stdout)
        org = Org(data["id"], data["name"], data["apiToken"])
        self.orgs.append(org)
        return org

    def stop(self) -> None:
        if self.process.poll() is None:
            # The server was started in its own session: signal its process group
            # (granian's workers included), by id.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log_file.close()


def _start(store: str, links: str, url: str, tmp: Path) -> Server:
    port = _free_port()
    env = dict(
        os.environ,
        PARLEY_DATA_DIR=str(tmp / "data"),
        PARLEY_PAGE_LINKS=links,
        PARLEY_DATABASE_URL=url,
        PARLEY_ALLOW_PRIVATE_ADDRESSES="true",
    )
    log_path = tmp / "server.log"
    log_file = log_path.open("wb")
    process = subprocess.Popen(
        [PARLEY, "serve", "--port", str(port), "--database-url", url],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = Server(store, links, url, f"http://127.0.0.1:{port}", process, log_path, log_file)
    deadline = time.monotonic() + 30
    with httpx.Client(timeout=2) as http:
        while True:
            if process.poll() is not None:
                server.stop()
                pytest.fail(f"parley serve exited early:\n{server.log()}", pytrace=False)
            try:
                if http.get(f"{server.base_url}/health").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                server.stop()
                pytest.fail(f"parley serve did not become healthy:\n{server.log()}", pytrace=False)
            time.sleep(0.1)
    return server


class Servers:
    """Starts servers lazily, one per (store, page-link style), for the whole session."""

    def __init__(self, request: pytest.FixtureRequest, tmp: pytest.TempPathFactory) -> None:
        self.request = request
        self.tmp = tmp
        self.running: dict[tuple[str, str], Server] = {}
        self.databases: list[str] = []

    def get(self, store: str, links: str) -> Server:
        key = (store, links)
        if key not in self.running:
            tmp = self.tmp.mktemp(f"compat-{store}-{links}")
            if store == "postgres":
                # a database of its own: these servers run their embedded workers for the
                # whole session, which must not claim the in-process tests' jobs
                self.request.getfixturevalue("pg_url")  # PostgreSQL is there (or CI fails)
                url, name = create_pg_database()
                self.databases.append(name)
            else:
                url = f"sqlite:///{tmp / 'parley.db'}"
            self.running[key] = _start(store, links, url, tmp)
        return self.running[key]

    def stop_all(self) -> None:
        for server in self.running.values():
            server.stop()
        for name in self.databases:
            drop_pg_database(name)


@pytest.fixture(scope="session")
def parley_servers(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Servers]:
    servers = Servers(request, tmp_path_factory)
    try:
        yield servers
    finally:
        servers.stop_all()


@dataclass
class Target:
    """What a client is pointed at: a running server and one fresh organisation."""

    server: Server
    org: Org

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def token(self) -> str:
        return self.org.token

    @property
    def store(self) -> str:
        return self.server.store

    def env(self) -> dict[str, str]:
        return dict(os.environ, PARLEY_BASE_URL=self.base_url, PARLEY_TOKEN=self.token)


@pytest.fixture(scope="module", params=STORES)
def absolute_target(request: pytest.FixtureRequest, parley_servers: Servers) -> Target:
    """A server whose `meta.next` links are absolute URLs (the default), with a new org."""
    server = parley_servers.get(request.param, "absolute")
    return Target(server, server.new_org(f"Compat {request.module.__name__}"))


@pytest.fixture(scope="module", params=STORES)
def relative_target(request: pytest.FixtureRequest, parley_servers: Servers) -> Target:
    """A server run with PARLEY_PAGE_LINKS=relative (`meta.next` is a path), with a new org."""
    server = parley_servers.get(request.param, "relative")
    return Target(server, server.new_org(f"Compat {request.module.__name__}"))


def run_client(
    target: Target, interpreter: str, script: str, *args: str, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run a script of clients/ with a client's interpreter; fail on a non-zero exit."""
    r = subprocess.run(
        [interpreter, str(SCRIPTS / script), *args],
        env=target.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if r.returncode != 0:
        pytest.fail(
            f"{script} exited with {r.returncode}\nstdout:\n{r.stdout[-3000:]}\n"
            f"stderr:\n{r.stderr[-3000:]}\nserver log:\n{target.server.log()}",
            pytrace=False,
        )
    return r


def run_script(
    target: Target, interpreter: str, script: str, *args: str, timeout: float = 60
) -> dict[str, Any]:
    """Run a client script with the client's interpreter; return its one JSON object."""
    r = run_client(target, interpreter, script, *args, timeout=timeout)
    try:
        result: dict[str, Any] = json.loads(r.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        pytest.fail(f"{script} printed no JSON:\n{r.stdout}\n{r.stderr[-3000:]}", pytrace=False)
    return result
