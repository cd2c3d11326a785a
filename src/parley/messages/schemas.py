"""Wire shapes for messages (Dixa: Messages of a conversation)."""

from __future__ import annotations

from typing import Literal

import msgspec


class _Content(msgspec.Struct, tag_field="_type", tag=lambda name: name.removesuffix("Content")):
    """A message's content, tagged with its format (``TextContent``: ``Text``)."""

    value: str


class TextContent(_Content):
    pass


class HtmlContent(_Content):
    pass


class MarkdownContent(_Content):
    pass


Content = TextContent | HtmlContent | MarkdownContent


class File(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=False):
    url: str
    prettyName: str | None = None


class InboundMessage(msgspec.Struct, tag="Inbound", tag_field="_type", omit_defaults=True):
    content: Content
    attachments: list[File] = []
    externalId: str | None = None
    integrationEmail: str | None = None


class OutboundMessage(msgspec.Struct, tag="Outbound", tag_field="_type", omit_defaults=True):
    agentId: str
    content: Content
    attachments: list[File] = []
    externalId: str | None = None
    integrationEmail: str | None = None
    cc: list[str] = []
    bcc: list[str] = []


MessageInput = InboundMessage | OutboundMessage


class AddedMessage(msgspec.Struct, omit_defaults=True):
    content: Content
    direction: Literal["Inbound", "Outbound", "Internal"]
    authorId: str | None
    messageId: str
    createdAt: str
    externalId: str | None = None


class EmailContact(msgspec.Struct, omit_defaults=True):
    email: str
    name: str | None = None


class RegularEmailContent(msgspec.Struct, tag="Regular", tag_field="_type"):
    content: Content


class Attachment(msgspec.Struct, omit_defaults=True):
    url: str
    prettyName: str | None = None


class _EmailBorneAttributes(
    msgspec.Struct, tag_field="_type", tag=True, omit_defaults=True, kw_only=True
):
    """The attributes of a message that came or went by email (Email and ContactForm),
    tagged with the class name."""

    isAutoReply: bool
    emailContent: RegularEmailContent | None = None  # None: anonymized
    from_: EmailContact | None = msgspec.field(default=None, name="from")
    to: list[EmailContact]
    cc: list[EmailContact]
    bcc: list[EmailContact]
    attachments: list[Attachment]
    direction: str | None = None


class EmailAttributes(_EmailBorneAttributes, kw_only=True):
    replyDefaultToEmails: list[EmailContact] = []
    inlineImages: list[Attachment] = []


class ContactFormAttributes(_EmailBorneAttributes):
    pass


class ChatAttributes(
    msgspec.Struct, tag="ChatAttributes", tag_field="_type", omit_defaults=True, kw_only=True
):
    isAutomated: bool
    content: Content | None = None
    attachments: list[Attachment]
    direction: str | None = None


class _Generic(msgspec.Struct, tag_field="_type", tag=True, omit_defaults=True, kw_only=True):
    """The attributes of the other channels' messages, tagged with the class name."""

    content: Content | None = None
    attachments: list[Attachment]
    direction: str | None = None


class SmsAttributes(_Generic):
    pass


class WhatsAppAttributes(_Generic):
    pass


class FacebookMessengerAttributes(_Generic):
    pass


class TwitterAttributes(_Generic):
    pass


class GenericAttributes(_Generic):
    pass


MessageAttributes = (
    EmailAttributes
    | ContactFormAttributes
    | ChatAttributes
    | SmsAttributes
    | WhatsAppAttributes
    | FacebookMessengerAttributes
    | TwitterAttributes
    | GenericAttributes
)


class Message(msgspec.Struct, omit_defaults=True):
    id: str
    authorId: str | None
    createdAt: str
    attributes: MessageAttributes
    externalId: str | None = None
