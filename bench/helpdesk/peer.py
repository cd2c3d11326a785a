"""django-helpdesk as a benchmark peer: install, load, serve, and describe its scenarios.

Standard library only, so the harness can import it from the main virtual environment.
Everything django-helpdesk needs lives in WORK_DIR/venv (created with the machine's
python3 and filled from PyPI with the pins in requirements.txt); the Django project that
serves it is bench/helpdesk/project.

    install(work_dir) -> Path                         venv python (idempotent, stamped)
    load(work_dir, tickets, followups_per_ticket, seed, progress=True,
         database_url=None) -> dict                    recreate + fill the database, manifest
    serve(work_dir, port, workers, database_url=None, server="gunicorn") -> Popen
    scenarios(manifest) -> dict[str, dict]             ticket_get, ticket_list,
                                                       followup_create, search
    extra_scenarios(manifest) -> dict[str, dict]       the staff UI's own pages
    stop(proc)                                         end a server started by serve()

Scenario contract: "path" and "body" may hold the literal text "{id}", to be replaced by a
random ticket id in [ids[0], ids[1]]; when "paths" is present, pick one of them per request
(it holds one path per search term). "expect" is the success status.

Command line (a smoke run: install, load, serve, one request per scenario):
    python bench/helpdesk/peer.py smoke --work-dir DIR [--tickets 1000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE / "project"
REQUIREMENTS = HERE / "requirements.txt"
HELPDESK_VERSION = "2.6.1"
SERVERS = ("gunicorn", "granian")
# Longest request a worker may take before its server gives up on it. django-helpdesk's
# ticket API reads every ticket on each call, so at 200,000 tickets one call takes tens of
# seconds: let it finish rather than kill the worker.
REQUEST_TIMEOUT_S = 600


def venv_python(work_dir: Path) -> Path:
    return Path(work_dir) / "venv" / "bin" / "python"


def _base_python() -> str:
    return shutil.which("python3") or sys.executable


def install(work_dir: Path) -> Path:
    """Create WORK_DIR/venv and pip install the pinned peer; a no-op once stamped."""
    work_dir = Path(work_dir).resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    python = venv_python(work_dir)
    stamp = work_dir / "venv" / ".installed"
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if not (python.exists() and stamp.exists() and stamp.read_text() == digest):
        if not python.exists():
            subprocess.run([_base_python(), "-m", "venv", str(work_dir / "venv")], check=True)
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, "-r", str(REQUIREMENTS)], check=True)
        stamp.write_text(digest)
    secret = work_dir / "secret_key"
    if not secret.exists():
        secret.write_text(secrets.token_urlsafe(50))
    return python


def _env(work_dir: Path, database_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("VIRTUAL_ENV", None)
    env.update(
        HD_WORK_DIR=str(work_dir),
        HD_DATABASE_URL=database_url or "",
        DJANGO_SETTINGS_MODULE="hdsite.settings",
        PYTHONPATH=str(PROJECT),
        PYTHONPYCACHEPREFIX=str(work_dir / "pycache"),
    )
    return env


def _manifest_path(work_dir: Path) -> Path:
    return Path(work_dir).resolve() / "manifest.json"


def load(
    work_dir: Path,
    tickets: int,
    followups_per_ticket: int,
    seed: int,
    progress: bool = True,
    database_url: str | None = None,
) -> dict[str, Any]:
    """Recreate the database (SQLite file under WORK_DIR by default, or the PostgreSQL
    database named in database_url, which is DROPPED first), migrate, and fill it.

    Returns the manifest (also written to WORK_DIR/manifest.json)."""
    work_dir = Path(work_dir).resolve()
    python = install(work_dir)
    cmd = [
        str(python), "-m", "hdload.load", "--tickets", str(tickets),
        "--followups-per-ticket", str(followups_per_ticket), "--seed", str(seed),
    ]  # fmt: skip
    if not progress:
        cmd.append("--no-progress")
    started = time.monotonic()
    done = subprocess.run(
        cmd,
        cwd=PROJECT,
        env=_env(work_dir, database_url),
        stdout=subprocess.PIPE,
        stderr=None if progress else subprocess.PIPE,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"django-helpdesk load failed:\n{done.stderr or ''}{done.stdout}")
    manifest: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    token, cookie = manifest["token"], manifest["session_cookie"]
    manifest.update(
        helpdesk_version=HELPDESK_VERSION,
        base_url="http://127.0.0.1:{port}",
        headers={"Authorization": f"Token {token}", "Accept": "application/json"},
        session_headers={"Cookie": cookie},
        followup_body_example=_followup_body(manifest["ticket_id_min"]),
        load_wall_s=round(time.monotonic() - started, 2),
    )
    _manifest_path(work_dir).write_text(json.dumps(manifest, indent=2))
    return manifest


def _followup_body(ticket: int | str) -> str:
    # No "title": django-helpdesk copies a follow-up's title onto its ticket.
    return (
        f'{{"ticket": {ticket}, "public": false, '
        '"comment": "Checked with billing: the refund was issued today and should '
        'reach the card within five working days."}'
    )


def serve(
    work_dir: Path,
    port: int,
    workers: int,
    database_url: str | None = None,
    server: str = "gunicorn",
    ready_timeout_s: float = 60.0,
) -> subprocess.Popen[bytes]:
    """Start django-helpdesk on 127.0.0.1:PORT and return once it answers HTTP.

    database_url None means the database of the last load() in WORK_DIR (SQLite by
    default). server: "gunicorn" (sync workers, the default) or "granian" (WSGI mode, one
    blocking thread per worker). The server runs in its own session (process group):
    stop it with stop(proc). Its output goes to WORK_DIR/server.log."""
    if server not in SERVERS:
        raise ValueError(f"server must be one of {SERVERS}")
    work_dir = Path(work_dir).resolve()
    python = install(work_dir)
    if database_url is None and _manifest_path(work_dir).exists():
        database_url = json.loads(_manifest_path(work_dir).read_text())["database_url"]
    bin_dir = python.parent
    if server == "gunicorn":
        cmd = [
            str(bin_dir / "gunicorn"), "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--worker-class", "sync",
            "--timeout", str(REQUEST_TIMEOUT_S), "--graceful-timeout", "5",
            "--backlog", "2048", "hdsite.wsgi:application",
        ]  # fmt: skip
    else:
        cmd = [
            str(bin_dir / "granian"), "--interface", "wsgi", "--host", "127.0.0.1",
            "--port", str(port), "--workers", str(workers), "--blocking-threads", "1",
            "--backlog", "2048", "--workers-kill-timeout", "5", "hdsite.wsgi:application",
        ]  # fmt: skip
    log = (work_dir / "server.log").open("ab")
    proc = subprocess.Popen(
        cmd,
        cwd=PROJECT,
        env=_env(work_dir, database_url),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    deadline = time.monotonic() + ready_timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"django-helpdesk server exited:\n{_tail(work_dir)}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/", timeout=5):
                return proc
        except urllib.error.HTTPError:
            return proc
        except OSError:
            time.sleep(0.2)
    stop(proc)
    raise RuntimeError(f"django-helpdesk did not answer in {ready_timeout_s}s:\n{_tail(work_dir)}")


def _tail(work_dir: Path) -> str:
    path = work_dir / "server.log"
    return path.read_text(errors="replace")[-3000:] if path.exists() else ""


def stop(proc: subprocess.Popen[bytes], timeout_s: float = 15.0) -> None:
    """Terminate a server started by serve(), workers included."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


