"""Which events a subscription can name, and how Parley's events map onto Dixa's.

Parley writes one row in ``events`` per state change, named after what happened
(``TagAdded``, ``NoteAdded`` …). A subscription names Dixa's event names
(``ConversationTagAdded`` …); ``DIXA_NAME`` says which Parley event is which Dixa event.
A Parley event with no Dixa counterpart keeps its own name, and a subscription may name it
(a Parley choice). The ``event_fqn`` delivered is the upper snake case of the name the
subscription used (``CONVERSATION_TAG_ADDED``).
"""

from __future__ import annotations

import re

# Dixa's event names (API reference and client libraries). Parley emits the ones in
# ``DIXA_NAME``'s values; a subscription may name the others, which never fire.
DIXA_EVENTS = frozenset(
    {
        "ConversationCreated",
        "ConversationOpen",
        "ConversationPending",
        "ConversationPendingExpired",
        "ConversationClosed",
        "ConversationAbandoned",
        "ConversationEnqueued",
        "ConversationAssigned",
        "ConversationUnassigned",
        "ConversationTransferred",
        "ConversationMessageAdded",
        "ConversationNoteAdded",
        "ConversationTagAdded",
        "ConversationTagRemoved",
        "ConversationRated",
        "ConversationEndUserReplaced",
        "ConversationCustomAttributeUpdated",
        "ConversationMessageDeliverySent",
        "ConversationMessageDeliveryDelivered",
        "ConversationMessageDeliverySeen",
        "ConversationMessageDeliveryFailed",
        "ConversationMessageDeliveryInfo",
        "AgentBannedEnduser",
        "AgentUnbannedEnduser",
        "AgentBannedIp",
        "AgentUnbannedIp",
        "TypingStarted",
        "SLAEvaluationAchieved",
        "SLAEvaluationBreached",
        "SLAEvaluationVoided",
    }
)

# Parley event name -> Dixa event name, where they differ or are the same event.
DIXA_NAME: dict[str, str] = {
    "ConversationCreated": "ConversationCreated",
    "ConversationOpen": "ConversationOpen",
    "ConversationPending": "ConversationPending",
    "ConversationPendingExpired": "ConversationPendingExpired",
    "ConversationClosed": "ConversationClosed",
    "ConversationAssigned": "ConversationAssigned",
    "ConversationUnassigned": "ConversationUnassigned",
    "ConversationTransferred": "ConversationTransferred",
    "ConversationMessageAdded": "ConversationMessageAdded",
    "NoteAdded": "ConversationNoteAdded",
    "TagAdded": "ConversationTagAdded",
    "TagRemoved": "ConversationTagRemoved",
    "ConversationRated": "ConversationRated",
    "ConversationCustomAttributeUpdated": "ConversationCustomAttributeUpdated",
    "ConversationMessageDeliverySent": "ConversationMessageDeliverySent",
    "ConversationMessageDeliveryFailed": "ConversationMessageDeliveryFailed",
}

# Events Parley emits that Dixa does not have: subscribable by these names (a Parley choice).
PARLEY_EVENTS = frozenset(
    {
        "ConversationClaimed",
        "ConversationLinked",
        "ConversationRatingOffered",
        "ConversationAnonymized",
        "ConversationMessageAnonymized",
        "FollowupAdded",
        "FollowupRemoved",
        "EndUserCreated",
        "EndUserUpdated",
        "EndUserAnonymized",
        "AgentCreated",
        "AgentUpdated",
        "AgentDeleted",
        "AgentPresenceUpdated",
        "TagCreated",
        "TagActivated",
        "TagDeactivated",
        "TagDeleted",
        "TeamCreated",
        "TeamDeleted",
        "TeamMembersChanged",
        "QueueCreated",
        "QueueMembersChanged",
        "ContactEndpointCreated",
        "ContactEndpointMailboxUpdated",
        "ConversationFlowCreated",
        "CustomAttributeCreated",
        "WebhookSubscriptionCreated",
        "WebhookSubscriptionUpdated",
        "WebhookSubscriptionDeleted",
    }
)

SUBSCRIBABLE = DIXA_EVENTS | PARLEY_EVENTS

_WORD_START = re.compile(r"(?<!^)(?=[A-Z][a-z])|(?<=[a-z])(?=[A-Z])")


def upper_snake(name: str) -> str:
    """``ConversationTagAdded`` -> ``CONVERSATION_TAG_ADDED``; ``WidgetChat`` ->
    ``WIDGET_CHAT``; ``SLAEvaluationVoided`` -> ``SLA_EVALUATION_VOIDED``."""
    return _WORD_START.sub("_", name).upper()


def subscription_name(parley_name: str) -> str:
    """The name a subscription uses for the Parley event ``parley_name``."""
    return DIXA_NAME.get(parley_name, parley_name)


def mapping_markdown() -> str:
    """The mapping, as the OpenAPI description shows it."""
    rows = "\n".join(
        f"| `{parley}` | `{dixa}` | `{upper_snake(dixa)}` |"
        for parley, dixa in sorted(DIXA_NAME.items(), key=lambda kv: kv[1])
    )
    unsent = ", ".join(f"`{n}`" for n in sorted(DIXA_EVENTS - set(DIXA_NAME.values())))
    extra = ", ".join(f"`{n}`" for n in sorted(PARLEY_EVENTS))
    return (
        "| Parley event | Dixa event (subscribe with) | event_fqn delivered |\n"
        "|---|---|---|\n"
        f"{rows}\n\n"
        f"Accepted but never sent (Parley has no such change yet): {unsent}.\n\n"
        "**Parley choice**: these Parley events have no Dixa counterpart and may be "
        f"subscribed to by name (their event_fqn is the name in upper snake case): {extra}."
    )
