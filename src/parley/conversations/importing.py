"""Importing a historical conversation (POST /v1/conversations/import).

Historical times are kept on the conversation, its messages and its activity entries;
nothing is sent to webhook subscribers. Fatal problems are 400s; others are reported in
``partialErrors`` and the rest is imported.

Imports come in bulk, so one is written in few statements: the conversation row with its
final times, its messages in one batch, its activity entries in one batch, and its search
documents once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import msgspec

from parley.config import Settings
from parley.conversation_record import repository as repo
from parley.conversations import schemas as cs
from parley.conversations.create import new_row, refuse_agent_requester
from parley.errors import Duplicate, Invalid, invalid_body
from parley.journal.service import Entry, record_many
from parley.kit.clock import parse_or
from parley.kit.ids import is_uuid
from parley.messages import attachments as files
from parley.messages import repository as msg_repo
from parley.messages import service as messages
from parley.messages.download import DownloadFailed, Fetched, discard, fetch
from parley.search import index as search_index
from parley.search.filter_values import CHANNELS
from parley.uow import Ctx

REQUESTER_MISSING = "Requester does not exist"
AGENT_MISSING = "Agent does not exist"
# An imported conversation's ``channel`` is one of Dixa's channel enum: the
# ``genericChannelName`` when it names one (without regard to case: ``email`` is Email,
# ``widgetchat`` WidgetChat), else WidgetChat, Dixa's chat channel, for a messaging channel
# of the client's own (``genericapimessaging``, ``MyCustomChat``). The name as given is kept
# in ``generic_channel_name`` (the search filter ``Channel`` matches it too); Dixa's
# ``GenericConversation`` has no field to show it.
KNOWN_CHANNELS = {c.lower(): c for c in CHANNELS} | {"chat": "WidgetChat"}
OTHER_CHANNEL = "WidgetChat"


def _time(value: str | None, field: str) -> int | None:
    return parse_or(value, f"Invalid value for: body, {field} is not a valid date")


async def _agent(
    ctx: Ctx, agent_id: str, seen: dict[str, repo.UserRef | None]
) -> repo.UserRef | None:
    """The agent, or None; looked up once per id and import (``seen``)."""
    if agent_id in seen:
        return seen[agent_id]
    user = await repo.get_user(ctx.tx, ctx.org_id, agent_id) if is_uuid(agent_id) else None
    found = user if user is not None and user.kind == "Agent" else None
    seen[agent_id] = found
    return found


async def _write_messages(
    ctx: Ctx, conv: repo.ConversationRow, items: list[messages.NewMessage]
) -> list[msg_repo.MessageRow]:
    """Insert the messages (with their attachments) in one batch, in this order: what
    ``messages.write`` does for each, less the search index, the activity entry and the
    conversation's times, which the import writes once for all its messages."""
    first = await msg_repo.next_seq(ctx.tx, ctx.org_id, conv.id)
    rows = [await messages.new_row(ctx, conv.id, first + i, m) for i, m in enumerate(items)]
    try:
        await msg_repo.insert_many(ctx.tx, ctx.org_id, rows)
    except Duplicate as exc:  # an externalId was taken after the check
        raise Duplicate(messages.DUPLICATE, detail=exc.detail) from exc
    return rows


async def import_conversation(
    ctx: Ctx, body: cs.GenericConversationImport
) -> cs.ImportedConversation:
    return await _import(ctx, body, None)


class PlannedMessage(NamedTuple):
    """One message to import, validated: its time, direction and author."""

    at: int
    direction: str
    author_id: str
    message: cs.InboundImport | cs.OutboundImport


# The messages to import, by time.
Planned = list[PlannedMessage]
# The files of each planned message, and the partial errors of those that failed.
Downloads = tuple[list[list[Fetched]], list[cs.PartialError]]


