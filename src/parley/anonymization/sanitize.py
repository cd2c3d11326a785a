"""What survives anonymization in the activity log and in event payloads.

Activity attributes keep a fixed list of keys that describe what happened (ids, types,
queue and tag labels, scores, times); everything else (subjects, custom attribute
values, rating comments, contact details of the users an entry names) is dropped. A key
that is not on the list is dropped too, so a new kind of entry leaks nothing by default.
Event payloads keep their envelope and, in ``data``, only identifiers.
"""

from __future__ import annotations

from typing import Any

import msgspec

from parley.kit.ids import is_uuid

KEPT_ACTIVITY_KEYS = frozenset(
    {
        "messageId",
        "agentId",
        "agentName",
        "agentNames",
        "claimedFromType",
        "claimedFromLabel",
        "destinationId",
        "destinationType",
        "transferType",
        "destinationLabel",
        "tag",
        "followupAt",
        "id",
        "identifier",
        "score",
        "language",
        "ratingScheduledTime",
        "queueId",
        "queueName",
        "reservationType",
        "validUntil",
        "requestId",
        "parentId",
        "linkType",
    }
)
# Keys naming a user: an id string is kept, an object keeps only its id.
USER_REF_KEYS = frozenset({"agent", "user", "oldUser", "newUser"})
# Identifiers that are personal data themselves.
PERSONAL_ID_KEYS = frozenset({"externalId", "external_id"})


def _user_ref(value: Any) -> Any:
    if isinstance(value, str):
        return value if is_uuid(value) else None
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return {"id": value["id"]}
    return None


def activity_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in attributes.items():
        if key in USER_REF_KEYS:
            ref = _user_ref(value)
            if ref is not None:
                out[key] = ref
        elif key in KEPT_ACTIVITY_KEYS:
            out[key] = value
    return out


def _json_object(raw: str) -> dict[str, Any] | None:
    """The JSON object ``raw`` holds; None when it holds anything else or no JSON."""
    try:
        decoded = msgspec.json.decode(raw)
    except msgspec.DecodeError:
        return None
    return decoded if isinstance(decoded, dict) else None


def activity_json(raw: str) -> str | None:
    """The sanitized attributes JSON, or None when nothing changes."""
    decoded = _json_object(raw)
    if decoded is None:
        return "{}"
    cleaned = activity_attributes(decoded)
    return None if cleaned == decoded else msgspec.json.encode(cleaned).decode()


def _is_id_key(key: str) -> bool:
    return key not in PERSONAL_ID_KEYS and (
        key == "id" or key.endswith("_id") or key.endswith("Id")
    )


def ids_only(value: Any) -> dict[str, Any]:
    """The identifiers of an event's ``data``, nested objects kept for their ids only."""
    out: dict[str, Any] = {}
    if not isinstance(value, dict):
        return out
    for key, item in value.items():
        if isinstance(item, dict):
            nested = ids_only(item)
            if nested:
                out[key] = nested
        elif _is_id_key(key) and (item is None or isinstance(item, str | int)):
            out[key] = item
    return out


def event_json(raw: str) -> str:
    """The payload with ``data`` reduced to identifiers (the envelope is kept)."""
    doc = _json_object(raw)
    if doc is None:
        return "{}"
    doc["data"] = ids_only(doc.get("data"))
    return msgspec.json.encode(doc).decode()
