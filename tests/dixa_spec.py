"""Responses checked against the response schemas of Dixa's OpenAPI document.

Dixa's document describes its enumerations as ``oneOf`` empty objects titled with each
value (``BusinessHourType``: ``Regular``, ``Holiday``, …) while its examples and its API
send the value as a string, and some ``oneOf`` variants are identical (``Template``). So a
``oneOf`` is read as "any of", and an empty titled object variant accepts its title as a
string. Everything else is JSON Schema as written: types, required properties, items.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

# Dixa's published document: $PARLEY_DIXA_OPENAPI, else ../shared/spec next to the checkout.
_SPEC_CANDIDATES = (
    Path(os.environ.get("PARLEY_DIXA_OPENAPI", "")),
    Path(__file__).resolve().parents[2] / "shared" / "spec" / "dixa-openapi.yaml",
)


# libyaml's safe loader where PyYAML has it: the same document, read in a sixth of the time
# (a second of CPU in every worker process with the pure-Python one).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def document() -> dict[str, Any]:
    for path in _SPEC_CANDIDATES:
        if path.is_file():
            doc: dict[str, Any] = yaml.load(path.read_text(), Loader=SAFE_LOADER)
            return doc
    pytest.skip("Dixa's OpenAPI document not found (set PARLEY_DIXA_OPENAPI)")


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


_TYPES: dict[str, Any] = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "array": list,
    "object": dict,
}


def errors(value: Any, schema: dict[str, Any], at: str = "$") -> list[str]:
    schema = _resolve(schema)
    variants = schema.get("oneOf") or schema.get("anyOf")
    if variants:
        found = [errors(value, v, at) for v in variants]
        if any(not e for e in found):
            return []
        titles = [_resolve(v).get("title") for v in variants]
        return [f"{at}: {value!r} matches none of {titles}: {found}"]
    kind = schema.get("type")
    if kind == "object" and not schema.get("properties") and isinstance(value, str):
        return [] if value == schema.get("title") else [f"{at}: {value!r} is not {schema}"]
    if kind is not None:
        expected = _TYPES[kind]
        if not isinstance(value, expected) or (kind != "boolean" and isinstance(value, bool)):
            return [f"{at}: {value!r} is not {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{at}: {value!r} not in {schema['enum']}"]
    out: list[str] = []
    if isinstance(value, dict):
        out += [f"{at}: {name} missing" for name in schema.get("required", []) if name not in value]
        for name, sub in schema.get("properties", {}).items():
            if name in value and value[name] is not None:
                out += errors(value[name], sub, f"{at}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            out += errors(item, schema["items"], f"{at}[{i}]")
    return out


def response_schema(method: str, path: str, status: int) -> dict[str, Any]:
    """The schema of Dixa's answer to ``method path`` (a /v1 path with {params})."""
    beta = re.sub(r"^/v1", "/beta", path)
    answer = document()["paths"][beta][method.lower()]["responses"][str(status)]
    schema: dict[str, Any] = answer["content"]["application/json"]["schema"]
    return schema


def assert_conforms(body: Any, method: str, path: str, status: int = 200) -> None:
    found = errors(body, response_schema(method, path, status))
    assert not found, found
