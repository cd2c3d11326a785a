"""Search filters: the `filters` of `POST /v1/search/conversations`.

``filters`` is ``{"strategy": "All" | "Any", "conditions": [...]}``: with ``All`` a
conversation must meet every condition, with ``Any`` at least one. No conditions means
no filter. A condition is ``{"field": {"_type": <field>, "operator": {"_type":
<operator>, ...}}}`` (CustomAttribute also takes ``"attributeId"``).

Fields, the operators each takes, and what they test:

- ``AgentId``: IsEmpty, IsNotEmpty, IsOneOf, IsNotOneOf. The assigned agent (empty:
  unassigned).
- ``AssignedDate``: IsEmpty, IsNotEmpty, Since, Until, Between. When the current assignment
  was made.
- ``Channel``: IsOneOf, IsNotOneOf. The channel: Email, ContactForm, WidgetChat (also
  ``Chat``), Messenger, FacebookMessenger, WhatsApp, Twitter, Sms, PstnPhone (also
  ``Phone``), Callback, Voicemail, or the ``genericChannelName`` an imported conversation was
  given (as given; its ``channel`` is one of Dixa's, WidgetChat for a name of its own).
- ``ClosedDate``: IsEmpty, IsNotEmpty, Since, Until, Between. When it was closed (empty
  unless it is Closed; reopening clears it).
- ``ContactId``: IsOneOf, IsNotOneOf. The requester (an end user id).
- ``ConversationId``: IsOneOf, IsNotOneOf. Conversation ids (numbers, or strings of digits).
- ``CreationDate``: Since, Until, Between. When it was created.
- ``CustomAttribute`` (with ``attributeId``, a conversation custom attribute of the
  organisation): IsEmpty, IsNotEmpty, IsOneOf, IsNotOneOf, IncludesOne, IncludesAll,
  ExcludesOne, ExcludesAll. The attribute's value (Text) or values (Select).
- ``Direction``: IsOneOf, IsNotOneOf. Inbound, Outbound, Internal.
- ``Duration``: Between, LongerThanOrEqualTo, ShorterThanOrEqualTo. Seconds from creation
  to closing; for a conversation not closed, from creation to now (its age).
- ``LastActivity``: Since, Until, Between. The last change of any kind (message, state,
  assignment, tag, attribute...).
- ``LastMessage``: IsEmpty, IsNotEmpty, Since, Until, Between. The last message (empty: no
  message).
- ``QueueId``: IsEmpty, IsNotEmpty, IsOneOf, IsNotOneOf. The queue it is in or, once it has
  left it (closed), the queue it was last in (empty: never queued).
- ``Status``: IsOneOf, IsNotOneOf. Open, Pending, AwaitingPending, Closed.
- ``TagId``: IsEmpty, IsNotEmpty, IsOneOf, IsNotOneOf, IncludesOne, IncludesAll,
  ExcludesOne, ExcludesAll. The tags on it (active or not).

Operators: ``IsEmpty`` / ``IsNotEmpty`` take nothing. ``IsOneOf`` / ``IsNotOneOf`` and
the ``Includes…`` / ``Excludes…`` operators take ``values`` (at most 500, not empty).
IsNotOneOf is the exact opposite of IsOneOf, so it also matches an empty field. For the
multi-valued fields (TagId, CustomAttribute): IncludesOne = at least one of the values is
present (IsOneOf is the same); IncludesAll = every value is present; ExcludesAll = none
is present (IsNotOneOf is the same); ExcludesOne = at least one of them is missing. A
custom attribute is empty when it is unset or holds ``""`` or ``[]``. A CustomAttribute
value may also be an array, as in Dixa's examples (``[["PK461926232"]]``, a Select option
by its path ``[["chocolate", "chocolate_bar"]]``): an array stands for its last element (a
Text value, or the chosen option of a Select path). Values compare exactly (custom
attribute values, ids); names of channels, statuses and directions are matched without
regard to case. Dates: ``Since {timestamp}`` (at or after), ``Until
{timestamp}`` (at or before), ``Between {timestampFrom, timestampTo}`` (both ends
included); a timestamp is ISO 8601 text (``2024-05-01T10:00:00Z``, ``…Z[GMT]``, no zone =
UTC) or epoch milliseconds. Duration: ``Between {min, max}``, ``LongerThanOrEqualTo
{duration}``, ``ShorterThanOrEqualTo {duration}``, in whole seconds. A date never set
matches no Since/Until/Between. At most 50 conditions.

Errors (``400``): an unknown field or operator, an operator the field does not take
(``Invalid value for: body, operator Since is not valid for field TagId``), a missing or
unknown ``attributeId``, ids that are not UUIDs, malformed dates, ``Between`` with its
start after its end, values of the wrong type.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

# The rules above, shown in the OpenAPI description of ``filters.conditions``. Decoding
# checks only shapes (field and operator names, value types); compile_filters the rest.
FILTERS_DOC = (__doc__ or "").strip()

FieldName = Literal[
    "AgentId",
    "AssignedDate",
    "Channel",
    "ClosedDate",
    "ContactId",
    "ConversationId",
    "CreationDate",
    "CustomAttribute",
    "Direction",
    "Duration",
    "LastActivity",
    "LastMessage",
    "QueueId",
    "Status",
    "TagId",
]

# A value in ``values``: ids and names are strings; conversation ids may be numbers; a
# CustomAttribute value may be given as Dixa's examples give it, a path of option values.
Value = str | int | list[str]
# A point in time: ISO 8601 / RFC 3339 text (also ``…Z[GMT]``) or epoch milliseconds.
Timestamp = str | int


class _Op(msgspec.Struct, tag_field="_type", tag=True, kw_only=True):
    """An operator, tagged with its class name."""


class IsEmpty(_Op):
    pass


class IsNotEmpty(_Op):
    pass


class _Values(_Op):
    values: list[Value]


class IsOneOf(_Values):
    pass


class IsNotOneOf(_Values):
    pass


class IncludesOne(_Values):
    pass


class IncludesAll(_Values):
    pass


class ExcludesOne(_Values):
    pass


class ExcludesAll(_Values):
    pass


class _Point(_Op):
    timestamp: Timestamp


class Since(_Point):
    pass


class Until(_Point):
    pass


class Between(_Op):
    """Dates take ``timestampFrom``/``timestampTo``; Duration takes ``min``/``max`` (seconds)."""

    timestampFrom: Timestamp | None = None
    timestampTo: Timestamp | None = None
    min: int | None = None
    max: int | None = None


class _Length(_Op):
    duration: int


class LongerThanOrEqualTo(_Length):
    pass


class ShorterThanOrEqualTo(_Length):
    pass


Operator = (
    IsEmpty
    | IsNotEmpty
    | IsOneOf
    | IsNotOneOf
    | IncludesOne
    | IncludesAll
    | ExcludesOne
    | ExcludesAll
    | Since
    | Until
    | Between
    | LongerThanOrEqualTo
    | ShorterThanOrEqualTo
)

ValuesOperator = IsOneOf | IsNotOneOf | IncludesOne | IncludesAll | ExcludesOne | ExcludesAll


class Field(msgspec.Struct, kw_only=True):
    type_: FieldName = msgspec.field(name="_type")
    operator: Operator
    attributeId: str | None = None


class Condition(msgspec.Struct):
    field: Field


class Filters(msgspec.Struct, kw_only=True):
    strategy: Annotated[
        Literal["All", "Any"],
        msgspec.Meta(description="All: every condition must hold; Any: at least one."),
    ] = "All"
    conditions: Annotated[list[Condition], msgspec.Meta(description=FILTERS_DOC)] = []
