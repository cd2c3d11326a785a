"""The email tables (``parley.mail``): every mail received (raw, before parsing), the
Message-IDs Parley sent and received (threading, bounces), the delivery of each outgoing
mail, and each organisation's key for reply-address tokens."""

from __future__ import annotations

import sqlalchemy as sa

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
    sa.Column("mail_from", sa.Text, nullable=True),
    _json("rcpt_to"),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("raw", sa.LargeBinary, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("error", sa.Text, nullable=True),
    sa.Column("header_id", sa.Text, nullable=True),
    _conversation_id(True),
    _uuid("message_id", True),
    sa.Index("ix_mail_inbound_received", "org_id", "received_at", "id"),
    sa.Index("ix_mail_inbound_conversation", "org_id", "conversation_id"),
    sa.Index("ix_mail_inbound_message", "org_id", "message_id"),
)

# The Message-ID header of every mail sent or received, and its conversation/message.
mail_message_ids = org_table(
    "mail_message_ids",
    sa.Column("header_id", sa.String(512), nullable=False),
    _conversation_id(),
    _uuid("message_id", True),
    sa.Column("direction", sa.String(8), nullable=False),
    _ts("created_at", False),
    sa.Index("ix_mail_message_ids_message", "org_id", "message_id"),
    key=("header_id",),
)

# The delivery of each outgoing mail (one per outbound message of an email conversation).
# ``status``: queued | sent | failed | not_configured.
mail_deliveries = org_table(
    "mail_deliveries",
    _uuid("message_id"),
    _conversation_id(),
    sa.Column("header_id", sa.String(512), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text, nullable=True),
    _ts("created_at", False),
    _ts("updated_at", False),
    key=("message_id",),
)

# The key that signs an organisation's reply-address tokens (created on first use).
mail_keys = org_table(
    "mail_keys",
    sa.Column("secret", sa.String(64), nullable=False),
    _ts("created_at", False),
    key=(),
)

# An email endpoint's IMAP mailbox, polled by a worker job; ``last_uid`` is the highest UID
# taken (under ``uid_validity``), so each mail is taken once. The password is encrypted
# with ``PARLEY_SECRET_KEY``.
mail_imap_sources = org_table(
    "mail_imap_sources",
    sa.Column("endpoint_id", sa.String(320), nullable=False),
    sa.Column("host", sa.Text, nullable=False),
    sa.Column("port", sa.Integer, nullable=False),
    sa.Column("tls", sa.Boolean, nullable=False),
    sa.Column("username", sa.Text, nullable=False),
    sa.Column("password", sa.Text, nullable=False),
    sa.Column("mailbox", sa.Text, nullable=False),
    sa.Column("poll_seconds", sa.Integer, nullable=False),
    sa.Column("uid_validity", sa.BigInteger, nullable=True),
    sa.Column("last_uid", sa.BigInteger, nullable=False, server_default="0"),
    _ts("last_polled_at"),
    sa.Column("last_error", sa.Text, nullable=True),
    _ts("created_at", False),
    _ts("updated_at", False),
    key=("endpoint_id",),
)
