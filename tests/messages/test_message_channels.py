"""Channels that POST /v1/conversations cannot create (Messenger, WhatsApp, phone) take
messages by the channel rules; their conversations read back in their own `_type`; an
attachment that does not arrive within the timeout is refused."""

from __future__ import annotations

import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from file_server import http_server, send
from fixtures.builders import chat_conversation, create_agent, create_end_user, inbound, outbound
from fixtures.harness import Api, Harness, make_settings
from parley.app import create_app

UNSUPPORTED = {"message": "Unsupported ConversationChannel"}


def _insert(harness: Harness, api: Api, channel: str, type_: str, extra: str = "{}") -> int:
    """Set-up only: a conversation of a channel the create endpoint has no variant for."""
    requester = create_end_user(api)

    async def run() -> int:
        async with harness.db.transaction() as tx:
            cid = await tx.next_id("conversation_id")
            await tx.execute(
                "INSERT INTO conversations (org_id, id, type, channel, direction, state, "
                "requester_id, extra, created_at, updated_at) VALUES (:o, :id, :t, :ch, "
                "'Inbound', 'Open', :r, :x, 1, 1)",
                {"o": api.org.id, "id": cid, "t": type_, "ch": channel, "r": requester, "x": extra},
            )
            return cid

    cid: int = harness.call(run)
    return cid


def _post(api: Api, cid: int, body: dict[str, Any]) -> Any:
    return api.post(f"/v1/conversations/{cid}/messages", json=body)


def test_messenger_takes_both_directions_whatsapp_outbound_only(harness: Harness, api: Api) -> None:
    agent = create_agent(api)
    messenger = _insert(harness, api, "Messenger", "MessengerConversation")
    assert _post(api, messenger, inbound("hej")).status_code == 200
    assert _post(api, messenger, outbound(agent, "hello")).status_code == 200
    attrs = [
        m["attributes"] for m in api.get(f"/v1/conversations/{messenger}/messages").json()["data"]
    ]
    assert [a["_type"] for a in attrs] == ["ChatAttributes", "ChatAttributes"]
    assert [a["direction"] for a in attrs] == ["Inbound", "Outbound"]
    conv = api.get(f"/v1/conversations/{messenger}").json()["data"]
    assert conv["_type"] == "MessengerConversation" and conv["channel"] == "Messenger"

    whatsapp = _insert(harness, api, "WhatsApp", "WhatsAppConversation")
    r = _post(api, whatsapp, inbound())
    assert (r.status_code, r.json()) == (400, UNSUPPORTED)
    assert _post(api, whatsapp, outbound(agent, "*hi*")).status_code == 200
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
    cid = _insert(harness, api, channel, type_, extra)
    for body in (inbound(), outbound(agent)):
        r = _post(api, cid, body)
        assert (r.status_code, r.json()) == (400, UNSUPPORTED), body
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    assert conv["_type"] == type_ and conv["channel"] == channel
    if channel == "Twitter":
        assert conv["conversationType"] == "DirectMessage"
    assert api.get(f"/v1/conversations/{cid}/messages").json()["data"] == []


def _slow(request: BaseHTTPRequestHandler) -> None:
    time.sleep(3)
    send(request, 200, b"ok")


@pytest.fixture(scope="module")
def slow_url() -> Iterator[str]:
    with http_server(_slow) as port:
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
        r = _post(api, cid, inbound(attachments=[{"url": slow_url}]))
        assert time.monotonic() - started < 2.5
        assert (r.status_code, r.json()) == (400, {"message": "Failure to download attachment"})
        assert len(api.get(f"/v1/conversations/{cid}/messages").json()["data"]) == 1
