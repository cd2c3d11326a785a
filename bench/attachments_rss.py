"""Memory of one message with large attachments: are the files held in memory?

Serves ten files of ``--mib`` MiB each from a loopback server, starts ``parley serve`` on a
fresh SQLite store for each source tree given (``--src``, default this checkout's
``src``; give the main branch's too to compare side by side), creates a conversation, then
posts one message naming the ten files and samples the server's resident memory
(``VmRSS`` of the granian parent and its workers) every 20 ms while the request runs. It
prints, per tree and run, the RSS before, the peak during the request and the RSS after,
and the medians of the increase over ``--runs`` runs.

    .venv/bin/python bench/attachments_rss.py --src src --src ../main/src
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rss import rss_mib, start_server

CHUNK = b"x" * 65536


def _file_server(size: int) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            left = size
            while left > 0:
                self.wfile.write(CHUNK[:left])
                left -= len(CHUNK)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(src: str, data: Path, limit: int) -> tuple[subprocess.Popen[bytes], str, str]:
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(src).resolve()),
        "PARLEY_DATABASE_URL": f"sqlite:///{data / 'parley.db'}",
        "PARLEY_DATA_DIR": str(data),
        "PARLEY_LOG_LEVEL": "WARNING",
        "PARLEY_ALLOW_PRIVATE_ADDRESSES": "true",
        "PARLEY_ATTACHMENTS_TOTAL_MAX_BYTES": str(limit),
        "PARLEY_ATTACHMENT_TIMEOUT_SECONDS": "120",
    }
    return start_server(env, port)


def _conversation(c: httpx.Client) -> int:
    address = f"support-{uuid.uuid4().hex[:8]}@acme.email.dixa.io"
    c.post("/v1/contact-endpoints", json={"_type": "EmailEndpoint", "address": address})
    user = c.post("/v1/endusers", json={"displayName": "Ada", "email": "ada@example.com"})
    body = {
        "_type": "Email",
        "requesterId": user.json()["data"]["id"],
        "emailIntegrationId": address,
        "subject": "Files",
        "message": {"_type": "Inbound", "content": {"_type": "Text", "value": "hi"}},
    }
    return int(c.post("/v1/conversations", json=body).json()["data"]["id"])


def _one_run(src: str, files_url: str, count: int, limit: int) -> tuple[float, float, float]:
    """(RSS before, peak while the message is written, after) in MiB."""
    data = Path(tempfile.mkdtemp(prefix="parley-att-"))
    server, base, token = _start(src, data, limit)
    try:
        with httpx.Client(base_url=base, headers={"Authorization": token}, timeout=300) as c:
            cid = _conversation(c)
            time.sleep(1)
            before = rss_mib(server.pid)
            peak, done = before, threading.Event()

            def sample() -> None:
                nonlocal peak
                while not done.is_set():
                    peak = max(peak, rss_mib(server.pid))
                    time.sleep(0.02)

            sampler = threading.Thread(target=sample)
            sampler.start()
            attachments = [{"url": f"{files_url}/f{i}.bin"} for i in range(count)]
            body = {"_type": "Inbound", "content": {"_type": "Text", "value": "files"}}
            r = c.post(
                f"/v1/conversations/{cid}/messages", json={**body, "attachments": attachments}
            )
            done.set()
            sampler.join()
            if r.status_code not in (200, 201):
                raise SystemExit(f"{src}: {r.status_code} {r.text}")
            time.sleep(0.5)
            return before, peak, rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", action="append", default=None)
    parser.add_argument("--mib", type=int, default=19)
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    trees = args.src or ["src"]
    size = args.mib * 1024 * 1024
    limit = (args.count + 1) * size  # the message's total allowed, to measure, not refuse
    files = _file_server(size)
    files_url = f"http://127.0.0.1:{files.server_address[1]}"
    rises: dict[str, list[float]] = {t: [] for t in trees}
    for run in range(args.runs):
        for tree in trees:  # interleaved, so both see the same machine
            before, peak, after = _one_run(tree, files_url, args.count, limit)
            rises[tree].append(peak - before)
            print(
                f"run {run + 1} {tree}: before {before:.1f} MiB, peak {peak:.1f} MiB "
                f"(+{peak - before:.1f}), after {after:.1f} MiB"
            )
    files.shutdown()
    for tree, values in rises.items():
        print(
            f"{tree}: median increase while writing the message {statistics.median(values):.1f} MiB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
