"""A small IMAP4rev1 server for tests (loopback): one mailbox, the commands imaplib uses
to read it (CAPABILITY, LOGIN, SELECT/EXAMINE, UID SEARCH, UID FETCH BODY.PEEK[], NOOP,
LOGOUT). It records every command it is sent."""

from __future__ import annotations

import re
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Mailbox:
    username: str = "support"
    password: str = "s3cret pass"
    uid_validity: int = 7
    mails: dict[int, bytes] = field(default_factory=dict)
    commands: list[str] = field(default_factory=list)

    def add(self, raw: bytes) -> int:
        uid = max(self.mails, default=100) + 1
        self.mails[uid] = raw
        return uid


def _unquote(value: str) -> str:
    if value.startswith('"') and value.endswith('"'):
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return value


class _Handler(socketserver.StreamRequestHandler):
    box: Mailbox

    def send(self, line: str | bytes) -> None:
        self.wfile.write(line if isinstance(line, bytes) else line.encode() + b"\r\n")

    def handle(self) -> None:
        self.send("* OK IMAP4rev1 test server ready")
        selected = False
        while line := self.rfile.readline():
            text = line.decode().rstrip("\r\n")
            tag, _, rest = text.partition(" ")
            command, _, args = rest.partition(" ")
            command = command.upper()
            self.box.commands.append(rest if command != "LOGIN" else "LOGIN ***")
            if command == "CAPABILITY":
                self.send("* CAPABILITY IMAP4rev1")
            elif command == "LOGIN":
                user, password = re.findall(r'"(?:[^"\\]|\\.)*"|\S+', args)[:2]
                if (_unquote(user), _unquote(password)) != (self.box.username, self.box.password):
                    self.send(f"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials")
                    continue
            elif command in ("SELECT", "EXAMINE"):
                selected = True
                self.send(f"* {len(self.box.mails)} EXISTS")
                self.send(f"* OK [UIDVALIDITY {self.box.uid_validity}] UIDs valid")
                self.send(f"{tag} OK [READ-ONLY] done")
                continue
            elif command == "UID" and selected:
                self._uid(tag, args)
                continue
            elif command == "LOGOUT":
                self.send("* BYE")
                self.send(f"{tag} OK bye")
                return
            elif command != "NOOP":
                self.send(f"{tag} BAD unknown command")
                continue
            self.send(f"{tag} OK done")

    def _uid(self, tag: str, args: str) -> None:
        sub, _, rest = args.partition(" ")
        uids = sorted(self.box.mails)
        if sub.upper() == "SEARCH":
            start = int(rest.split()[-1].split(":")[0])
            found = [u for u in uids if u >= start] or uids[-1:]  # n:* always names the last
            self.send("* SEARCH " + " ".join(map(str, found)))
        elif sub.upper() == "FETCH":
            uid = int(rest.split()[0])
            seq = uids.index(uid) + 1
            raw = self.box.mails[uid]
            self.send(f"* {seq} FETCH (UID {uid} BODY[] {{{len(raw)}}}".encode() + b"\r\n" + raw)
            self.send(")")
        self.send(f"{tag} OK done")


@contextmanager
def imap_server(box: Mailbox) -> Iterator[int]:
    handler = type("Handler", (_Handler,), {"box": box})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
