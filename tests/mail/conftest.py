"""Mail test kit: Parley's SMTP listener on a free loopback port inside the test app, a
local relay (aiosmtpd) that records what Parley sends and can answer with a chosen error,
and helpers to send real mail with smtplib."""

from __future__ import annotations

import asyncio
import smtplib
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from email import policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from parley.mail import listener
from parley.worker.runner import Worker

MAX_BYTES = 300_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class RelayHandler:
    """Records every mail; answers DATA for a mail to an address in ``answers`` with the
    next answer listed for it, while any are left (mail left over by other tests, to other
    addresses, cannot take them)."""

    received: list[Envelope] = field(default_factory=list)
    answers: dict[str, list[str]] = field(default_factory=dict)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        for address in envelope.rcpt_tos:
            if self.answers.get(address):
                return self.answers[address].pop(0)
        self.received.append(envelope)
        return "250 OK"


class Mail:
    """Parley's listener (on the test app's loop) and the relay, for one test."""

    def __init__(self, harness: Any, relay: RelayHandler, relay_port: int) -> None:
        self.harness = harness
        self.relay = relay
        self.relay_url = f"smtp://127.0.0.1:{relay_port}"
        self.settings = replace(harness.settings, smtp_max_bytes=MAX_BYTES, smtp_url=self.relay_url)
        self.server: asyncio.Server = harness.call(
            listener.start, harness.db, self.settings, "127.0.0.1:0"
        )
        self.port = int(listener.bound_address(self.server).rsplit(":", 1)[1])
        self.orgs: set[str] = set()

    def close(self) -> None:
        self.harness.call(listener.stop, self.server)
        # This test's jobs still waiting (retries) would run in later tests: cancelled.
        for org_id in self.orgs:
            self.harness.execute(
                "UPDATE jobs SET status = 'cancelled' WHERE org_id = :o AND status = 'pending'",
                {"o": org_id},
            )

    def endpoint(self, api: Any, local: str = "support") -> str:
        self.orgs.add(api.org.id)
        address = f"{local}-{uuid.uuid4().hex[:10]}@mail.example.test"
        r = api.post("/v1/contact-endpoints", json={"_type": "EmailEndpoint", "address": address})
        assert r.status_code == 201, r.text
        return address

    def send(self, message: EmailMessage | bytes, to: str, sender: str = "c@x.test") -> Any:
        raw = message if isinstance(message, bytes) else message.as_bytes(policy=policy.SMTP)
        with smtplib.SMTP("127.0.0.1", self.port, timeout=10) as client:
            return client.sendmail(sender, [to], raw)

    def run_jobs(self, **overrides: Any) -> int:
        """Run due jobs with this test's mail settings (relay URL and others)."""
        settings = replace(self.settings, **overrides)

        async def run() -> int:
            worker = Worker(self.harness.db, settings)
            total = 0
            for _ in range(50):
                ran = await worker.run_once()
                total += ran
                if ran == 0:
                    break
            return total

        ran: int = self.harness.call(run)
        return ran

    def make_due(self, org_id: str) -> None:
        self.harness.execute(
            "UPDATE jobs SET run_at = 0 WHERE org_id = :o AND status = 'pending'", {"o": org_id}
        )

    def inbound(self, org_id: str) -> list[tuple[Any, ...]]:
        return self.harness.fetch(
            "SELECT status, error, size, conversation_id, raw FROM mail_inbound "
            "WHERE org_id = :o ORDER BY received_at, id",
            {"o": org_id},
        )


@pytest.fixture
def mail(harness: Any) -> Iterator[Mail]:
    handler = RelayHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    kit = Mail(harness, handler, port)
    try:
        yield kit
    finally:
        kit.close()
        controller.stop()


def message(
    to: str,
    *,
    sender: str = "Carla Customer <carla@customer.test>",
    subject: str = "Help with my order",
    text: str = "Hello, my parcel did not arrive.",
    html: str | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{uuid.uuid4().hex}@customer.test>"
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return msg
