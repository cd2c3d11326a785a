"""Column orders of the rows the conversation batches produce (tuples in this order)."""

from __future__ import annotations

CONVERSATIONS = (
    "org_id", "id", "type", "channel", "direction", "state", "state_updated_at",
    "requester_id", "subject", "language", "from_email", "to_email", "integration_email",
    "from_number", "to_number", "contact_endpoint_id", "widget_id", "browser_info", "extra",
    "assigned_agent_id", "assigned_at", "queue_id", "queued_at", "last_queue_id",
    "link_parent_id", "link_type", "followup_until", "external_id", "generic_channel_name",
    "imported", "created_at", "updated_at", "closed_at", "last_message_at",
    "last_activity_at", "anonymized_at",
)  # fmt: skip
MESSAGES = (
    "org_id", "id", "conversation_id", "seq", "author_id", "direction", "content_type",
    "content", "text", "external_id", "attributes", "attachments", "created_at",
    "anonymized_at",
)  # fmt: skip
ACTIVITY = (
    "org_id", "seq", "id", "conversation_id", "type", "activity_at", "author_id", "attributes",
)  # fmt: skip
NOTES = ("org_id", "id", "conversation_id", "author_id", "message", "created_at", "seq")
CONVERSATION_TAGS = ("org_id", "conversation_id", "tag_id", "created_at")
CONVERSATION_ATTRIBUTES = ("org_id", "conversation_id", "attribute_id", "value", "updated_at")
RATINGS = (
    "org_id", "id", "conversation_id", "user_id", "agent_id", "rating_type", "status", "score",
    "comment", "language", "offered_at", "submitted_at", "created_at",
)  # fmt: skip

# Tables a batch writes directly (activity and notes get their sequence numbers first).
BATCH_TABLES = {
    "conversations": CONVERSATIONS,
    "messages": MESSAGES,
    "conversation_tags": CONVERSATION_TAGS,
    "conversation_attributes": CONVERSATION_ATTRIBUTES,
    "ratings": RATINGS,
}
