"""Subscription filters (Dixa's ``filters``) and custom headers: checking what a client
gives, and deciding whether an event passes.

``filters`` maps a key to ``{strategy: All|Any, conditions: [{_type: IsOneOf|IsNotOneOf,
field, values}]}``. The key is an event name the subscription may name (the filter then
applies to that event) or ``Conversation`` (every conversation event). An event passes
a subscription when every filter that applies to it holds: with ``All`` every condition
holds, with ``Any`` at least one. The fields, read from the event's ``conversation``:

- ``InitialChannel``: the conversation's channel (Parley's channel never changes),
  compared without case and underscores (``pstn_phone`` = ``PSTN_PHONE``), with Dixa's
  other spellings (``chat`` = WidgetChat, ``phone`` = PstnPhone, ``facebook`` =
  FacebookMessenger);
- ``QueueId``: the queue the conversation is in (none: no value);
- ``OperationOrigin``: what made the change. Every change Parley sends an event for
  comes through its API, so the origin is ``Api`` (imports send no events; a Parley
  choice, since Dixa documents ``ApiImport`` only).

A field with no value is in no list: ``IsOneOf`` fails and ``IsNotOneOf`` holds. An event
without a conversation (an organisation-level event) has no values.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

from parley.errors import invalid_body
from parley.webhooks import schemas as wire

FIELDS = ("InitialChannel", "OperationOrigin", "QueueId")
STRATEGIES = ("All", "Any")
CONVERSATION_KEY = "Conversation"
ORIGIN = "Api"
MAX_VALUES = 500
CHANNEL_ALIASES = {"chat": "widgetchat", "phone": "pstnphone", "facebook": "facebookmessenger"}

_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def check_headers(headers: dict[str, str]) -> str:
    """The custom headers as stored (JSON), or a 400: names are HTTP tokens, values one
    line, none of ``RESERVED_HEADERS``."""
    if len(headers) > wire.MAX_HEADERS:
        raise invalid_body(f"customHeaders: at most {wire.MAX_HEADERS} headers are allowed")
    for name, value in headers.items():
        if not _TOKEN.fullmatch(name):
            raise invalid_body(f"customHeaders: {name!r} is not a valid header name")
        if name.lower() in wire.RESERVED_HEADERS:
            raise invalid_body(f"customHeaders: {name} cannot be set")
        if any(c in value for c in "\r\n\0"):
            raise invalid_body(f"customHeaders: the value of {name} must be a single line")
    return msgspec.json.encode(headers).decode()


def check(
    filters: dict[str, wire.CombinedFilters] | None, subscribable: frozenset[str]
) -> str | None:
    """The filters as stored (JSON, None when there are none), or a 400."""
    if not filters:
        return None
    for key, combined in filters.items():
        where = f"filters.{key}"
        if key != CONVERSATION_KEY and key not in subscribable:
            raise invalid_body(f"{where}: unknown event")
        if combined.strategy not in STRATEGIES:
            raise invalid_body(f"{where}.strategy must be one of {', '.join(STRATEGIES)}")
        if not combined.conditions:
            raise invalid_body(f"{where}.conditions must not be empty")
        for condition in combined.conditions:
            if condition.field not in FIELDS:
                raise invalid_body(f"{where}: field must be one of {', '.join(FIELDS)}")
            if not condition.values or len(condition.values) > MAX_VALUES:
                raise invalid_body(f"{where}: values must hold 1 to {MAX_VALUES} values")
    return msgspec.json.encode(filters).decode()


def load(stored: str | None) -> dict[str, wire.CombinedFilters] | None:
    if not stored:
        return None
    return msgspec.json.decode(stored, type=dict[str, wire.CombinedFilters])


def _norm(value: str) -> str:
    flat = value.replace("_", "").lower()
    return CHANNEL_ALIASES.get(flat, flat)


def _value(field: str, conversation: dict[str, Any] | None) -> str | None:
    if conversation is None:
        return None
    if field == "InitialChannel":
        channel = conversation.get("channel")
        return _norm(channel) if isinstance(channel, str) else None
    if field == "QueueId":
        queue = conversation.get("queue")
        return queue.get("id") if isinstance(queue, dict) else None
    return ORIGIN


def _holds(condition: wire.IsOneOf | wire.IsNotOneOf, conversation: dict[str, Any] | None) -> bool:
    value = _value(condition.field, conversation)
    norm = _norm if condition.field == "InitialChannel" else (lambda v: v)
    inside = value is not None and value in {norm(v) for v in condition.values}
    return inside if isinstance(condition, wire.IsOneOf) else not inside


def passes(
    filters: dict[str, wire.CombinedFilters] | None, event: str, data: dict[str, Any] | None
) -> bool:
    """Whether an event (``event``: the subscription name; ``data``: its data) passes."""
    if not filters:
        return True
    conversation = data.get("conversation") if isinstance(data, dict) else None
    if not isinstance(conversation, dict):
        conversation = None
    for key in (CONVERSATION_KEY, event):
        combined = filters.get(key)
        if combined is None or (key == CONVERSATION_KEY and conversation is None):
            continue
        results = [_holds(c, conversation) for c in combined.conditions]
        if not (all(results) if combined.strategy == "All" else any(results)):
            return False
    return True