async def _download(planned: Planned, settings: Settings) -> Downloads:
    """Every message's files, each streamed to a temporary file (deleted again if the
    downloads stop half-way)."""
    partial: list[cs.PartialError] = []
    fetched: list[list[Fetched]] = []
    try:
        for p in planned:
            got: list[Fetched] = []
            fetched.append(got)
            for f in p.message.attachments:
                try:
                    got.append(await fetch(settings, f.url, f.prettyName))
                except DownloadFailed:
                    ext = p.message.externalId
                    ref = f"externalId: {ext}" if ext else f"url: {f.url}"
                    partial.append(cs.PartialError(f"Invalid attachment url in message. {ref}"))
    except BaseException:
        discard(_files_of((fetched, partial)))
        raise
    return fetched, partial


def _files_of(downloads: Downloads) -> list[Fetched]:
    return [f for got in downloads[0] for f in got]


@dataclass
class Settled:
    """The assignment and the closing of an import, as far as they can be made: an unknown
    agent leaves the conversation unassigned (or its closer unknown) with a partial error."""

    assignee: repo.UserRef | None = None
    assigned_at: int | None = None
    closed_at: int | None = None
    closed_by: str | None = None


async def _import(
    ctx: Ctx, body: cs.GenericConversationImport, downloads: Downloads | None
) -> cs.ImportedConversation:
    """Every check first (the requester, the times, every message), nothing written; then
    the attachments downloaded (``download_then_redo``); then the conversation row with its
    final times, its messages in one batch, its activity entries (no events: an import is
    history) and its search documents."""
    name = body.genericChannelName.strip()
    if not name:
        raise invalid_body("genericChannelName must not be empty")
    requester = await _requester(ctx, body)
    created_at = _time(body.createdAt, "createdAt")
    assert created_at is not None
    if body.externalId is not None and await repo.external_id_taken(
        ctx.tx, ctx.org_id, body.externalId
    ):
        raise Invalid(messages.DUPLICATE)
    agents: dict[str, repo.UserRef | None] = {}
    planned = await _plan(ctx, body, requester, agents)

    if downloads is None:
        downloads = [[] for _ in planned], []
        if any(p.message.attachments for p in planned):

            async def redo(done: Downloads) -> cs.ImportedConversation:
                return await _import(ctx, body, done)

            return await files.download_then_redo(
                ctx, _download(planned, ctx.settings), redo, _files_of
            )
    fetched, partial = downloads[0], list(downloads[1])
    settled = await _settle(ctx, body, agents, created_at, partial)

    row = _new_row(ctx, body, name, requester, created_at, planned, settled)
    row.id = await ctx.tx.next_id("conversation_id")
    try:
        await repo.insert(ctx.tx, ctx.org_id, row)
    except Duplicate as exc:  # another import took the externalId after the check
        raise Duplicate(messages.DUPLICATE, detail=exc.detail) from exc
    written = await _write_messages(
        ctx,
        row,
        [
            messages.NewMessage(
                p.direction, p.author_id, p.message.content, p.message.externalId, p.at, got
            )
            for p, got in zip(planned, fetched, strict=True)
        ],
    )
    entries = _entries(ctx, body, requester, created_at, planned, settled, written)
    await record_many(ctx.tx, ctx.org_id, row.id, entries)
    await search_index.refresh_conversation(ctx.tx, ctx.org_id, row.id)
    return cs.ImportedConversation(id=row.id, partialErrors=partial)


async def _requester(ctx: Ctx, body: cs.GenericConversationImport) -> repo.UserRef:
    requester = (
        await repo.get_user(ctx.tx, ctx.org_id, body.requesterId)
        if is_uuid(body.requesterId)
        else None
    )
    if requester is None:
        raise Invalid(REQUESTER_MISSING)
    refuse_agent_requester(requester)
    return requester


async def _plan(
    ctx: Ctx,
    body: cs.GenericConversationImport,
    requester: repo.UserRef,
    agents: dict[str, repo.UserRef | None],
) -> Planned:
    """Every message validated (time, content, a unique externalId, an agent author for an
    outbound one), by time."""
    planned: Planned = []
    seen_external: set[str] = set()
    for index, m in enumerate(body.messages):
        at = _time(m.createdAt, f"messages[{index}].createdAt")
        assert at is not None
        messages.check_content(m.content)
        if m.externalId is not None:
            if m.externalId in seen_external:
                raise Invalid(messages.DUPLICATE)
            seen_external.add(m.externalId)
        if isinstance(m, cs.OutboundImport):
            agent = await _agent(ctx, m.agentId, agents)
            if agent is None:
                raise Invalid(AGENT_MISSING)
            planned.append(PlannedMessage(at, "Outbound", agent.id, m))
        else:
            planned.append(PlannedMessage(at, "Inbound", requester.id, m))
    planned.sort(key=lambda p: p.at)
    return planned


