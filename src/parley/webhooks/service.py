"""Webhook subscription rules: validation, the secret key, the Authorization header a
subscription sends, and the delivery status read from the attempts.

Credentials (BasicAuth password, TokenAuth value) are stored as the header they become
and shown in ``headers`` as Dixa shows them; they are never logged (the worker's job
errors name the outcome only).
"""

from __future__ import annotations

import base64
import secrets

import msgspec

from parley.errors import found, invalid_body, invalid_path
from parley.http.envelope import Page
from parley.http.listing import list_page
from parley.http.paging import page_request, split_page
from parley.journal.events import SUBSCRIBABLE
from parley.kit.clock import to_iso
from parley.kit.ids import new_id
from parley.kit.wire import from_row
from parley.orgs import repository as orgs_repo
from parley.uow import Ctx
from parley.webhooks import filters
from parley.webhooks import payload as build
from parley.webhooks import repository as repo
from parley.webhooks import schemas as wire
from parley.webhooks.dispatch import KIND
from parley.webhooks.sender import check_url
from parley.worker import outbox

LOGS_DEFAULT_LIMIT = 50
LOGS_MAX_LIMIT = 1000


def headers_of(row: repo.SubscriptionRow) -> dict[str, str]:
    """The headers a delivery carries besides its own (content type, signature, user
    agent): ``Authorization``, then the custom headers."""
    shown = {"Authorization": row.auth_header} if row.auth_header else {}
    shown.update(msgspec.json.decode(row.custom_headers, type=dict[str, str]))
    return shown


def to_wire(row: repo.SubscriptionRow) -> wire.WebhookSubscription:
    return from_row(
        wire.WebhookSubscription,
        row,
        headers=headers_of(row),
        subscribedEvents=_events_of(row),
        createdAt=to_iso(row.created_at) or "",
        updatedAt=to_iso(row.updated_at) or "",
        filters=filters.load(row.filters),
    )


def _events_of(row: repo.SubscriptionRow) -> list[str]:
    return msgspec.json.decode(row.events, type=list[str])


def _name(value: str) -> str:
    name = value.strip()
    if not name:
        raise invalid_body("name must not be empty")
    return name


def _url(value: str) -> str:
    url = value.strip()
    if len(url) > wire.MAX_URL:
        raise invalid_body(f"url is longer than {wire.MAX_URL} characters")
    try:
        check_url(url)
    except ValueError as exc:
        raise invalid_body(f"url {exc}") from None
    return url


def _events(values: list[str]) -> str:
    unknown = [v for v in values if v not in SUBSCRIBABLE]
    if unknown:
        raise invalid_body(f"unknown event {unknown[0]!r}")
    return msgspec.json.encode(list(dict.fromkeys(values))).decode()


def _header_safe(value: str, field: str) -> str:
    if not value or any(c in value for c in "\r\n\0"):
        raise invalid_body(f"{field} must be a non-empty single line")
    return value


def _auth(value: wire.Authorization | None) -> tuple[str, str | None]:
    """(auth_type, Authorization header value). TokenAuth sends ``Bearer <value>``, as
    Dixa does."""
    if isinstance(value, wire.BasicAuth):
        user = _header_safe(value.username, "authorization.username")
        if ":" in user:
            raise invalid_body("authorization.username must not contain ':'")
        password = _header_safe(value.password, "authorization.password")
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        return "BasicAuth", f"Basic {token}"
    if isinstance(value, wire.TokenAuth):
        token = _header_safe(value.value.strip(), "authorization.value")
        return "TokenAuth", f"Bearer {token}"
    return "NoAuth", None


async def _emit(ctx: Ctx, name: str, row: repo.SubscriptionRow) -> None:
    data = {"webhook_subscription": {"id": row.id, "name": row.name, "enabled": row.enabled}}
    await ctx.emit(name, data)


async def require(ctx: Ctx, subscription_id: str) -> repo.SubscriptionRow:
    return found(await repo.get(ctx.tx, ctx.org_id, subscription_id))


