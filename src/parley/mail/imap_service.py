"""An email endpoint's IMAP mailbox: set, read, removed (Parley extension).

Rules: only an EmailEndpoint of the organisation takes a mailbox; the password is stored
encrypted with a key derived from the installation's secret (``parley.secret``) and never
answered; setting a
mailbox (again) starts its polling at once from its first UID; removing it stops the
polling. Every change emits ``ContactEndpointMailboxUpdated``."""

from __future__ import annotations

from parley.endpoints import service as endpoints
from parley.errors import NotFound, found, invalid_body
from parley.journal.service import emit
from parley.kit.clock import to_iso
from parley.kit.wire import from_row
from parley.mail import imap_repository as repo
from parley.mail.imap_tasks import POLL, poll_key, schedule_poll
from parley.mail.schemas import ImapMailbox, ImapMailboxInput
from parley.mail.secrets import encrypt
from parley.uow import Ctx
from parley.worker.outbox import cancel

EVENT = "ContactEndpointMailboxUpdated"


async def _endpoint(ctx: Ctx, endpoint_id: str) -> str:
    row = await endpoints.find(ctx.tx, ctx.org_id, endpoint_id.strip().lower())
    if row is None or row.type != "EmailEndpoint":
        raise NotFound()
    return row.id


def _wire(row: repo.SourceRow) -> ImapMailbox:
    return from_row(ImapMailbox, row, lastPolledAt=to_iso(row.last_polled_at))


def _check(body: ImapMailboxInput) -> None:
    if not body.host.strip() or any(c.isspace() for c in body.host.strip()):
        raise invalid_body("host must be a host name")
    if body.port is not None and not 0 < body.port < 65536:
        raise invalid_body("port must be between 1 and 65535")
    if not body.username or not body.password or not body.mailbox.strip():
        raise invalid_body("username, password and mailbox must not be empty")
    if not 10 <= body.pollSeconds <= 86400:
        raise invalid_body("pollSeconds must be between 10 and 86400")


async def put(ctx: Ctx, endpoint_id: str, body: ImapMailboxInput) -> ImapMailbox:
    endpoint = await _endpoint(ctx, endpoint_id)
    _check(body)
    password = encrypt(ctx.settings, body.password)
    row = repo.SourceRow(
        endpoint, body.host.strip(), body.port or (993 if body.tls else 143), body.tls,
        body.username, password, body.mailbox.strip(), body.pollSeconds,
        None, 0, None, None, ctx.now, ctx.now,
    )  # fmt: skip
    await repo.upsert(ctx.tx, ctx.org_id, row)
    await schedule_poll(ctx.tx, ctx.org_id, endpoint, None)
    await emit(ctx.tx, ctx.org_id, EVENT, {"contact_endpoint": {"id": endpoint}}, at=ctx.now)
    saved = await repo.get(ctx.tx, ctx.org_id, endpoint)
    assert saved is not None
    return _wire(saved)


async def get(ctx: Ctx, endpoint_id: str) -> ImapMailbox:
    return _wire(found(await repo.get(ctx.tx, ctx.org_id, await _endpoint(ctx, endpoint_id))))


async def delete(ctx: Ctx, endpoint_id: str) -> None:
    endpoint = await _endpoint(ctx, endpoint_id)
    if not await repo.delete(ctx.tx, ctx.org_id, endpoint):
        raise NotFound()
    await cancel(ctx.tx, ctx.org_id, POLL, poll_key(endpoint))
    await emit(ctx.tx, ctx.org_id, EVENT, {"contact_endpoint": {"id": endpoint}}, at=ctx.now)
