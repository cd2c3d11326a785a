"""Memory under a mixed load: does the server's RSS stay flat?

Starts ``parley serve`` on a fresh SQLite store (or ``--database-url``), creates an
organisation, then for ``--minutes`` drives a mixed load from ``--clients`` threads:
create conversations with messages and notes, list agents, end users and tags (following
``meta.next``), search, read the activity log. Every ``--every`` seconds it samples the
resident memory of the server's processes (``/proc/<pid>/status`` ``VmRSS``, the granian
parent and its workers) and prints one line; at the end it prints the first, the last and
the largest sample, and exits 1 when the last minute's RSS exceeds the second minute's by
more than ``--growth-mib``.

    .venv/bin/python bench/rss.py --minutes 10
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx


def _children(pid: int) -> list[int]:
    out = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        for child in children:
            out += _children(int(child))
    return out


def rss_mib(pid: int) -> float:
    total = 0
    for p in _children(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _load(base: str, token: str, stop: threading.Event, counts: list[int]) -> None:
    """Requests in ``counts[0]``, answers other than 2xx in ``counts[1]``."""

    def count(response: httpx.Response) -> None:
        counts[0] += 1
        if not response.is_success:
            counts[1] += 1

    auth = {"Authorization": token}
    hooks = {"response": [count]}
    with httpx.Client(base_url=base, headers=auth, timeout=30, event_hooks=hooks) as c:
        address = f"support-{uuid.uuid4().hex[:8]}@acme.email.dixa.io"
        c.post("/v1/contact-endpoints", json={"_type": "EmailEndpoint", "address": address})
        while not stop.is_set():
            email = f"u-{uuid.uuid4().hex[:10]}@example.com"
            user = c.post("/v1/endusers", json={"displayName": "Load", "email": email})
            body = {
                "_type": "Email",
                "requesterId": user.json()["data"]["id"],
                "emailIntegrationId": address,
                "subject": "Order " + uuid.uuid4().hex[:6],
                "message": {"_type": "Inbound", "content": {"_type": "Text", "value": "refund"}},
            }
            cid = c.post("/v1/conversations", json=body).json()["data"]["id"]
            c.post(f"/v1/conversations/{cid}/notes", json={"message": "checked " * 20})
            for path in ("/v1/agents", "/v1/endusers?pageLimit=20", "/v1/tags"):
                c.get(path)
            c.get("/v1/search/conversations", params={"query": "refund"})
            c.get(f"/v1/conversations/{cid}/activitylog")


def start_server(env: dict[str, str], port: int) -> tuple[subprocess.Popen[bytes], str, str]:
    """A migrated ``parley serve`` on ``port`` with one organisation, once it answers:
    (the process, its base URL, the organisation's API token)."""
    parley = [sys.executable, "-c", "from parley.cli import main; main()"]
    subprocess.run([*parley, "db", "upgrade"], env=env, check=True, capture_output=True)
    created = subprocess.run(
        [*parley, "orgs", "create", "RSS", "--json"], env=env, capture_output=True, text=True
    )
    token = json.loads(created.stdout)["apiToken"]
    server = subprocess.Popen([*parley, "serve", "--port", str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    return server, base, token


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--every", type=float, default=10.0)
    parser.add_argument("--growth-mib", type=float, default=30.0)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="parley-rss-"))
    url = args.database_url or f"sqlite:///{data / 'parley.db'}"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PARLEY_DATABASE_URL": url, "PARLEY_DATA_DIR": str(data)}
    env["PARLEY_LOG_LEVEL"] = "WARNING"
    server, base, token = start_server(env, port)
    stop, counts = threading.Event(), [0, 0]
    threads = [
        threading.Thread(target=_load, args=(base, token, stop, counts), daemon=True)
        for _ in range(args.clients)
    ]
    for t in threads:
        t.start()
    samples: list[tuple[float, float]] = []
    started = time.monotonic()
    try:
        while time.monotonic() - started < args.minutes * 60:
            time.sleep(args.every)
            elapsed = time.monotonic() - started
            samples.append((elapsed, rss_mib(server.pid)))
            print(
                f"{elapsed:7.0f} s  rss {samples[-1][1]:7.1f} MiB  "
                f"requests {counts[0]}  not 2xx {counts[1]}"
            )
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
        server.terminate()
        server.wait(timeout=30)
    first, last = samples[0][1], samples[-1][1]
    print(f"first {first:.1f} MiB, last {last:.1f} MiB, max {max(r for _, r in samples):.1f} MiB")
    second_minute = [r for t, r in samples if 60 <= t < 120] or [first]
    last_minute = [r for t, r in samples if t >= samples[-1][0] - 60] or [last]
    growth = max(last_minute) - max(second_minute)
    print(f"growth from the second minute to the last: {growth:.1f} MiB")
    return 1 if growth > args.growth_mib or counts[1] else 0


if __name__ == "__main__":
    sys.exit(main())
