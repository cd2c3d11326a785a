"""Administration of custom attribute definitions (administrators only): list, create,
edit (label, description, required, a Text's placeholder, a Select's options) and
deactivate or reactivate, through the attributes service the REST API uses.

A Select's options are written one per line as ``value`` or ``value | label``; the edit
page relabels and (de)activates the existing top-level options and adds new ones (nested
options, made through the API, are kept as they are).
What all administration pages share is ``admin_pages``'s."""

from __future__ import annotations

from typing import Any

from parley.attributes import schemas as wire
from parley.attributes import service as attributes
from parley.desk.admin_pages import AdminPages, choice
from parley.desk.scope import Desk
from parley.errors import Invalid

ATTRIBUTES = AdminPages("/admin/attributes")
ENTITIES = ("Conversation", "Contact")


def parse_options(text: str) -> list[wire.CreateSelectOption]:
    """``value`` or ``value | label`` per line (blank lines skipped)."""
    found = []
    for line in text.splitlines():
        value, _, label = line.partition("|")
        if value.strip():
            found.append(
                wire.CreateSelectOption(value=value.strip(), label=label.strip() or value.strip())
            )
    return found


def _kept(option: wire.SelectOption) -> wire.CreateSelectOption:
    return wire.CreateSelectOption(
        value=option.value,
        label=option.label,
        id=option.id,
        isDeactivated=option.isDeactivated,
        nestedOptions=[_kept(o) for o in option.nestedOptions],
    )


attributes_page = ATTRIBUTES.listing(
    "admin_attributes.html", "attributes", attributes.list_definitions, entities=ENTITIES
)


@ATTRIBUTES.form()
async def create_attribute(desk: Desk) -> None:
    kind = desk.text("kind")
    entity = choice(desk, "entity", ENTITIES, "Choose Conversation or Contact")
    spec: wire.CreateTextInput | wire.CreateSelectInput
    if kind == "Text":
        spec = wire.CreateTextInput(placeholder=desk.text("placeholder") or None)
    elif kind == "Select":
        spec = wire.CreateSelectInput(options=parse_options(desk.raw("options")))
    else:
        raise Invalid("Choose Text or Select")
    body = wire.CreateCustomAttribute(
        entityType=entity,  # type: ignore[arg-type]  # checked above
        identifier=desk.text("identifier"),
        label=desk.text("label"),
        inputDefinition=spec,
        description=desk.text("description") or None,
        isRequired=desk.text("required") == "on",
    )
    await attributes.create(desk.ctx, body)


@ATTRIBUTES.view("/{attribute_id:str}", "admin_attribute.html")
async def attribute_page(desk: Desk, attribute_id: str) -> dict[str, Any]:
    return {"a": await attributes.get(desk.ctx, attribute_id)}


def _patch(desk: Desk, current: wire.CustomAttribute) -> wire.PatchCustomAttribute:
    body = wire.PatchCustomAttribute(
        label=desk.text("label"),
        description=desk.text("description"),
        isRequired=desk.text("required") == "on",
    )
    spec = current.inputDefinition
    if isinstance(spec, wire.SelectInput):
        options = [_kept(o) for o in spec.options]
        for option in options:
            assert option.id is not None
            option.label = desk.text(f"label-{option.id}") or option.label
            option.isDeactivated = desk.text(f"active-{option.id}") != "on"
        body.options = options + parse_options(desk.raw("new_options"))
    else:
        body.placeholder = desk.text("placeholder")
    return body


@ATTRIBUTES.form("/{attribute_id:str}", back="/{attribute_id}")
async def edit_attribute(desk: Desk, attribute_id: str) -> None:
    current = await attributes.get(desk.ctx, attribute_id)
    await attributes.update(desk.ctx, attribute_id, _patch(desk, current))


@ATTRIBUTES.form("/{attribute_id:str}/state")
async def attribute_state(desk: Desk, attribute_id: str) -> None:
    state = choice(desk, "state", ("active", "deactivated"), "Choose active or deactivated")
    patch = wire.PatchCustomAttribute(isDeactivated=state == "deactivated")
    await attributes.update(desk.ctx, attribute_id, patch)


HANDLERS = [attributes_page, create_attribute, attribute_page, edit_attribute, attribute_state]
