"""Wire shapes for teams (Dixa: Teams)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from parley.http.params import NonBlank, UuidText, documented


class Team(msgspec.Struct, omit_defaults=True):
    id: str
    name: str


class CreateTeam(msgspec.Struct, forbid_unknown_fields=False):
    name: NonBlank


class TeamMember(msgspec.Struct, omit_defaults=True):
    id: str
    name: str | None = None
    email: str | None = None
    phoneNumber: str | None = None


class TeamAgentIds(msgspec.Struct, forbid_unknown_fields=False):
    agentIds: Annotated[list[UuidText], documented(minItems=1)]
