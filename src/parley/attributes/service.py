"""Custom attribute definitions: creation rules, reads, and value validation.

Other domains (conversations, end users) call :func:`get_definitions` and
:func:`validate_value` to check and normalise the values patched onto an entity.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from parley.attributes import repository as repo
from parley.attributes import schemas as wire
from parley.attributes.repository import AttributeRow
from parley.errors import Invalid, found, invalid_body
from parley.http.envelope import Page
from parley.http.listing import list_page
from parley.kit.clock import to_iso
from parley.kit.ids import new_id
from parley.kit.wire import from_row
from parley.store import Tx
from parley.uow import Ctx

INVALID_PATCH = "Invalid input for patching"

# --- value validation (used by other domains) ---


def _active_values(options: list[dict[str, Any]], into: set[str]) -> set[str]:
    for opt in options:
        if not opt.get("isDeactivated"):
            into.add(str(opt["value"]))
            _active_values(opt.get("nestedOptions") or [], into)
    return into


def validate_value(definition: AttributeRow, value: object) -> str | list[str] | None:
    """Check one value against its definition and return it normalised.

    - ``None`` unsets the attribute and is returned as ``None``.
    - Text: a string (returned as given).
    - Select: a list of values of active options (nested options included); duplicates
      are dropped, order kept. An empty list is returned as ``[]``.
    - An archived or deactivated definition takes no value other than ``None``.

    Raises ``Invalid("Invalid input for patching")`` for anything else.
    """
    if value is None:
        return None
    if definition.is_archived or definition.is_deactivated:
        raise Invalid(INVALID_PATCH)
    kind = definition.input_definition.get("_type")
    if kind == "Text":
        if not isinstance(value, str):
            raise Invalid(INVALID_PATCH)
        return value
    if kind == "Select":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise Invalid(INVALID_PATCH)
        allowed = _active_values(definition.input_definition.get("options") or [], set())
        out: list[str] = []
        for v in value:
            if v not in allowed:
                raise Invalid(INVALID_PATCH)
            if v not in out:
                out.append(v)
        return out
    raise Invalid(INVALID_PATCH)


async def get_definitions(
    tx: Tx, org_id: str, ids: list[str], entity_type: str | None
) -> dict[str, AttributeRow]:
    """The definitions among ``ids`` of the organisation (and of ``entity_type`` when given),
    by id. Unknown ids, other organisations' ids and other entity types are simply absent."""
    return {r.id: r for r in await repo.get_many(tx, org_id, list(ids), entity_type)}


# --- wire ---


def _option_to_wire(opt: dict[str, Any]) -> wire.SelectOption:
    return wire.SelectOption(
        id=opt["id"],
        value=opt["value"],
        label=opt["label"],
        isDeactivated=bool(opt.get("isDeactivated")),
        nestedOptions=[_option_to_wire(o) for o in opt.get("nestedOptions") or []],
    )


def to_wire(row: AttributeRow) -> wire.CustomAttribute:
    spec = row.input_definition
    if spec.get("_type") == "Select":
        input_def: wire.TextInput | wire.SelectInput = wire.SelectInput(
            options=[_option_to_wire(o) for o in spec.get("options") or []]
        )
    else:
        input_def = wire.TextInput(placeholder=spec.get("placeholder"))
    return from_row(
        wire.CustomAttribute,
        row,
        createdAt=to_iso(row.created_at) or "",
        inputDefinition=input_def,
        updatedAt=to_iso(row.updated_at),
    )


# --- use cases ---


def _options(options: list[wire.CreateSelectOption], path: str) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for opt in options:
        value = opt.value.strip()
        if not value:
            raise invalid_body(f"{path} option value must not be empty")
        if value in seen:
            raise invalid_body(f"{path} option values must be unique ({value!r} repeated)")
        seen.add(value)
        out.append(
            {
                "id": opt.id or new_id(),
                "value": value,
                "label": opt.label,
                "isDeactivated": opt.isDeactivated,
                "nestedOptions": _options(opt.nestedOptions, f"{path}.nestedOptions"),
            }
        )
    return out


def _input_definition(body: wire.CreateCustomAttribute) -> dict[str, Any]:
    spec = body.inputDefinition
    if isinstance(spec, wire.CreateSelectInput):
        if not spec.options:
            raise invalid_body("inputDefinition.options must have at least one option")
        return {"_type": "Select", "options": _options(spec.options, "inputDefinition.options")}
    out: dict[str, Any] = {"_type": "Text"}
    if spec.placeholder is not None:
        out["placeholder"] = spec.placeholder
    return out


