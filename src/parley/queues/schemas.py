"""Wire shapes for queues (Dixa: Queues)."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

import msgspec

from parley.http.envelope import BulkActionFailure, BulkActionSuccess
from parley.http.params import NON_BLANK, Int32, UuidText, any_of, documented, given

NonNegative = Annotated[int, msgspec.Meta(ge=0)]


class QueueOptions(msgspec.Struct, omit_defaults=True, kw_only=True):
    """The optional settings of a queue, as Dixa names them and a ``Queue`` carries them
    (``QueueSettings`` takes them, checked)."""

    callFunctionality: bool | None = None
    queueThresholds: dict[str, int] | None = None
    isDoNotCall: bool | None = None
    isDoNotOfferEnabled: bool | None = None
    isPreferredAgentEnabled: bool | None = None
    offerAbandonedConversations: bool | None = None
    doNotOfferTimeouts: dict[str, int] | None = None
    offerTimeout: int | None = None
    wrapupTimeout: int | None = None
    priority: int | None = None
    offeringAlgorithm: str | None = None
    preferredAgentTimeouts: dict[str, int] | None = None
    preferredAgentOfflineTimeout: int | None = None
    personalAgentOfflineTimeout: int | None = None
    # Parley extension: the business-hours schedule the queue keeps (see queue availability)
    businessHoursScheduleId: str | None = None


class QueueSettings(QueueOptions, forbid_unknown_fields=False, kw_only=True):
    """The optional settings of a queue as given (kept as given): the timeouts not negative,
    the priority an int32, and Dixa's other name of ``offeringAlgorithm``, ``offerAlgorithm``
    (read as it when it is not given)."""

    doNotOfferTimeouts: dict[str, NonNegative] | None = None
    offerTimeout: NonNegative | None = None
    wrapupTimeout: NonNegative | None = None
    priority: Int32 | None = None
    preferredAgentTimeouts: dict[str, NonNegative] | None = None
    preferredAgentOfflineTimeout: NonNegative | None = None
    personalAgentOfflineTimeout: NonNegative | None = None
    offerAlgorithm: str | None = None


class QueueInput(QueueSettings):
    """A queue to create: ``name`` is required, ``isDefault`` defaults to false."""

    name: str | None = None
    isDefault: bool | None = None


_NAME = {"type": "string", "pattern": NON_BLANK}


class CreateQueue(QueueInput):
    """Dixa wraps the queue as ``{"request": {...}}``; a bare queue object is accepted too.
    The queue is ``request`` when it is given (the fields beside it are then ignored), else
    the body itself; either way its ``name`` is required and not blank."""

    openapi_any_of: ClassVar[tuple[dict[str, Any], ...]] = any_of(
        given("request", type="object", required=["name"], properties={"name": _NAME}),
        {"required": ["name"], "properties": {"name": _NAME, "request": {"type": "null"}}},
    )

    request: QueueInput | None = None


class Queue(QueueOptions):
    id: str
    name: str
    isDefault: bool
    organizationId: str


class QueueMember(msgspec.Struct, omit_defaults=True):
    agentId: str
    priority: int | None = None


class AgentIds(msgspec.Struct, forbid_unknown_fields=False):
    agentIds: Annotated[list[UuidText], documented(minItems=1)]


class RemoveAgentIds(msgspec.Struct, forbid_unknown_fields=False):
    """At most ``service.MAX_REMOVE`` ids."""

    agentIds: Annotated[list[UuidText], documented(minItems=1, maxItems=10)]


# Dixa's BulkActionOutcome_BulkError_UUID: a success carries the agent's id.
AssignOutcome = BulkActionSuccess[str] | BulkActionFailure
