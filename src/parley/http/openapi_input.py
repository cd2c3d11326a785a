"""The OpenAPI document's input constraints, made to say what the handlers accept.

Applied once to the generated document (``tighten``), because the rules hold for every
operation and Litestar's generator does not know them:

- text holding NUL (U+0000) is refused everywhere (``guard.inputs``): every string a
  client sends (path, query, body) carries the pattern ``^[^\\x00]*$`` unless it has a
  tighter form already (an enum, a constant, a pattern, a uuid or date-time format);
- a body struct that refuses unknown fields (msgspec ``forbid_unknown_fields``) says so
  with ``additionalProperties: false``;
- the constraints of a struct's fields (msgspec ``Meta``: bounds, lengths, patterns, item
  counts), which msgspec checks when it decodes the body and Litestar's generator leaves
  out, are copied from msgspec's own JSON Schema of the struct;
- a rule a struct's handler checks across fields (one of several fields is required, a
  field's form depends on another's value) is the struct's ``openapi_any_of``
  (``http.params.any_of``): the component says it as ``anyOf``;
- a path or query parameter is text, never JSON ``null``: an optional one's schema loses
  the ``null`` branch Litestar's generator gives it;
- ``pageLimit`` is an integer from 1 to the route's maximum (``page_limits``, else the
  installation's ``PARLEY_PAGE_LIMIT_MAX``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import msgspec
from litestar.enums import ParamType
from litestar.openapi.spec import OpenAPI, Operation, Parameter, Reference, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType

NO_NUL = "^[^\\x00]*$"
# Formats whose values cannot hold NUL: a generator making them makes no NUL.
_CLOSED_FORMATS = frozenset({OpenAPIFormat.UUID, OpenAPIFormat.DATE_TIME, OpenAPIFormat.DATE})


def tighten(doc: OpenAPI, *, default_page_max: int, page_limits: Mapping[str, int]) -> None:
    """Add the rules above to ``doc`` in place (idempotent)."""
    structs = _structs()
    schemas = doc.components.schemas if doc.components and doc.components.schemas else {}
    for name, schema in schemas.items():
        cls = structs.get(name)
        if cls is not None:
            _copy_constraints(cls, schema)
            if cls.__struct_config__.forbid_unknown_fields:
                schema.additional_properties = False
            alternatives = getattr(cls, "openapi_any_of", ())
            if alternatives:
                schema.any_of = [_schema_of(one) for one in alternatives]
        for one in _walk(schema):
            _no_nul(one)
    for path, item in (doc.paths or {}).items():
        for operation in _operations(item):
            _tighten_operation(operation, page_limits.get(path, default_page_max))


def _tighten_operation(operation: Operation, page_max: int) -> None:
    for parameter in operation.parameters or []:
        if not isinstance(parameter, Parameter) or parameter.param_in == ParamType.HEADER:
            continue
        if parameter.name == "pageLimit" and parameter.param_in == ParamType.QUERY:
            parameter.schema = Schema(type=OpenAPIType.INTEGER, minimum=1, maximum=page_max)
        elif isinstance(parameter.schema, Schema):
            parameter.schema = _without_null(parameter.schema)
            for one in _walk(parameter.schema):
                _no_nul(one)
    body = operation.request_body
    for media in (getattr(body, "content", None) or {}).values():
        if isinstance(media.schema, Schema):
            for one in _walk(media.schema):
                _no_nul(one)


# The constraints a parameter states next to its ``oneOf`` (``schema_extra``).
_STATED = ("enum", "pattern", "format", "minimum", "maximum", "min_length", "max_length")


def _without_null(schema: Schema) -> Schema:
    """A parameter's schema without its ``null`` branch (a path or query value is text,
    never JSON null; Litestar's generator adds the branch for an optional parameter), with
    the constraints stated beside the branches moved onto the one left."""
    branches = schema.one_of or []
    real = [b for b in branches if not (isinstance(b, Schema) and b.type == OpenAPIType.NULL)]
    if len(branches) != 2 or len(real) != 1 or not isinstance(real[0], Schema):
        return schema
    kept = real[0]
    for attribute in _STATED:
        if getattr(schema, attribute) is not None:
            setattr(kept, attribute, getattr(schema, attribute))
    return kept


def _operations(item: Any) -> Iterator[Operation]:
    for method in ("get", "put", "post", "delete", "patch"):
        operation = getattr(item, method, None)
        if isinstance(operation, Operation):
            yield operation


def _no_nul(schema: Schema) -> None:
    types = schema.type if isinstance(schema.type, list) else [schema.type]
    if OpenAPIType.STRING not in types:
        return
    if schema.enum or schema.const is not None or schema.pattern:
        return
    if schema.format in _CLOSED_FORMATS:
        return
    schema.pattern = NO_NUL


def _walk(schema: Schema | Reference | None) -> Iterator[Schema]:
    """``schema`` and every schema inside it (not following references)."""
    if not isinstance(schema, Schema):
        return
    yield schema
    for group in (schema.all_of, schema.any_of, schema.one_of, schema.prefix_items):
        for inner in group or []:
            yield from _walk(inner)
    for inner in (schema.properties or {}).values():
        yield from _walk(inner)
    if isinstance(schema.items, Schema):
        yield from _walk(schema.items)
    if isinstance(schema.additional_properties, Schema):
        yield from _walk(schema.additional_properties)


def _structs() -> dict[str, type[msgspec.Struct]]:
    """Parley's msgspec structs by name (the name Litestar gives their component)."""
    found: dict[str, type[msgspec.Struct]] = {}
    todo = list(msgspec.Struct.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("parley."):
            found[cls.__name__] = cls
    return found


# The JSON Schema keywords of a constraint, and the field of Litestar's Schema for each.
_CONSTRAINTS = {
    "minimum": "minimum",
    "maximum": "maximum",
    "exclusiveMinimum": "exclusive_minimum",
    "exclusiveMaximum": "exclusive_maximum",
    "minLength": "min_length",
    "maxLength": "max_length",
    "pattern": "pattern",
    "minItems": "min_items",
    "maxItems": "max_items",
    "format": "format",
    "enum": "enum",
    "contains": "contains",
    "propertyNames": "property_names",
    "maxProperties": "max_properties",
}


# The constraints whose value is a schema.
_SCHEMAS = ("contains", "propertyNames")


def _copy_constraints(cls: type[msgspec.Struct], schema: Schema) -> None:
    try:
        _, components = msgspec.json.schema_components([cls], schema_hook=_any)
    except (TypeError, ValueError):  # a type msgspec cannot describe: nothing to copy
        return
    fields = components.get(cls.__name__, {}).get("properties", {})
    for name, target in (schema.properties or {}).items():
        if name in fields and isinstance(target, Schema):
            _merge(fields[name], target)


def _any(_: type) -> dict[str, Any]:
    """A type msgspec has no schema for (``object``, a custom type): no constraint (an
    empty schema would be taken for no answer)."""
    return {"title": "any"}


def _merge(source: Mapping[str, Any], target: Schema) -> None:
    """Copy the constraints of msgspec's ``source`` onto Litestar's ``target``, walking
    both the same way (the non-null branch of an optional, array items, map values)."""
    source = _not_null(source)
    if target.one_of or target.any_of:
        branches = [b for b in (target.one_of or target.any_of or []) if isinstance(b, Schema)]
        real = [b for b in branches if b.type != OpenAPIType.NULL]
        if len(real) == 1:
            _merge(source, real[0])
        return
    for key, attribute in _CONSTRAINTS.items():
        if key in source and getattr(target, attribute) is None:
            value = source[key]
            setattr(target, attribute, _schema_of(value) if key in _SCHEMAS else value)
    if isinstance(source.get("items"), Mapping) and isinstance(target.items, Schema):
        _merge(source["items"], target.items)
    extra = source.get("additionalProperties")
    if isinstance(extra, Mapping) and isinstance(target.additional_properties, Schema):
        _merge(extra, target.additional_properties)


def _not_null(source: Mapping[str, Any]) -> Mapping[str, Any]:
    branches = source.get("anyOf") or source.get("oneOf")
    if branches:
        real = [b for b in branches if b.get("type") != "null"]
        if len(real) == 1:
            return _not_null(real[0])
    return source


def _schema_of(source: Mapping[str, Any]) -> Schema:
    """Litestar's Schema for a JSON Schema written as a mapping (the keywords of the input
    rules: ``type``, ``required``, ``properties``, ``items``, ``contains``, ``anyOf`` and the
    constraints above)."""
    out = Schema()
    for key, value in source.items():
        if key == "type":
            value = OpenAPIType(value)
        elif key == "properties":
            value = {name: _schema_of(inner) for name, inner in value.items()}
        elif key in ("items", *_SCHEMAS):
            value = _schema_of(value)
        elif key == "anyOf":
            value = [_schema_of(inner) for inner in value]
        attribute = _CONSTRAINTS.get(key) or _KEYWORDS[key]
        setattr(out, attribute, value)
    return out


_KEYWORDS = {
    "type": "type",
    "required": "required",
    "properties": "properties",
    "items": "items",
    "anyOf": "any_of",
    "const": "const",
}
