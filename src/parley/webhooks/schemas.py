"""Wire shapes for webhook subscriptions and their delivery status (Dixa: Webhooks)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from parley.http.params import NonBlank, documented
from parley.journal.events import SUBSCRIBABLE

MAX_URL = 2048
_HOST = r"[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+){0,30}"
_PATH = r"[A-Za-z0-9._~!$&'()*+,;=:@/-]*"
# What the document says of a webhook's url, its credentials and its events: a subset of
# what the handler takes (``sender.check_url`` after stripping; a header-safe single line;
# ``:`` never in a username; a token once stripped): a plain http(s) URL with a host name
# or address, an optional port and path and query without percent-escapes.
WebhookUrl = Annotated[
    str,
    documented(
        pattern=rf"^https?://{_HOST}(?::[1-5]?[0-9]{{1,4}})?(?:/{_PATH})?(?:\?{_PATH})?$",
        maxLength=MAX_URL,
    ),
]
_LINE = r"[^\r\n\x00]"
_VISIBLE = r"[^\s\x00\x1c-\x1f\x85]"
HeaderLine = Annotated[str, documented(pattern=rf"^{_LINE}+$")]
UserName = Annotated[str, documented(pattern=r"^[^\r\n\x00:]+$")]
HeaderToken = Annotated[str, documented(pattern=rf"^{_VISIBLE}(?:{_LINE}*{_VISIBLE})?$")]
# Headers a custom header may not set: the ones every delivery sets (they win), and the
# ones that frame the request.
RESERVED_HEADERS = frozenset(
    {
        "authorization",
        "content-type",
        "x-dixa-signature",
        "user-agent",
        "host",
        "content-length",
        "transfer-encoding",
        "connection",
    }
)
MAX_HEADERS = 50
_RESERVED = "|".join(
    "".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in name)
    for name in sorted(RESERVED_HEADERS)
)
# A custom header as ``filters.check_headers`` takes it: the name an HTTP token that is
# none of the reserved ones (in any case), the value one line.
HeaderName = Annotated[
    str, documented(pattern=rf"^(?!(?:{_RESERVED})$)[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
]
HeaderValue = Annotated[str, documented(pattern=r"^[^\r\n\x00]*$")]
CustomHeaders = Annotated[dict[HeaderName, HeaderValue], documented(maxProperties=MAX_HEADERS)]
EventName = Annotated[str, documented(enum=sorted(SUBSCRIBABLE))]


class _Authorization(msgspec.Struct, tag=True, tag_field="_type", forbid_unknown_fields=False):
    """An authorization, tagged with its class name."""


class NoAuth(_Authorization):
    pass


class BasicAuth(_Authorization):
    username: UserName
    password: HeaderLine


class TokenAuth(_Authorization):
    value: HeaderToken


Authorization = NoAuth | BasicAuth | TokenAuth


class _Condition(msgspec.Struct, tag=True, tag_field="_type"):
    """A condition on a field's value, tagged with its class name."""

    field: str
    values: list[str]


class IsOneOf(_Condition):
    """The field's value is one of ``values``. ``field``: ``InitialChannel``,
    ``OperationOrigin`` or ``QueueId``."""


class IsNotOneOf(_Condition):
    pass


Condition = IsOneOf | IsNotOneOf


class CombinedFilters(msgspec.Struct, tag="CombinedFilters", tag_field="_type"):
    """``strategy`` ``All`` (every condition holds) or ``Any`` (one does)."""

    strategy: str
    conditions: list[Condition]


class CreateWebhook(msgspec.Struct, forbid_unknown_fields=False):
    name: NonBlank
    url: WebhookUrl
    events: list[EventName] = msgspec.field(default_factory=list)
    enabled: bool = True
    authorization: Authorization | None = None
    customHeaders: CustomHeaders = msgspec.field(default_factory=dict)
    filters: dict[str, CombinedFilters] | None = None


class PatchWebhook(msgspec.Struct, forbid_unknown_fields=False):
    name: str | None = None
    url: WebhookUrl | None = None
    events: list[EventName] | None = None
    enabled: bool | None = None
    authorization: Authorization | None = None
    customHeaders: CustomHeaders | None = None
    filters: dict[str, CombinedFilters] | None = None


class WebhookSubscription(msgspec.Struct, omit_defaults=True):
    """``headers``: what deliveries carry besides the body's own (``Authorization``, then
    the custom headers). ``filters``: as given, absent when there are none."""

    id: str
    name: str
    url: str
    enabled: bool
    headers: dict[str, str]
    secretKey: str
    subscribedEvents: list[str]
    createdAt: str
    createdBy: str
    updatedAt: str
    updatedBy: str
    filters: dict[str, CombinedFilters] | None = None


class _Delivery(msgspec.Struct, tag=True, tag_field="_type"):
    """A delivery status, tagged with its class name."""


class DeliveryDetail(_Delivery, omit_defaults=True):
    """One delivery attempt. ``responseCode`` is 0 when no HTTP answer came (the message
    is then in ``responseText`` and ``error``). ``attempt`` and ``error`` are Parley's."""

    deliveryTimestamp: str
    responseCode: int
    responseText: str
    success: bool
    attempt: int | None = None
    error: str | None = None


class NoRecentDelivery(_Delivery):
    pass


DeliveryStatus = DeliveryDetail | NoRecentDelivery


class EventDeliveryStatus(msgspec.Struct):
    event: str
    deliveryStatus: DeliveryStatus


class EventDeliveryLog(msgspec.Struct):
    deliveryDetail: DeliveryDetail
    payload: str
