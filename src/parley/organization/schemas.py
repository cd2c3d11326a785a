"""Wire shapes for the organisation (Dixa: Organization)."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from parley.http.params import NonBlank, documented

# What the document says of a new subdomain and avatar (the handler lower-cases and strips
# the subdomain; Python's ``\s`` also takes U+001C-U+001F and U+0085, named here).
Subdomain = Annotated[str, documented(pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")]
AvatarUrl = Annotated[str, documented(pattern=r"^https?://[^\s\x00\x1c-\x1f\x85]+$")]


class Organization(msgspec.Struct, omit_defaults=True):
    id: str
    name: str
    subdomain: str
    status: Literal["Active", "Suspended"]
    avatarUrl: str | None = None


class PatchOrganization(msgspec.Struct, forbid_unknown_fields=True):
    """Parley extension: every field optional; ``avatarUrl: null`` removes the avatar."""

    name: NonBlank | msgspec.UnsetType = msgspec.UNSET
    subdomain: Subdomain | msgspec.UnsetType = msgspec.UNSET
    avatarUrl: AvatarUrl | msgspec.UnsetType | None = msgspec.UNSET
