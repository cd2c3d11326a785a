"""Dixa's published OpenAPI document as a test oracle (no tests here): the response a
Dixa client expects for an operation, checked with a JSON-schema validator.

The document is ``../shared/spec/dixa-openapi.yaml`` beside the repository (or the file
``PARLEY_DIXA_OPENAPI`` names); a test that needs it skips, saying so, when it is absent.
Its ``/beta`` paths mirror ``/v1``. Its ``oneOf`` unions are checked as ``anyOf``: several
of its alternatives share a shape (``EmailForward``, ``FollowUp`` and ``SideConversation``
are all ``{parentId}``), so exactly-one can never hold for them. An empty object schema
with a title (how the document writes an enumeration value) also accepts its title as a
string.
"""

from __future__ import annotations

import ast
import copy
import functools
import os
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

# libyaml's safe loader where PyYAML has it (a sixth of the pure-Python one's time).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT = Path(__file__).resolve().parents[3] / "shared" / "spec" / "dixa-openapi.yaml"


def _any_of(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get("type") == "object" and "title" in node and not node.get("properties"):
            # an enumeration value: Dixa writes its enums as ``oneOf`` empty objects titled
            # with each value (``BusinessHourType``: ``Regular``…), and sends the value as
            # a string (its examples and its clients agree)
            return {"anyOf": [dict(node), {"const": node["title"]}]}
        return {("anyOf" if k == "oneOf" else k): _any_of(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_any_of(v) for v in node]
    return node


@functools.cache
def _document() -> dict[str, Any] | None:
    path = Path(os.environ.get("PARLEY_DIXA_OPENAPI", DEFAULT))
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as f:
        doc: dict[str, Any] = yaml.load(f, Loader=SAFE_LOADER)
    doc["components"] = _any_of(copy.deepcopy(doc["components"]))
    return doc


def document() -> dict[str, Any]:
    doc = _document()
    if doc is None:
        pytest.skip(f"Dixa's OpenAPI document is not at {DEFAULT} (PARLEY_DIXA_OPENAPI)")
    return doc


# Where Parley deliberately answers otherwise than Dixa's schema, and why: the dotted path
# of the value in the body (``*`` for any list index; a missing required field is the
# path of the object it is missing from, then its name).
_NO_SLA = (
    "Parley has no SLA thresholds, SLA calculation or do-not-offer settings on queues; "
    "it leaves the fields out rather than inventing values"
)
EXCEPTIONS = {
    "data.entityType": "Dixa's schema makes it an object, its own examples (and clients) "
    "have the string UserAnonymizationType; Parley answers the string",
    "data.processedAt": "null until the job is done, where Dixa's schema has a string "
    "(Parley says a request is pending rather than leaving the field out)",
    "data.*.activityType": "Dixa's schema lists empty objects, its own examples have the "
    "name string (ConversationAssignedActivityType); Parley answers the string",
    **{
        f"data{star}.{name}": _NO_SLA
        for star in ("", ".*")
        for name in (
            "queueThresholds",
            "slaCalculationMethod",
            "doNotOfferTimeouts",
            "isDoNotOfferEnabled",
        )
    },
}


def _where(error: jsonschema.ValidationError) -> str:
    parts = ["*" if isinstance(p, int) else str(p) for p in error.path]
    if error.validator == "required":
        parts.append(str(error.message).split("'")[1])
    return ".".join(parts)


def check(method: str, path: str, response: Any) -> None:
    """``response`` (an HTTP response of Parley's to ``method`` ``path``, a ``/v1`` path
    template) has a status Dixa documents for the operation, and its body fits Dixa's
    schema for that status, but for the ``EXCEPTIONS``."""
    doc = document()
    operation = doc["paths"]["/beta" + path.removeprefix("/v1")][method.lower()]
    status = str(response.status_code)
    assert status in operation["responses"], (method, path, status, response.text)
    content = operation["responses"][status].get("content", {}).get("application/json")
    if content is None or "schema" not in content:
        return
    schema = {**_any_of(content["schema"]), "components": doc["components"]}
    errors = [
        e
        for e in jsonschema.Draft7Validator(schema).iter_errors(response.json())
        if _where(e) not in EXCEPTIONS
    ]
    assert not errors, (method, path, [f"{list(e.path)}: {e.message}" for e in errors[:5]])


class Checker:
    """``check`` as a call (``c(method, template, url, body)``) that collects every
    deviation, so that one run shows them all; answers the response's ``data``."""

    def __init__(self, api: Any) -> None:
        self.api = api
        self.failures: list[str] = []

    def __call__(self, method: str, template: str, url: str, body: Any = None) -> Any:
        r = (
            self.api.request(method, url, json=body)
            if body is not None
            else self.api.request(method, url)
        )
        try:
            check(method, template, r)
        except AssertionError as exc:
            self.failures.append(str(exc)[:600])
        out = r.json() if r.content else None
        return out.get("data") if isinstance(out, dict) else out


# ---- which operations the conformance cases check ------------------------------------

METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
# The callables of a conformance case, and the position of their method argument (the
# path template follows it): ``check``, a ``Checker`` (called ``c`` by convention) and
# ``assert_conforms`` of ``tests/dixa_spec.py``.
CASE_CALLS = {"check": 0, "c": 0, "assert_conforms": 1}


def operation(method: str, path: str) -> tuple[str, str]:
    """``(METHOD, /v1 path)`` with every path parameter written ``{}``."""
    v1 = "/v1" + path.removeprefix("/beta").removeprefix("/v1")
    return method.upper(), re.sub(r"\{[^}]*\}", "{}", v1)


def spec_operations() -> set[tuple[str, str]]:
    """Every operation of Dixa's document (its ``/beta`` paths mirror ``/v1``)."""
    return {
        operation(method, path)
        for path, item in document()["paths"].items()
        for method in item
        if method.upper() in METHODS
    }


def _constants(tree: ast.Module) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            value = _string(node.value, found)
            if isinstance(target, ast.Name) and value is not None:
                found[target.id] = value
    return found


def _string(node: ast.expr, names: dict[str, str]) -> str | None:
    """A string literal, a module constant, or a sum of them; else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _string(node.left, names), _string(node.right, names)
        return None if left is None or right is None else left + right
    return None


def conformance_cases(root: Path) -> dict[tuple[str, str], list[str]]:
    """The operations the test modules under ``root`` check against Dixa's document (each
    with the modules that do): calls of ``CASE_CALLS`` whose method and ``/v1`` path
    template are literal strings or module constants."""
    cases: dict[tuple[str, str], list[str]] = {}
    for module in sorted(root.rglob("test_*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        names = _constants(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            at = CASE_CALLS.get(node.func.id)
            if at is None or len(node.args) < at + 2:
                continue
            method, path = (_string(a, names) for a in node.args[at : at + 2])
            if method in METHODS and path is not None and path.startswith("/v1/"):
                where = str(module.relative_to(root))
                cases.setdefault(operation(method, path), []).append(where)
    return cases
