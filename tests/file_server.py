"""A loopback HTTP server for attachment downloads, recording what it was asked."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FILE_BODY = b"%PDF-1.4 pinned"


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

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append((self.path, self.headers.get("Host")))
            if self.path == "/file.pdf":
                self.send_response(200)
                self.send_header("Content-Type", "application/pdf")
                self.send_header("Content-Length", str(len(FILE_BODY)))
                self.end_headers()
                self.wfile.write(FILE_BODY)
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer((bind, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield FileServer(server.server_address[1], seen)
    finally:
        server.shutdown()
        server.server_close()
