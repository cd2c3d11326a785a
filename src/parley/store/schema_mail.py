"""The email tables (``parley.mail``): every mail received (raw, before parsing), the
Message-IDs Parley sent and received (threading, bounces), the delivery of each outgoing
mail, and each organisation's key for reply-address tokens."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)

from parley.store.schema_base import conversation_id_column as _conversation_id
from parley.store.schema_base import json_column as _json
from parley.store.schema_base import org_table, record_table
from parley.store.schema_base import time_column as _ts
from parley.store.schema_base import uuid_column as _uuid

# Every mail accepted by the listener, stored raw in the transaction that handles it.
# ``status``: received | created | threaded | auto_reply | bounce | duplicate | failed;
# ``error`` says why a mail was not (fully) handled.
mail_inbound = record_table(
    "mail_inbound",
    _ts("received_at", False),
    Column("mail_from", Text, nullable=True),
    _json("rcpt_to"),
    Column("size", Integer, nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("status", String(16), nullable=False),
    Column("error", Text, nullable=True),
    Column("header_id", Text, nullable=True),
    _conversation_id(True),
    _uuid("message_id", True),
    Index("ix_mail_inbound_received", "org_id", "received_at", "id"),
    Index("ix_mail_inbound_conversation", "org_id", "conversation_id"),
    Index("ix_mail_inbound_message", "org_id", "message_id"),
)

# The Message-ID header of every mail sent or received, and its conversation/message.
mail_message_ids = org_table(
    "mail_message_ids",
    Column("header_id", String(512), nullable=False),
    _conversation_id(),
    _uuid("message_id", True),
    Column("direction", String(8), nullable=False),
    _ts("created_at", False),
    Index("ix_mail_message_ids_message", "org_id", "message_id"),
    key=("header_id",),
)

# The delivery of each outgoing mail (one per outbound message of an email conversation).
# ``status``: queued | sent | failed | not_configured.
mail_deliveries = org_table(
    "mail_deliveries",
    _uuid("message_id"),
    _conversation_id(),
    Column("header_id", String(512), nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text, nullable=True),
    _ts("created_at", False),
    _ts("updated_at", False),
    key=("message_id",),
)

# The key that signs an organisation's reply-address tokens (created on first use).
mail_keys = org_table(
    "mail_keys",
    Column("secret", String(64), nullable=False),
    _ts("created_at", False),
    key=(),
)

# An email endpoint's IMAP mailbox, polled by a worker job; ``last_uid`` is the highest UID
# taken (under ``uid_validity``), so each mail is taken once. The password is encrypted
# with ``PARLEY_SECRET_KEY``.
mail_imap_sources = org_table(
    "mail_imap_sources",
    Column("endpoint_id", String(320), nullable=False),
    Column("host", Text, nullable=False),
    Column("port", Integer, nullable=False),
    Column("tls", Boolean, nullable=False),
    Column("username", Text, nullable=False),
    Column("password", Text, nullable=False),
    Column("mailbox", Text, nullable=False),
    Column("poll_seconds", Integer, nullable=False),
    Column("uid_validity", BigInteger, nullable=True),
    Column("last_uid", BigInteger, nullable=False, server_default="0"),
    _ts("last_polled_at"),
    Column("last_error", Text, nullable=True),
    _ts("created_at", False),
    _ts("updated_at", False),
    key=("endpoint_id",),
)
