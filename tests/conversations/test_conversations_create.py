from __future__ import annotations

import uuid

from fixtures.builders import (
    chat_conversation,
    chat_widget,
    create_agent,
    create_end_user,
    email_conversation,
    email_endpoint,
    inbound,
    outbound,
    phone_endpoint,
    post_conversation,
)
from fixtures.harness import Api, Harness
from fixtures.reads import activity_types, event_names


def test_email_inbound_is_open_and_queued(harness: Harness, api: Api) -> None:
    requester = create_end_user(api, email="ada@example.com")
    address = email_endpoint(api)
    cid = email_conversation(api, requesterId=requester, emailIntegrationId=address, language="en")
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    assert conv["_type"] == "EmailConversation" and conv["channel"] == "Email"
    assert conv["state"] == "Open" and conv["direction"] == "Inbound"
    assert conv["requesterId"] == requester
    assert conv["fromEmail"] == "ada@example.com" and conv["toEmail"] == address
    assert conv["integrationEmail"] == address and conv["subject"] == "Order #1"
    assert conv["language"] == "en"
    assert conv["queue"]["id"] == api.org.default_queue_id and "queuedAt" in conv["queue"]
    assert "assignment" not in conv and conv["customAttributes"] == []
    assert activity_types(harness, cid, api.org.id) == [
        "ConversationCreatedByCustomer",
        "MessageAddedByCustomer",
    ]
    assert event_names(harness, cid, api.org.id) == [
        "CONVERSATION_CREATED",
        "CONVERSATION_ENQUEUED",
        "CONVERSATION_MESSAGE_ADDED",
    ]


def test_ids_are_increasing_integers(harness: Harness, api: Api) -> None:
    a = chat_conversation(api)
    b = chat_conversation(api)
    assert isinstance(a, int) and b > a


def test_chat_outbound_is_assigned_to_agent(harness: Harness, api: Api) -> None:
    agent = create_agent(api, name="Grace")
    cid = chat_conversation(
        api,
        outbound(agent),
        browserInfo={"name": "Chrome", "version": "91", "ipAddress": "127.0.0.1"},
        language="da",
    )
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    assert conv["_type"] == "ChatConversation" and conv["channel"] == "WidgetChat"
    assert conv["direction"] == "Outbound" and conv["state"] == "Open"
    assert conv["assignment"]["agentId"] == agent and "queue" not in conv
    assert conv["browserInfo"] == {"name": "Chrome", "version": "91", "ipAddress": "127.0.0.1"}
    assert conv["language"] == "da"
    assert activity_types(harness, cid, api.org.id) == [
        "ConversationCreatedByAgent",
        "ConversationAssigned",
        "MessageAddedByAgent",
    ]
    rows = harness.fetch(
        "SELECT attributes FROM activity WHERE conversation_id = :cid AND type = :t",
        {"cid": cid, "t": "ConversationAssigned"},
    )
    assert '"agentName":"Grace"' in rows[0][0]
    assert "CONVERSATION_ASSIGNED" in event_names(harness, cid, api.org.id)


def test_contact_form_sms_and_callback(harness: Harness, api: Api) -> None:
    requester = create_end_user(api)
    agent = create_agent(api)
    cf = post_conversation(
        api,
        {
            "_type": "ContactForm",
            "requesterId": requester,
            "emailIntegrationId": email_endpoint(api),
            "message": inbound(),
        },
    )
    assert api.get(f"/v1/conversations/{cf}").json()["data"]["_type"] == "ContactFormConversation"
    number = phone_endpoint(api)
    sms = post_conversation(
        api,
        {
            "_type": "Sms",
            "requesterId": requester,
            "contactEndpointId": number,
            "message": outbound(agent),
        },
    )
    conv = api.get(f"/v1/conversations/{sms}").json()["data"]
    assert conv["_type"] == "SmsConversation" and conv["channel"] == "Sms"
    assert conv["fromNumber"] == number and conv["toNumber"] == "+4512345678"
    r = api.post(
        "/v1/conversations",
        json={
            "_type": "Sms",
            "requesterId": requester,
            "contactEndpointId": number,
            "message": inbound(),
        },
    )
    assert r.status_code == 400 and r.json()["message"] == "Unsupported ConversationChannel"
    queue = api.org.default_queue_id
    cb = post_conversation(
        api,
        {
            "_type": "Callback",
            "requesterId": requester,
            "direction": "Inbound",
            "contactEndpointId": number,
            "queueId": queue,
        },
    )
    conv = api.get(f"/v1/conversations/{cb}").json()["data"]
    assert conv["_type"] == "PstnPhoneConversation" and conv["channel"] == "Callback"
    assert conv["queue"]["id"] == queue
    r = api.post(
        "/v1/conversations",
        json={
            "_type": "Callback",
            "requesterId": requester,
            "direction": "Inbound",
            "contactEndpointId": number,
            "queueId": str(uuid.uuid4()),
        },
    )
    assert r.status_code == 400 and r.json()["message"] == "Queue does not exist"


