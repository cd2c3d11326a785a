"""The read paths' indexes on the conversation tables (the queue's order, the analytics
windows, the desk's inbox pages and counts), declared apart from the tables themselves:
``schema`` calls ``add_read_indexes`` once with its tables."""

from __future__ import annotations

import sqlalchemy as sa

from parley.store.schema_base import partial_index


def add_read_indexes(conversations: sa.Table, messages: sa.Table, ratings: sa.Table) -> None:
    """Declare the indexes below on the tables' metadata (what the migrations create)."""
    _queues_and_analytics(conversations, messages, ratings)
    _inbox(conversations)


def _queues_and_analytics(conversations: sa.Table, messages: sa.Table, ratings: sa.Table) -> None:
    # A queue's waiting conversations in their order (GET /v1/queues/conversation-position).
    sa.Index(
        "ix_conversations_queue_order",
        conversations.c.org_id,
        conversations.c.queue_id,
        conversations.c.queued_at,
        conversations.c.id,
    )
    # Analytics windows: conversations by closing time, ratings by submission time.
    sa.Index("ix_conversations_closed", conversations.c.org_id, conversations.c.closed_at)
    sa.Index("ix_ratings_submitted", ratings.c.org_id, ratings.c.submitted_at)
    # A conversation's first outbound message (analytics' first-response time).
    sa.Index(
        "ix_messages_first_outbound",
        messages.c.org_id,
        messages.c.conversation_id,
        messages.c.direction,
        messages.c.created_at,
    )


def _inbox(conversations: sa.Table) -> None:
    # The desk's inbox lists conversations by latest activity, newest first.
    sa.Index(
        "ix_conversations_activity",
        conversations.c.org_id,
        conversations.c.last_activity_at,
        conversations.c.id,
    )
    # Its views by state (all open, pending, closed) and an agent's conversations that are not
    # closed (mine), each a range in that order (migration 0024).
    sa.Index(
        "ix_conversations_state_activity",
        conversations.c.org_id,
        conversations.c.state,
        conversations.c.last_activity_at,
        conversations.c.id,
    )
    partial_index(
        "ix_conversations_mine",
        conversations.c.org_id,
        conversations.c.assigned_agent_id,
        conversations.c.last_activity_at,
        conversations.c.id,
        where="state <> 'Closed'",
    )
    # The desk's inbox counts: each view's count is a range of one of these (covering) indexes.
    sa.Index(
        "ix_conversations_state",
        conversations.c.org_id,
        conversations.c.state,
        conversations.c.assigned_agent_id,
        conversations.c.queue_id,
    )
    # By assignee: also the unassigned and Mine views' pages, newest activity first.
    sa.Index(
        "ix_conversations_assignee",
        conversations.c.org_id,
        conversations.c.assigned_agent_id,
        conversations.c.state,
        conversations.c.last_activity_at,
        conversations.c.id,
    )
