"""The test kit's costs, measured side by side in one run (issue 15):

1. ``parley serve --ephemeral``: wall-clock and CPU time from the command to the first
   answered ``/v1`` request (the migrated template cached, as after a first start);
2. what the admin API's store-backed request journal and faults add to a ``/v1`` request:
   the same ``GET /v1/tags`` on an app with ``PARLEY_ADMIN_TOKEN`` set and on one
   without, each on its own fresh SQLite store, in alternating rounds.

``.venv/bin/python bench/testkit_bench.py --runs 5 --requests 300`` prints medians and
ratios (Markdown); results go in ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from litestar.testing import TestClient

from parley.app import create_app
from parley.config import Settings
from parley.orgs import service as orgs
from parley.store.connect import run_in_transaction
from parley.store.migrate import upgrade

PARLEY = str(Path(sys.executable).parent / "parley")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def ephemeral_start() -> tuple[float, float]:
    """(wall seconds, CPU seconds) to the first answered /v1 request."""
    env = {k: v for k, v in os.environ.items() if k not in ("PARLEY_DATABASE_URL",)}
    started = time.perf_counter()
    command = [PARLEY, "serve", "--ephemeral", "--json", "--port", str(_port())]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    info = json.loads(proc.stdout.readline())
    while True:
        try:
            r = httpx.get(f"{info['baseUrl']}/v1/tags", headers={"Authorization": info["apiToken"]})
            if r.status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.01)
    wall, cpu = time.perf_counter() - started, _cpu(proc.pid)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=30)
    proc.stdout.close()
    return wall, cpu


def _app(directory: Path, admin: bool) -> tuple[TestClient[Any], str]:
    url = f"sqlite:///{directory / 'parley.db'}"
    upgrade(url)
    token = run_in_transaction(url, lambda tx: orgs.create_org(tx, "Bench")).api_token
    overrides: dict[str, Any] = {"database_url": url, "data_dir": directory}
    overrides["embedded_worker"] = False
    if admin:
        overrides["admin_token"] = "bench-admin-token"
    return TestClient(create_app(Settings.from_env({}, **overrides))), token


def _round(client: TestClient[Any], token: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        assert client.get("/v1/tags", headers={"Authorization": token}).status_code == 200
        out.append((time.perf_counter() - t) * 1000)
    return out


def journal_overhead(rounds: int, n: int) -> dict[str, float]:
    times: dict[str, list[float]] = {"off": [], "on": []}
    with tempfile.TemporaryDirectory() as tmp:
        off_client, off_token = _app(Path(tmp, "off"), admin=False)
        on_client, on_token = _app(Path(tmp, "on"), admin=True)
        with off_client, on_client:
            _round(off_client, off_token, 20), _round(on_client, on_token, 20)  # warm-up
            for _ in range(rounds):
                times["off"] += _round(off_client, off_token, n)
                times["on"] += _round(on_client, on_token, n)
    return {k: statistics.median(v) for k, v in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    ephemeral_start()  # builds the template when the migrations changed
    starts = [ephemeral_start() for _ in range(args.runs)]
    walls, cpus = [w for w, _ in starts], [c for _, c in starts]
    print("| measure | median | min | max |\n|---|---:|---:|---:|")
    print(
        f"| ephemeral start, wall | {statistics.median(walls):.2f} s | {min(walls):.2f} s "
        f"| {max(walls):.2f} s |"
    )
    print(
        f"| ephemeral start, CPU | {statistics.median(cpus):.2f} s | {min(cpus):.2f} s "
        f"| {max(cpus):.2f} s |"
    )
    med = journal_overhead(args.runs, args.requests)
    print("\n| GET /v1/tags (in-process, SQLite) | median | ratio |\n|---|---:|---:|")
    print(f"| admin API off | {med['off']:.2f} ms | 1.00 |")
    print(
        f"| admin API on (journal + fault check in the store) | {med['on']:.2f} ms "
        f"| {med['on'] / med['off']:.2f} |"
    )


if __name__ == "__main__":
    main()
