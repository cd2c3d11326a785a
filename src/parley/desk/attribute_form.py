"""The conversation page's custom-attribute form: one field per active Conversation
definition, and the patch a submitted form makes.

Rules:
- A Text definition is a text box; an empty box unsets the value.
- A Select definition is a drop-down of its active options, nested options as their path
  ("Parent / Child"), plus "Not set"; each option's value is the JSON list of the option
  values on its path, which is what the conversation-attributes service takes.
- The form shows the first ``inbox.OPTIONS`` definitions in the API's order; when there are
  more, the page says so (the others are edited through the API), nothing is dropped
  silently.
- The submitted form patches every shown field at once; the service skips unchanged
  values, checks every value before writing, and writes one activity entry and event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec

from parley.attributes.schemas import CustomAttribute, SelectInput, SelectOption
from parley.attributes.service import list_definitions
from parley.conversation_attributes.schemas import ConversationAttribute
from parley.desk import inbox
from parley.errors import Invalid
from parley.uow import Ctx

PREFIX = "attr-"
BAD_CHOICE = "Choose one of the offered values"


@dataclass
class Field:
    id: str
    label: str
    kind: str  # Text | Select
    value: str  # the text, or the chosen option's JSON path ("" when unset)
    placeholder: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)  # (JSON path, label)


@dataclass
class Form:
    fields: list[Field]
    more: bool  # more definitions than the form shows


def _paths(options: list[SelectOption], above: list[str], label: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for option in options:
        if option.isDeactivated:
            continue
        path = [*above, option.value]
        name = f"{label} / {option.label}" if label else option.label
        out.append((msgspec.json.encode(path).decode(), name))
        out += _paths(option.nestedOptions, path, name)
    return out


def _field(definition: CustomAttribute, current: str | list[str] | None) -> Field:
    spec = definition.inputDefinition
    if isinstance(spec, SelectInput):
        chosen = "" if not current else msgspec.json.encode(current).decode()
        return Field(definition.id, definition.label, "Select", chosen,
                     options=_paths(spec.options, [], ""))  # fmt: skip
    text = current if isinstance(current, str) else ""
    return Field(definition.id, definition.label, "Text", text,
                 placeholder=spec.placeholder or "")  # fmt: skip


async def load(ctx: Ctx, values: list[ConversationAttribute]) -> Form:
    found = await list_definitions(ctx, page_key=None, page_limit=inbox.OPTIONS)
    current = {v.id: v.value for v in values}
    shown = [
        _field(d, current.get(d.id))
        for d in found.data
        if d.entityType == "Conversation" and not (d.isArchived or d.isDeactivated)
    ]
    return Form(shown, more=found.meta.next is not None)


def patch_body(form: Form, submitted: dict[str, Any]) -> dict[str, Any]:
    """The service patch of a submitted form: every shown field, ``None`` for unset."""
    body: dict[str, Any] = {}
    for f in form.fields:
        raw = submitted.get(PREFIX + f.id)
        value = raw.strip() if isinstance(raw, str) else ""
        if f.kind == "Text":
            body[f.id] = value or None
        elif not value:
            body[f.id] = None
        elif value in {path for path, _ in f.options}:
            body[f.id] = msgspec.json.decode(value)
        else:
            raise Invalid(BAD_CHOICE)
    return body