async def _settle(
    ctx: Ctx,
    body: cs.GenericConversationImport,
    agents: dict[str, repo.UserRef | None],
    created_at: int,
    partial: list[cs.PartialError],
) -> Settled:
    settled = Settled()
    if body.assignment is not None:
        settled.assignee = await _agent(ctx, body.assignment.agentId, agents)
        assigned = _time(body.assignment.assignedAt, "assignment.assignedAt")
        settled.assigned_at = assigned or created_at
        if settled.assignee is None:
            partial.append(cs.PartialError("The conversation could not be assigned"))
    if body.closing is not None:
        settled.closed_at = _time(body.closing.closedAt, "closing.closedAt")
        if body.closing.closedBy is not None:
            closer = await _agent(ctx, body.closing.closedBy, agents)
            if closer is None:
                partial.append(cs.PartialError("closedBy is not an agent of the organisation"))
            else:
                settled.closed_by = closer.id
    return settled


def _new_row(
    ctx: Ctx,
    body: cs.GenericConversationImport,
    name: str,
    requester: repo.UserRef,
    created_at: int,
    planned: Planned,
    settled: Settled,
) -> repo.ConversationRow:
    """The conversation row with its final times (those of its last message and closing);
    its id is drawn by the caller."""
    channel = KNOWN_CHANNELS.get(name.lower(), OTHER_CHANNEL)
    row = new_row(ctx, 0, channel, "GenericConversation", requester.id)
    row.direction, row.imported, row.generic_channel_name = body.direction, True, name
    row.external_id = body.externalId
    row.created_at = row.updated_at = row.last_activity_at = created_at
    row.state_updated_at = created_at
    row.extra = msgspec.json.encode(
        {
            "requesterConnectionStatus": body.requesterConnectionStatus,
            "attributes": body.attributes,
        }
    ).decode()
    closed_at = settled.closed_at
    if settled.assignee is not None:
        row.assigned_agent_id, row.assigned_at = settled.assignee.id, settled.assigned_at
    elif closed_at is None:
        queue = ctx.default_queue_id
        row.queue_id, row.queued_at, row.last_queue_id = queue, created_at, queue
    last = max([created_at, *(p.at for p in planned)])
    row.last_activity_at = row.updated_at = last
    row.last_message_at = planned[-1].at if planned else None
    if closed_at is not None:
        row.state, row.state_updated_at, row.closed_at = "Closed", closed_at, closed_at
        row.updated_at = row.last_activity_at = max(last, closed_at)
    return row


def _entries(
    ctx: Ctx,
    body: cs.GenericConversationImport,
    requester: repo.UserRef,
    created_at: int,
    planned: Planned,
    settled: Settled,
    written: list[msg_repo.MessageRow],
) -> list[Entry]:
    """The activity entries of an import, by time of what they record: created (by the
    requester, else the assignee, else the first outbound author, else the token's user),
    assigned, each message, closed."""
    assignee = settled.assignee
    if body.direction == "Inbound":
        kind, creator = "ConversationCreatedByCustomer", requester.id
    else:
        first_outbound = next((p.author_id for p in planned if p.direction == "Outbound"), None)
        kind = "ConversationCreatedByAgent"
        creator = assignee.id if assignee else (first_outbound or ctx.acting_user_id)
    entries = [Entry(kind, created_at, creator)]
    if assignee is not None:
        entries.append(
            Entry(
                "ConversationAssigned",
                settled.assigned_at or created_at,
                assignee.id,
                {"agentId": assignee.id, "agentName": assignee.name},
            )
        )
    entries.extend(
        Entry(messages.added_kind(w.direction), w.created_at, w.author_id, {"messageId": w.id})
        for w in written
    )
    if settled.closed_at is not None:
        entries.append(Entry("ConversationClosed", settled.closed_at, settled.closed_by))
    return entries