def test_reference_errors(harness: Harness, api: Api, other_api: Api) -> None:
    requester = create_end_user(api)
    address = email_endpoint(api)
    widget = chat_widget(api)
    number = phone_endpoint(api)

    def bad(body: dict[str, object], reason: str) -> None:
        r = api.post("/v1/conversations", json=body)
        assert r.status_code == 400, r.text
        assert r.json()["message"] == reason, r.json()

    email = {
        "_type": "Email",
        "requesterId": requester,
        "emailIntegrationId": address,
        "message": inbound(),
    }
    for unknown in (str(uuid.uuid4()), create_end_user(other_api), "not-a-uuid"):
        # Dixa's reference lists 404 for an entity of the request that does not exist
        r = api.post("/v1/conversations", json={**email, "requesterId": unknown})
        assert r.status_code == 404, r.text
        assert r.json() == {"message": "An entity in this request could not be found"}
        r = api.post("/v1/conversations", json={**email, "message": outbound(unknown)})
        assert r.status_code == 404, r.text
    for agent_id in (
        create_agent(api),
        api.org.admin_user_id,
    ):  # the requester is an end user
        bad(
            {**email, "requesterId": agent_id},
            "Invalid value for: body, requesterId is an agent, not an end user",
        )
    bad(
        {**email, "emailIntegrationId": "nope@email.dixa.io"},
        "Invalid value for: body, emailIntegrationId is not a EmailEndpoint of the organisation",
    )
    bad(
        {**email, "emailIntegrationId": number},
        "Invalid value for: body, emailIntegrationId is not a EmailEndpoint of the organisation",
    )
    bad(
        {**email, "requesterId": create_end_user(api, email=None)},
        "Invalid value for: body, the requester has no email address",
    )
    bad(
        {**email, "message": outbound(requester)},
        "Invalid value for: body, agentId is not an agent of the organisation",
    )
    bad({**email, "message": inbound("  ")}, "Invalid input for Message")
    chat = {"_type": "Chat", "requesterId": requester, "widgetId": widget, "message": inbound()}
    bad(
        {**chat, "widgetId": str(uuid.uuid4())},
        "Invalid value for: body, widgetId is not a ChatWidget of the organisation",
    )
    bad(
        {**chat, "widgetId": address},
        "Invalid value for: body, widgetId is not a ChatWidget of the organisation",
    )
    bad(
        {
            "_type": "Sms",
            "requesterId": requester,
            "contactEndpointId": address,
            "message": outbound(create_agent(api)),
        },
        "Invalid value for: body, contactEndpointId is not a TelephonyEndpoint of the organisation",
    )
    assert (
        harness.fetch("SELECT COUNT(*) FROM conversations WHERE org_id = :o", {"o": api.org.id})[0][
            0
        ]
        == 0
    )


def test_bad_bodies(api: Api) -> None:
    for body in (
        {"_type": "Fax", "requesterId": str(uuid.uuid4())},
        {"requesterId": "x"},
        {"_type": "Email"},
        [1, 2],
    ):
        r = api.post("/v1/conversations", json=body)
        assert r.status_code == 400, (body, r.text)
        assert r.json()["message"].startswith("Invalid value for: body")
    r = api.post("/v1/conversations", content=b"{", headers={"Content-Type": "application/json"})
    assert r.status_code == 400


