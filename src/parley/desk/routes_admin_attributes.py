"""Administration of custom attribute definitions (administrators only): list, create,
edit (label, description, required, a Text's placeholder, a Select's options) and
deactivate or reactivate, through the attributes service the REST API uses.

A Select's options are written one per line as ``value`` or ``value | label``; the edit
page relabels and (de)activates the existing top-level options and adds new ones (nested
options, made through the API, are kept as they are).
What all administration pages share is ``admin_pages``'s."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from parley.attributes import service as attributes
from parley.attributes.schemas import (
    CreateCustomAttribute,
    CreateSelectInput,
    CreateSelectOption,
    CreateTextInput,
    CustomAttribute,
    PatchCustomAttribute,
    SelectInput,
    SelectOption,
)
from parley.desk.admin_pages import admin_action, admin_scope, choice, list_page
from parley.desk.render import page
from parley.desk.scope import Desk
from parley.errors import Invalid

BACK = "/admin/attributes"
ENTITIES = ("Conversation", "Contact")


def parse_options(text: str) -> list[CreateSelectOption]:
    """``value`` or ``value | label`` per line (blank lines skipped)."""
    found = []
    for line in text.splitlines():
        value, _, label = line.partition("|")
        if value.strip():
            found.append(
                CreateSelectOption(value=value.strip(), label=label.strip() or value.strip())
            )
    return found


def _kept(option: SelectOption) -> CreateSelectOption:
    return CreateSelectOption(
        value=option.value,
        label=option.label,
        id=option.id,
        isDeactivated=option.isDeactivated,
        nestedOptions=[_kept(o) for o in option.nestedOptions],
    )


@get("/admin/attributes", include_in_schema=False)
async def attributes_page(request: Request[Any, Any, Any]) -> Response[str]:
    return await list_page(
        request,
        "admin_attributes.html",
        "attributes",
        attributes.list_definitions,
        entities=ENTITIES,
    )


@post("/admin/attributes", include_in_schema=False)
async def create_attribute(request: Request[Any, Any, Any]) -> Response[Any]:
    async def run(desk: Desk) -> None:
        kind = desk.text("kind")
        entity = choice(desk, "entity", ENTITIES, "Choose Conversation or Contact")
        spec: CreateTextInput | CreateSelectInput
        if kind == "Text":
            spec = CreateTextInput(placeholder=desk.text("placeholder") or None)
        elif kind == "Select":
            spec = CreateSelectInput(options=parse_options(desk.raw("options")))
        else:
            raise Invalid("Choose Text or Select")
        body = CreateCustomAttribute(
            entityType=entity,  # type: ignore[arg-type]  # checked above
            identifier=desk.text("identifier"),
            label=desk.text("label"),
            inputDefinition=spec,
            description=desk.text("description") or None,
            isRequired=desk.text("required") == "on",
        )
        await attributes.create(desk.ctx, body)

    return await admin_action(request, BACK, run)


@get("/admin/attributes/{attribute_id:str}", include_in_schema=False)
async def attribute_page(
    request: Request[Any, Any, Any], attribute_id: FromPath[str]
) -> Response[str]:
    async with admin_scope(request, write=False) as desk:
        found = await attributes.get(desk.ctx, attribute_id)
        return page("admin_attribute.html", desk=desk, a=found)


def _patch(desk: Desk, current: CustomAttribute) -> PatchCustomAttribute:
    body = PatchCustomAttribute(
        label=desk.text("label"),
        description=desk.text("description"),
        isRequired=desk.text("required") == "on",
    )
    spec = current.inputDefinition
    if isinstance(spec, SelectInput):
        options = [_kept(o) for o in spec.options]
        for option in options:
            assert option.id is not None
            option.label = desk.text(f"label-{option.id}") or option.label
            option.isDeactivated = desk.text(f"active-{option.id}") != "on"
        body.options = options + parse_options(desk.raw("new_options"))
    else:
        body.placeholder = desk.text("placeholder")
    return body


@post("/admin/attributes/{attribute_id:str}", include_in_schema=False)
async def edit_attribute(
    request: Request[Any, Any, Any], attribute_id: FromPath[str]
) -> Response[Any]:
    async def run(desk: Desk) -> None:
        current = await attributes.get(desk.ctx, attribute_id)
        await attributes.update(desk.ctx, attribute_id, _patch(desk, current))

    return await admin_action(request, f"{BACK}/{attribute_id}", run)


@post("/admin/attributes/{attribute_id:str}/state", include_in_schema=False)
async def attribute_state(
    request: Request[Any, Any, Any], attribute_id: FromPath[str]
) -> Response[Any]:
    async def run(desk: Desk) -> None:
        state = choice(desk, "state", ("active", "deactivated"), "Choose active or deactivated")
        patch = PatchCustomAttribute(isDeactivated=state == "deactivated")
        await attributes.update(desk.ctx, attribute_id, patch)

    return await admin_action(request, BACK, run)


HANDLERS = [attributes_page, create_attribute, attribute_page, edit_attribute, attribute_state]
