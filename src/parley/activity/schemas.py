"""Wire shapes of the activity log (Dixa: ActivityLogEntry and its typed attributes).

Each activity type that carries attributes has one attributes shape, told apart by
``attributes._type``. The names are Dixa's (its API documents the attributes as
``ConversationAssignedAttribute``, ``MessageAddedAttribute``, …); the shapes of the types
Dixa does not have (follow-up, custom attribute, link, anonymization) are named the same
way. The store keeps the attributes without ``_type``: the shape comes from the entry's
type when it is read (``ATTRIBUTES_BY_TYPE``).
"""

from __future__ import annotations

import msgspec
from msgspec import UNSET, UnsetType


class ActivityLogUser(msgspec.Struct, omit_defaults=True):
    id: str
    name: str | None = None
    email: str | None = None
    phoneNumber: str | None = None


class _Attribute(msgspec.Struct, tag_field="_type", tag=True, omit_defaults=True, kw_only=True):
    """Base of the attributes shapes: ``_type`` is the class name."""


class ConversationCreatedAttribute(_Attribute):
    """ConversationCreatedByCustomer, ConversationCreatedByAgent."""

    subject: str | None = None


class ConversationAssignedAttribute(_Attribute):
    agentId: str
    agentName: str | None = None


class ConversationUnassignedAttribute(_Attribute):
    agent: ActivityLogUser | None = None


class ConversationClaimedAttribute(_Attribute):
    claimedFromType: str | None = None
    claimedFromLabel: str | None = None


class ConversationTransferredAttribute(_Attribute):
    """TransferSuccessful."""

    destinationId: str
    destinationType: str
    transferType: str
    destinationLabel: str | None = None
    reason: str | None = None


class MessageAddedAttribute(_Attribute):
    """MessageAddedByCustomer, MessageAddedByAgent."""

    messageId: str


class NoteAddedAttribute(_Attribute):
    messageId: str


class TagAddedAttribute(_Attribute):
    tag: str


class TagRemovedAttribute(_Attribute):
    tag: str


class ConversationRatingOfferedAttribute(_Attribute):
    user: ActivityLogUser
    agent: ActivityLogUser | None = None


class ConversationRatedAttribute(_Attribute):
    agent: ActivityLogUser | None = None
    score: int | None = None
    message: str | None = None


class FollowupAttribute(_Attribute):
    """FollowupAdded, FollowupExpired: when the follow-up ends (or ended)."""

    followupAt: str


class ConversationCustomAttributesUpdatedAttribute(_Attribute):
    """The definitions changed by one patch and their new values by definition id (a
    string, or a list for Select; ``null`` when the value was unset - a Parley choice,
    Dixa's map has no way to say it)."""

    updatedAttributeIds: list[str]
    updatedAttributeValues: dict[str, str | list[str] | None]


class ConversationLinkAttribute(_Attribute):
    """ConversationLinkedToParent (in the child's log) and ConversationLinkedFromChild
    (in the parent's): the two conversation ids and the link's type."""

    child: int
    parent: int
    linkType: str


class ConversationAnonymizedAttribute(_Attribute):
    requestId: str


class MessageRedactedAttribute(_Attribute):
    """ConversationMessageRedacted: the anonymized message, whether it had text, how many
    files were deleted; ``requestId`` (Parley's) names the anonymization request."""

    messageId: str
    wasTextRedacted: bool
    numberOfDeletedFiles: int
    requestId: str | UnsetType = UNSET


ActivityAttributes = (
    ConversationCreatedAttribute
    | ConversationAssignedAttribute
    | ConversationUnassignedAttribute
    | ConversationClaimedAttribute
    | ConversationTransferredAttribute
    | MessageAddedAttribute
    | NoteAddedAttribute
    | TagAddedAttribute
    | TagRemovedAttribute
    | ConversationRatingOfferedAttribute
    | ConversationRatedAttribute
    | FollowupAttribute
    | ConversationCustomAttributesUpdatedAttribute
    | ConversationLinkAttribute
    | ConversationAnonymizedAttribute
    | MessageRedactedAttribute
)

# The attributes shape of each activity type Parley writes; a type not listed here
# (ConversationClosed, ConversationReopened, ConversationPending, FollowupRemoved) has no
# attributes.
ATTRIBUTES_BY_TYPE: dict[str, type[_Attribute]] = {
    "ConversationCreatedByCustomer": ConversationCreatedAttribute,
    "ConversationCreatedByAgent": ConversationCreatedAttribute,
    "ConversationAssigned": ConversationAssignedAttribute,
    "ConversationUnassigned": ConversationUnassignedAttribute,
    "ConversationClaimed": ConversationClaimedAttribute,
    "TransferSuccessful": ConversationTransferredAttribute,
    "MessageAddedByCustomer": MessageAddedAttribute,
    "MessageAddedByAgent": MessageAddedAttribute,
    "NoteAdded": NoteAddedAttribute,
    "TagAdded": TagAddedAttribute,
    "TagRemoved": TagRemovedAttribute,
    "ConversationRatingOffered": ConversationRatingOfferedAttribute,
    "ConversationRated": ConversationRatedAttribute,
    "FollowupAdded": FollowupAttribute,
    "FollowupExpired": FollowupAttribute,
    "ConversationCustomAttributesUpdated": ConversationCustomAttributesUpdatedAttribute,
    "ConversationLinkedToParent": ConversationLinkAttribute,
    "ConversationLinkedFromChild": ConversationLinkAttribute,
    "ConversationAnonymized": ConversationAnonymizedAttribute,
    "ConversationMessageRedacted": MessageRedactedAttribute,
}


class ActivityLogEntry(msgspec.Struct, omit_defaults=True):
    id: str
    conversationId: int
    activityTimestamp: str
    activityType: str
    type_: str = msgspec.field(name="_type")
    author: ActivityLogUser | None = None
    attributes: ActivityAttributes | None = None
