"""The demo's seeded replies never reach a relay, even with ``PARLEY_SMTP_URL`` set: its
customers live in the reserved ``.invalid`` domain, for which nothing is queued."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from fixtures.mail import Mail, message, reply
from parley.demo import content, seed
from parley.mail_records.outbox import undeliverable


def test_undeliverable_addresses() -> None:
    assert undeliverable("a@customers.invalid")
    assert undeliverable("a@INVALID.")
    assert not undeliverable("a@invalid.example")
    assert not undeliverable("a@notinvalid")
    assert not undeliverable(None) and not undeliverable("")


def test_demo_seed_sends_no_mail(mail: Mail, api: Any) -> None:
    async def call(method: str, path: str, body: Any) -> tuple[int, Any]:
        r = api.request(method, path, json=body)
        return r.status_code, (r.json() if r.content else None)

    seeded = asyncio.run(seed.seed(call))
    mail.orgs.add(api.org.id)
    outbound = sum(
        len(thread["thread"]) // 2  # type: ignore[arg-type]
        for thread in content.THREADS
        if thread["channel"] == "Email"
    )
    assert seeded.conversations == len(content.THREADS) and outbound > 0
    assert all(undeliverable(email) for _name, email in content.CUSTOMERS)
    mail.run_jobs()  # (jobs other tests left due may send their own mail meanwhile)
    seeded_to = {email for _name, email in content.CUSTOMERS}
    assert not [e for e in mail.relay.received if seeded_to & set(e.rcpt_tos)]
    org = {"o": api.org.id}
    assert mail.harness.fetch("SELECT 1 FROM mail_deliveries WHERE org_id = :o", org) == []
    assert (
        mail.harness.fetch("SELECT 1 FROM jobs WHERE org_id = :o AND kind = 'mail.send'", org) == []
    )
    # the seeded replies are stored like any other
    sent = mail.harness.fetch(
        "SELECT COUNT(*) FROM messages m JOIN conversations c "
        "ON c.org_id = m.org_id AND c.id = m.conversation_id "
        "WHERE m.org_id = :o AND m.direction = 'Outbound' AND c.channel = 'Email'",
        org,
    )
    assert sent[0][0] == outbound

    # a customer who writes in for real is answered through the relay
    to = mail.endpoint(api)

    customer = f"dana-{uuid.uuid4().hex[:8]}@customer.test"
    mail.send(message(to, sender=customer), to)
    cid = int(mail.inbound(api.org.id)[-1][3])
    reply(api, cid)
    mail.run_jobs()
    assert [e.rcpt_tos for e in mail.relay.received if customer in e.rcpt_tos] == [[customer]]
