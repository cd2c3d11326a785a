"""Building the mail of an outbound message: ``From`` the endpoint address (its
``senderOverride`` when set) with the agent's name, ``To`` the requester, ``Cc`` from the
message's email attributes (``Bcc`` only in the envelope), ``Reply-To`` the endpoint
address with the conversation's tag, the subject with ``[#id]``, ``Message-ID`` /
``In-Reply-To`` / ``References`` so the customer's client threads it, a text and an HTML
part, and the message's attachments."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import Any

import msgspec

from parley.config import Settings
from parley.conversation_record import repository as conv_repo
from parley.endpoints import service as endpoints
from parley.mail_records import repository as repo
from parley.mail_records import tokens
from parley.messages import repository as messages_repo
from parley.messages.text import plain_text
from parley.store import Tx


class NothingToSend(Exception):
    """The message, its conversation or its recipient is gone (deleted, anonymized)."""


@dataclass(frozen=True)
class Outgoing:
    message: EmailMessage
    sender: str
    recipients: list[str]


def _emails(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [str(v["email"]) for v in value if isinstance(v, dict) and v.get("email")]


def _bodies(content_type: str, value: str) -> tuple[str, str]:
    """(text, html) of the message's content."""
    if content_type == "Html":
        return plain_text("Html", value), value
    text = plain_text(content_type, value) if content_type == "Markdown" else value
    paragraphs = "".join(
        f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n")
    )
    return text, f"<html><body>{paragraphs}</body></html>"


async def _attach(tx: Tx, org_id: str, settings: Settings, msg: EmailMessage, raw: str) -> None:
    items = msgspec.json.decode(raw) if raw and raw != "[]" else []
    for item in items:
        row = await messages_repo.get_attachment(tx, org_id, str(item.get("id")))
        if row is None or row.blob_path is None or row.deleted_at is not None:
            continue
        body = (settings.blob_dir / row.blob_path).read_bytes()
        maintype, _, subtype = (row.content_type or "application/octet-stream").partition("/")
        msg.add_attachment(
            body,
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=row.pretty_name or row.id,
        )


async def _thread_headers(
    tx: Tx, org_id: str, delivery: repo.DeliveryRow, at: int
) -> dict[str, str]:
    cid = delivery.conversation_id
    refs = await repo.headers_of_conversation(
        tx, org_id, cid, before=at, leave_out=delivery.header_id
    )
    answered = await repo.inbound_header_before(tx, org_id, cid, at)
    headers: dict[str, str] = {}
    if answered or refs:
        headers["In-Reply-To"] = f"<{answered or refs[-1]}>"
    if refs:
        headers["References"] = " ".join(f"<{r}>" for r in refs[-20:])
    return headers


async def compose(tx: Tx, org_id: str, settings: Settings, delivery: repo.DeliveryRow) -> Outgoing:
    row = await messages_repo.get(tx, org_id, delivery.message_id)
    conv = await conv_repo.get(tx, org_id, delivery.conversation_id)
    if row is None or conv is None or row.anonymized_at or conv.anonymized_at:
        raise NothingToSend("the message or its conversation is gone")
    attrs = msgspec.json.decode(row.attributes) if row.attributes else {}
    found = attrs.get("from")
    sender: dict[str, Any] = found if isinstance(found, dict) else {}
    endpoint = str(sender.get("email") or conv.integration_email or conv.to_email or "")
    to, cc, bcc = _emails(attrs.get("to")), _emails(attrs.get("cc")), _emails(attrs.get("bcc"))
    if not endpoint or not to:
        raise NothingToSend("no sender or no recipient address")
    key = await tokens.org_key(tx, org_id, row.created_at)
    found_endpoint = await endpoints.find(tx, org_id, endpoint)
    override = found_endpoint.data.get("senderOverride") if found_endpoint else None
    from_address = str(override or endpoint)
    msg = EmailMessage()
    msg["From"] = formataddr((str(sender.get("name") or ""), from_address))
    msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    msg["Reply-To"] = tokens.reply_address(endpoint, key, conv.id)
    msg["Subject"] = tokens.with_subject_token(conv.subject, conv.id)
    msg["Date"] = format_datetime(datetime.fromtimestamp(row.created_at / 1000, UTC))
    msg["Message-ID"] = f"<{delivery.header_id}>"
    for name, value in (await _thread_headers(tx, org_id, delivery, row.created_at)).items():
        msg[name] = value
    text, html_body = _bodies(row.content_type, row.content or "")
    msg.set_content(text)
    msg.add_alternative(html_body, subtype="html")
    await _attach(tx, org_id, settings, msg, row.attachments)
    return Outgoing(msg, from_address, list(dict.fromkeys([*to, *cc, *bcc])))
