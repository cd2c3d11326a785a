"""Receiving a mail: stored raw, then parsed, threaded and written through the same
service functions as the API.

Rules (for each organisation owning a recipient address; see ``tokens`` for the tags):
- One transaction per organisation stores the raw mail and does all the work it causes;
  if that work fails, the transaction is rolled back and a second one stores the raw mail
  with status ``failed`` and the error. Only when even that fails does ``receive`` raise
  (the listener answers 451 and the sender keeps the mail).
- A Message-ID already received in the organisation is stored as ``duplicate`` only.
- A bounce marks the delivery of the message it refers to as failed (``bounce``); an
  auto-reply is stored as ``auto_reply``: neither opens nor answers a conversation, so no
  loop with another robot can start.
- Threading, first match wins: In-Reply-To / References against the Message-IDs Parley
  sent or received; a verified tag in a recipient address; a verified ``[#id]`` in the
  subject. A match only counts on an email conversation of the organisation.
- The sender becomes the end user with that address (created when new). An unthreaded
  mail opens a conversation (as POST /v1/conversations does) in the endpoint's queue, or
  the organisation's default queue when it names none or it is gone; a threaded one is added
  as an inbound message (which reopens a Closed conversation).
- What handling reads first (the sender's end user, the Message-IDs the mail names with
  their conversations' channel and anonymization, whether the organisation has webhook
  subscriptions) is read with the recipient's endpoint, in one statement before the
  transaction (``repo.recipients``); the message's service checks the conversation again,
  locked, in the transaction, and that check decides: a threaded conversation anonymized
  (or gone) since the read makes the mail open a new conversation, as an unthreaded one.
  The mail's Message-ID and row are written with its message's entry (one statement on
  PostgreSQL).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import msgspec

from parley.config import Settings
from parley.conversation_record import repository as conv_repo
from parley.kit.clock import now_ms
from parley.kit.ids import new_id
from parley.mail import bounces
from parley.mail.context import mail_ctx
from parley.mail.parse import Parsed, parse
from parley.mail.writing import Found, write_mail
from parley.mail_records import repository as repo
from parley.mail_records import tokens
from parley.orgs.repository import OrgRow
from parley.store import Database, Tx
from parley.webhooks import repository as webhooks_repo

log = logging.getLogger("parley.mail")

EMAIL_CHANNELS = ("Email", "ContactForm")


@dataclass(frozen=True)
class Target:
    org_id: str
    endpoint: str
    tags: tuple[str | None, ...]
    org: OrgRow | None = None  # the organisation's row, when read with the endpoint
    clock_offset: int | None = None  # and its clock's offset (``store.clocks``)
    # What was read with them (``repo.Recipient``): None when it was not (read in ``tx``)
    first: repo.Recipient | None = None


async def targets(
    db: Database, rcpt_tos: Sequence[str], parsed: Parsed | None = None
) -> list[Target]:
    """The organisations the recipients belong to, each with its endpoint address and the
    tags the recipients carried; with ``parsed``, also what handling the mail reads first
    (the sender's end user, the Message-IDs it names), in the same statement."""
    found: dict[str, Target] = {}
    sender = parsed.sender if parsed else None
    ids = _named_ids(parsed) if parsed else []
    async with db.transaction(readonly=True) as tx:
        for rcpt in rcpt_tos:
            base, tag = tokens.split_plus(rcpt)
            for got in await repo.recipients(tx, base, sender, ids):
                org = got.org
                old = found.get(org.id)
                tags = (*old.tags, tag) if old else (tag,)
                endpoint = old.endpoint if old else base
                first = old.first if old else (got if parsed else None)
                found[org.id] = Target(org.id, endpoint, tags, org, got.clock_offset, first)
    return list(found.values())


def _named_ids(parsed: Parsed) -> list[str]:
    """The mail's own Message-ID (a duplicate?) and those it answers."""
    return [*([parsed.header_id] if parsed.header_id else []), *parsed.thread_ids()]


async def receive(
    db: Database, settings: Settings, mail_from: str | None, rcpt_tos: Sequence[str], raw: bytes
) -> list[str]:
    """Store and handle one mail for each organisation it is for; returns the statuses."""
    rcpt_json = msgspec.json.encode(list(rcpt_tos)).decode()
    parsed = parse(raw, mail_from)  # never raises; before any transaction holds a lock
    return [
        await receive_for(db, settings, target, mail_from, rcpt_json, raw, parsed)
        for target in await targets(db, rcpt_tos, parsed)
    ]


async def receive_for(
    db: Database,
    settings: Settings,
    target: Target,
    mail_from: str | None,
    rcpt_json: str,
    raw: bytes,
    parsed: Parsed,
) -> str:
    """Store and handle the mail for one organisation (``targets``), in its transaction;
    stored ``failed`` with the error when that fails. Returns the status."""
    now = now_ms()
    row = repo.InboundRow(new_id(), now, mail_from or None, rcpt_json, raw, "received")
    try:
        async with db.transaction() as tx:
            return await handle(tx, settings, target, row, parsed)
    except Exception as exc:
        log.warning("mail %s for %s not handled: %r", row.id, target.org_id, exc)
        failed = repo.InboundRow(
            row.id, now, row.mail_from, rcpt_json, raw, "failed", f"{exc!r}"[:2000]
        )
        async with db.transaction() as tx:
            await repo.insert_inbound(tx, target.org_id, failed)
        return "failed"


def _stored(row: repo.InboundRow, status: str, **changes: object) -> repo.InboundRow:
    values = {**row.__dict__, "status": status, **changes}
    return repo.InboundRow(**values)


async def handle(
    tx: Tx,
    settings: Settings,
    target: Target,
    row: repo.InboundRow,
    parsed: Parsed,
    *,
    stored: bool = False,
) -> str:
    """Store ``row`` (the raw mail; ``stored``: it is already, update it) and do what
    ``parsed`` asks, in ``tx``; returns the status."""
    problems = "; ".join(parsed.problems)[:2000] or None
    ctx = await mail_ctx(
        tx, target.org_id, settings, row.received_at, target.org, target.clock_offset
    )
    org_id = target.org_id
    first = target.first
    if first is not None and first.webhooks == 0:
        webhooks_repo.none_enabled(tx, org_id)
    # The mail's own Message-ID (a duplicate?) and those it answers, in one read (done
    # with the recipient's lookup when ``first`` is there).
    known = first.known if first else await _known(tx, org_id, _named_ids(parsed))
    write = repo.update_statement if stored else repo.inbound_statement
    if parsed.header_id and parsed.header_id in known:
        status, cid = "duplicate", None
    elif parsed.bounce:
        status, cid = "bounce", await bounces.record(ctx, parsed)
    elif parsed.auto_reply:
        status, cid = "auto_reply", None
    elif parsed.sender is None:
        status, cid = "failed", None
        problems = "no sender address" + (f"; {problems}" if problems else "")
    else:
        thread = await thread_of(tx, org_id, target, parsed, known)
        found = Found(first.sender, endpoint=True) if first else None
        then = _mail_rows(org_id, _stored(row, "created", error=problems), parsed, write, thread)
        cid, _mid = await write_mail(ctx, target.endpoint, thread, parsed, found, then)
        return _status(cid, thread)
    outcome = _stored(row, status, error=problems, header_id=parsed.header_id, conversation_id=cid)
    await tx.execute(*write(org_id, outcome))
    return status


Statement = tuple[str, dict[str, Any]]


def _status(cid: int, thread: int | None) -> str:
    """``threaded`` when the mail went into the conversation it answers; ``created`` when
    it opened one (also when that conversation was anonymized after ``thread_of``)."""
    return "threaded" if cid == thread else "created"


def _mail_rows(
    org_id: str,
    row: repo.InboundRow,
    parsed: Parsed,
    write: Callable[[str, repo.InboundRow], Statement],
    thread: int | None,
) -> Callable[[int, str], list[Statement]]:
    """The statements of the mail's Message-ID and of its row (``write``; its status from
    the conversation it went into and ``thread``), once its conversation and message are
    known: written with the message's entry, in one round trip on PostgreSQL
    (``messages.write``'s ``then``)."""

    def rows(cid: int, mid: str) -> list[Statement]:
        out = []
        if parsed.header_id:
            out.append(
                repo.header_statement(
                    org_id,
                    header_id=parsed.header_id,
                    conversation_id=cid,
                    message_id=mid,
                    direction="Inbound",
                    at=row.received_at,
                )
            )
        links = {"header_id": parsed.header_id, "conversation_id": cid, "message_id": mid}
        return [*out, write(org_id, _stored(row, _status(cid, thread), **links))]

    return rows


async def _known(tx: Tx, org_id: str, header_ids: list[str]) -> dict[str, repo.KnownId]:
    """The known Message-IDs among ``header_ids``, as ``repo.recipients`` reads them."""
    found = await repo.conversations_of(tx, org_id, header_ids)
    return {h: repo.KnownId(cid, None, False) for h, cid in found.items()}


def _email_known(known: repo.KnownId) -> bool | None:
    """Whether the conversation of a known Message-ID, as read with it, is an email one
    of the organisation not anonymized (None: not read with it)."""
    if known.channel is None:
        return None
    return known.channel in EMAIL_CHANNELS and not known.anonymized


async def _email_conversation(tx: Tx, org_id: str, cid: int) -> conv_repo.ConversationRow | None:
    conv = await conv_repo.get(tx, org_id, cid)
    if conv is None or conv.channel not in EMAIL_CHANNELS or conv.anonymized_at is not None:
        return None
    return conv


async def thread_of(
    tx: Tx, org_id: str, target: Target, parsed: Parsed, known: dict[str, repo.KnownId]
) -> int | None:
    """The conversation the mail answers, or None (see the module's rules); ``known``: the
    Message-IDs of the organisation among those the mail names, with their conversations."""
    hit = next((known[h] for h in parsed.thread_ids() if h in known), None)
    if hit is not None:
        email = _email_known(hit)
        if email is None:
            email = await _email_conversation(tx, org_id, hit.conversation_id) is not None
        if email:
            return hit.conversation_id
    if any(target.tags):
        key = await tokens.org_key(tx, org_id, now_ms())
        for tag in target.tags:
            tagged = tokens.verify_tag(key, tag)
            if tagged is not None and await _email_conversation(tx, org_id, tagged):
                return tagged
    subject_cid = tokens.subject_id(parsed.subject)
    if subject_cid is not None:
        conv = await _email_conversation(tx, org_id, subject_cid)
        if conv is not None and conv.from_email and conv.from_email.lower() == parsed.sender:
            return subject_cid
    return None
