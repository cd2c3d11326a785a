"""What a received mail's recipient lookup reads before the mail's transaction (the end user
with the sender's address, the Message-IDs the mail names with their conversations,
whether the organisation has webhook subscriptions) decides as a read inside the
transaction would."""

from __future__ import annotations

import json
from email import policy
from typing import Any

from fixtures.mail import Mail, message
from parley.mail import inbound
from parley.mail.parse import parse
from parley.mail_records.repository import KnownId
from webhooks.receiver import receiver


def test_a_mail_from_a_known_end_user_is_theirs(mail: Mail, api: Any) -> None:
    to = mail.endpoint(api)
    body = {"email": "carla@customer.test", "displayName": "Carla C."}
    user = api.post("/v1/endusers", json=body).json()["data"]["id"]
    mail.send(message(to), to)
    [(status, _error, _size, cid, _raw)] = mail.inbound(api.org.id)
    assert status == "created"
    assert api.get(f"/v1/conversations/{cid}").json()["data"]["requesterId"] == user
    assert len(api.get("/v1/endusers?email=carla@customer.test").json()["data"]) == 1
    # a second mail without threading headers: a second conversation, the same end user
    mail.send(message(to, subject="Again"), to)
    assert [r[0] for r in mail.inbound(api.org.id)] == ["created", "created"]
    assert len(api.get("/v1/endusers?email=carla@customer.test").json()["data"]) == 1


def test_a_reply_to_an_anonymized_conversation_opens_a_new_one(mail: Mail, api: Any) -> None:
    to = mail.endpoint(api)
    first = message(to)
    mail.send(first, to)
    [(_status, _error, _size, cid, _raw)] = mail.inbound(api.org.id)
    assert api.patch(f"/v1/conversations/{cid}/anonymize?force=true").status_code == 202
    mail.run_jobs()
    mail.send(message(to, headers={"In-Reply-To": first["Message-ID"]}), to)
    status, error, _size, new_cid, _raw = mail.inbound(api.org.id)[-1]
    assert (status, error) == ("created", None)
    assert new_cid not in (None, cid)


def test_a_conversation_anonymized_after_the_lookup_makes_the_reply_open_a_new_one(
    mail: Mail, api: Any
) -> None:
    """The lookup reads the threaded conversation as it is; an anonymization committed
    before the mail's transaction is seen by the message service's locked check, which
    decides: the mail opens a new conversation (not stored as failed)."""
    to = mail.endpoint(api)
    first = message(to)
    mail.send(first, to)
    [(_status, _error, _size, cid, _raw)] = mail.inbound(api.org.id)
    raw = message(to, headers={"In-Reply-To": first["Message-ID"]}).as_bytes(policy=policy.SMTP)
    parsed = parse(raw, "carla@customer.test")
    [target] = mail.harness.call(inbound.targets, mail.harness.db, [to], parsed)
    assert target.first is not None
    assert list(target.first.known.values()) == [KnownId(cid, "Email", False)]
    # the race: anonymized between the lookup and the mail's transaction
    assert api.patch(f"/v1/conversations/{cid}/anonymize?force=true").status_code == 202
    mail.run_jobs()
    assert api.get(f"/v1/conversations/{cid}").json()["data"]["anonymizedAt"] is not None
    rcpt = json.dumps([to])
    args = (mail.harness.db, mail.settings, target, "carla@customer.test", rcpt, raw, parsed)
    assert mail.harness.call(inbound.receive_for, *args) == "created"
    status, error, _size, new_cid, _raw = mail.inbound(api.org.id)[-1]
    assert (status, error) == ("created", None)
    assert new_cid not in (None, cid)
    assert len(api.get(f"/v1/conversations/{cid}/messages").json()["data"]) == 1
    [added] = api.get(f"/v1/conversations/{new_cid}/messages").json()["data"]
    assert added["attributes"]["emailContent"]["content"]["value"].startswith("Hello, my parcel")


def test_a_reply_from_a_colleague_names_the_requester_and_the_sender(mail: Mail, api: Any) -> None:
    to = mail.endpoint(api)
    first = message(to)
    mail.send(first, to)
    colleague = "Bob Boss <boss@customer.test>"
    mail.send(message(to, sender=colleague, headers={"In-Reply-To": first["Message-ID"]}), to)
    [(_s1, _e1, _z1, cid, _r1), (status, _e2, _z2, same, _r2)] = mail.inbound(api.org.id)
    assert (status, same) == ("threaded", cid)
    last = api.get(f"/v1/conversations/{cid}/messages").json()["data"][-1]
    assert last["attributes"]["from"] == {"email": "boss@customer.test", "name": "Bob Boss"}
    boss = api.get("/v1/endusers?email=boss@customer.test").json()["data"]
    carla = api.get("/v1/endusers?email=carla@customer.test").json()["data"][0]["id"]
    assert len(boss) == 1 and last["authorId"] == carla


def test_mail_events_reach_a_subscription_made_between_two_mails(mail: Mail, api: Any) -> None:
    to = mail.endpoint(api)
    first = message(to)
    mail.send(first, to)  # no subscription yet: no event
    with receiver() as rx:
        names = ["ConversationCreated", "ConversationMessageAdded"]
        hook = {"name": "hook", "url": rx.url(), "events": names}
        assert api.post("/v1/webhooks", json=hook).status_code == 201
        mail.send(message(to, headers={"In-Reply-To": first["Message-ID"]}), to)
        mail.send(message(to, sender="Dora <dora@customer.test>"), to)
        mail.run_jobs()
        fqns = sorted(b["event_fqn"] for b in rx.bodies())
    assert fqns == [
        "CONVERSATION_CREATED",
        "CONVERSATION_MESSAGE_ADDED",
        "CONVERSATION_MESSAGE_ADDED",
    ]


def test_of_end_users_sharing_the_address_the_first_listed_is_the_requester(
    mail: Mail, api: Any
) -> None:
    to = mail.endpoint(api)
    for name in ("First", "Second", "Third"):
        body = {"email": "carla@customer.test", "displayName": name}
        assert api.post("/v1/endusers", json=body).status_code == 201
    listed = api.get("/v1/endusers?email=carla@customer.test").json()["data"]
    mail.send(message(to), to)
    [(status, _error, _size, cid, _raw)] = mail.inbound(api.org.id)
    assert status == "created" and len(listed) == 3
    assert api.get(f"/v1/conversations/{cid}").json()["data"]["requesterId"] == listed[0]["id"]
