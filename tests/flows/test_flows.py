from __future__ import annotations

import uuid

import pytest

from fixtures.flows import phone_endpoint_id
from fixtures.harness import Api, Harness

CHANNELS = [
    "WhatsApp",
    "Voicemail",
    "WidgetChat",
    "FacebookMessenger",
    "Email",
    "ContactForm",
    "Callback",
    "PstnPhone",
    "Messenger",
]


def test_create_and_list_default_channel(api: Api, harness: Harness) -> None:
    assert api.get("/v1/conversations/flows").json() == {"data": []}
    endpoint = phone_endpoint_id(api)
    r = api.post(
        "/v1/conversations/flows",
        json={"name": "Default call flow", "channel": "PstnPhone", "contactEndpointId": endpoint},
    )
    assert r.status_code == 201, r.text
    flow = r.json()["data"]
    assert uuid.UUID(flow["id"])
    assert flow == {
        "id": flow["id"],
        "name": "Default call flow",
        "channel": "PstnPhone",
        "contactEndpointId": "+559912443333",
    }
    email_flow = api.post(
        "/v1/conversations/flows", json={"name": "Mail", "channel": "Email"}
    ).json()["data"]
    assert email_flow["contactEndpointId"] is None
    # no channel: PstnPhone
    assert api.get("/v1/conversations/flows").json() == {"data": [flow]}
    assert api.get("/v1/conversations/flows?channel=PstnPhone").json()["data"] == [flow]
    assert api.get("/v1/conversations/flows?channel=Email").json()["data"] == [email_flow]
    events = harness.fetch("SELECT fqn FROM events WHERE org_id = :org", {"org": api.org.id})
    assert events.count(("CONVERSATION_FLOW_CREATED",)) == 2


def test_every_channel_accepted(api: Api) -> None:
    for channel in CHANNELS:
        r = api.post("/v1/conversations/flows", json={"name": channel, "channel": channel})
        assert r.status_code == 201, channel
    for channel in CHANNELS:
        body = api.get(f"/v1/conversations/flows?channel={channel}").json()
        assert [f["name"] for f in body["data"]] == [channel]


def test_flows_path_is_not_a_conversation_id(api: Api) -> None:
    # /conversations/flows is static and must win over /conversations/{conversationId}
    r = api.get("/v1/conversations/flows")
    assert r.status_code == 200 and r.json() == {"data": []}


@pytest.mark.parametrize("channel", ["Sms", "pstnphone", "", "Chat"])
def test_unknown_channel_query(api: Api, channel: str) -> None:
    r = api.get(f"/v1/conversations/flows?channel={channel}")
    assert r.status_code == 400
    assert r.json() == {"message": "Invalid value for: query parameter channel"}


def test_bad_bodies(api: Api, other_api: Api) -> None:
    foreign = phone_endpoint_id(other_api, "+4599999999")
    cases = [
        ({"name": "x", "channel": "Sms"}, "Invalid value for: body, channel must be one of"),
        (
            {"name": "x", "channel": "PstnPhone", "contactEndpointId": "+4500000000"},
            "Invalid value for: body, contactEndpointId '+4500000000' is not a contact endpoint",
        ),
        (
            {"name": "x", "channel": "PstnPhone", "contactEndpointId": foreign},
            "Invalid value for: body, contactEndpointId",
        ),
        ({"name": " ", "channel": "PstnPhone"}, "Invalid value for: body, name must not be"),
        ({"channel": "PstnPhone"}, "Invalid value for: body"),
        ({"name": "x"}, "Invalid value for: body"),
    ]
    for body, message in cases:
        r = api.post("/v1/conversations/flows", json=body)
        assert r.status_code == 400, body
        assert r.json()["message"].startswith(message), r.json()
    for channel in CHANNELS:
        assert api.get(f"/v1/conversations/flows?channel={channel}").json()["data"] == []


def test_other_org_isolation(api: Api, other_api: Api) -> None:
    endpoint = phone_endpoint_id(api)
    api.post(
        "/v1/conversations/flows",
        json={"name": "f", "channel": "PstnPhone", "contactEndpointId": endpoint},
    )
    api.post("/v1/conversations/flows", json={"name": "g", "channel": "Email"})
    assert other_api.get("/v1/conversations/flows").json()["data"] == []
    assert other_api.get("/v1/conversations/flows?channel=Email").json()["data"] == []
    r = other_api.post(
        "/v1/conversations/flows",
        json={"name": "f", "channel": "PstnPhone", "contactEndpointId": endpoint},
    )
    assert r.status_code == 400
