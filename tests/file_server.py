"""Loopback HTTP servers for attachment downloads (no tests here).

``http_server`` runs a throw-away server whose GET answers come from a function;
``file_server`` is the common case: one file, recording what it was asked."""

from __future__ import annotations

import sys
import threading
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FILE_BODY = b"%PDF-1.4 pinned"

Respond = Callable[[BaseHTTPRequestHandler], None]


def send(
    request: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    *,
    content_type: str | None = None,
    length: int | None = None,
) -> None:
    """Answers ``request`` with ``body``; ``length`` overrides the Content-Length sent."""
    request.send_response(status)
    if content_type is not None:
        request.send_header("Content-Type", content_type)
    request.send_header("Content-Length", str(len(body) if length is None else length))
    request.end_headers()
    if body:
        request.wfile.write(body)


def send_pdf(request: BaseHTTPRequestHandler, body: bytes) -> None:
    send(request, 200, body, content_type="application/pdf")


@contextmanager
def http_server(respond: Respond, bind: str = "127.0.0.1") -> Iterator[int]:
    """Serves every GET on ``bind`` with ``respond``; yields the port."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            respond(self)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer((bind, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class FileServer:
    port: int
    # (path, Host header) of every request received
    requests: list[tuple[str, str | None]] = field(default_factory=list)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@contextmanager
def file_server(bind: str = "127.0.0.1") -> Iterator[FileServer]:
    """Serves ``FILE_BODY`` at ``/file.pdf`` (404 elsewhere) on ``bind``."""
    seen: list[tuple[str, str | None]] = []

    def respond(request: BaseHTTPRequestHandler) -> None:
        seen.append((request.path, request.headers.get("Host")))
        if request.path == "/file.pdf":
            send_pdf(request, FILE_BODY)
        else:
            send(request, 404)

    with http_server(respond, bind) as port:
        yield FileServer(port, seen)


@dataclass
class LargeFiles:
    port: int
    size: int

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"


def patterned(size: int) -> bytes:
    """``size`` bytes that do not repeat in any short period (a counter's bytes): a copy
    with a chunk lost, doubled or moved is not equal to them."""
    counter = array("I", range(size // 4 + 1))  # built in C, not an int at a time
    assert counter.itemsize == 4
    if sys.byteorder == "little":
        counter.byteswap()  # big-endian, as int.to_bytes(4, "big") gives
    return counter.tobytes()[:size]


@contextmanager
def large_file_server(
    size: int, *, declare_length: bool = True, body: bytes | None = None
) -> Iterator[LargeFiles]:
    """Serves ``size`` bytes at every path (``body`` when given, else ``x``s), written in
    64 KiB chunks; without ``declare_length`` the answer has no Content-Length (the body
    ends when the connection closes), so only the bytes read can tell the client how large
    it is."""
    files = LargeFiles(0, size)
    content = body if body is not None else b"x" * size

    def respond(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/octet-stream")
        if declare_length:
            request.send_header("Content-Length", str(size))
        else:
            request.send_header("Connection", "close")
            request.close_connection = True
        request.end_headers()
        written = 0
        try:
            while written < size:
                part = content[written : min(size, written + 65536)]
                request.wfile.write(part)
                written += len(part)
        except OSError:  # the client stopped reading
            pass

    with http_server(respond) as port:
        files.port = port
        yield files
