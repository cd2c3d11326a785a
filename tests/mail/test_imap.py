"""An email endpoint's IMAP mailbox, polled by the worker against a local IMAP server."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from email import policy
from typing import Any

from litestar.testing import TestClient

from fixtures.imap_server import Mailbox, imap_server
from fixtures.mail import Mail, configure_imap, message
from parley.app import create_app
from parley.store import open_database
from parley.worker.runner import Worker

SECRET = "a test secret key"


def test_mails_are_taken_once_from_the_mailbox(mail: Mail, api: Any) -> None:
    to = mail.endpoint(api)
    box = Mailbox()
    box.add(message(to, subject="First").as_bytes(policy=policy.SMTP))
    box.add(message(to, subject="Second").as_bytes(policy=policy.SMTP))
    with imap_server(box) as port:
        # without PARLEY_SECRET_KEY the password is encrypted under the secret generated in
        # the data directory
        r = configure_imap(mail.harness.client, api.org.token, port, box, to)
        assert r.status_code == 200, r.text
        assert "password" not in r.json()["data"]
        [(stored,)] = mail.harness.fetch(
            "SELECT password FROM mail_imap_sources WHERE org_id = :o", {"o": api.org.id}
        )
        assert box.password not in stored
        # a process with another secret cannot open it: the poll says why and takes nothing
        mail.run_jobs(secret_key=SECRET)
        status = api.get(f"/v1/contact-endpoints/{to}/imap").json()["data"]
        assert "does not open" in status["lastError"]
        assert mail.inbound(api.org.id) == []

        # set through a process with PARLEY_SECRET_KEY, it is polled by processes with it
        keyed = replace(mail.harness.settings, secret_key=SECRET)
        with TestClient(create_app(keyed)) as client:
            r = configure_imap(client, api.org.token, port, box, to)
        assert r.status_code == 200, r.text
        assert "password" not in r.json()["data"]
        [(again,)] = mail.harness.fetch(
            "SELECT password FROM mail_imap_sources WHERE org_id = :o", {"o": api.org.id}
        )
        assert box.password not in again and again != stored

        mail.run_jobs(secret_key=SECRET)
        assert [r[0] for r in mail.inbound(api.org.id)] == ["created", "created"]
        status = api.get(f"/v1/contact-endpoints/{to}/imap").json()["data"]
        assert status["lastUid"] == 102 and "lastError" not in status
        assert not any(c.upper().startswith("STORE") for c in box.commands)

        # the next poll takes only the new mail
        box.add(message(to, subject="Third").as_bytes(policy=policy.SMTP))
        mail.make_due(api.org.id)
        mail.run_jobs(secret_key=SECRET)
        assert [r[0] for r in mail.inbound(api.org.id)] == ["created"] * 3
        mail.make_due(api.org.id)
        mail.run_jobs(secret_key=SECRET)
        assert len(mail.inbound(api.org.id)) == 3

        # a wrong password is recorded, and polling goes on
        box.password = "changed"
        mail.make_due(api.org.id)
        mail.run_jobs(secret_key=SECRET)
        status = api.get(f"/v1/contact-endpoints/{to}/imap").json()["data"]
        assert "Invalid credentials" in status["lastError"]
        assert api.delete(f"/v1/contact-endpoints/{to}/imap").status_code == 204
        assert api.get(f"/v1/contact-endpoints/{to}/imap").status_code == 404
    pending = mail.harness.fetch(
        "SELECT count(*) FROM jobs WHERE org_id = :o AND status = 'pending'", {"o": api.org.id}
    )
    assert pending == [(0,)]


def test_two_workers_side_by_side_take_each_mail_once(mail: Mail, api: Any) -> None:
    to = mail.endpoint(api)
    box = Mailbox()
    for subject in ("One", "Two", "Three"):
        box.add(message(to, subject=subject).as_bytes(policy=policy.SMTP))

    async def two_workers() -> None:
        """This process's worker and another's (its own connection to the store), each
        claiming due jobs at the same moment, until neither finds any."""
        other = open_database(mail.settings.database_url)
        await other.connect()
        try:
            workers = [
                Worker(db, mail.settings, org_ids={api.org.id}) for db in (mail.harness.db, other)
            ]
            for _ in range(50):
                if not any(await asyncio.gather(*(w.run_once() for w in workers))):
                    break
        finally:
            await other.close()

    with imap_server(box) as port:
        r = configure_imap(mail.harness.client, api.org.token, port, box, to)
        assert r.status_code == 200, r.text
        mail.harness.call(two_workers)
        assert [row[0] for row in mail.inbound(api.org.id)] == ["created"] * 3
        # a restart (new workers) takes only what arrived since
        box.add(message(to, subject="Four").as_bytes(policy=policy.SMTP))
        mail.make_due(api.org.id)
        mail.harness.call(two_workers)
    assert [row[0] for row in mail.inbound(api.org.id)] == ["created"] * 4
    subjects = mail.harness.fetch(
        "SELECT subject FROM conversations WHERE org_id = :o ORDER BY subject", {"o": api.org.id}
    )
    assert subjects == [("Four",), ("One",), ("Three",), ("Two",)]