async def create(ctx: Ctx, body: wire.CreateCustomAttribute) -> wire.CustomAttribute:
    identifier = body.identifier.strip()
    label = body.label.strip()
    if not identifier:
        raise invalid_body("identifier must not be empty")
    if not label:
        raise invalid_body("label must not be empty")
    input_def = _input_definition(body)
    taken = invalid_body(f"identifier {identifier!r} already exists for {body.entityType}")
    if await repo.identifier_taken(ctx.tx, ctx.org_id, body.entityType, identifier):
        raise taken
    row = AttributeRow(
        id=new_id(),
        entity_type=body.entityType,
        identifier=identifier,
        label=label,
        description=body.description,
        is_required=body.isRequired,
        is_archived=False,
        is_deactivated=False,
        input_definition=input_def,
        created_at=ctx.now,
        updated_at=None,
    )
    if not await repo.insert(ctx.tx, ctx.org_id, row):  # lost a race to the same identifier
        raise taken
    await ctx.emit(
        "CustomAttributeCreated",
        {
            "custom_attribute": {
                "id": row.id,
                "entity_type": row.entity_type,
                "identifier": identifier,
            }
        },
    )
    return to_wire(row)


async def get(ctx: Ctx, attribute_id: str) -> wire.CustomAttribute:
    row = found(await repo.get(ctx.tx, ctx.org_id, attribute_id))
    return to_wire(row)


async def list_definitions(
    ctx: Ctx, *, page_key: str | None, page_limit: int | None
) -> Page[wire.CustomAttribute]:
    return await list_page(ctx, page_key, page_limit, repo.list_page, to_wire)


def _values_by_id(options: list[dict[str, Any]], into: dict[str, str]) -> dict[str, str]:
    for opt in options:
        into[str(opt["id"])] = str(opt["value"])
        _values_by_id(opt.get("nestedOptions") or [], into)
    return into


def _patched_input(row: AttributeRow, body: wire.PatchCustomAttribute) -> dict[str, Any]:
    """The input definition after ``body``: a Text's placeholder, or a Select's options,
    where every existing option (nested ones too) stays, by id, with its value, since
    stored values name it; new options are added and old ones (de)activated or
    relabelled."""
    spec = dict(row.input_definition)
    if spec.get("_type") == "Select":
        if body.placeholder is not None:
            raise invalid_body("placeholder is a Text attribute's")
        if body.options is None:
            return spec
        options = _options(body.options, "options")
        if not options:
            raise invalid_body("options must have at least one option")
        new = _values_by_id(options, {})
        for option_id, value in _values_by_id(spec.get("options") or [], {}).items():
            if new.get(option_id) != value:
                raise invalid_body(f"option {value!r} cannot be removed or renamed")
        return {"_type": "Select", "options": options}
    if body.options is not None:
        raise invalid_body("options are a Select attribute's")
    if body.placeholder is not None:
        spec["placeholder"] = body.placeholder.strip() or None
        if spec["placeholder"] is None:
            del spec["placeholder"]
    return spec


async def update(
    ctx: Ctx, attribute_id: str, body: wire.PatchCustomAttribute
) -> wire.CustomAttribute:
    """Changes a definition's label, description, required flag, active state and input
    (``_patched_input``); its identifier, entity type and kind never change. Logged as
    ``CustomAttributeUpdated``."""
    row = found(await repo.get(ctx.tx, ctx.org_id, attribute_id))
    label = row.label if body.label is None else body.label.strip()
    if not label:
        raise invalid_body("label must not be empty")
    description = row.description if body.description is None else body.description.strip()
    row = dataclasses.replace(
        row,
        label=label,
        description=description or None,
        is_required=row.is_required if body.isRequired is None else body.isRequired,
        is_deactivated=row.is_deactivated if body.isDeactivated is None else body.isDeactivated,
        input_definition=_patched_input(row, body),
        updated_at=ctx.now,
    )
    await repo.update(ctx.tx, ctx.org_id, row)
    data = {"id": row.id, "entity_type": row.entity_type, "identifier": row.identifier}
    await ctx.emit("CustomAttributeUpdated", {"custom_attribute": data})
    return to_wire(row)
