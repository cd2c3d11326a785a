"""Wire shapes for tags (Dixa: Tags)."""

from __future__ import annotations

from typing import Literal

import msgspec

from parley.http.params import NonBlank


class Tag(msgspec.Struct, omit_defaults=True):
    id: str
    name: str
    state: Literal["Active", "Inactive"]
    color: str | None = None


class CreateTag(msgspec.Struct, forbid_unknown_fields=False):
    name: NonBlank
    color: str | None = None