def _search_path(term: str) -> str:
    query = {"search_string": term, "sorting": "created", "sortreverse": True}
    encoded = base64.b64encode(json.dumps(query).encode()).decode("ascii")
    return f"/datatables_ticket_list/{encoded}?draw=1&start=0&length=25"


def scenarios(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The four scenarios comparable with Parley's (see the module docstring's contract).

    ticket_get, ticket_list and followup_create use the REST API (/api/, DRF token auth).
    The API has no text search (only ?status=), so search uses the staff UI's JSON search
    endpoint, the one its ticket list calls: /datatables_ticket_list/<base64 query>, first
    page of 25, session-cookie auth."""
    ids = [manifest["ticket_id_min"], manifest["ticket_id_max"]]
    api = dict(manifest["headers"])
    ui = {**manifest["session_headers"], "Accept": "application/json"}
    searches = [_search_path(term) for term in manifest["search_terms"]]
    return {
        "ticket_get": {
            "method": "GET", "path": "/api/tickets/{id}/", "headers": api, "body": None,
            "ids": ids, "expect": 200, "endpoint": "REST API: TicketViewSet retrieve",
        },
        "ticket_list": {
            "method": "GET", "path": "/api/tickets/", "headers": api, "body": None,
            "ids": ids, "expect": 200, "endpoint": "REST API: TicketViewSet list, page 1 of 25",
        },
        "followup_create": {
            "method": "POST", "path": "/api/followups/",
            "headers": {**api, "Content-Type": "application/json"},
            "body": _followup_body("{id}"), "ids": ids, "expect": 201,
            "endpoint": "REST API: FollowUpViewSet create (internal note)",
        },
        "search": {
            "method": "GET", "path": searches[0], "paths": searches, "headers": ui,
            "body": None, "ids": ids, "expect": 200,
            "endpoint": "staff UI JSON search (datatables_ticket_list), page 1 of 25",
        },
    }  # fmt: skip


def extra_scenarios(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The staff UI's own pages for the same reads, which avoid the REST API's
    read-every-ticket step: the ticket page (HTML) and the ticket list's JSON feed."""
    ids = [manifest["ticket_id_min"], manifest["ticket_id_max"]]
    ui = dict(manifest["session_headers"])
    return {
        "ticket_get_ui": {
            "method": "GET", "path": "/tickets/{id}/", "headers": ui, "body": None,
            "ids": ids, "expect": 200, "endpoint": "staff UI ticket page (HTML)",
        },
        "ticket_list_ui": {
            "method": "GET", "path": _search_path(""), "headers": ui, "body": None,
            "ids": ids, "expect": 200,
            "endpoint": "staff UI ticket list JSON feed (no search), page 1 of 25",
        },
    }  # fmt: skip


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    """Report a redirect (the UI's answer to a missing login) instead of following it."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_NO_REDIRECTS = urllib.request.build_opener(_KeepRedirects)


def request(base_url: str, scenario: dict[str, Any], ticket_id: int) -> tuple[int, float, bytes]:
    """Send one request of a scenario; returns (status, seconds, body). For smoke runs."""
    path = random.choice(scenario.get("paths") or [scenario["path"]])
    body = scenario["body"]
    data = body.replace("{id}", str(ticket_id)).encode() if body else None
    req = urllib.request.Request(
        base_url + path.replace("{id}", str(ticket_id)),
        data=data,
        method=scenario["method"],
        headers=scenario["headers"],
    )
    started = time.perf_counter()
    try:
        with _NO_REDIRECTS.open(req, timeout=REQUEST_TIMEOUT_S) as resp:
            payload = resp.read()
            return resp.status, time.perf_counter() - started, payload
    except urllib.error.HTTPError as exc:
        return exc.code, time.perf_counter() - started, exc.read()


def _smoke(args: argparse.Namespace) -> int:
    work_dir = Path(args.work_dir)
    manifest = load(work_dir, args.tickets, args.followups, args.seed, True, args.database_url)
    print(json.dumps(manifest["timings_s"]), f"wall {manifest['load_wall_s']}s", flush=True)
    proc = serve(work_dir, args.port, args.workers, args.database_url, server=args.server)
    failed = 0
    try:
        base = manifest["base_url"].format(port=args.port)
        every = {**scenarios(manifest), **extra_scenarios(manifest)}
        for name, scenario in every.items():
            ticket_id = random.randint(*scenario["ids"])
            status, seconds, body = request(base, scenario, ticket_id)
            ok = status == scenario["expect"]
            failed += not ok
            print(f"{name:16} {status} {seconds * 1000:9.1f} ms  {body[:80]!r}", flush=True)
    finally:
        stop(proc)
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    smoke = sub.add_parser("smoke", help="install, load, serve, one request per scenario")
    smoke.add_argument("--work-dir", required=True)
    smoke.add_argument("--tickets", type=int, default=1000)
    smoke.add_argument("--followups", type=int, default=5)
    smoke.add_argument("--seed", type=int, default=1)
    smoke.add_argument("--port", type=int, default=8765)
    smoke.add_argument("--workers", type=int, default=2)
    smoke.add_argument("--server", choices=SERVERS, default="gunicorn")
    smoke.add_argument("--database-url", default=None)
    args = parser.parse_args()
    return _smoke(args)


if __name__ == "__main__":
    sys.exit(main())
