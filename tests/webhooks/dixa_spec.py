"""Dixa's published OpenAPI document as a test oracle (no tests here): the response a
Dixa client expects for an operation, checked with a JSON-schema validator.

The document is ``../shared/spec/dixa-openapi.yaml`` beside the repository (or the file
``PARLEY_DIXA_OPENAPI`` names); a test that needs it skips, saying so, when it is absent.
Its ``/beta`` paths mirror ``/v1``. Its ``oneOf`` unions are checked as ``anyOf``: several
of its alternatives share a shape (``EmailForward``, ``FollowUp`` and ``SideConversation``
are all ``{parentId}``), so exactly-one can never hold for them.
"""

from __future__ import annotations

import copy
import functools
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

DEFAULT = Path(__file__).resolve().parents[3] / "shared" / "spec" / "dixa-openapi.yaml"


def _any_of(node: Any) -> Any:
    if isinstance(node, dict):
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
        doc: dict[str, Any] = yaml.safe_load(f)
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
