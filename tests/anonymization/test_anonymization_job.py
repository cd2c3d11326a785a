"""The anonymization job on both stores: what it removes, read back through the API
and by searching, and what it leaves alone."""

from __future__ import annotations

import json

from fixtures.anonymization import (
    activity_log,
    anonymization_events,
    assert_gone,
    assert_intact,
    blob_path,
    closed_then_anonymized,
    log_skeleton,
)
from fixtures.builders import (
    anonymize,
    chat_conversation,
    create_agent,
    create_end_user_with_everything,
    email_conversation,
    inbound,
    rich_conversation,
    word,
)
from fixtures.harness import Api, Harness
from fixtures.reads import activity_types, event_names, everything_about, found, request_status


def test_conversation_is_anonymized_completely(harness: Harness, api: Api, files_url: str) -> None:
    rich = rich_conversation(api, files_url)
    blob = blob_path(harness, api, rich.inbound_id)
    assert blob.exists() and api.get(rich.attachment_path).status_code == 200
    before_conv = api.get(f"/v1/conversations/{rich.cid}").json()["data"]
    before_messages = api.get(f"/v1/conversations/{rich.cid}/messages").json()["data"]
    before_notes = api.get(f"/v1/conversations/{rich.cid}/notes").json()["data"]
    before_log = activity_log(api, rich.cid)
    before_stored = everything_about(harness, api, rich.cid)
    secrets = [*rich.secrets.values(), "boss@example.com"]
    assert all(s in before_stored for s in secrets)  # so the checks below can fail
    searchable = ("subject", "inbound", "outbound", "user_name")
    for key in searchable:
        assert found(api, rich.secrets[key].split()[-1]) == [rich.cid], key

    request = anonymize(api, rich.cid).json()["data"]
    harness.run_jobs()
    assert request_status(api, request["id"])["processedAt"] is not None

    conv = api.get(f"/v1/conversations/{rich.cid}").json()["data"]
    assert conv["_type"] == "AnonymizedConversation" and conv["anonymizedAt"].endswith("Z")
    for key in ("id", "requesterId", "channel", "createdAt", "direction", "state"):
        assert conv[key] == before_conv[key]
    assert not {"subject", "fromEmail", "toEmail", "customAttributes"} & set(conv)

    messages = api.get(f"/v1/conversations/{rich.cid}/messages").json()["data"]
    assert [(m["id"], m["authorId"], m["createdAt"]) for m in messages] == [
        (m["id"], m["authorId"], m["createdAt"]) for m in before_messages
    ]
    for m in messages:
        attrs = m["attributes"]
        assert "emailContent" not in attrs and "from" not in attrs
        assert attrs["to"] == attrs["cc"] == attrs["bcc"] == attrs["attachments"] == []

    assert api.get(rich.attachment_path).status_code == 404
    assert not blob.exists()
    row = harness.fetch(
        "SELECT blob_path, pretty_name, source_url, deleted_at FROM attachments "
        "WHERE org_id = :org AND message_id = :mid",
        {"org": api.org.id, "mid": rich.inbound_id},
    )[0]
    assert row[:3] == (None, None, None) and row[3] is not None

    notes = api.get(f"/v1/conversations/{rich.cid}/notes").json()["data"]
    assert [(n["id"], n["authorId"], n["createdAt"]) for n in notes] == [
        (n["id"], n["authorId"], n["createdAt"]) for n in before_notes
    ]
    assert [n["message"] for n in notes] == [""]
    ratings = api.get(f"/v1/conversations/{rich.cid}/ratings").json()["data"]
    assert ratings[0]["ratingScore"] == 4 and "ratingComment" not in ratings[0]

    log = activity_log(api, rich.cid)
    assert log_skeleton(log[:-1]) == log_skeleton(before_log)
    assert log[-1]["_type"] == "ConversationAnonymized"
    assert log[-1]["author"]["id"] == api.org.admin_user_id
    assert log[-1]["attributes"] == {
        "_type": "ConversationAnonymizedAttribute",
        "requestId": request["id"],
    }
    # Authors are shown as the users are now (the requester is not anonymized by a
    # conversation request); the entries themselves hold no personal content.
    content = [v for k, v in rich.secrets.items() if not k.startswith("user_")]
    assert [s for s in content if s in json.dumps(log)] == []
    assert "boss@example.com" not in json.dumps(log)

    events = anonymization_events(harness, api, rich.cid)
    assert events[-1][0] == "CONVERSATION_ANONYMIZED"
    assert all(redacted is not None for _fqn, _p, redacted in events[:-1])
    assert all(json.loads(p)["event_fqn"] == fqn for fqn, p, _r in events)

    stored = everything_about(harness, api, rich.cid)
    leaked = [s for s in secrets if s in stored]
    assert leaked == []
    for key in searchable:
        assert found(api, rich.secrets[key].split()[-1]) == [], key


