"""The conversation page and its actions, each one service call as the signed-in agent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Stream

from parley.conversation_tags.service import tag, untag
from parley.desk import thread
from parley.desk.forms import Forms
from parley.desk.inbox_repository import id_named
from parley.desk.paging import key_of, requested_key
from parley.desk.render import SECURITY_HEADERS, page
from parley.desk.scope import Desk, desk_scope
from parley.errors import Invalid, NotFound
from parley.http.params import INT64_MAX, uuid_path
from parley.http.response import file_stream
from parley.kit.clock import to_iso
from parley.messages.attachments import read as read_attachment
from parley.messages.schemas import OutboundMessage, TextContent
from parley.messages.service import add as add_message
from parley.notes.schemas import CreateNote
from parley.notes.service import create as create_note
from parley.routing.claim import claim
from parley.routing.followup import set_followup
from parley.routing.schemas import ClaimBody, FollowupBody, TransferQueueBody
from parley.routing.state import close, reopen
from parley.routing.transfer import to_queue
from parley.templates.service import list_templates
from parley.templates.service import render as render_template

TEMPLATE_OPTIONS = 100  # templates the reply box's picker shows per page
FOLLOWUP_HOURS = {"1h": 1, "4h": 4, "1d": 24, "3d": 72, "1w": 168}
EMPTY = "Write something first"


@asynccontextmanager
async def conversation_scope(
    request: Request[Any, Any, Any], *, write: bool
) -> AsyncIterator[Desk]:
    """``desk_scope`` for a conversation's page or form: an id out of range is a 404."""
    if not 0 < request.path_params["conversation_id"] <= INT64_MAX:
        raise NotFound()
    async with desk_scope(request, write=write) as desk:
        yield desk


CONVERSATION = Forms(
    "/conversations/{conversation_id:int}", "/conversations/{conversation_id}", conversation_scope
)


@get("/conversations/{conversation_id:int}", include_in_schema=False)
async def conversation_page(
    request: Request[Any, Any, Any], conversation_id: FromPath[int]
) -> Response[str]:
    """The conversation; ``?templates=<pageKey>`` pages the reply box's template picker."""
    async with conversation_scope(request, write=False) as desk:
        return await _page(desk, conversation_id, "", requested_key(request, "templates"))


@post("/conversations/{conversation_id:int}/template", include_in_schema=False)
async def insert_template(
    request: Request[Any, Any, Any], conversation_id: FromPath[int]
) -> Response[str]:
    """The reply box's template picker: the page again, its reply text (kept from the
    form) followed by the chosen template rendered for this conversation and agent.
    Nothing is written (a read-only unit of work); the form is CSRF-checked like every
    desk form."""
    async with conversation_scope(request, write=False) as desk:
        template_id = desk.text("template")
        if not template_id:
            raise Invalid("Choose a template")
        rendered = await render_template(desk.ctx, template_id, conversation_id)
        text = "\n\n".join(p for p in (desk.raw("text").rstrip(), rendered.content) if p)
        return await _page(desk, conversation_id, text, desk.text("templates") or None)


async def _page(
    desk: Desk, conversation_id: int, reply_text: str, picker_key: str | None
) -> Response[str]:
    view = await thread.load(desk.ctx, conversation_id)
    found, link = await list_templates(
        desk.ctx,
        type_="QuickResponse",
        page_key=picker_key,
        page_limit=None if picker_key else TEMPLATE_OPTIONS,
    )
    return page(
        "conversation.html",
        desk=desk,
        t=view,
        followups=FOLLOWUP_HOURS,
        now=desk.ctx.now,
        reply_text=reply_text,
        templates=found,
        more_templates=key_of(link),
        templates_key=picker_key or "",
    )


def _required(desk: Desk, name: str) -> str:
    value = desk.text(name)
    if not value:
        raise Invalid(EMPTY)
    return value


async def _chosen(desk: Desk, kind: str) -> str:
    """A drop-down's id, or the id of the name typed (``<kind>_name``) where the
    organisation has more queues or tags than a drop-down shows."""
    if value := desk.text(kind):
        return value
    name = _required(desk, f"{kind}_name")
    found = await id_named(desk.ctx.tx, desk.ctx.org_id, kind, name)
    if found is None:
        raise Invalid(f"No {kind} is named {name}")
    return found


@CONVERSATION.form("/reply")
async def reply(desk: Desk, conversation_id: int) -> None:
    body = OutboundMessage(agentId=desk.user.user_id, content=TextContent(_required(desk, "text")))
    await add_message(desk.ctx, conversation_id, body)


@CONVERSATION.form("/note")
async def note(desk: Desk, conversation_id: int) -> None:
    await create_note(desk.ctx, conversation_id, CreateNote(_required(desk, "text")))


@CONVERSATION.form("/claim")
async def claim_it(desk: Desk, conversation_id: int) -> None:
    await claim(desk.ctx, conversation_id, ClaimBody(agentId=desk.user.user_id))


@CONVERSATION.form("/close")
async def close_it(desk: Desk, conversation_id: int) -> None:
    await close(desk.ctx, conversation_id, None)


@CONVERSATION.form("/reopen")
async def reopen_it(desk: Desk, conversation_id: int) -> None:
    await reopen(desk.ctx, conversation_id, None)


@CONVERSATION.form("/transfer")
async def transfer(desk: Desk, conversation_id: int) -> None:
    body = TransferQueueBody(queueId=await _chosen(desk, "queue"))
    await to_queue(desk.ctx, conversation_id, body)


@CONVERSATION.form("/followup")
async def followup(desk: Desk, conversation_id: int) -> None:
    hours = FOLLOWUP_HOURS.get(desk.text("after"))
    if hours is None:
        raise Invalid("Choose when to follow up")
    until = to_iso(desk.ctx.now + hours * 3600 * 1000) or ""
    await set_followup(desk.ctx, conversation_id, FollowupBody(timestamp=until))


@CONVERSATION.form("/tags")
async def add_tag(desk: Desk, conversation_id: int) -> None:
    await tag(desk.ctx, conversation_id, await _chosen(desk, "tag"))


@CONVERSATION.form("/tags/{tag_id:str}/remove")
async def remove_tag(desk: Desk, conversation_id: int, tag_id: str) -> None:
    await untag(desk.ctx, conversation_id, tag_id)


@get("/attachments/{attachment_id:str}", include_in_schema=False)
async def attachment(request: Request[Any, Any, Any], attachment_id: FromPath[str]) -> Stream:
    """A message's file, always as a download and sandboxed: customer files never run as
    a page of the desk. Sent from the file as it is read."""
    async with desk_scope(request, write=False) as desk:
        blob = await read_attachment(desk.ctx, uuid_path("attachmentId", attachment_id))
    name = quote(blob.name or "attachment")
    headers = {
        **SECURITY_HEADERS,
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "Content-Disposition": f"attachment; filename*=UTF-8''{name}",
    }
    return file_stream(blob.chunks(), size=blob.size, media_type=blob.content_type, headers=headers)


HANDLERS = [attachment, conversation_page, insert_template, reply, note, claim_it, close_it,
            reopen_it, transfer, followup, add_tag, remove_tag]  # fmt: skip
