"""Webhooks: thin handlers (decode, call the service, encode)."""

from __future__ import annotations

from typing import Annotated

from litestar.params import FromPath, JSONBody, PathParameter

from parley.http.context import READ, WRITE, Context
from parley.http.declare import Routes
from parley.http.envelope import Data, Page, PageMeta
from parley.http.listing import Paging, paged
from parley.http.params import uuid_path
from parley.journal.events import SUBSCRIBABLE, mapping_markdown, never_emitted_markdown
from parley.webhooks import schemas as wire
from parley.webhooks import service
from parley.webhooks.data import PARLEY_FIELDS

WEBHOOKS = Routes("Webhooks")
SID = "webhookSubscriptionId"
WEBHOOK = Routes("Webhooks", prefix="/webhooks/{webhookSubscriptionId:str}")

DELIVERY = (
    """Delivery: each event is POSTed to `url` as JSON `{event_id, event_fqn,
event_version: "1", event_timestamp, organization: {id, name}, data}` (snake_case), with
`Content-Type: application/json`, `X-DIXA-SIGNATURE: t=<epoch ms>,v1=<hex>` where `v1` is
the HMAC-SHA256 of `t + "." + body` keyed with `secretKey` hex-decoded, and the
`Authorization` header of `authorization` (BasicAuth: `Basic base64(username:password)`;
TokenAuth: `Bearer <value>`) and the subscription's `customHeaders` (they cannot
replace the delivery's own headers). A subscription with `filters` gets only the events
that pass them (see the create operation). Events about a conversation carry
`data.conversation` `{csid, channel, status, direction, queue {id, name}, contact_point,
requester, assignee, subject, tags [{id, name, is_deactivated}], created_at}` with
upper-case enums (`EMAIL`, `OPEN`, `INBOUND`), as it was when the event happened; users
are `{id, name, email, phone, roles, user_type}` (`Contact` for end users, `Member` for
agents; of an anonymized conversation: `{id, user_type}`). Besides `conversation`, `data`
holds: ConversationNoteAdded `note_id, text, created_at, author`;
ConversationMessageAdded `message_id, text, content {text, content_type,
original_content_url, processed_content_url}, author, created_at, direction` (`inbound`/
`outbound`) `, channel, external_id`; ConversationTagAdded/Removed `tag` (its name)`,
author`; ConversationRated `agent, comment, score, type`; ConversationPendingExpired
`pendingByUser` (absent when unknown); ConversationAbandoned `queue {id, name}`;
ConversationCreated/Open/Pending/Closed/Enqueued nothing else. """
    + PARLEY_FIELDS
    + """
Imports send nothing.

**Parley choices** for delivery: it goes through the durable outbox (a job per event and
subscription, written with the event, so it survives restarts); a receiver has 10 s
(`PARLEY_WEBHOOK_TIMEOUT_SECONDS`); 2xx is success; 5xx, 408, 429, timeouts and
connection errors are retried with capped exponential backoff (1 s, 2 s, 4 s … 10 min; 12
attempts); any other answer (3xx included: redirects are never followed) fails at once;
private, loopback and link-local addresses are refused unless
`PARLEY_ALLOW_PRIVATE_ADDRESSES` is true. A subscription disabled or deleted before a
delivery runs gets nothing.

Events (Parley's name -> the name to subscribe with):

"""
    + mapping_markdown()
)


@WEBHOOKS.get("/webhooks", "List webhook subscriptions", READ)
async def list_webhooks(ctx: Context) -> Page[wire.WebhookSubscription]:
    """Every webhook subscription of the organisation, oldest first (not paged)."""
    return Page(data=await service.list_all(ctx), meta=PageMeta())


