"""Wire shapes for custom attribute definitions (Dixa: Custom Attributes)."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from parley.http.params import NonBlank, documented

EntityType = Literal["Conversation", "Contact"]


class SelectOption(msgspec.Struct):
    id: str
    value: str
    label: str
    isDeactivated: bool
    nestedOptions: list[SelectOption]


class TextInput(msgspec.Struct, tag="Text", tag_field="_type", omit_defaults=True):
    placeholder: str | None = None


class SelectInput(msgspec.Struct, tag="Select", tag_field="_type"):
    options: list[SelectOption]


InputDefinition = TextInput | SelectInput


class CustomAttribute(msgspec.Struct, omit_defaults=True, kw_only=True):
    """``description`` is left out when there is none (Dixa's schema has a string)."""

    id: str
    entityType: EntityType
    identifier: str
    label: str
    description: str | None = None
    isRequired: bool
    isArchived: bool
    isDeactivated: bool
    createdAt: str
    inputDefinition: InputDefinition
    updatedAt: str | None = None


# --- request bodies (Parley extension: POST /v1/custom-attributes) ---


class CreateSelectOption(msgspec.Struct, forbid_unknown_fields=False):
    value: NonBlank
    label: str
    id: str | None = None
    isDeactivated: bool = False
    nestedOptions: list[CreateSelectOption] = []


class CreateTextInput(msgspec.Struct, tag="Text", tag_field="_type"):
    placeholder: str | None = None


class CreateSelectInput(msgspec.Struct, tag="Select", tag_field="_type"):
    options: Annotated[list[CreateSelectOption], documented(minItems=1)]


class CreateCustomAttribute(msgspec.Struct, forbid_unknown_fields=False):
    entityType: EntityType
    identifier: NonBlank
    label: NonBlank
    inputDefinition: CreateTextInput | CreateSelectInput
    description: str | None = None
    isRequired: bool = False


class PatchCustomAttribute(msgspec.Struct, forbid_unknown_fields=False):
    """A definition's change; what is absent stays. ``placeholder`` is a Text's and
    ``options`` a Select's (the whole list: every existing option is kept, by id, with its
    value; an option is retired by deactivating it)."""

    label: str | None = None
    description: str | None = None
    isRequired: bool | None = None
    isDeactivated: bool | None = None
    placeholder: str | None = None
    options: Annotated[list[CreateSelectOption], documented(minItems=1)] | None = None
