"""Threading by References alone, and without In-Reply-To / References: the reply-address
tag and the subject token, neither of which can be forged across organisations; reopening;
robots and bounces that open nothing."""

from __future__ import annotations

from typing import Any

from fixtures.mail import (
    Mail,
    agent_mail,
    delivery,
    dsn,
    events,
    inbound_conversation,
    message,
    reply,
    sent_to,
    statuses,
)


def test_references_alone_thread_by_a_message_id_sent_or_received(mail: Mail, api: Any) -> None:
    to, cid, first = inbound_conversation(mail, api)
    reply(api, cid)
    mail.run_jobs()
    [out] = sent_to(mail, "carla@customer.test")
    # a client that keeps References only: the Message-ID Parley sent, after an unknown one
    refs = f"<elsewhere-1@other.test> {out['Message-ID']}"
    mail.send(message(to, subject="Following up", headers={"References": refs}), to)
    assert statuses(mail, api.org.id)[-1] == ("threaded", cid)
    # a follow-up to the customer's own first mail: a Message-ID Parley received
    mail.send(message(to, subject="And", headers={"References": first["Message-ID"]}), to)
    assert statuses(mail, api.org.id)[-1] == ("threaded", cid)
    # naming no Message-ID Parley knows: a new conversation
    mail.send(message(to, subject="Other", headers={"References": "<no@where.test>"}), to)
    status, new_cid = statuses(mail, api.org.id)[-1]
    assert status == "created" and new_cid != cid
    assert len(api.get(f"/v1/conversations/{cid}/messages").json()["data"]) == 4


def test_reply_without_headers_threads_by_the_reply_address(mail: Mail, api: Any) -> None:
    _to, cid, out = agent_mail(mail, api)
    reply_to = out["Reply-To"].addresses[0].addr_spec
    assert f"+c{cid}." in reply_to
    colleague = "Bob Boss <boss@customer.test>"
    mail.send(message(reply_to, sender=colleague, subject="no token here"), reply_to)
    assert statuses(mail, api.org.id)[-1] == ("threaded", cid)
    last = api.get(f"/v1/conversations/{cid}/messages").json()["data"][-1]
    assert last["attributes"]["from"] == {"email": "boss@customer.test", "name": "Bob Boss"}


def test_reply_without_headers_threads_by_the_subject_token(mail: Mail, api: Any) -> None:
    to, cid, _out = agent_mail(mail, api)
    mail.send(message(to, subject=f"Re: Help [#{cid}]"), to)
    assert statuses(mail, api.org.id)[-1] == ("threaded", cid)
    # someone else quoting the token opens their own conversation
    other = message(to, sender="mallory@evil.test", subject=f"Re: Help [#{cid}]")
    mail.send(other, to)
    status, new_cid = statuses(mail, api.org.id)[-1]
    assert status == "created" and new_cid != cid


def test_a_token_does_not_thread_into_another_organisation(
    mail: Mail, api: Any, other_api: Any
) -> None:
    _to, cid, out = agent_mail(mail, api)
    tag = out["Reply-To"].addresses[0].addr_spec.split("+", 1)[1].split("@")[0]
    theirs = mail.endpoint(other_api)
    local, domain = theirs.split("@")
    forged = f"{local}+{tag}@{domain}"
    answer = message(forged, subject=f"Re: [#{cid}]", headers={"In-Reply-To": out["Message-ID"]})
    mail.send(answer, forged)
    [(status, their_cid)] = statuses(mail, other_api.org.id)
    assert status == "created" and their_cid != cid
    # and a guessed MAC on the right organisation's address threads nowhere either
    mine = out["Reply-To"].addresses[0].addr_spec
    guessed = mine.split("+")[0] + f"+c{cid}.{'0' * 20}@" + mine.split("@")[1]
    mail.send(message(guessed, sender="mallory@evil.test"), guessed)
    assert statuses(mail, api.org.id)[-1][0] == "created"
    assert len(api.get(f"/v1/conversations/{cid}/messages").json()["data"]) == 2


def test_a_reply_reopens_a_closed_conversation(mail: Mail, api: Any) -> None:
    to, cid, out = agent_mail(mail, api)
    assert api.put(f"/v1/conversations/{cid}/close").status_code == 204
    mail.send(message(to, headers={"In-Reply-To": out["Message-ID"]}), to)
    assert api.get(f"/v1/conversations/{cid}").json()["data"]["state"] == "Open"


def test_an_auto_reply_opens_and_answers_nothing(mail: Mail, api: Any) -> None:
    to, cid, out = agent_mail(mail, api)
    assert api.put(f"/v1/conversations/{cid}/close").status_code == 204
    for headers in (
        {"Auto-Submitted": "auto-replied", "In-Reply-To": out["Message-ID"]},
        {"Precedence": "bulk"},
        {"X-Autoreply": "yes"},
    ):
        mail.send(message(to, subject="Out of office", headers=headers), to)
    assert [s for s, _ in statuses(mail, api.org.id)[1:]] == ["auto_reply"] * 3
    assert api.get(f"/v1/conversations/{cid}").json()["data"]["state"] == "Closed"
    assert len(api.get(f"/v1/conversations/{cid}/messages").json()["data"]) == 2
    # nothing answers the robot: the agent's one mail is all that ever reached the relay
    mail.run_jobs()
    assert len(sent_to(mail, "carla@customer.test")) == 1


def test_a_bounce_marks_the_delivery_failed_and_opens_nothing(mail: Mail, api: Any) -> None:
    to, cid, out = agent_mail(mail, api)
    mid = out["Message-ID"].strip("<>").removeprefix("parley.").split("@")[0]
    mail.send(dsn(to, out["Message-ID"]), to, sender="")
    assert statuses(mail, api.org.id)[-1] == ("bounce", cid)
    assert delivery(mail, api.org.id, mid)[0] == "failed"
    assert events(mail, api.org.id)[-1] == "CONVERSATION_MESSAGE_DELIVERY_FAILED"
    assert len(api.get(f"/v1/conversations/{cid}/messages").json()["data"]) == 2
    users = api.get("/v1/endusers?email=mailer-daemon@relay.test").json()["data"]
    assert users == []
