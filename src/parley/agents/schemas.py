"""Wire shapes for agents and their presence (Dixa: Agents)."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

import msgspec
from msgspec import UNSET, UnsetType

from parley.endusers.person import PersonWire
from parley.endusers.schemas import PersonInput, PersonPatch
from parley.http.envelope import BulkActionFailure, BulkActionSuccess
from parley.http.params import NON_BLANK, any_of, documented, given
from parley.http.validate import EmailText


class Agent(PersonWire, kw_only=True):
    """An agent: the person fields (a display name and a primary email always) and roles."""

    displayName: str
    email: str
    roles: list[str]


# Text with at least one character that is not whitespace (the handler strips names).
_NAMED = {"type": "string", "pattern": NON_BLANK}
# Blank (no avatar) or an http(s) URL once stripped, as the handler checks it (the
# document names the plain whitespace only).
AvatarUrl = Annotated[str, documented(pattern=r"^[ \t\n\r]*([hH][tT][tT][pP][sS]?://[^\x00]*)?$")]
# Roles as given: at least one of them not blank (blank ones are dropped).
Roles = Annotated[list[str], documented(contains=_NAMED)]


class CreateAgent(PersonInput, forbid_unknown_fields=False):
    """Replace (PUT) body, and the fields of a new agent (``NewAgent``). `displayName` may
    be left out when a name is given (`firstName`, `lastName` or a middle name); `email`,
    left out, keeps the agent's address."""

    openapi_any_of: ClassVar[tuple[dict[str, Any], ...]] = any_of(
        given("displayName", **_NAMED),
        given("firstName", **_NAMED),
        given("lastName", **_NAMED),
        given("middleNames", type="array", contains=_NAMED),
    )

    email: EmailText | None = None
    avatarUrl: AvatarUrl | None = None
    roles: Roles | None = None


class NewAgent(CreateAgent, kw_only=True, forbid_unknown_fields=False):
    """Create (POST) body: the fields of ``CreateAgent``, `email` required."""

    email: EmailText


class PatchAgent(PersonPatch, forbid_unknown_fields=False):
    """PATCH body: only the fields present change; `null` clears an optional field."""

    email: EmailText | UnsetType | None = UNSET
    avatarUrl: AvatarUrl | UnsetType | None = UNSET
    roles: Roles | UnsetType | None = UNSET


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