def test_get_errors_and_other_org(harness: Harness, api: Api, other_api: Api) -> None:
    cid = chat_conversation(api)
    for bad in ("abc", "0", "-3", "99999999999999999999"):
        r = api.get(f"/v1/conversations/{bad}")
        assert r.status_code == 400
        assert r.json() == {"message": "Invalid value for: path parameter conversationId"}
    assert api.get(f"/v1/conversations/{cid + 100000}").status_code == 404
    r = other_api.get(f"/v1/conversations/{cid}")
    assert r.status_code == 404
    assert r.json() == {"message": "An entity in this request could not be found"}


def test_get_shows_custom_attributes_and_anonymized_shape(harness: Harness, api: Api) -> None:
    cid = chat_conversation(api)
    attr_id = str(uuid.uuid4())

    async def run() -> None:
        async with harness.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO custom_attributes (org_id, id, entity_type, identifier, label, "
                "input_definition, created_at) VALUES (:o, :id, 'Conversation', 'order_no', "
                "'Order number', '{}', 1)",
                {"o": api.org.id, "id": attr_id},
            )
            await tx.execute(
                "INSERT INTO conversation_attributes (org_id, conversation_id, attribute_id, "
                "value, updated_at) VALUES (:o, :c, :a, :v, 1)",
                {"o": api.org.id, "c": cid, "a": attr_id, "v": '"A-17"'},
            )

    harness.call(run)
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    assert conv["customAttributes"] == [
        {"id": attr_id, "name": "Order number", "identifier": "order_no", "value": "A-17"}
    ]

    async def anonymize() -> None:
        async with harness.db.transaction() as tx:
            await tx.execute(
                "UPDATE conversations SET anonymized_at = 1638356400000 "
                "WHERE org_id = :o AND id = :c",
                {"o": api.org.id, "c": cid},
            )

    harness.call(anonymize)
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    assert conv["_type"] == "AnonymizedConversation"
    assert conv["anonymizedAt"] == "2021-12-01T11:00:00.000Z"
    assert "queue" not in conv and "customAttributes" not in conv


def test_outbound_callback_is_queued_not_assigned(harness: Harness, api: Api) -> None:
    # A Callback has no message, hence no authoring agent: it is queued in its queueId in
    # either direction, and the route's description says so.
    cid = post_conversation(
        api,
        {
            "_type": "Callback",
            "requesterId": create_end_user(api),
            "direction": "Outbound",
            "contactEndpointId": phone_endpoint(api),
            "queueId": api.org.default_queue_id,
        },
    )
    conv = api.get(f"/v1/conversations/{cid}").json()["data"]
    assert conv["direction"] == "Outbound" and conv["queue"]["id"] == api.org.default_queue_id
    assert "assignment" not in conv
    assert activity_types(harness, cid, api.org.id) == ["ConversationCreatedByAgent"]
    doc = api.get("/openapi.json").json()["paths"]["/v1/conversations"]["post"]["description"]
    assert "`Callback` has no message, hence no authoring agent" in doc


