"""Wire shapes for teams (Dixa: Teams)."""

from __future__ import annotations

from typing import Literal

import msgspec


class Team(msgspec.Struct, omit_defaults=True):
    id: str
    name: str


class CreateTeam(msgspec.Struct, forbid_unknown_fields=False):
    name: str


class TeamMember(msgspec.Struct, omit_defaults=True):
    id: str
    name: str | None = None
    email: str | None = None
    phoneNumber: str | None = None


class TeamAgentIds(msgspec.Struct, forbid_unknown_fields=False):
    agentIds: list[str]


class Presence(msgspec.Struct, omit_defaults=True):
    userId: str
    requestTime: str
    presenceStatus: Literal["Working", "Away"]
    connectionStatus: Literal["Online", "Offline"]
    activeChannels: list[str]  # required: an empty list is still sent
    lastSeen: str | None = None