def test_conversation_request_touches_nothing_else(
    harness: Harness, api: Api, other_api: Api, files_url: str
) -> None:
    target = rich_conversation(api, files_url)
    sibling = rich_conversation(api, files_url, requester=target.requester)
    foreign = rich_conversation(other_api, files_url)
    user_before = api.get(f"/v1/endusers/{target.requester}").json()["data"]

    assert anonymize(api, target.cid).status_code == 202
    harness.run_jobs()
    assert api.get(f"/v1/conversations/{target.cid}").json()["data"]["_type"] == (
        "AnonymizedConversation"
    )
    assert_intact(harness, api, sibling)
    assert_intact(harness, other_api, foreign)
    assert found(api, target.secrets["inbound"]) == []
    assert found(api, sibling.secrets["inbound"]) == [sibling.cid]
    assert found(other_api, foreign.secrets["inbound"]) == [foreign.cid]
    # the requester's name still finds their other conversation, not the anonymized one
    assert found(api, target.secrets["user_name"].split()[-1]) == [sibling.cid]
    assert api.get(f"/v1/endusers/{target.requester}").json()["data"] == user_before
    # the requester's own events (EndUserCreated) are not the conversation's
    assert all(redacted is None for _f, _p, redacted in anonymization_events(harness, api, None))


def test_message_request_anonymizes_only_that_message(
    harness: Harness, api: Api, files_url: str
) -> None:
    rich = rich_conversation(api, files_url, close=False)
    blob = blob_path(harness, api, rich.inbound_id)
    before_log = activity_log(api, rich.cid)
    r = api.patch(f"/v1/conversations/{rich.cid}/messages/{rich.inbound_id}/anonymize")
    assert r.status_code == 202, r.text
    harness.run_jobs()
    assert request_status(api, r.json()["data"]["id"])["status"] == "done"

    conv = api.get(f"/v1/conversations/{rich.cid}").json()["data"]
    assert conv["_type"] == "EmailConversation" and conv["state"] == "Open"
    assert rich.secrets["subject"] in conv["subject"]
    first, second = api.get(f"/v1/conversations/{rich.cid}/messages").json()["data"]
    assert first["id"] == rich.inbound_id and first["authorId"] == rich.requester
    assert "emailContent" not in first["attributes"] and first["attributes"]["attachments"] == []
    assert "from" not in first["attributes"]
    assert rich.secrets["outbound"] in second["attributes"]["emailContent"]["content"]["value"]
    assert second["attributes"]["cc"] == [{"email": "boss@example.com"}]
    assert not blob.exists() and api.get(rich.attachment_path).status_code == 404
    notes = api.get(f"/v1/conversations/{rich.cid}/notes").json()["data"]
    assert rich.secrets["note"] in notes[0]["message"]

    log = activity_log(api, rich.cid)
    assert log_skeleton(log[:-1]) == log_skeleton(before_log)
    assert log[-1]["_type"] == "ConversationMessageRedacted"
    redacted = log[-1]["attributes"]
    assert redacted["_type"] == "MessageRedactedAttribute"
    assert (redacted["messageId"], redacted["wasTextRedacted"]) == (rich.inbound_id, True)
    assert redacted["numberOfDeletedFiles"] == 1
    stored = everything_about(harness, api, rich.cid)
    assert rich.secrets["inbound"] not in stored and rich.secrets["file"] not in stored
    for key in ("subject", "outbound", "note", "comment", "attribute"):
        assert rich.secrets[key] in stored, key
    assert anonymization_events(harness, api, rich.cid)[-1][0] == "CONVERSATION_MESSAGE_ANONYMIZED"
    assert found(api, rich.secrets["inbound"]) == []
    assert found(api, rich.secrets["outbound"]) == [rich.cid]
    assert found(api, rich.secrets["subject"]) == [rich.cid]

    # the conversation still takes messages; the anonymized one stays anonymized
    r = api.post(f"/v1/conversations/{rich.cid}/messages", json=inbound("still here"))
    assert r.status_code == 200, r.text
    messages = api.get(f"/v1/conversations/{rich.cid}/messages").json()["data"]
    assert "emailContent" not in messages[0]["attributes"] and len(messages) == 3


