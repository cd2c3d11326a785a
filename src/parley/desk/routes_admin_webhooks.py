"""Administration of webhooks (administrators only): subscriptions (create, enable or
disable, delete) and, per subscription, the delivery status and recent delivery logs of
each event, through the webhooks service the REST API uses.

Both lists are keyset-paged (``desk/paging.py``): the subscriptions by the desk's page
size, and each event's delivery log by ``LOGS`` on the subscription's page, with a
"Next page" per event (``?event=<name>&pageKey=<key>``: that event's later page, the
other events' first).
What all administration pages share is ``admin_pages``'s."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from parley.desk import paging
from parley.desk.admin_pages import AdminPages, admin_scope
from parley.desk.render import page, redirect
from parley.desk.scope import Desk
from parley.http.listing import paged
from parley.journal.events import SUBSCRIBABLE
from parley.webhooks import service as webhooks
from parley.webhooks.schemas import CreateWebhook, PatchWebhook

WEBHOOKS = AdminPages("/admin/webhooks")
LOGS = 10  # recent deliveries shown per event

webhooks_page = WEBHOOKS.listing(
    "admin_webhooks.html", "subscriptions", webhooks.list_paged, events=sorted(SUBSCRIBABLE)
)


@post(WEBHOOKS.base, include_in_schema=False)
async def create_webhook(request: Request[Any, Any, Any]) -> Response[Any]:
    """A form like the others (``AdminPages.form``), but its events are all the values of
    its multiple choice, which only the request's own form has."""
    async with admin_scope(request, write=True) as desk:
        form = await request.form()
        events = [e for e in form.getall("events", []) if isinstance(e, str)]
        body = CreateWebhook(name=desk.text("name"), url=desk.text("url"), events=events)
        await webhooks.create(desk.ctx, body)
    return redirect(WEBHOOKS.back)


@WEBHOOKS.form("/{subscription_id:str}/enabled")
async def set_enabled(desk: Desk, subscription_id: str) -> None:
    enabled = desk.text("enabled") == "true"
    await webhooks.patch(desk.ctx, subscription_id, PatchWebhook(enabled=enabled))


@WEBHOOKS.form("/{subscription_id:str}/delete")
async def delete_webhook(desk: Desk, subscription_id: str) -> None:
    await webhooks.delete(desk.ctx, subscription_id)


@get(WEBHOOKS.base + "/{subscription_id:str}", include_in_schema=False)
async def webhook_page(
    request: Request[Any, Any, Any], subscription_id: FromPath[str]
) -> Response[str]:
    async with admin_scope(request, write=False) as desk:
        ctx = desk.ctx
        subscription = await webhooks.get(ctx, subscription_id)
        statuses = await webhooks.delivery_status(ctx, subscription_id)
        paged_event = request.query_params.get("event")
        logs: dict[str, Any] = {}
        for s in statuses:
            key = paging.requested_key(request) if s.event == paged_event else None
            found = paged(
                await webhooks.delivery_logs(
                    ctx, subscription_id, s.event, page_key=key, page_limit=None if key else LOGS
                )
            )
            logs[s.event] = {"rows": found.data, **paging.page_links(found, key)}
        return page("admin_webhook.html", desk=desk, s=subscription, statuses=statuses, logs=logs)


HANDLERS = [webhooks_page, create_webhook, set_enabled, delete_webhook, webhook_page]
