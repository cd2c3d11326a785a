"""Mail into Parley through its SMTP listener: conversations, bodies, attachments, and
mail that must never be lost or crash the listener."""

from __future__ import annotations

import smtplib
import ssl
import subprocess
from dataclasses import replace
from email import policy
from pathlib import Path
from typing import Any

import pytest

from fixtures.mail import MAX_BYTES, Mail, conversations_of, message, messages_of
from parley.mail import listener

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def test_new_mail_opens_a_conversation_with_text_html_and_attachment(mail: Mail, api: Any) -> None:
    to = mail.endpoint(api)
    msg = message(
        to,
        text="Hello, my parcel did not arrive.\n\n-- \nCarla\nCustomer Inc.",
        html="<p>Hello, my <b>parcel</b> did not arrive.</p>",
        headers={"Cc": "boss@customer.test"},
    )
    msg.add_attachment(PNG, maintype="image", subtype="png", filename="receipt.png")
    assert mail.send(msg, to) == {}

    [conv] = conversations_of(api, "carla@customer.test")
    assert conv["channel"] == "Email"
    assert conv["subject"] == "Help with my order"
    assert conv["state"] == "Open"
    [m] = messages_of(api, conv["id"])
    attrs = m["attributes"]
    assert attrs["direction"] == "Inbound"
    assert attrs["from"]["email"] == "carla@customer.test"
    assert attrs["cc"] == [{"email": "boss@customer.test"}]
    content = attrs["emailContent"]["content"]
    assert content == {"_type": "Html", "value": "<p>Hello, my <b>parcel</b> did not arrive.</p>"}
    [att] = attrs["attachments"]
    assert att["prettyName"] == "receipt.png"
    body = api.get(att["url"].split("testserver.local", 1)[-1])
    assert body.status_code == 200 and body.content == PNG
    user = api.get("/v1/endusers?email=carla@customer.test").json()["data"][0]
    assert user["displayName"] == "Carla Customer"
    [(status, _err, size, cid, raw)] = mail.inbound(api.org.id)
    assert (status, cid) == ("created", conv["id"])
    assert size == len(raw) > 0 and b"receipt.png" in bytes(raw)
    stored = mail.harness.fetch(
        "SELECT attributes FROM messages WHERE org_id = :o", {"o": api.org.id}
    )[0][0]
    assert '"signature":"Carla\\nCustomer Inc."' in stored
    assert '"replyText":"Hello, my parcel did not arrive."' in stored


def test_unknown_recipient_is_refused_at_rcpt(mail: Mail, api: Any) -> None:
    mail.endpoint(api)
    with smtplib.SMTP("127.0.0.1", mail.port, timeout=10) as client:
        client.ehlo()
        client.mail("c@x.test")
        code, text = client.rcpt("nobody@mail.example.test")
    assert code == 550 and b"5.1.1" in text


def test_oversize_mail_is_refused_at_data(mail: Mail, api: Any) -> None:
    to = mail.endpoint(api)
    raw = message(to, text="x\n" * MAX_BYTES).as_bytes(policy=policy.SMTP)
    # A client announcing the size is refused at MAIL FROM ...
    with pytest.raises(smtplib.SMTPSenderRefused) as refused:
        mail.send(raw, to)
    assert refused.value.smtp_code == 552
    # ... and one that does not, at the end of DATA.
    with smtplib.SMTP("127.0.0.1", mail.port, timeout=10) as client:
        client.ehlo()
        assert client.mail("c@x.test")[0] == 250
        assert client.rcpt(to)[0] == 250
        code, _text = client.data(raw)
    assert code == 552
    # the listener still works
    assert mail.send(message(to), to) == {}
    assert [row[0] for row in mail.inbound(api.org.id)] == ["created"]


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"", "failed"),
        (b"From: carla@customer.test\r\nSubject: empty\r\n\r\n", "created"),
        (
            b"From: carla@customer.test\r\nSubject: charset\r\nContent-Type: text/plain; "
            b"charset=no-such-charset\r\n\r\nCaf\xe9 \xff\xfe broken\r\n",
            "created",
        ),
        (
            b'From: carla@customer.test\r\nContent-Type: multipart/mixed; boundary="zz"\r\n'
            b"Subject: =?utf-8?q?bad=ZZ?=\r\n\r\n--zz\r\nContent-Type: text/plain\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\n!!!notbase64@@@\r\n--zz",
            "created",
        ),
        (b"\x00\xff garbage that is no mail at all", "failed"),
    ],
    ids=["zero-bytes", "empty-body", "wrong-charset", "malformed-mime", "garbage"],
)
def test_bad_mail_is_kept_raw_and_never_crashes_the_listener(
    mail: Mail, api: Any, raw: bytes, status: str
) -> None:
    to = mail.endpoint(api)
    assert mail.send(raw, to) == {}
    [(stored_status, error, size, cid, stored_raw)] = mail.inbound(api.org.id)
    assert size == len(bytes(stored_raw))
    assert stored_status == status
    assert bytes(stored_raw).rstrip(b"\r\n") == raw.rstrip(b"\r\n")
    if status == "failed":
        assert error and cid is None
    else:
        assert len(messages_of(api, cid)) == 1
    assert mail.send(message(to), to) == {}  # the listener still works


