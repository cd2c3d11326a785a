"""Helpers of the hardening tests that act through the HTTP API only."""

from __future__ import annotations

import uuid
from typing import Any


def new_conversation(client: Any, token: str) -> int:
    """An inbound Email conversation, created through the API with ``token``."""
    auth = {"Authorization": token}
    email = f"ada-{uuid.uuid4().hex[:8]}@example.com"
    r = client.post("/v1/endusers", json={"displayName": "Ada", "email": email}, headers=auth)
    assert r.status_code in (200, 201), r.text
    requester = r.json()["data"]["id"]
    address = f"support-{uuid.uuid4().hex[:8]}@acme.email.dixa.io"
    endpoint = {"_type": "EmailEndpoint", "address": address}
    r = client.post("/v1/contact-endpoints", json=endpoint, headers=auth)
    assert r.status_code == 201, r.text
    body = {
        "_type": "Email",
        "requesterId": requester,
        "emailIntegrationId": address,
        "subject": "Help",
        "message": {"_type": "Inbound", "content": {"_type": "Text", "value": "hi"}},
    }
    r = client.post("/v1/conversations", json=body, headers=auth)
    assert r.status_code == 201, r.text
    return int(r.json()["data"]["id"])


def readme_block(heading: str, language: str = "sh", index: int = 0) -> list[str]:
    """The lines of the ``index``-th ``language`` code block under the README heading
    ``heading`` (up to the next heading of the same level)."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    level = heading.split(" ", 1)[0]
    start = text.index(heading + "\n")
    rest = text[start + len(heading) + 1 :]
    end = rest.find("\n" + level + " ")
    section = rest if end < 0 else rest[:end]
    blocks = section.split("```" + language + "\n")[1:]
    return blocks[index].split("```", 1)[0].splitlines()


def readme_command(line: str, values: dict[str, str]) -> list[str]:
    """One README shell line as arguments: the comment dropped, ``[optional …]`` parts
    dropped, ``<placeholder>``s replaced from ``values``, ``$VARIABLE``s from ``values``."""
    import re
    import shlex

    line = re.sub(r"\s+#.*$", "", line)
    line = re.sub(r"\s*\[[^\]]*\]", "", line)
    for name, value in values.items():
        line = line.replace(name, value)
    return shlex.split(line)


def shape_refusal(response: Any, semantic: list[str]) -> str | None:
    """The message of a 400 that refuses input for its shape: not one of the ``semantic``
    rules (parts of messages)."""
    if response.status_code != 400:
        return None
    message = str(response.json().get("message", ""))
    if any(part in message for part in semantic):
        return None
    return message


def document_allows(doc: dict[str, Any], method: str, path: str, body: Any) -> bool:
    """Whether the OpenAPI document ``doc`` allows ``body`` as the JSON body of the
    operation (JSON Schema 2020-12, references resolved inside the document)."""
    import jsonschema

    operation = doc["paths"][path][method.lower()]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    validator = jsonschema.Draft202012Validator({**schema, "components": doc["components"]})
    return validator.is_valid(body)
