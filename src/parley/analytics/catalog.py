"""What can be asked: the metrics, the records they are computed from, and the filter
attributes (Dixa's names and wire values)."""

from __future__ import annotations

from dataclasses import dataclass

from parley.journal.events import upper_snake
from parley.search.filter_values import CHANNELS

FILTERS = {
    "agent_id": "the agent (the rating's agent for ratings, else the assignee)",
    "queue_id": "the queue the conversation is or was last in",
    "channel": "the conversation's channel (EMAIL, WIDGET_CHAT, CONTACT_FORM, …)",
    "initial_direction": "the conversation's direction (INBOUND or OUTBOUND)",
    "tag_id": "a tag the conversation has",
    "contact_point": "the contact endpoint (address or number) the conversation came through",
}
# Dixa's channel values (upper snake case) -> Parley's channel names.
CHANNEL_VALUES = {upper_snake(name): name for name in CHANNELS}
DIRECTION_VALUES = {"INBOUND": "Inbound", "OUTBOUND": "Outbound"}

DURATION_MEASURES = ("Count", "Sum", "Min", "Max", "Average", "StdDev")


@dataclass(frozen=True)
class Field:
    name: str
    description: str
    nullable: bool


@dataclass(frozen=True)
class Record:
    id: str
    description: str
    timestamp: str  # the name of the primary timestamp field
    fields: tuple[Field, ...]
    value: str | None = None  # what the record's value is, when it has one


@dataclass(frozen=True)
class Metric:
    id: str
    description: str
    record: str
    measures: tuple[str, ...]
    per_agent: bool = False  # grouped by agent first, then aggregated over the agents


_CSID = Field("csid", "Conversation ID", False)
_AGENT = Field("agent_id", "The agent assigned to the conversation", True)
_QUEUE = Field("queue_id", "The queue the conversation is or was last in", True)
_CHANNEL = Field("channel", "The conversation's channel", False)

RECORDS = {
    r.id: r
    for r in (
        Record(
            "created_conversations",
            "Conversations created",
            "created_at",
            (
                _CSID,
                Field("initial_direction", "The conversation's direction", False),
                Field("initial_channel", "The conversation's channel", False),
                Field("contact_point", "The contact endpoint", True),
                _QUEUE,
                _AGENT,
            ),
        ),
        Record(
            "closed_conversations",
            "Closed conversation data",
            "closed_at",
            (
                Field("conversation_id", "Conversation ID", False),
                _AGENT,
                _QUEUE,
                Field(
                    "closed_by",
                    "The id of the user who closed the conversation (not their kind)",
                    True,
                ),
            ),
        ),
        Record(
            "ratings",
            "Conversation Ratings (CSAT, 1 to 5)",
            "submitted_at",
            (Field("conversation_id", "Conversation ID", False), _AGENT, _QUEUE),
            value="the score",
        ),
        Record(
            "first_response_times",
            "Time from a conversation's creation to its first outbound message",
            "created_at",
            (_CSID, _AGENT, _QUEUE, _CHANNEL),
            value="seconds",
        ),
        Record(
            "resolution_times",
            "Time from a conversation's creation to its closing",
            "closed_at",
            (_CSID, _AGENT, _QUEUE, _CHANNEL),
            value="seconds",
        ),
        Record(
            "conversation_assignments",
            "Conversations assigned to an agent (each assignment, from the activity log)",
            "assigned_at",
            (
                _CSID,
                Field("agent_id", "The agent the conversation was assigned to", True),
                _QUEUE,
                _CHANNEL,
            ),
        ),
    )
}

METRICS = {
    m.id: m
    for m in (
        Metric(
            "csat",
            "(Number of satisfied customers (4 and 5)/ Number of survey responses) x 100 = % "
            "of satisfied customers",
            "ratings",
            ("Percentage", "Count", "Average"),
        ),
        Metric(
            "closed_conversations", "Closed conversation data", "closed_conversations", ("Count",)
        ),
        Metric(
            "created_conversations", "Conversations created", "created_conversations", ("Count",)
        ),
        Metric(
            "first_response_time",
            "Seconds from a conversation's creation to its first outbound message",
            "first_response_times",
            DURATION_MEASURES,
        ),
        Metric(
            "resolution_time",
            "Seconds from a conversation's creation to its closing",
            "resolution_times",
            DURATION_MEASURES,
        ),
        Metric(
            "conversation_assignments_per_agent",
            "Conversation assignments grouped by agent: Count is the number of agents with "
            "assignments, Sum the assignments of all of them, Average, Min and Max the "
            "assignments per agent",
            "conversation_assignments",
            ("Count", "Sum", "Average", "Min", "Max"),
            per_agent=True,
        ),
    )
}

MEASURES = {
    "Count": "Number of records",
    "Sum": "Sum of the values",
    "Min": "Smallest value",
    "Max": "Largest value",
    "Average": "Mean of the values",
    "StdDev": "Population standard deviation of the values",
    "Percentage": "Calculated Percentage",
}


def related_metrics(record_id: str) -> list[str]:
    return [m.id for m in METRICS.values() if m.record == record_id]