def test_starttls_is_offered_with_a_certificate(mail: Mail, api: Any, tmp_path: Path) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    settings = replace(mail.settings, smtp_tls_cert=str(cert), smtp_tls_key=str(key))
    server = mail.harness.call(listener.start, mail.harness.db, settings, "127.0.0.1:0")
    port = int(listener.bound_address(server).rsplit(":", 1)[1])
    to = mail.endpoint(api)
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
            client.ehlo()
            assert client.has_extn("starttls")
            client.starttls(context=ssl.create_default_context(cafile=str(cert)))
            client.ehlo()
            assert client.sendmail("c@x.test", [to], message(to).as_bytes(policy=policy.SMTP)) == {}
        with smtplib.SMTP("127.0.0.1", mail.port, timeout=10) as plain:
            plain.ehlo()
            assert not plain.has_extn("starttls")
    finally:
        mail.harness.call(listener.stop, server)
    assert [row[0] for row in mail.inbound(api.org.id)] == ["created"]


def test_the_same_mail_twice_is_kept_once_as_a_message(mail: Mail, api: Any) -> None:
    to = mail.endpoint(api)
    msg = message(to)
    mail.send(msg, to)
    mail.send(msg, to)
    assert [row[0] for row in mail.inbound(api.org.id)] == ["created", "duplicate"]
    [conv] = conversations_of(api, "carla@customer.test")
    assert len(messages_of(api, conv["id"])) == 1


def test_anonymizing_a_conversation_clears_its_raw_mail(mail: Mail, api: Any) -> None:
    to = mail.endpoint(api)
    mail.send(message(to, text="My secret card number 4111"), to)
    [(_status, _err, _size, cid, raw)] = mail.inbound(api.org.id)
    assert b"4111" in bytes(raw)
    assert api.patch(f"/v1/conversations/{cid}/anonymize?force=true").status_code == 202
    mail.run_jobs()
    [(status, _err, _size, same_cid, raw)] = mail.inbound(api.org.id)
    assert (status, same_cid, bytes(raw)) == ("created", cid, b"")
    [(mail_from,)] = mail.harness.fetch(
        "SELECT mail_from FROM mail_inbound WHERE org_id = :o", {"o": api.org.id}
    )
    assert mail_from is None


def test_encoded_headers_and_file_names_are_decoded(mail: Mail, api: Any) -> None:
    to = mail.endpoint(api)
    msg = message(to, sender="Zoë Ünal <zoe@customer.test>", subject="Café crème — order")
    msg.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="reçu.pdf")
    assert b"Caf\xc3\xa9" not in msg.as_bytes(policy=policy.SMTP)  # sent encoded
    mail.send(msg, to)
    [conv] = conversations_of(api, "zoe@customer.test")
    assert conv["subject"] == "Café crème — order"
    user = api.get("/v1/endusers?email=zoe@customer.test").json()["data"][0]
    assert user["displayName"] == "Zoë Ünal"
    [m] = messages_of(api, conv["id"])
    assert [a["prettyName"] for a in m["attributes"]["attachments"]] == ["reçu.pdf"]


