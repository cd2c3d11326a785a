"""Memory of one message with large attachments: are the files held in memory, when the
message is written and when its files are served?

Serves ten files of ``--mib`` MiB each from a loopback server, starts ``parley serve`` on a
fresh SQLite store for each source tree given (``--src``, default this checkout's
``src``; give the main branch's too to compare side by side), creates a conversation, then
posts one message naming the ten files and samples the server's resident memory
(``VmRSS`` of the granian parent and its workers) every 20 ms while the request runs; then
downloads the ten stored files at once (``GET /v1/attachments/{id}``, ten clients reading
slowly, ``--read-kib-s`` each), sampling the same way. It prints, per tree and run, the
RSS before, the peak during each phase and the RSS after, and the medians of the
increases over ``--runs`` runs.

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


class _Peak:
    """The highest RSS of a process while a block runs (sampled every 20 ms)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.before = self.peak = rss_mib(pid)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample)

    def _sample(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, rss_mib(self.pid))
            time.sleep(0.02)

    def __enter__(self) -> _Peak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()


def _download(c: httpx.Client, attachment_id: str, size: int, kib_s: int) -> None:
    """Read one stored file as a slow client would (``kib_s`` KiB per second)."""
    got = 0
    with c.stream("GET", f"/v1/attachments/{attachment_id}") as r:
        if r.status_code != 200 or r.headers.get("content-length") != str(size):
            raise SystemExit(f"download: {r.status_code} {r.headers}")
        for part in r.iter_bytes(64 * 1024):
            got += len(part)
            time.sleep(len(part) / (kib_s * 1024))
    if got != size:
        raise SystemExit(f"download: {got} bytes of {size}")


def _serve_all(c: httpx.Client, cid: int, size: int, kib_s: int) -> None:
    message = c.get(f"/v1/conversations/{cid}/messages").json()["data"][-1]
    ids = [a["url"].rsplit("/", 1)[-1] for a in message["attributes"]["attachments"]]
    threads = [threading.Thread(target=_download, args=(c, i, size, kib_s)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _one_run(
    src: str, files_url: str, count: int, limit: int, kib_s: int, rounds: int
) -> tuple[float, float, float, float, float]:
    """(RSS before, peak while the message is written, before serving, peak while its files
    are served ``rounds`` times, after) in MiB."""
    data = Path(tempfile.mkdtemp(prefix="parley-att-"))
    server, base, token = _start(src, data, limit)
    try:
        with httpx.Client(base_url=base, headers={"Authorization": token}, timeout=300) as c:
            cid = _conversation(c)
            time.sleep(1)
            attachments = [{"url": f"{files_url}/f{i}.bin"} for i in range(count)]
            body = {"_type": "Inbound", "content": {"_type": "Text", "value": "files"}}
            with _Peak(server.pid) as writing:
                r = c.post(
                    f"/v1/conversations/{cid}/messages", json={**body, "attachments": attachments}
                )
            if r.status_code not in (200, 201):
                raise SystemExit(f"{src}: {r.status_code} {r.text}")
            time.sleep(0.5)
            rounds_seen: list[_Peak] = []
            for _ in range(rounds):
                with _Peak(server.pid) as serving:
                    _serve_all(c, cid, limit // (count + 1), kib_s)
                rounds_seen.append(serving)
                time.sleep(0.5)
            peaks = ", ".join(f"{p.peak:.1f}" for p in rounds_seen)
            print(f"  {src}: peak RSS of each serving round {peaks} MiB")
            return (
                writing.before,
                writing.peak,
                rounds_seen[0].before,
                max(p.peak for p in rounds_seen),
                rss_mib(server.pid),
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", action="append", default=None)
    parser.add_argument("--mib", type=int, default=19)
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--read-kib-s", type=int, default=20 * 1024)
    parser.add_argument("--serve-rounds", type=int, default=1)
    args = parser.parse_args()
    trees = args.src or ["src"]
    size = args.mib * 1024 * 1024
    limit = (args.count + 1) * size  # the message's total allowed, to measure, not refuse
    files = _file_server(size)
    files_url = f"http://127.0.0.1:{files.server_address[1]}"
    rises: dict[str, list[float]] = {t: [] for t in trees}
    served: dict[str, list[float]] = {t: [] for t in trees}
    for run in range(args.runs):
        for tree in trees:  # interleaved, so both see the same machine
            before, peak, ready, serve_peak, after = _one_run(
                tree, files_url, args.count, limit, args.read_kib_s, args.serve_rounds
            )
            rises[tree].append(peak - before)
            served[tree].append(serve_peak - ready)
            print(
                f"run {run + 1} {tree}: before {before:.1f} MiB, peak writing {peak:.1f} MiB "
                f"(+{peak - before:.1f}), before serving {ready:.1f} MiB, peak serving "
                f"{serve_peak:.1f} MiB (+{serve_peak - ready:.1f}), after {after:.1f} MiB"
            )
    files.shutdown()
    for tree in trees:
        print(
            f"{tree}: median increase while writing the message "
            f"{statistics.median(rises[tree]):.1f} MiB, while serving its files "
            f"{statistics.median(served[tree]):.1f} MiB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