def test_another_orgs_references_are_refused_like_unknown_ids(
    harness: Harness, api: Api, other_api: Api
) -> None:
    requester = create_end_user(api)
    mine = {
        "email": email_endpoint(api),
        "widget": chat_widget(api),
        "number": phone_endpoint(api, "+4511111111"),
    }
    theirs = {
        "email": email_endpoint(other_api),
        "widget": chat_widget(other_api),
        "number": phone_endpoint(other_api, "+4522222222"),
        "queue": other_api.post("/v1/queues", json={"request": {"name": "Theirs"}}).json()["data"][
            "id"
        ],
        "agent": create_agent(other_api),
    }
    unknown = {
        "email": "nobody@email.dixa.io",
        "widget": str(uuid.uuid4()),
        "number": "+4533333333",
        "queue": str(uuid.uuid4()),
        "agent": str(uuid.uuid4()),
    }

    def bodies(ref: dict[str, str]) -> list[dict[str, object]]:
        base = {"requesterId": requester}
        return [
            {**base, "_type": "Email", "emailIntegrationId": ref["email"], "message": inbound()},
            {**base, "_type": "ContactForm", "emailIntegrationId": ref["email"]}
            | {"message": inbound()},
            {**base, "_type": "Chat", "widgetId": ref["widget"], "message": inbound()},
            {**base, "_type": "Sms", "contactEndpointId": ref["number"]}
            | {"message": outbound(create_agent(api))},
            {**base, "_type": "Callback", "direction": "Inbound"}
            | {"contactEndpointId": ref["number"], "queueId": api.org.default_queue_id},
            {**base, "_type": "Callback", "direction": "Inbound"}
            | {"contactEndpointId": mine["number"], "queueId": ref["queue"]},
            {**base, "_type": "Chat", "widgetId": mine["widget"]}
            | {"message": outbound(ref["agent"])},
            {**base, "_type": "Email", "emailIntegrationId": mine["email"]}
            | {"message": outbound(ref["agent"])},
        ]

    for foreign, missing in zip(bodies(theirs), bodies(unknown), strict=True):
        r = api.post("/v1/conversations", json=foreign)
        expected = api.post("/v1/conversations", json=missing)
        # an unknown agent is 404 (Dixa's reference), other unknown references 400
        status = 404 if missing.get("message") == outbound(unknown["agent"]) else 400
        assert expected.status_code == status, (missing, expected.text)
        assert (r.status_code, r.json()) == (status, expected.json()), foreign
    assert (
        harness.fetch("SELECT COUNT(*) FROM conversations WHERE org_id = :o", {"o": api.org.id})[0][
            0
        ]
        == 0
    )
    # the same bodies with this organisation's own references are accepted
    for body in bodies({**mine, "queue": api.org.default_queue_id, "agent": create_agent(api)}):
        assert api.post("/v1/conversations", json=body).status_code == 201, body


def test_duplicate_external_id_on_create(harness: Harness, api: Api, other_api: Api) -> None:
    """Dixa lists ``Duplicate externalId`` for POST /v1/conversations: the first message's
    ``externalId`` is the conversation's, so a create sent twice (or one naming an imported
    conversation's ``externalId``) is refused and writes nothing; another organisation's
    conversations do not count."""
    requester = create_end_user(api)
    widget = chat_widget(api)
    external = f"order-{uuid.uuid4().hex[:8]}"
    body = {
        "_type": "Chat",
        "requesterId": requester,
        "widgetId": widget,
        "message": inbound(externalId=external),
    }
    first = api.post("/v1/conversations", json=body)
    assert first.status_code == 201, first.text

    def count() -> int:
        rows = harness.fetch(
            "SELECT COUNT(*) FROM conversations WHERE org_id = :o", {"o": api.org.id}
        )
        return int(rows[0][0])

    before = count()
    r = api.post("/v1/conversations", json=body)
    assert (r.status_code, r.json()) == (400, {"message": "Duplicate externalId"})
    imported = {
        "_type": "GenericConversationImport",
        "genericChannelName": "email",
        "requesterId": requester,
        "direction": "Inbound",
        "createdAt": "2021-12-01T11:00:00.000Z",
        "externalId": f"imp-{external}",
    }
    assert api.post("/v1/conversations/import", json=imported).status_code == 201
    before += 1
    taken = {**body, "message": inbound(externalId=f"imp-{external}")}
    r = api.post("/v1/conversations", json=taken)
    assert (r.status_code, r.json()) == (400, {"message": "Duplicate externalId"})
    assert count() == before
    # the import refuses a created conversation's externalId too
    r = api.post("/v1/conversations/import", json={**imported, "externalId": external})
    assert (r.status_code, r.json()) == (400, {"message": "Duplicate externalId"})
    other = {
        **body,
        "requesterId": create_end_user(other_api),
        "widgetId": chat_widget(other_api),
    }
    assert other_api.post("/v1/conversations", json=other).status_code == 201
