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
        "ConversationMessageDeliverySpamComplaint",
        "ConversationTranscriptionAdded",
        "AgentBannedEnduser",
        "AgentUnbannedEnduser",
        "AgentBannedIp",
        "AgentUnbannedIp",
        "TypingStarted",
        "SLAEvaluationAchieved",
        "SLAEvaluationBreached",
        "SLAEvaluationVoided",
        "SLAEvaluationPending",
    }
)

# Parley event name -> Dixa event name, where they differ or are the same event.
DIXA_NAME: dict[str, str] = {
    "ConversationCreated": "ConversationCreated",
    "ConversationOpen": "ConversationOpen",
    "ConversationPending": "ConversationPending",
    "ConversationPendingExpired": "ConversationPendingExpired",
    "ConversationClosed": "ConversationClosed",
    "ConversationAbandoned": "ConversationAbandoned",
    "ConversationEnqueued": "ConversationEnqueued",
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

# Dixa's events Parley accepts in a subscription but never sends, and why: the engine
# cannot observe what they report. Every other name of ``DIXA_EVENTS`` is emitted
# (``DIXA_NAME``'s values); ``tests/webhooks/test_never_emitted.py`` pins both lists.
_NO_CHAT_TRANSPORT = "Parley has no live chat transport, so it never sees anyone type"
_NO_SLA = "Parley has no SLA policies or timers to evaluate"
_NO_BANS = "Parley has no ban list for end users or IP addresses"
_NO_RECEIPTS = (
    "Parley sends mail through an SMTP relay, which reports only accepted (Sent) or "
    "refused/bounced (Failed); it gets no delivery, read, info or spam receipts"
)
NEVER_EMITTED: dict[str, str] = {
    "TypingStarted": _NO_CHAT_TRANSPORT,
    "SLAEvaluationPending": _NO_SLA,
    "SLAEvaluationAchieved": _NO_SLA,
    "SLAEvaluationBreached": _NO_SLA,
    "SLAEvaluationVoided": _NO_SLA,
    "AgentBannedEnduser": _NO_BANS,
    "AgentUnbannedEnduser": _NO_BANS,
    "AgentBannedIp": _NO_BANS,
    "AgentUnbannedIp": _NO_BANS,
    "ConversationMessageDeliveryDelivered": _NO_RECEIPTS,
    "ConversationMessageDeliverySeen": _NO_RECEIPTS,
    "ConversationMessageDeliveryInfo": _NO_RECEIPTS,
    "ConversationMessageDeliverySpamComplaint": _NO_RECEIPTS,
    "ConversationTranscriptionAdded": "Parley has no voice calls, hence no transcriptions",
    "ConversationEndUserReplaced": "Parley has no operation that changes a conversation's "
    "requester (no contact merge)",
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
        "ContactEndpointQueueUpdated",
        "ConversationFlowCreated",
        "CustomAttributeCreated",
        "CustomAttributeUpdated",
        "WebhookSubscriptionCreated",
        "WebhookSubscriptionUpdated",
        "WebhookSubscriptionDeleted",
        "OrganizationUpdated",
        "TemplateCreated",
        "TemplateUpdated",
        "TemplateDeleted",
        "BusinessHoursScheduleCreated",
        "BusinessHoursScheduleUpdated",
        "BusinessHoursScheduleDeleted",
        "KnowledgeCollectionCreated",
        "KnowledgeCollectionUpdated",
        "KnowledgeCategoryCreated",
        "KnowledgeCategoryUpdated",
        "KnowledgeArticleCreated",
        "KnowledgeArticleUpdated",
        "KnowledgeArticleDeleted",
        "KnowledgeArticlePublished",
        "KnowledgeArticleUnpublished",
        "KnowledgeAttachmentsUploaded",
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
    extra = ", ".join(f"`{n}`" for n in sorted(PARLEY_EVENTS))
    return (
        "| Parley event | Dixa event (subscribe with) | event_fqn delivered |\n"
        "|---|---|---|\n"
        f"{rows}\n\n"
        f"{never_emitted_markdown()}\n\n"
        "**Parley choice**: these Parley events have no Dixa counterpart and may be "
        f"subscribed to by name (their event_fqn is the name in upper snake case): {extra}."
    )


def never_emitted_markdown() -> str:
    """Dixa's events a subscription may name that Parley never sends, with the reason."""
    reasons: dict[str, list[str]] = {}
    for name in sorted(NEVER_EMITTED):
        reasons.setdefault(NEVER_EMITTED[name], []).append(f"`{name}`")
    lines = "\n".join(f"- {', '.join(names)}: {why}." for why, names in reasons.items())
    return (
        "Accepted but never sent (a subscription naming them is valid; the engine cannot "
        f"observe what they report):\n\n{lines}"
    )
