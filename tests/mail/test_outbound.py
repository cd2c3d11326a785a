"""Agent replies sent through a local relay, retries and failures, and the headers that
let the customer's replies thread back."""

from __future__ import annotations

from typing import Any

from file_server import FILE_BODY, file_server
from fixtures.mail import Mail, delivery, events, inbound_conversation, message, reply, sent_to
from fixtures.webhooks import CONVERSATION_KEYS
from parley.kit.clock import now_ms
from webhooks.receiver import receiver, verify


def test_agent_reply_reaches_the_relay_and_the_answer_threads_back(mail: Mail, api: Any) -> None:
    to, cid, first = inbound_conversation(mail, api)
    with file_server() as files:
        mid = reply(
            api,
            cid,
            cc=["boss@customer.test"],
            bcc=["audit@shop.test"],
            attachments=[{"url": files.url("/file.pdf"), "prettyName": "invoice.pdf"}],
        )
    assert delivery(mail, api.org.id, mid)[0] == "queued"
    mail.run_jobs()
    [out] = sent_to(mail, "carla@customer.test")
    [envelope] = [e for e in mail.relay.received if "carla@customer.test" in e.rcpt_tos]
    assert sorted(envelope.rcpt_tos) == [
        "audit@shop.test",
        "boss@customer.test",
        "carla@customer.test",
    ]
    assert envelope.mail_from == to
    assert out["From"].addresses[0].addr_spec == to
    assert out["From"].addresses[0].display_name  # the agent's name
    assert out["To"] == "carla@customer.test"
    assert out["Cc"] == "boss@customer.test"
    assert out["Bcc"] is None
    assert out["Subject"] == f"Help with my order [#{cid}]"
    assert out["Message-ID"] == f"<parley.{mid}@mail.example.test>"
    assert out["In-Reply-To"] == first["Message-ID"]
    assert first["Message-ID"] in out["References"]
    assert out["Auto-Submitted"] is None
    assert out.get_body(("plain",)).get_content().strip() == "We are on it."  # type: ignore[union-attr]
    assert "We are on it." in out.get_body(("html",)).get_content()  # type: ignore[union-attr]
    [att] = list(out.iter_attachments())
    assert att.get_filename() == "invoice.pdf" and att.get_content() == FILE_BODY
    assert delivery(mail, api.org.id, mid) == ("sent", 1, None)
    assert events(mail, api.org.id) == ["CONVERSATION_MESSAGE_DELIVERY_SENT"]

    # The customer's answer, with In-Reply-To, lands in the same conversation, its quoted
    # history marked apart from the reply.
    quoting = "Thanks!\n\nOn Mon, 7 Dec 2026 at 10:00, Support wrote:\n> We are on it.\n"
    answer = message(
        to, subject="Re: Help", text=quoting, headers={"In-Reply-To": out["Message-ID"]}
    )
    mail.send(answer, to)
    assert mail.inbound(api.org.id)[-1][:1] == ("threaded",)
    assert mail.inbound(api.org.id)[-1][3] == cid
    assert len(api.get(f"/v1/conversations/{cid}/messages").json()["data"]) == 3
    rows = mail.harness.fetch(
        "SELECT attributes FROM messages WHERE org_id = :o", {"o": api.org.id}
    )
    stored = [r[0] for r in rows]
    [marked] = [a for a in stored if '"replyText":"Thanks!"' in a]
    assert '"quotedText":"On Mon, 7 Dec 2026 at 10:00, Support wrote:\\n> We are on it."' in marked


def test_temporary_failure_is_retried_and_permanent_one_recorded(mail: Mail, api: Any) -> None:
    _to, cid, _first = inbound_conversation(mail, api)
    mid = reply(api, cid)
    mail.relay.answers["carla@customer.test"] = ["451 4.3.0 Try again later"]
    before = now_ms()
    mail.run_jobs()
    status, attempts, error = delivery(mail, api.org.id, mid)
    assert (status, attempts) == ("queued", 1) and error.startswith("451")
    [(run_at,)] = mail.harness.fetch(
        "SELECT run_at FROM jobs WHERE org_id = :o AND dedupe_key = :m AND status = 'pending'",
        {"o": api.org.id, "m": mid},
    )
    assert run_at >= before + 1000  # retried after the worker's backoff (1 s first)
    assert sent_to(mail, "carla@customer.test") == []
    mail.make_due(api.org.id)
    mail.run_jobs()
    assert delivery(mail, api.org.id, mid)[:2] == ("sent", 2)
    assert len(sent_to(mail, "carla@customer.test")) == 1

    refused = reply(api, cid, "Second")
    mail.relay.answers["carla@customer.test"] = ["550 5.1.1 No such user"]
    mail.run_jobs()
    status, _attempts, error = delivery(mail, api.org.id, refused)
    assert status == "failed" and error.startswith("550")
    assert events(mail, api.org.id) == [
        "CONVERSATION_MESSAGE_DELIVERY_SENT",
        "CONVERSATION_MESSAGE_DELIVERY_FAILED",
    ]
    [(job_status,)] = mail.harness.fetch(
        "SELECT status FROM jobs WHERE org_id = :o AND dedupe_key = :m",
        {"o": api.org.id, "m": refused},
    )
    assert job_status == "failed"


def test_without_a_relay_nothing_is_sent_and_it_shows(mail: Mail, api: Any) -> None:
    _to, cid, _first = inbound_conversation(mail, api)
    mid = reply(api, cid)
    mail.run_jobs(smtp_url=None)
    status, _attempts, error = delivery(mail, api.org.id, mid)
    assert status == "not_configured" and "PARLEY_SMTP_URL" in error
    assert sent_to(mail, "carla@customer.test") == []
    assert events(mail, api.org.id) == []


def test_delivery_events_reach_a_webhook_receiver(mail: Mail, api: Any) -> None:
    """``ConversationMessageDeliverySent``/``…Failed`` as a subscriber receives them: Dixa's
    envelope, the conversation, and Parley's fields (Dixa does not document their data)."""
    _to, cid, _first = inbound_conversation(mail, api)
    with receiver() as rx:
        names = ["ConversationMessageDeliverySent", "ConversationMessageDeliveryFailed"]
        hook = {"name": "hook", "url": rx.url(), "events": names}
        r = api.post("/v1/webhooks", json=hook)
        assert r.status_code == 201, r.text
        secret = r.json()["data"]["secretKey"]
        sent = reply(api, cid)
        mail.run_jobs()
        refused = reply(api, cid, "Second")
        mail.relay.answers["carla@customer.test"] = ["550 5.1.1 No such user"]
        mail.run_jobs()
        mail.run_jobs()
        for q in rx.requests:
            verify(secret, q)
        bodies = {b["event_fqn"]: b for b in rx.bodies()}
    assert set(bodies) == {
        "CONVERSATION_MESSAGE_DELIVERY_SENT",
        "CONVERSATION_MESSAGE_DELIVERY_FAILED",
    }
    for fqn, message_id in (
        ("CONVERSATION_MESSAGE_DELIVERY_SENT", sent),
        ("CONVERSATION_MESSAGE_DELIVERY_FAILED", refused),
    ):
        body = bodies[fqn]
        assert body["event_version"] == "1" and body["organization"]["id"] == api.org.id
        data = body["data"]
        assert set(data["conversation"]) == CONVERSATION_KEYS
        assert data["conversation"]["csid"] == cid and data["message_id"] == message_id
        assert data["channel"] == "EMAIL" and data["email_message_id"]
    assert bodies["CONVERSATION_MESSAGE_DELIVERY_FAILED"]["data"]["error"].startswith("550")
