"""Wire shapes for agents and their presence (Dixa: Agents)."""

from __future__ import annotations

from typing import Any, Literal

import msgspec
from msgspec import UNSET, UnsetType

from parley.endusers.person import PersonWire
from parley.http.envelope import BulkActionFailure, BulkActionSuccess
from parley.http.validate import EmailText, PhoneText


class Agent(PersonWire, kw_only=True):
    """An agent: the person fields (a display name and a primary email always) and roles."""

    displayName: str
    email: str
    roles: list[str]


class CreateAgent(msgspec.Struct, forbid_unknown_fields=False):
    """Create (POST) and replace (PUT) body. `displayName` may be left out when a name is
    given; `email` is required."""

    email: EmailText | None = None
    displayName: str | None = None
    firstName: str | None = None
    lastName: str | None = None
    middleNames: list[str] | None = None
    phoneNumber: PhoneText | None = None
    additionalEmails: list[EmailText] | None = None
    additionalPhoneNumbers: list[PhoneText] | None = None
    avatarUrl: str | None = None
    roles: list[str] | None = None


class PatchAgent(msgspec.Struct, forbid_unknown_fields=False):
    """PATCH body: only the fields present change; `null` clears an optional field."""

    email: EmailText | UnsetType | None = UNSET
    displayName: str | UnsetType | None = UNSET
    firstName: str | UnsetType | None = UNSET
    lastName: str | UnsetType | None = UNSET
    middleNames: list[str] | UnsetType | None = UNSET
    phoneNumber: PhoneText | UnsetType | None = UNSET
    additionalEmails: list[EmailText] | UnsetType | None = UNSET
    additionalPhoneNumbers: list[PhoneText] | UnsetType | None = UNSET
    avatarUrl: str | UnsetType | None = UNSET
    roles: list[str] | UnsetType | None = UNSET


class ReplaceAgentItem(CreateAgent, forbid_unknown_fields=False):
    """One item of the bulk PUT: the agent's `id` plus a full replacement body."""

    id: str | None = None


class PatchAgentItem(PatchAgent, forbid_unknown_fields=False):
    """One item of the bulk PATCH: the agent's `id` plus the fields to change."""

    id: str | None = None


class BulkBody(msgspec.Struct, forbid_unknown_fields=False):
    # Items are decoded one by one so that one bad item fails alone (BulkActionFailure).
    data: list[dict[str, Any]]


class AgentTeam(msgspec.Struct):
    id: str
    name: str


class Presence(msgspec.Struct, omit_defaults=True):
    userId: str
    requestTime: str
    presenceStatus: Literal["Working", "Away"]
    connectionStatus: Literal["Online", "Offline"]
    activeChannels: list[str]
    lastSeen: str | None = None


class SetPresence(msgspec.Struct, forbid_unknown_fields=False):
    presenceStatus: Literal["Working", "Away"]
    connectionStatus: Literal["Online", "Offline"] | None = None
    activeChannels: list[str] | None = None


WorkChannel = Literal["Email", "InteractiveChat", "Messaging", "Speak"]


class SetWorkingChannel(msgspec.Struct, forbid_unknown_fields=False):
    """Dixa's working-channel body: whether the agent works on one channel."""

    channel: WorkChannel
    working: bool


BulkItem = BulkActionSuccess[Agent] | BulkActionFailure
