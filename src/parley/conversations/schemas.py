"""Wire shapes for conversations (Dixa: Conversations)."""

from __future__ import annotations

from typing import Literal

import msgspec

from parley.http.params import ConversationIdValue, NonBlank
from parley.messages.schemas import Content, File, MessageInput

Direction = Literal["Inbound", "Outbound"]


# ---- create ---------------------------------------------------------------------------


class BrowserInfo(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=False):
    name: str
    version: str | None = None
    ipAddress: str | None = None
    originatingUrl: str | None = None


class _CreateByEmail(msgspec.Struct, tag_field="_type"):
    """The fields of the two email-borne variants."""

    requesterId: str
    emailIntegrationId: str
    message: MessageInput
    subject: str | None = None
    language: str | None = None


class CreateEmail(_CreateByEmail, tag="Email"):
    pass


class CreateContactForm(_CreateByEmail, tag="ContactForm"):
    pass


class CreateChat(msgspec.Struct, tag="Chat", tag_field="_type"):
    requesterId: str
    widgetId: str
    message: MessageInput
    language: str | None = None
    browserInfo: BrowserInfo | None = None


class CreateSms(msgspec.Struct, tag="Sms", tag_field="_type"):
    requesterId: str
    contactEndpointId: str
    message: MessageInput


class CreateCallback(msgspec.Struct, tag="Callback", tag_field="_type"):
    requesterId: str
    direction: Direction
    contactEndpointId: str
    queueId: str


CreateConversation = CreateEmail | CreateContactForm | CreateChat | CreateSms | CreateCallback


class CreatedConversation(msgspec.Struct):
    id: int


# ---- read -----------------------------------------------------------------------------


class Assignment(msgspec.Struct, omit_defaults=True):
    agentId: str
    assignedAt: str | None = None


class QueueRef(msgspec.Struct, omit_defaults=True):
    id: str
    queuedAt: str | None = None


class Link(msgspec.Struct):
    parentId: int
    type_: str = msgspec.field(name="_type")


class CustomAttributeValue(msgspec.Struct):
    id: str
    name: str
    identifier: str
    value: str | list[str]


class _ConversationCore(
    msgspec.Struct, tag_field="_type", tag=True, omit_defaults=True, kw_only=True
):
    """What every conversation shape carries first; each is tagged with its class name."""

    id: int
    requesterId: str
    channel: str
    createdAt: str
    direction: str
    state: str


class _Conversation(_ConversationCore, kw_only=True):
    customAttributes: list[CustomAttributeValue]
    stateUpdatedAt: str | None = None
    assignment: Assignment | None = None
    queue: QueueRef | None = None
    link: Link | None = None


class _EmailBorne(_Conversation, kw_only=True):
    """The fields of the two email-borne conversation shapes."""

    fromEmail: str | None = None
    toEmail: str | None = None
    integrationEmail: str | None = None
    subject: str | None = None
    language: str | None = None


class EmailConversation(_EmailBorne):
    pass


class ContactFormConversation(_EmailBorne):
    pass


class ChatConversation(_Conversation, kw_only=True):
    browserInfo: BrowserInfo | None = None
    language: str | None = None


class MessengerConversation(_Conversation, kw_only=True):
    language: str | None = None


class SmsConversation(_Conversation, kw_only=True):
    fromNumber: str | None = None
    toNumber: str | None = None


class GenericConversation(_Conversation, kw_only=True):
    fromContactPointId: str | None = None
    toContactPointId: str | None = None


class PstnPhoneConversation(_Conversation):
    pass


class WhatsAppConversation(_Conversation):
    pass


class FacebookMessengerConversation(_Conversation):
    pass


class TwitterConversation(_Conversation, kw_only=True):
    conversationType: str | None = None
    endUserTwitterId: str | None = None
    contactPointTwitterId: str | None = None


class AnonymizedConversation(_ConversationCore, kw_only=True):
    anonymizedAt: str
    stateUpdatedAt: str | None = None
    link: Link | None = None


Conversation = (
    EmailConversation
    | ContactFormConversation
    | ChatConversation
    | MessengerConversation
    | SmsConversation
    | GenericConversation
    | PstnPhoneConversation
    | WhatsAppConversation
    | FacebookMessengerConversation
    | TwitterConversation
    | AnonymizedConversation
)


# ---- link -----------------------------------------------------------------------------


class LinkConversation(msgspec.Struct):
    parentId: ConversationIdValue
    linkType: Literal["Related", "SideConversation", "FollowUp", "EmailForward"]


# ---- import ---------------------------------------------------------------------------


class InboundImport(msgspec.Struct, tag="InboundImport", tag_field="_type"):
    content: Content
    createdAt: str
    attachments: list[File] = []
    externalId: str | None = None


class OutboundImport(msgspec.Struct, tag="OutboundImport", tag_field="_type"):
    agentId: str
    content: Content
    createdAt: str
    attachments: list[File] = []
    externalId: str | None = None


class ImportAssignment(msgspec.Struct):
    agentId: str
    assignedAt: str | None = None


class ImportClosing(msgspec.Struct):
    closedAt: str
    closedBy: str | None = None


class GenericConversationImport(msgspec.Struct, tag="GenericConversationImport", tag_field="_type"):
    genericChannelName: NonBlank
    requesterId: str
    direction: Direction
    createdAt: str
    messages: list[InboundImport | OutboundImport] = []
    requesterConnectionStatus: Literal["Connected", "Disconnected"] | None = None
    assignment: ImportAssignment | None = None
    externalId: str | None = None
    closing: ImportClosing | None = None
    attributes: dict[str, object] | None = None


ImportConversation = GenericConversationImport


class PartialError(msgspec.Struct):
    message: str


class ImportedConversation(msgspec.Struct, omit_defaults=True):
    id: int
    partialErrors: list[PartialError] = []
