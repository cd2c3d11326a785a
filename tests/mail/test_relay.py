"""The relay URL: credentials (AUTH), TLS (STARTTLS, smtps), an unreachable relay, and
ContactForm replies."""

from __future__ import annotations

import ssl
import subprocess
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from fixtures.mail import (
    USER,
    Mail,
    RelayHandler,
    authenticator,
    contact_form,
    delivery,
    free_port,
    message,
    reply,
)


# The test relay takes AUTH without TLS (loopback only).
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_credentials_in_the_url_log_in_to_the_relay(mail: Mail, api: Any) -> None:
    handler = RelayHandler()
    port = free_port()
    relay = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=False,
    )
    relay.start()
    try:
        to = mail.endpoint(api)
        cid = contact_form(api, to)  # a ContactForm conversation's replies are mail too
        good = reply(api, cid, "Thanks for your form")
        url = f"smtp://{USER}:p%40ss%3Aword%2F1@127.0.0.1:{port}"
        mail.run_jobs(smtp_url=url)
        assert delivery(mail, api.org.id, good)[0] == "sent"
        [envelope] = [e for e in handler.received if "dana@customer.test" in e.rcpt_tos]
        assert b"Thanks for your form" in (envelope.original_content or b"")

        bad = reply(api, cid, "Again")
        mail.run_jobs(smtp_url=f"smtp://{USER}:wrong@127.0.0.1:{port}")
        status, _attempts, error = delivery(mail, api.org.id, bad)
        assert status == "failed" and error.startswith("535")
        assert "wrong" not in error
    finally:
        relay.stop()


def test_an_unreachable_relay_is_a_temporary_failure(mail: Mail, api: Any) -> None:
    to = mail.endpoint(api)
    cid = contact_form(api, to)
    mid = reply(api, cid)
    mail.run_jobs(smtp_url=f"smtp://127.0.0.1:{free_port()}")
    status, attempts, error = delivery(mail, api.org.id, mid)
    assert (status, attempts) == ("queued", 1)
    assert "Connect" in error or "refused" in error.lower()


def test_an_endpoint_sender_override_is_the_from_address(mail: Mail, api: Any) -> None:
    to = f"forms-{free_port()}@mail.example.test"
    r = api.post(
        "/v1/contact-endpoints",
        json={"_type": "EmailEndpoint", "address": to, "senderOverride": "help@brand.test"},
    )
    assert r.status_code == 201, r.text
    mail.orgs.add(api.org.id)
    mid = reply(api, contact_form(api, to), "From the brand")
    mail.run_jobs()
    assert delivery(mail, api.org.id, mid)[0] == "sent"
    [envelope] = [e for e in mail.relay.received if "dana@customer.test" in e.rcpt_tos]
    assert envelope.mail_from == "help@brand.test"
    raw = envelope.original_content or b""
    assert b"help@brand.test>" in raw and b"Reply-To: forms-" in raw


@pytest.mark.parametrize("scheme", ["starttls", "smtps"])
def test_the_relay_is_reached_over_tls(
    mail: Mail, api: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scheme: str
) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the relay's certificate is trusted
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    handler, port = RelayHandler(), free_port()
    if scheme == "smtps":  # TLS from the first byte
        controller = Controller(handler, hostname="127.0.0.1", port=port, ssl_context=context)
        url = f"smtps://127.0.0.1:{port}"
    else:  # a relay that takes nothing before STARTTLS
        controller = Controller(
            handler, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True
        )
        url = f"smtp://127.0.0.1:{port}?starttls=true"
    to = mail.endpoint(api)
    mail.send(message(to), to)
    cid = int(mail.inbound(api.org.id)[-1][3])
    mid = reply(api, cid)
    controller.start()
    try:
        mail.run_jobs(smtp_url=url)
    finally:
        controller.stop()
    assert [e.rcpt_tos for e in handler.received] == [["carla@customer.test"]]
    assert delivery(mail, api.org.id, mid)[:2] == ("sent", 1)
