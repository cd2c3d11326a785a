from __future__ import annotations

import uuid
from typing import Any

from fixtures.builders import create_agent, create_end_user
from fixtures.conversations import (
    CREATED,
    import_activity,
    import_body,
    inbound_message,
    outbound_message,
)
from fixtures.harness import Api, Harness
from fixtures.reads import activity_types, conversation, event_names, export


def test_import_keeps_history_and_emits_nothing(harness: Harness, api: Api) -> None:
    requester = create_end_user(api)
    agent = create_agent(api, name="Grace")
    body = import_body(
        requester,
        externalId="legacy-1",
        messages=[
            outbound_message(agent, "Hello, how can I help?", "2021-12-01T13:05:00.000Z[GMT]"),
            inbound_message("My order hasn't shipped", "2021-12-01T13:00:00.003Z", externalId="m1"),
        ],
        assignment={"agentId": agent, "assignedAt": "2021-12-01T12:00:00.002Z"},
        closing={"closedAt": "2021-12-02T09:00:00.000Z", "closedBy": agent},
    )
    r = api.post("/v1/conversations/import", json=body)
    assert r.status_code == 201, r.text
    data = r.json()["data"]
    assert "partialErrors" not in data
    cid = data["id"]
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    assert (
        conv["_type"] == "GenericConversation" and conv["createdAt"] == "2021-12-01T11:00:00.001Z"
    )
    assert conv["state"] == "Closed" and conv["stateUpdatedAt"] == "2021-12-02T09:00:00.000Z"
    assert conv["assignment"] == {"agentId": agent, "assignedAt": "2021-12-01T12:00:00.002Z"}
    assert conv["requesterId"] == requester and "queue" not in conv
    msgs = api.get(f"/v1/conversations/{cid}/messages").json()["data"]
    assert [m["createdAt"] for m in msgs] == [
        "2021-12-01T13:00:00.003Z",
        "2021-12-01T13:05:00.000Z",
    ]
    assert [m["authorId"] for m in msgs] == [requester, agent]
    assert msgs[0]["externalId"] == "m1"
    # MyCustomChat is a channel of the client's own: Dixa's chat channel, chat messages
    assert conv["channel"] == "WidgetChat"
    assert msgs[0]["attributes"]["_type"] == "ChatAttributes"
    assert import_activity(harness, api, cid) == [
        ("ConversationCreatedByCustomer", 1638356400001),
        ("ConversationAssigned", 1638360000002),
        ("MessageAddedByCustomer", 1638363600003),
        ("MessageAddedByAgent", 1638363900000),
        ("ConversationClosed", 1638435600000),
    ]
    assert event_names(harness, cid, api.org.id) == []
    r = api.post("/v1/conversations/import", json=body)
    assert r.status_code == 400 and r.json() == {"message": "Duplicate externalId"}


def test_open_import_is_queued_and_partial_errors(harness: Harness, api: Api) -> None:
    requester = create_end_user(api)
    body = import_body(
        requester,
        genericChannelName="email",
        messages=[
            inbound_message(
                "hi",
                "2021-12-01T13:00:00Z",
                externalId="42",
                attachments=[{"url": "http://127.0.0.1:1/nothing"}],
            ),
        ],
        assignment={"agentId": str(uuid.uuid4())},
    )
    r = api.post("/v1/conversations/import", json=body)
    assert r.status_code == 201, r.text
    data = r.json()["data"]
    assert sorted(e["message"] for e in data["partialErrors"]) == [
        "Invalid attachment url in message. externalId: 42",
        "The conversation could not be assigned",
    ]
    conv = api.get(f"/v1/conversations/{data['id']}").json()["data"]
    assert conv["state"] == "Open" and conv["channel"] == "Email"
    assert conv["queue"]["id"] == api.org.default_queue_id and "assignment" not in conv
    msgs = api.get(f"/v1/conversations/{data['id']}/messages").json()["data"]
    assert len(msgs) == 1 and msgs[0]["attributes"]["attachments"] == []
    assert activity_types(harness, data["id"], api.org.id) == [
        "ConversationCreatedByCustomer",
        "MessageAddedByCustomer",
    ]


