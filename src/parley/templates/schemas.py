"""Wire shapes for templates (Dixa: Templates)."""

from __future__ import annotations

from typing import Literal

import msgspec

from parley.http.params import NonBlank

TemplateType = Literal["QuickResponse", "EmailAutoReply"]


class Translation(msgspec.Struct, forbid_unknown_fields=True):
    locale: str
    content: NonBlank
    isDeactivated: bool = False
    subject: str | msgspec.UnsetType = msgspec.UNSET


class Template(msgspec.Struct, omit_defaults=True):
    id: str
    name: str
    content: str
    createdBy: str
    createdAt: str
    type: TemplateType = msgspec.field(name="_type")
    lastEditedBy: str | None = None
    lastEditedAt: str | None = None
    translations: list[Translation] | None = None
    subject: str | None = None


class CreateTemplate(msgspec.Struct, forbid_unknown_fields=True):
    """Parley extension: a new template (``_type`` QuickResponse unless given)."""

    name: NonBlank
    content: NonBlank
    type: TemplateType = msgspec.field(default="QuickResponse", name="_type")
    subject: str | None = None
    translations: list[Translation] = msgspec.field(default_factory=list)


class PatchTemplate(msgspec.Struct, forbid_unknown_fields=True):
    """Parley extension: fields left out keep their value; ``translations`` replaces the
    whole list; ``subject: null`` removes the subject."""

    name: NonBlank | msgspec.UnsetType = msgspec.UNSET
    content: NonBlank | msgspec.UnsetType = msgspec.UNSET
    type: TemplateType | msgspec.UnsetType = msgspec.field(default=msgspec.UNSET, name="_type")
    subject: str | msgspec.UnsetType | None = msgspec.UNSET
    translations: list[Translation] | msgspec.UnsetType = msgspec.UNSET


class RenderedTemplate(msgspec.Struct, omit_defaults=True):
    """Parley extension: a template's text for one conversation, placeholders filled."""

    templateId: str
    conversationId: int
    locale: str | None
    content: str
    subject: str | None = None
