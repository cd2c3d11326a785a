"""Channels that POST /v1/conversations cannot create (Messenger, WhatsApp, phone) take
messages by the channel rules; their conversations read back in their own `_type`; an
attachment that does not arrive within the timeout is refused."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from file_server import http_server
from fixtures.builders import chat_conversation, create_agent, inbound, outbound
from fixtures.harness import Api, Harness, make_settings
from fixtures.messages import insert, post, slow
from parley.app import create_app

UNSUPPORTED = {"message": "Unsupported ConversationChannel"}


def test_messenger_takes_both_directions_whatsapp_outbound_only(harness: Harness, api: Api) -> None:
    agent = create_agent(api)
    messenger = insert(harness, api, "Messenger", "MessengerConversation")
    assert post(api, messenger, inbound("hej")).status_code == 200
    assert post(api, messenger, outbound(agent, "hello")).status_code == 200
    attrs = [
        m["attributes"] for m in api.get(f"/v1/conversations/{messenger}/messages").json()["data"]
    ]
    assert [a["_type"] for a in attrs] == ["ChatAttributes", "ChatAttributes"]
    assert [a["direction"] for a in attrs] == ["Inbound", "Outbound"]
    conv = api.get(f"/v1/conversations/{messenger}").json()["data"]
    assert conv["_type"] == "MessengerConversation" and conv["channel"] == "Messenger"

    whatsapp = insert(harness, api, "WhatsApp", "WhatsAppConversation")
    r = post(api, whatsapp, inbound())
    assert (r.status_code, r.json()) == (400, UNSUPPORTED)
    assert post(api, whatsapp, outbound(agent, "*hi*")).status_code == 200
    [msg] = api.get(f"/v1/conversations/{whatsapp}/messages").json()["data"]
    assert msg["attributes"]["_type"] == "WhatsAppAttributes"
    assert api.get(f"/v1/conversations/{whatsapp}").json()["data"]["_type"] == (
        "WhatsAppConversation"
    )


@pytest.mark.parametrize(
    ("channel", "type_"),
    [
        ("PstnPhone", "PstnPhoneConversation"),
        ("Voicemail", "PstnPhoneConversation"),
        ("FacebookMessenger", "FacebookMessengerConversation"),
        ("Twitter", "TwitterConversation"),
    ],
)
def test_other_channels_refuse_messages(
    harness: Harness, api: Api, channel: str, type_: str
) -> None:
    agent = create_agent(api)
    extra = '{"conversationType": "DirectMessage"}' if channel == "Twitter" else "{}"
    cid = insert(harness, api, channel, type_, extra)
    for body in (inbound(), outbound(agent)):
        r = post(api, cid, body)
        assert (r.status_code, r.json()) == (400, UNSUPPORTED), body
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    assert conv["_type"] == type_ and conv["channel"] == channel
    if channel == "Twitter":
        assert conv["conversationType"] == "DirectMessage"
    assert api.get(f"/v1/conversations/{cid}/messages").json()["data"] == []


@pytest.fixture(scope="module")
def slow_url() -> Iterator[str]:
    with http_server(slow) as port:
        yield f"http://127.0.0.1:{port}/slow.pdf"


def test_attachment_download_times_out(harness: Harness, tmp_path: Path, slow_url: str) -> None:
    settings = make_settings(
        harness.settings.database_url, tmp_path, attachment_timeout_seconds=0.5
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        quick = Harness(client, harness.store, settings)
        api = quick.api()
        cid = chat_conversation(api)
        started = time.monotonic()
        r = post(api, cid, inbound(attachments=[{"url": slow_url}]))
        assert time.monotonic() - started < 2.5
        assert (r.status_code, r.json()) == (400, {"message": "Failure to download attachment"})
        assert len(api.get(f"/v1/conversations/{cid}/messages").json()["data"]) == 1