def test_import_errors(harness: Harness, api: Api, other_api: Api) -> None:
    requester = create_end_user(api)
    agent = create_agent(api)

    def bad(body: Any, message: str | None = None) -> None:
        r = api.post("/v1/conversations/import", json=body)
        assert r.status_code == 400, r.text
        if message is None:
            assert r.json()["message"].startswith("Invalid value for: body"), r.json()
        else:
            assert r.json() == {"message": message}

    bad(import_body(str(uuid.uuid4())), "Requester does not exist")
    bad(import_body(create_end_user(other_api)), "Requester does not exist")
    bad(
        import_body(requester, messages=[outbound_message(str(uuid.uuid4()), "x", CREATED)]),
        "Agent does not exist",
    )
    bad(
        import_body(requester, messages=[outbound_message(requester, "x", CREATED)]),
        "Agent does not exist",
    )
    bad(
        import_body(requester, messages=[outbound_message(create_agent(other_api), "x", CREATED)]),
        "Agent does not exist",
    )
    bad(
        import_body(requester, messages=[inbound_message("", CREATED)]), "Invalid input for Message"
    )
    bad(
        import_body(requester, createdAt="yesterday"),
        "Invalid value for: body, createdAt is not a valid date",
    )
    bad(
        import_body(requester, messages=[inbound_message("x", "soon")]),
        "Invalid value for: body, messages[0].createdAt is not a valid date",
    )
    bad({**import_body(requester), "_type": "EmailImport"})
    bad({k: v for k, v in import_body(requester).items() if k != "genericChannelName"})
    bad(import_body(requester, direction="Sideways"))
    assert (
        harness.fetch("SELECT COUNT(*) FROM conversations WHERE org_id = :o", {"o": api.org.id})[0][
            0
        ]
        == 0
    )
    ok = api.post(
        "/v1/conversations/import",
        json=import_body(
            requester, externalId="same", messages=[outbound_message(agent, "x", CREATED)]
        ),
    )
    assert ok.status_code == 201
    # another organisation may use the same externalId and cannot see the conversation
    other_requester = create_end_user(other_api)
    r = other_api.post(
        "/v1/conversations/import", json=import_body(other_requester, externalId="same")
    )
    assert r.status_code == 201
    assert other_api.get(f"/v1/conversations/{ok.json()['data']['id']}").status_code == 404


def test_import_refuses_an_agent_as_requester(harness: Harness, api: Api) -> None:
    """As ``POST /v1/conversations`` does: same check, same text, nothing written."""
    for agent in (create_agent(api), api.org.admin_user_id):
        r = api.post(
            "/v1/conversations/import",
            json=import_body(agent, messages=[inbound_message("x", CREATED)]),
        )
        assert r.status_code == 400, r.text
        assert r.json() == {
            "message": "Invalid value for: body, requesterId is an agent, not an end user"
        }
    rows = harness.fetch("SELECT COUNT(*) FROM conversations WHERE org_id = :o", {"o": api.org.id})
    assert int(rows[0][0]) == 0


def test_imported_channel_is_one_of_dixas(api: Api) -> None:
    """Dixa's conversation ``channel`` enum (WhatsApp, Voicemail, WidgetChat, ...): an
    imported conversation's channel is the Dixa channel its ``genericChannelName`` names,
    else WidgetChat; the REST conversation and the export agree, and the search filter
    ``Channel`` still finds it by the name it was given."""
    dixa = {"WhatsApp", "Voicemail", "WidgetChat", "FacebookMessenger", "Twitter", "Email"}
    dixa |= {"ContactForm", "Callback", "PstnPhone", "Sms", "Messenger"}
    requester = create_end_user(api)
    expected = {
        "email": "Email",
        "WIDGETCHAT": "WidgetChat",
        "messenger": "Messenger",
        "genericapimessaging": "WidgetChat",
        "MyCustomChat": "WidgetChat",
    }
    made: dict[str, int] = {}
    for name in expected:
        body = {
            **import_body(requester, genericChannelName=name),
            "createdAt": "2024-05-02T10:00:00Z",
        }
        r = api.post("/v1/conversations/import", json=body)
        assert r.status_code == 201, r.text
        made[name] = r.json()["data"]["id"]
    rows = {
        row["id"]: row
        for row in export(
            api, "conversation_export", created_after="2024-05-01", created_before="2024-05-03"
        )
    }
    for name, cid in made.items():
        conv = conversation(api, cid)
        assert conv["channel"] == expected[name] and conv["channel"] in dixa, (name, conv)
        assert rows[cid]["initial_channel"] == expected[name].lower()
    operator = {"_type": "IsOneOf", "values": ["MyCustomChat"]}
    condition = {"field": {"_type": "Channel", "operator": operator}}
    filters = {"strategy": "All", "conditions": [condition]}
    r = api.post("/v1/search/conversations", json={"filters": filters})
    assert r.status_code == 200, r.text
    assert [hit["id"] for hit in r.json()["data"]] == [made["MyCustomChat"]]