@WEBHOOKS.post(
    "/webhooks",
    "Create a webhook subscription",
    WRITE,
    description="""Creates a subscription: `name` (not blank), `url` (http or https, no
credentials in it), `events` (Dixa's event names, or Parley's own - see below; unknown
names are `400`), `enabled` (default true), `authorization` (`_type` `NoAuth`, `BasicAuth`
`{username, password}` or `TokenAuth` `{value}`; default NoAuth). The answer carries the
generated `secretKey` (64 hex digits) and, in `headers`, the `Authorization` header the
deliveries send (as Dixa shows it; credentials are never logged), then the custom headers.

`customHeaders`: header names (HTTP tokens) to single-line values, sent with every
delivery; `Authorization`, `Content-Type`, `X-DIXA-SIGNATURE`, `User-Agent`, `Host`,
`Content-Length`, `Transfer-Encoding` and `Connection` are refused (`400`).

`filters`: a map from an event name the subscription may name, or `Conversation` (every
conversation event), to `{_type: "CombinedFilters", strategy: "All" | "Any", conditions:
[{_type: "IsOneOf" | "IsNotOneOf", field, values}]}`; `field` is `InitialChannel` (the
conversation's channel, `email`, `pstn_phone`, `chat`… without regard to case or
underscores), `QueueId` (the queue it is in) or `OperationOrigin` (always `Api` in
Parley: every change it sends an event for comes through the API, imports send none - a
**Parley choice**). An event is delivered only when every filter that applies to it holds
(`All`: every condition; `Any`: one). The filters are echoed in `filters`.

"""
    + DELIVERY,
)
async def create_webhook(
    ctx: Context, data: JSONBody[wire.CreateWebhook]
) -> Data[wire.WebhookSubscription]:
    return Data(await service.create(ctx, data))


@WEBHOOK.get("", "Get a webhook subscription", READ)
async def get_webhook(
    ctx: Context, webhookSubscriptionId: FromPath[str]
) -> Data[wire.WebhookSubscription]:
    """One subscription, `secretKey` included. `400` for a non-UUID id; `404` when it is
    not a subscription of the organisation."""
    return Data(await service.get(ctx, uuid_path(SID, webhookSubscriptionId)))


@WEBHOOK.patch(
    "",
    "Update a webhook subscription",
    WRITE,
    description="""Changes the fields given (`name`, `url`, `events`, `enabled`,
`authorization`, `customHeaders`, `filters`; the same rules as on create) and answers the
subscription. `events` replaces the list; `authorization` `NoAuth` removes the header. The
secret key does not change. Deliveries already queued for a subscription disabled meanwhile
are dropped.

"""
    + never_emitted_markdown(),
)
async def patch_webhook(
    ctx: Context, webhookSubscriptionId: FromPath[str], data: JSONBody[wire.PatchWebhook]
) -> Data[wire.WebhookSubscription]:
    return Data(await service.patch(ctx, uuid_path(SID, webhookSubscriptionId), data))


@WEBHOOK.delete("", "Delete a webhook subscription", WRITE)
async def delete_webhook(ctx: Context, webhookSubscriptionId: FromPath[str]) -> None:
    """Deletes the subscription, its delivery log and its deliveries not yet sent. `404`
    for an unknown subscription."""
    await service.delete(ctx, uuid_path(SID, webhookSubscriptionId))


@WEBHOOK.get("/delivery-status", "Delivery status per event", READ)
async def delivery_status(
    ctx: Context, webhookSubscriptionId: FromPath[str]
) -> Data[list[wire.EventDeliveryStatus]]:
    """For each subscribed event, its latest delivery attempt (`DeliveryDetail`
    `{deliveryTimestamp, responseCode, responseText, success}`) or `NoRecentDelivery`.
    **Parley choices**: `responseCode` is 0 when no HTTP answer came (refused address,
    timeout, connection error), `responseText` is the first 2,000 bytes of the answer or
    the error, and `attempt` / `error` are added."""
    return Data(await service.delivery_status(ctx, uuid_path(SID, webhookSubscriptionId)))


@WEBHOOK.get("/delivery-status/logs/{event:str}", "Delivery log of an event", READ)
async def delivery_logs(
    ctx: Context,
    webhookSubscriptionId: FromPath[str],
    event: Annotated[str, PathParameter(schema_extra={"enum": sorted(SUBSCRIBABLE)})],
    paging: Paging,
) -> Page[wire.EventDeliveryLog]:
    """Every delivery attempt of `event` to this subscription, newest first, each with
    its `deliveryDetail` and the `payload` (the JSON body sent; redacted if the
    conversation was anonymized since). Paged with `pageKey` (default page 50, maximum
    1,000). `400` for an event name that is not one a subscription can name."""
    return paged(
        await service.delivery_logs(
            ctx,
            uuid_path(SID, webhookSubscriptionId),
            event,
            **paging.window,
        )
    )


ROUTES = [
    list_webhooks,
    create_webhook,
    get_webhook,
    patch_webhook,
    delete_webhook,
    delivery_status,
    delivery_logs,
]