async def create(ctx: Ctx, body: wire.CreateWebhook) -> wire.WebhookSubscription:
    auth_type, auth_header = _auth(body.authorization)
    row = repo.SubscriptionRow(
        id=new_id(),
        name=_name(body.name),
        url=_url(body.url),
        enabled=body.enabled,
        events=_events(body.events),
        auth_type=auth_type,
        auth_header=auth_header,
        secret_key=secrets.token_hex(32),
        created_at=ctx.now,
        created_by=ctx.acting_user_id,
        updated_at=ctx.now,
        updated_by=ctx.acting_user_id,
        custom_headers=filters.check_headers(body.customHeaders),
        filters=filters.check(body.filters, SUBSCRIBABLE),
    )
    await repo.insert(ctx.tx, ctx.org_id, row)
    await _emit(ctx, "WebhookSubscriptionCreated", row)
    return to_wire(row)


async def get(ctx: Ctx, subscription_id: str) -> wire.WebhookSubscription:
    return to_wire(await require(ctx, subscription_id))


async def list_all(ctx: Ctx) -> list[wire.WebhookSubscription]:
    return [to_wire(r) for r in await repo.list_all(ctx.tx, ctx.org_id)]


async def list_paged(
    ctx: Ctx, *, page_key: str | None, page_limit: int | None
) -> Page[wire.WebhookSubscription]:
    """A page of the subscriptions, oldest first (the desk's administration list)."""
    return await list_page(ctx, page_key, page_limit, repo.list_page, to_wire)


async def patch(
    ctx: Ctx, subscription_id: str, body: wire.PatchWebhook
) -> wire.WebhookSubscription:
    row = await require(ctx, subscription_id)
    if body.name is not None:
        row.name = _name(body.name)
    if body.url is not None:
        row.url = _url(body.url)
    if body.events is not None:
        row.events = _events(body.events)
    if body.enabled is not None:
        row.enabled = body.enabled
    if body.authorization is not None:
        row.auth_type, row.auth_header = _auth(body.authorization)
    if body.customHeaders is not None:
        row.custom_headers = filters.check_headers(body.customHeaders)
    if body.filters is not None:
        row.filters = filters.check(body.filters, SUBSCRIBABLE)
    row.updated_at, row.updated_by = ctx.now, ctx.acting_user_id
    await repo.update(ctx.tx, ctx.org_id, row)
    await _emit(ctx, "WebhookSubscriptionUpdated", row)
    return to_wire(row)


async def delete(ctx: Ctx, subscription_id: str) -> None:
    """The subscription, its attempt log and its deliveries not yet sent."""
    row = await require(ctx, subscription_id)
    await outbox.cancel(ctx.tx, ctx.org_id, KIND, subscription_id)
    await repo.delete(ctx.tx, ctx.org_id, subscription_id)
    await _emit(ctx, "WebhookSubscriptionDeleted", row)


def _detail(a: repo.AttemptRow) -> wire.DeliveryDetail:
    return wire.DeliveryDetail(
        deliveryTimestamp=to_iso(a.attempted_at) or "",
        responseCode=a.status_code or 0,
        responseText=a.response_text if a.response_text is not None else (a.error or ""),
        success=a.success,
        attempt=a.attempt,
        error=a.error,
    )


async def delivery_status(ctx: Ctx, subscription_id: str) -> list[wire.EventDeliveryStatus]:
    row = await require(ctx, subscription_id)
    out: list[wire.EventDeliveryStatus] = []
    for event in _events_of(row):
        latest = await repo.latest_attempt(ctx.tx, ctx.org_id, row.id, event)
        status = wire.NoRecentDelivery() if latest is None else _detail(latest)
        out.append(wire.EventDeliveryStatus(event=event, deliveryStatus=status))
    return out


async def delivery_logs(
    ctx: Ctx, subscription_id: str, event: str, *, page_key: str | None, page_limit: int | None
) -> tuple[list[wire.EventDeliveryLog], str | None]:
    if event not in SUBSCRIBABLE:
        raise invalid_path("event")
    row = await require(ctx, subscription_id)
    page = page_request(page_key, page_limit, default=LOGS_DEFAULT_LIMIT, maximum=LOGS_MAX_LIMIT)
    rows = await repo.attempts_page(
        ctx.tx, ctx.org_id, row.id, event, after=page.after, limit=page.limit + 1
    )
    items, next_key = split_page(rows, page, lambda r: [r[0].attempted_at, r[0].id])
    org = await orgs_repo.get_org(ctx.tx, ctx.org_id) if items else None
    org_name = org.name if org is not None else None
    logs = [
        wire.EventDeliveryLog(
            deliveryDetail=_detail(attempt),
            payload="" if stored is None else build.delivery_body(stored, event, org_name).decode(),
        )
        for attempt, stored in items
    ]
    return logs, ctx.next_link(next_key)
