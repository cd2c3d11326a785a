"""Conversation tokens, so a reply threads even when its client drops In-Reply-To and
References.

Rules:
- Outgoing mail's Reply-To is the endpoint address plus a tag: ``support+c123.<mac>@x``,
  where ``mac`` is an HMAC-SHA256 (first 20 hex digits) of the conversation id under the
  organisation's own key (``mail_keys``, made on first use). A tag threads only when its
  MAC verifies under the key of the organisation the mail was delivered to, and the
  conversation is that organisation's: a tag made for one organisation, or guessed,
  threads nowhere.
- The subject carries ``[#123]``. It threads only when conversation 123 is the receiving
  organisation's, is an email conversation, and its requester's address is the sender's.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from parley.mail_records import repository as repo
from parley.store import Tx

_TAG = re.compile(r"^c(\d{1,19})\.([0-9a-f]{20})$")
_SUBJECT = re.compile(r"\[#(\d{1,19})\]")


def split_plus(address: str) -> tuple[str, str | None]:
    """``local+tag@domain`` -> (``local@domain``, ``tag``), lower-cased."""
    address = address.strip().strip("<>").lower()
    local, at, domain = address.rpartition("@")
    if not at:
        return address, None
    base, plus, tag = local.partition("+")
    return f"{base}@{domain}", (tag if plus else None)


async def org_key(tx: Tx, org_id: str, at: int) -> bytes:
    return (await repo.org_key(tx, org_id, secrets.token_hex(32), at)).encode()


def _mac(key: bytes, conversation_id: int) -> str:
    return hmac.new(key, f"c{conversation_id}".encode(), hashlib.sha256).hexdigest()[:20]


def reply_address(endpoint: str, key: bytes, conversation_id: int) -> str:
    local, _, domain = endpoint.partition("@")
    return f"{local}+c{conversation_id}.{_mac(key, conversation_id)}@{domain}"


def verify_tag(key: bytes, tag: str | None) -> int | None:
    """The conversation id of a valid tag, else None."""
    m = _TAG.match(tag or "")
    if m is None:
        return None
    cid = int(m.group(1))
    return cid if hmac.compare_digest(_mac(key, cid), m.group(2)) else None


def subject_id(subject: str) -> int | None:
    m = _SUBJECT.search(subject)
    return int(m.group(1)) if m else None


def with_subject_token(subject: str | None, conversation_id: int) -> str:
    base = (subject or "").strip()
    token = f"[#{conversation_id}]"
    if token in base:
        return base
    return f"{base} {token}".strip()
