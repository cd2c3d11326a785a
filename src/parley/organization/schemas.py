"""Wire shapes for the organisation (Dixa: Organization)."""

from __future__ import annotations

from typing import Literal

import msgspec

from parley.http.params import NonBlank


class Organization(msgspec.Struct, omit_defaults=True):
    id: str
    name: str
    subdomain: str
    status: Literal["Active", "Suspended"]
    avatarUrl: str | None = None


class PatchOrganization(msgspec.Struct, forbid_unknown_fields=True):
    """Parley extension: every field optional; ``avatarUrl: null`` removes the avatar."""

    name: NonBlank | msgspec.UnsetType = msgspec.UNSET
    subdomain: str | msgspec.UnsetType = msgspec.UNSET
    avatarUrl: str | msgspec.UnsetType | None = msgspec.UNSET
