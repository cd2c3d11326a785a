"""Parley's scenarios: which Lua script, which path, which inputs.

Reads come first, then writes, and the import last, so write scenarios do not change
what the reads measure. Every scenario runs against a fresh copy of the generated store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from harness.fixtures import Fixtures

Env = dict[str, str]


@dataclass(frozen=True)
class Scenario:
    name: str
    label: str
    script: str
    env: Callable[[Fixtures], Env]
    per_request: int = 1  # units per request (messages per import)
    writes: bool = False


def _range(fx: Fixtures) -> Env:
    lo, hi = fx.conversation_range
    return {"BENCH_ID_MIN": str(lo), "BENCH_ID_MAX": str(hi)}


def _get_conversation(fx: Fixtures) -> Env:
    return {"BENCH_PATH": "/v1/conversations/{id}", **_range(fx)}


def _get_messages(fx: Fixtures) -> Env:
    return {"BENCH_PATH": "/v1/conversations/{id}/messages", **_range(fx)}


def _end_user_conversations(fx: Fixtures) -> Env:
    return {
        "BENCH_PATH": "/v1/endusers/{id}/conversations",
        "BENCH_ID_FILE": str(fx.files["endusers"]),
    }


def _search(fx: Fixtures) -> Env:
    return fx.env("words")


def _activity_first(fx: Fixtures) -> Env:
    return {"BENCH_PATH": f"/v1/conversations/activitylog?pageLimit={fx.activity.limit}"}


def _activity_deep(fx: Fixtures) -> Env:
    return {"BENCH_PATH": f"/v1/conversations/activitylog?pageKey={fx.activity.key}"}


def _post_note(fx: Fixtures) -> Env:
    return _range(fx) | fx.env("words")


def _post_message(fx: Fixtures) -> Env:
    return fx.env("id_file", "agents", "words")


def _import(fx: Fixtures) -> Env:
    return fx.env("agents", "endusers", "words") | {"BENCH_MESSAGES": "10"}


PARLEY: list[Scenario] = [
    Scenario("get_conversation", "GET /v1/conversations/{id}", "get.lua", _get_conversation),
    Scenario("get_messages", "GET /v1/conversations/{id}/messages", "get.lua", _get_messages),
    Scenario(
        "end_user_conversations",
        "GET /v1/endusers/{id}/conversations",
        "get.lua",
        _end_user_conversations,
    ),
    Scenario("search_get", "GET /v1/search/conversations?query=…", "search_get.lua", _search),
    Scenario("search_post", "POST /v1/search/conversations", "search_post.lua", _search),
    Scenario("activity_page_1", "GET /v1/conversations/activitylog", "get.lua", _activity_first),
    Scenario(
        "activity_page_10000",
        "GET /v1/conversations/activitylog?pageKey=<page 10,000>",
        "get.lua",
        _activity_deep,
    ),
    Scenario(
        "post_note", "POST /v1/conversations/{id}/notes", "post_note.lua", _post_note, writes=True
    ),
    Scenario(
        "post_message",
        "POST /v1/conversations/{id}/messages",
        "post_message.lua",
        _post_message,
        writes=True,
    ),
    Scenario(
        "import_10",
        "POST /v1/conversations/import (10 messages)",
        "import.lua",
        _import,
        per_request=10,
        writes=True,
    ),
]

# What the scale-out comparison (PostgreSQL, 2 server processes vs 1) runs.
SCALE_OUT = ["get_conversation", "get_messages", "search_get", "post_message"]

BY_NAME = {s.name: s for s in PARLEY}
