"""Activity log: thin handlers."""

from __future__ import annotations

from litestar.params import FromPath

from parley.activity import log
from parley.activity import schemas as wire
from parley.http.context import READ, Context
from parley.http.declare import Routes
from parley.http.envelope import Data, Page
from parley.http.listing import Paging
from parley.http.params import DateTimeQuery, int64_path

CONVERSATIONS = Routes("Conversations")


@CONVERSATIONS.get("/conversations/activitylog", "List organization activity log", READ)
async def organisation_activity_log(
    ctx: Context,
    *,
    fromDatetime: DateTimeQuery = None,
    toDatetime: DateTimeQuery = None,
    paging: Paging,
) -> Page[wire.ActivityLogEntry]:
    """The organisation's activity-log entries in time order (oldest first), keyset-paged:
    follow `meta.next` (absent on the last page). Entries have the shape of
    `GET /conversations/{conversationId}/activitylog` (typed `attributes` told apart by
    `attributes._type`). `fromDatetime` is inclusive, `toDatetime`
    exclusive (ISO 8601, `…Z` or `…Z[GMT]`); default page 100, maximum `pageLimit` 10,000.
    Unknown query parameters are ignored.

    Errors: `400` `Invalid value for: query parameter fromDatetime` / `toDatetime` /
    `pageLimit` / `pageKey`; `400` `Validation failure when retrieving data` when
    `fromDatetime` is after `toDatetime`."""
    return await log.organisation_log(
        ctx,
        from_datetime=fromDatetime,
        to_datetime=toDatetime,
        **paging.window,
    )


@CONVERSATIONS.get("/conversations/{conversationId:str}/activitylog", "List activity log", READ)
async def conversation_activity_log(
    ctx: Context, conversationId: FromPath[str]
) -> Data[list[wire.ActivityLogEntry]]:
    """The conversation's activity-log entries, oldest first (not paged). Each entry has
    `activityType` = `_type` + `ActivityType`, the author (id, name, email, phoneNumber)
    where there is one, and the typed `attributes` of its `_type`: `attributes._type`
    names the shape (Dixa's names, e.g. `ConversationAssignedAttribute` for
    ConversationAssigned, `MessageAddedAttribute` for MessageAddedByCustomer/ByAgent;
    `ConversationCustomAttributesUpdatedAttribute` `{updatedAttributeIds,
    updatedAttributeValues}`, `MessageRedactedAttribute` `{messageId, wasTextRedacted,
    numberOfDeletedFiles}` for ConversationMessageRedacted, and for Parley's own shapes
    `FollowupAttribute`, `ConversationLinkAttribute` `{child, parent, linkType}` for
    ConversationLinkedToParent (in the child's log) and ConversationLinkedFromChild (in the
    parent's), `ConversationAnonymizedAttribute`). ConversationClosed,
    ConversationReopened, ConversationPending and FollowupRemoved carry no attributes.

    Errors: `400` `Invalid value for: path parameter conversationId`; `404` for an unknown
    conversation (another organisation's included)."""
    cid = int64_path("conversationId", conversationId)
    return Data(await log.conversation_log(ctx, cid))


ROUTES = [organisation_activity_log, conversation_activity_log]
