"""Custom attribute definitions: creation rules, reads, and value validation.

Other domains (conversations, end users) call :func:`get_definitions` and
:func:`validate_value` to check and normalise the values patched onto an entity.
"""

from __future__ import annotations

from typing import Any

from parley.attributes import repository as repo
from parley.attributes.repository import AttributeRow
from parley.attributes.schemas import (
    CreateCustomAttribute,
    CreateSelectInput,
    CreateSelectOption,
    CustomAttribute,
    SelectInput,
    SelectOption,
    TextInput,
)
from parley.errors import Invalid, found, invalid_body
from parley.http.envelope import Page
from parley.http.listing import list_page
from parley.kit.clock import to_iso
from parley.kit.ids import new_id
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


def _option_to_wire(opt: dict[str, Any]) -> SelectOption:
    return SelectOption(
        id=opt["id"],
        value=opt["value"],
        label=opt["label"],
        isDeactivated=bool(opt.get("isDeactivated")),
        nestedOptions=[_option_to_wire(o) for o in opt.get("nestedOptions") or []],
    )


def to_wire(row: AttributeRow) -> CustomAttribute:
    spec = row.input_definition
    if spec.get("_type") == "Select":
        input_def: TextInput | SelectInput = SelectInput(
            options=[_option_to_wire(o) for o in spec.get("options") or []]
        )
    else:
        input_def = TextInput(placeholder=spec.get("placeholder"))
    return CustomAttribute(
        id=row.id,
        entityType=row.entity_type,  # type: ignore[arg-type]
        identifier=row.identifier,
        label=row.label,
        description=row.description,
        isRequired=row.is_required,
        isArchived=row.is_archived,
        isDeactivated=row.is_deactivated,
        createdAt=to_iso(row.created_at) or "",
        inputDefinition=input_def,
        updatedAt=to_iso(row.updated_at),
    )


# --- use cases ---


def _options(options: list[CreateSelectOption], path: str) -> list[dict[str, Any]]:
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


def _input_definition(body: CreateCustomAttribute) -> dict[str, Any]:
    spec = body.inputDefinition
    if isinstance(spec, CreateSelectInput):
        if not spec.options:
            raise invalid_body("inputDefinition.options must have at least one option")
        return {"_type": "Select", "options": _options(spec.options, "inputDefinition.options")}
    out: dict[str, Any] = {"_type": "Text"}
    if spec.placeholder is not None:
        out["placeholder"] = spec.placeholder
    return out


async def create(ctx: Ctx, body: CreateCustomAttribute) -> CustomAttribute:
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


async def get(ctx: Ctx, attribute_id: str) -> CustomAttribute:
    row = found(await repo.get(ctx.tx, ctx.org_id, attribute_id))
    return to_wire(row)


async def list_definitions(
    ctx: Ctx, *, page_key: str | None, page_limit: int | None
) -> Page[CustomAttribute]:
    return await list_page(ctx, page_key, page_limit, repo.list_page, to_wire)
