"""Wire shapes for teams (Dixa: Teams)."""

from __future__ import annotations

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
