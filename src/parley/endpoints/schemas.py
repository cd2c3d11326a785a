"""Wire shapes for contact endpoints (Dixa: Contact Endpoints) and chat widgets."""

from __future__ import annotations

from typing import Literal

import msgspec

from parley.http.params import NonBlank
from parley.http.validate import EmailText, PhoneText

EndpointType = Literal["EmailEndpoint", "TelephonyEndpoint", "ChatWidget"]
ENDPOINT_TYPES: tuple[str, ...] = ("EmailEndpoint", "TelephonyEndpoint", "ChatWidget")


class EmailEndpoint(msgspec.Struct, tag="EmailEndpoint", tag_field="_type", omit_defaults=True):
    address: str
    name: str | None = None
    senderOverride: str | None = None
    # Parley extension: the queue of the conversations its mail opens (absent: the default)
    queueId: str | None = None


class TelephonyEndpoint(
    msgspec.Struct, tag="TelephonyEndpoint", tag_field="_type", omit_defaults=True
):
    number: str
    functionality: list[str]
    name: str | None = None


class ChatWidget(msgspec.Struct, tag="ChatWidget", tag_field="_type"):
    id: str
    name: str


ContactEndpoint = EmailEndpoint | TelephonyEndpoint | ChatWidget


# --- request bodies (Parley extension: POST /v1/contact-endpoints) ---


class CreateEmailEndpoint(msgspec.Struct, tag="EmailEndpoint", tag_field="_type"):
    address: EmailText
    name: str | None = None
    senderOverride: str | None = None
    queueId: str | None = None


class EndpointQueue(msgspec.Struct):
    """Parley extension: ``PUT /v1/contact-endpoints/{id}/queue``'s body; ``null``: the
    organisation's default queue."""

    queueId: str | None


class CreateTelephonyEndpoint(msgspec.Struct, tag="TelephonyEndpoint", tag_field="_type"):
    number: PhoneText
    name: str | None = None
    functionality: list[str] = []


class CreateChatWidget(msgspec.Struct, tag="ChatWidget", tag_field="_type"):
    name: NonBlank


CreateContactEndpoint = CreateEmailEndpoint | CreateTelephonyEndpoint | CreateChatWidget