def test_a_recipient_gone_between_rcpt_and_data_is_refused(mail: Mail, api: Any) -> None:
    to = mail.endpoint(api)
    with smtplib.SMTP("127.0.0.1", mail.port, timeout=10) as client:
        client.ehlo()
        client.mail("c@x.test")
        assert client.rcpt(to)[0] == 250
        mail.harness.execute(
            "DELETE FROM contact_endpoints WHERE org_id = :o AND id = :a",
            {"o": api.org.id, "a": to},
        )
        code, _text = client.data(message(to).as_bytes(policy=policy.SMTP))
    assert code == 550
    assert mail.inbound(api.org.id) == []


def test_inline_images_are_stored_as_attachments(mail: Mail, api: Any) -> None:
    to = mail.endpoint(api)
    msg = message(to, html='<p>Look: <img src="cid:shot@customer.test"></p>')
    html_part = msg.get_payload()[1]  # type: ignore[index]
    html_part.add_related(PNG, "image", "png", cid="<shot@customer.test>")
    mail.send(msg, to)
    [conv] = conversations_of(api, "carla@customer.test")
    [m] = messages_of(api, conv["id"])
    assert "Look:" in m["attributes"]["emailContent"]["content"]["value"]
    [att] = m["attributes"]["attachments"]
    assert att["prettyName"] == "inline-shot@customer.test"
    assert api.get(att["url"].split("testserver.local", 1)[-1]).content == PNG


def test_mail_attachments_keep_a_messages_count_and_total_limits(mail: Mail, api: Any) -> None:
    """A received mail's parts past the message's attachment count or total size are left
    out (and named in ``skippedAttachments``), as a message's downloads are refused."""
    to = mail.endpoint(api)
    mail.harness.call(listener.stop, mail.server)
    mail.settings = replace(
        mail.settings, attachments_per_message_max=2, attachments_total_max_bytes=len(PNG)
    )
    mail.server = mail.harness.call(listener.start, mail.harness.db, mail.settings, "127.0.0.1:0")
    mail.port = int(listener.bound_address(mail.server).rsplit(":", 1)[1])
    msg = message(to, text="four files")
    msg.add_attachment(b"first", maintype="text", subtype="plain", filename="a.txt")
    msg.add_attachment(PNG, maintype="image", subtype="png", filename="big.png")  # past the total
    msg.add_attachment(b"second", maintype="text", subtype="plain", filename="b.txt")
    msg.add_attachment(b"third", maintype="text", subtype="plain", filename="c.txt")  # third file
    assert mail.send(msg, to) == {}

    [conv] = conversations_of(api, "carla@customer.test")
    [m] = messages_of(api, conv["id"])
    assert [a["prettyName"] for a in m["attributes"]["attachments"]] == ["a.txt", "b.txt"]
    stored = mail.harness.fetch(
        "SELECT attributes FROM messages WHERE org_id = :o", {"o": api.org.id}
    )[0][0]
    assert '"skippedAttachments":["big.png","c.txt"]' in stored


def test_a_new_mail_is_a_conversation_the_queue_search_and_log_see(mail: Mail, api: Any) -> None:
    """Opened through the same service as ``POST /v1/conversations``: in the organisation's
    default queue, in the activity log, and searchable by its HTML reduced to text."""
    to = mail.endpoint(api)
    msg = message(to, subject="Broken gadget")
    msg.set_content("<p>My <b>xylophonic</b> gadget&nbsp;broke</p>", subtype="html")
    assert mail.send(msg, to) == {}
    [(status, _error, _size, cid, _raw)] = mail.inbound(api.org.id)
    assert status == "created"
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    assert conv["queue"]["id"] == api.org.default_queue_id
    log = api.get(f"/v1/conversations/{cid}/activitylog").json()["data"]
    assert [e["_type"] for e in log] == ["ConversationCreatedByCustomer", "MessageAddedByCustomer"]
    [hit] = api.get("/v1/search/conversations", params={"query": "xylophonic"}).json()["data"]
    assert hit["id"] == cid
    assert "<b>" not in str(hit)
    assert api.get("/v1/search/conversations", params={"query": "nbsp"}).json()["data"] == []
