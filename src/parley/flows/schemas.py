"""Wire shapes for conversation flows (Dixa: GET /v1/conversations/flows)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from parley.http.params import NonBlank, documented

FLOW_CHANNELS: tuple[str, ...] = (
    "WhatsApp",
    "Voicemail",
    "WidgetChat",
    "FacebookMessenger",
    "Email",
    "ContactForm",
    "Callback",
    "PstnPhone",
    "Messenger",
)
DEFAULT_CHANNEL = "PstnPhone"


class Flow(msgspec.Struct):
    id: str
    name: str
    channel: str
    contactEndpointId: str | None


class CreateFlow(msgspec.Struct, forbid_unknown_fields=False):
    name: NonBlank
    channel: Annotated[str, documented(enum=list(FLOW_CHANNELS))]
    contactEndpointId: str | None = None