def test_end_user_request_anonymizes_the_user_and_their_conversations(
    harness: Harness, api: Api, files_url: str
) -> None:
    r = api.post(
        "/v1/custom-attributes",
        json={
            "entityType": "Contact",
            "identifier": "passport",
            "label": "Passport",
            "inputDefinition": {"_type": "Text"},
        },
    )
    attr = r.json()["data"]["id"]
    user = create_end_user_with_everything(api, firstName="Zebediah", lastName="Quackenbush")
    r = api.patch(f"/v1/endusers/{user}/custom-attributes", json={attr: "P-1234567"})
    assert r.status_code == 200, r.text
    before = api.get(f"/v1/endusers/{user}").json()["data"]
    rich = rich_conversation(api, files_url, requester=user)
    # closed and not anonymized yet: only the end user's request covers it
    untouched = rich_conversation(api, files_url, requester=user)
    untouched_blob = blob_path(harness, api, untouched.inbound_id)
    for key in ("subject", "inbound", "outbound"):
        assert found(api, untouched.secrets[key]) == [untouched.cid], key
    assert untouched.secrets["note"] in everything_about(harness, api, untouched.cid)
    chat = chat_conversation(
        api,
        requesterId=user,
        browserInfo={"name": "Firefox", "ipAddress": "203.0.113.9", "originatingUrl": "x"},
    )
    control = rich_conversation(api, files_url)
    control_user = api.get(f"/v1/endusers/{control.requester}").json()["data"]
    # the first conversation was already anonymized by its own request
    assert anonymize(api, rich.cid).status_code == 202
    harness.run_jobs()

    r = api.patch(f"/v1/endusers/{user}/anonymize?force=true")
    assert r.status_code == 202, r.text
    harness.run_jobs()
    assert request_status(api, r.json()["data"]["id"])["status"] == "done"

    after = api.get(f"/v1/endusers/{user}").json()["data"]
    assert after["id"] == user and after["createdAt"] == before["createdAt"]
    for key in ("displayName", "firstName", "lastName", "email", "phoneNumber", "externalId"):
        assert after.get(key) is None, key
    assert after.get("avatarUrl") is None
    assert after["additionalEmails"] == after["additionalPhoneNumbers"] == []
    assert after["customAttributes"] == []
    by_email = api.get("/v1/endusers", params={"email": before["email"]}).json()["data"]
    assert by_email == []

    assert_gone(harness, api, untouched)
    assert not untouched_blob.exists()
    for cid in (rich.cid, untouched.cid, chat):
        conv = api.get(f"/v1/conversations/{cid}").json()["data"]
        assert conv["_type"] == "AnonymizedConversation" and conv["state"] == "Closed"
        assert [e["_type"] for e in activity_log(api, cid)].count("ConversationAnonymized") == 1
    assert harness.fetch(
        "SELECT browser_info FROM conversations WHERE org_id = :org AND id = :id",
        {"org": api.org.id, "id": chat},
    ) == [(None,)]

    user_events = [e for e in anonymization_events(harness, api, None) if user in e[1]]
    assert user_events[-1][0] == "END_USER_ANONYMIZED"
    for _fqn, payload, redacted in user_events[:-1]:
        assert redacted is not None
        for value in (before["email"], before["displayName"], before["externalId"], "P-1234567"):
            assert value not in payload
    assert "Zebediah" not in repr(
        harness.fetch(
            "SELECT * FROM users WHERE org_id = :org AND id = :id", {"org": api.org.id, "id": user}
        )
    )

    assert_intact(harness, api, control)
    assert api.get(f"/v1/endusers/{control.requester}").json()["data"] == control_user
    assert found(api, before["displayName"].split()[-1]) == []
    assert found(api, control_user["displayName"].split()[-1]) == [control.cid]


