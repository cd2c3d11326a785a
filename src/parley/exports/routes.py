"""Exports API: thin handlers. The body is a stream: a JSON array written batch by batch."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from typing import Annotated, Any

from litestar.background_tasks import BackgroundTask
from litestar.datastructures import State
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import QueryParameter
from litestar.response import Stream

from parley.exports import schemas as wire
from parley.exports import service
from parley.exports.filters import CSIDS_PATTERN, TIME_PATTERN
from parley.http.context import READ, Context
from parley.http.declare import Routes

EXPORTS = Routes("Exports")
JSON = "application/json"
# A time bound (epoch ms or yyyy-mm-dd) and a csids list, as the document states them.
Time = Annotated[str | None, QueryParameter(schema_extra={"pattern": TIME_PATTERN})]
Csids = Annotated[str | None, QueryParameter(schema_extra={"pattern": CSIDS_PATTERN})]
_HOST = (
    "Dixa serves this route at `https://exports.dixa.io/v1/…`; Parley serves it on the same "
    "host as the rest of `/v1`, so a client's exports base URL is Parley's base URL."
)
_TIMES = (
    "Times are epoch milliseconds (`1600087304703`) or dates (`yyyy-mm-dd`, 00:00 UTC); both "
    "bounds are inclusive (a next window may start 1 ms after the previous `_before`)."
)

CONVERSATIONS = (
    "The organisation's conversations matching every given bound (`created_*`, `updated_*`, "
    "`closed_*`, `last_message_created_*`) and, with `csids=1,2` (at most 1,000 ids), one of "
    "those ids, as a bare JSON array of snake_case rows (by `updated_at` when the window "
    "bounds it, else by `created_at`; ties by id), streamed from one "
    "snapshot of the store however many rows match. Without `csids`, a request needs at "
    "least one `_after` and one `_before` parameter, and the span from the earliest `_after` "
    f"to the latest `_before` may be at most 31 days. {_TIMES} Internal notes are the rows' "
    "`conversation_wrapup_notes`. An anonymized conversation shows only ids, channel, "
    "direction, status and times (as `GET /conversations/{conversationId}` shows an "
    f"`AnonymizedConversation`).\n\n{_HOST}\n\n"
    "Errors: 400 `Invalid value for: query parameter <name>` (a bad time or csids list), "
    "with `, missing: …` when a bound is missing and `, a query may span at most 31 days`."
)
MESSAGES = (
    "The organisation's messages created from `created_after` to `created_before` (both "
    "required, at most 31 days apart), as a bare JSON array of snake_case rows, oldest "
    "first (ties by id), streamed from one snapshot of the store. Internal "
    "notes are not messages (see `conversation_wrapup_notes` in the conversation export). "
    f"{_TIMES} An anonymized message shows only its id, conversation, time, channel and "
    f"direction.\n\n{_HOST}\n\n"
    "Errors: 400 `Invalid value for: query parameter created_after` / `created_before` (a "
    "bad time; `, missing: …` when absent; `, a query may span at most 31 days`)."
)


def _streamed(chunks: AsyncGenerator[bytes, None]) -> Stream:
    """The chunks as the body. A client that goes away mid-body leaves the generator
    suspended (Litestar cancels the sending, not the generator): closing it after the
    response, whatever happened, gives its turn, connection and snapshot back at once."""
    return Stream(chunks, media_type=JSON, background=BackgroundTask(service.close, chunks))


def _export(
    path: str, summary: str, description: str, item: type, items: str
) -> Callable[[Callable[..., Any]], HTTPRouteHandler]:
    """The GET route of an export: a bare JSON array of ``item`` (no envelope, no paging)."""
    return EXPORTS.get(
        path,
        summary,
        READ,
        description=description,
        responses={
            200: ResponseSpec(
                data_container=list[item],  # type: ignore[valid-type]
                description=f"A bare JSON array of {items} (no envelope, no paging)",
                generate_examples=False,
            )
        },
    )


@_export(
    "/conversation_export",
    "Export conversations",
    CONVERSATIONS,
    wire.ConversationExport,
    "conversations",
)
async def conversation_export(
    ctx: Context,
    state: State,
    created_after: Time = None,
    created_before: Time = None,
    updated_after: Time = None,
    updated_before: Time = None,
    closed_after: Time = None,
    closed_before: Time = None,
    last_message_created_after: Time = None,
    last_message_created_before: Time = None,
    csids: Csids = None,
) -> Stream:
    params = {
        "created_after": created_after,
        "created_before": created_before,
        "updated_after": updated_after,
        "updated_before": updated_before,
        "closed_after": closed_after,
        "closed_before": closed_before,
        "last_message_created_after": last_message_created_after,
        "last_message_created_before": last_message_created_before,
    }
    chunks = service.conversation_export(state.db, ctx.org_id, params, csids)
    return _streamed(chunks)


@_export("/message_export", "Export messages", MESSAGES, wire.MessageExport, "messages")
async def message_export(
    ctx: Context,
    state: State,
    created_after: Time = None,
    created_before: Time = None,
) -> Stream:
    chunks = service.message_export(
        state.db, ctx.org_id, created_after, created_before, ctx.base_url or ""
    )
    return _streamed(chunks)


ROUTES = [conversation_export, message_export]