def test_conversation_reopened_after_the_request_is_closed_by_the_job(
    harness: Harness, api: Api
) -> None:
    agent = create_agent(api)
    cid = email_conversation(api)
    assert api.put(f"/v1/conversations/{cid}/close", json={}).status_code == 204
    r = anonymize(api, cid)
    assert r.status_code == 202, r.text
    request = r.json()["data"]
    # before the job runs, the conversation is reopened and takes a new message
    r = api.put(f"/v1/conversations/{cid}/reopen", json={"userId": agent})
    assert r.status_code == 204, r.text
    late = word("late")
    r = api.post(f"/v1/conversations/{cid}/messages", json=inbound(f"Also {late}"))
    assert r.status_code == 200, r.text
    assert api.get(f"/v1/conversations/{cid}").json()["data"]["state"] == "Open"
    assert found(api, late) == [cid]

    harness.run_jobs()
    assert request_status(api, request["id"])["status"] == "done"
    log = closed_then_anonymized(api, cid, request["id"])
    types = [e["_type"] for e in log]
    assert types.count("ConversationClosed") == 2
    assert types.index("ConversationReopened") < len(types) - 2
    names = event_names(harness, cid, api.org.id)
    assert names[-3:] == [  # never assigned: abandoned, as Dixa reports it
        "CONVERSATION_CLOSED",
        "CONVERSATION_ABANDONED",
        "CONVERSATION_ANONYMIZED",
    ], names
    messages = api.get(f"/v1/conversations/{cid}/messages").json()["data"]
    assert len(messages) == 2
    assert all("emailContent" not in m["attributes"] for m in messages)
    assert late not in everything_about(harness, api, cid)
    assert found(api, late) == []


def test_end_user_conversation_started_after_the_request_is_closed_by_the_job(
    harness: Harness, api: Api
) -> None:
    user = create_end_user_with_everything(api)
    old = email_conversation(api, requesterId=user)
    assert api.put(f"/v1/conversations/{old}/close", json={}).status_code == 204
    r = api.patch(f"/v1/endusers/{user}/anonymize")  # nothing open: no force needed
    assert r.status_code == 202, r.text
    request = r.json()["data"]
    # before the job runs, the end user writes in again
    late = word("late")
    new = email_conversation(api, inbound(f"Me again {late}"), requesterId=user)
    assert api.get(f"/v1/conversations/{new}").json()["data"]["state"] == "Open"

    harness.run_jobs()
    assert request_status(api, request["id"])["status"] == "done"
    closed_then_anonymized(api, new, request["id"])
    assert activity_types(harness, new, api.org.id).count("ConversationClosed") == 1
    old_log = [e["_type"] for e in activity_log(api, old)]
    assert old_log.count("ConversationClosed") == 1  # already Closed: not closed again
    assert old_log[-1] == "ConversationAnonymized"
    assert late not in everything_about(harness, api, new)
    assert found(api, late) == []
