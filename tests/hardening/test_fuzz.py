"""A bounded property-based run against the OpenAPI document, on a real server per store:
whatever schemathesis generates (valid and invalid input, for every operation), Parley
answers without a 5xx; and input the document allows is not refused for its shape. The
cases are generated once and sent to each store's server (``fixtures.fuzz``)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from fixtures.fuzz import allowed_input, any_input, described
from fixtures.hardening import parley, serve
from fixtures.harness import free_port
from fixtures.web import body_fields, loopback, shape_refusal

EXAMPLES = 400  # across all operations; about a second per hundred on a busy machine
QUIET = {"PARLEY_LOG_LEVEL": "WARNING", "PARLEY_EMBEDDED_WORKER": "false"}


@dataclass
class Served:
    base: str
    url: str  # the store's
    document: bytes  # its /openapi.json


@pytest.fixture(scope="module")
def served(harness: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A ``parley serve`` process of its own for this module's tests: on SQLite a store of
    its own (nothing else in the suite writes to it), on PostgreSQL the session's
    database."""
    url = harness.settings.database_url
    data = tmp_path_factory.mktemp("fuzz")
    if url.startswith("sqlite"):
        url = f"sqlite:///{data / 'fuzz.db'}"
    port = free_port()
    with serve(url, data, port, **QUIET):
        base = f"http://127.0.0.1:{port}"
        yield Served(base, url, loopback.get(f"{base}/openapi.json").content)


@pytest.fixture
def token(served: Served) -> str:
    """The API token of an organisation of the test's own, made by ``parley orgs create``."""
    made = parley("orgs", "create", "Fuzzed", "--json", PARLEY_DATABASE_URL=served.url, **QUIET)
    assert made.returncode == 0, made.stderr
    return str(json.loads(made.stdout)["apiToken"])


def test_no_generated_request_gets_a_5xx(served: Served, token: str) -> None:
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    exact: Counter[int] = Counter()
    for case in any_input(served.document, EXAMPLES):
        response = case.call(base_url=served.base, headers={"Authorization": token}, timeout=30)
        statuses[response.status_code // 100] += 1
        exact[response.status_code] += 1
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {described(case)}")
    assert failures == [], "\n".join(failures[:10])
    assert statuses[2] > 20 and statuses[4] > 20, exact  # both kinds of input got through


POSITIVE_PER_OPERATION = 4

# A 400 for input the document allows is a defect, unless its message is one of these
# rules, which depend on the store's rows or on several values at once (no JSON Schema
# can say them; each message names the rule):
SEMANTIC = [
    # an id in the body that names no row of the organisation
    "requesterId is not a user of the organisation",
    "Requester does not exist",
    "collectionId is not a collection",
    "parentId is not a category",
    "is not a contact endpoint",
    "tags must be ids of the organisation's tags",
    # a page key this server did not sign (the document cannot tell signed keys apart)
    "not a key this server issued",
    # rules across several values
    "required without a pageKey",
    "email and phone cannot be combined",
    "a query needs at least one _after and one _before parameter",
    "a query may span at most 31 days",
    # Dixa's text for an activity-log window whose fromDatetime is after its toDatetime
    "Validation failure when retrieving data",
    "a language is given twice",
    # an id in the body that names no row (a queue's schedule)
    "businessHoursScheduleId is not a business-hours schedule",
    # a search filter's operator that its field does not take (a rule between two values)
    "is not valid for field",
    # an aggregation the metric named by id does not offer (a rule between two values)
    " offers ",
    # a Select's option values, unique among their siblings once trimmed
    "option values must be unique",
    # values checked against a catalogue of the installation (time zones, locales)
    "is not an IANA time zone",
    "is not a locale",
    "is not a language code",
    # an entity named in the body (anonymization's entityId) that does not exist
    "An entity in this request could not be found",
]


def test_input_the_document_allows_is_not_refused_for_its_shape(served: Served, token: str) -> None:
    """A few positive examples per /v1 operation (schemathesis, deterministic): none gets
    a 5xx, and a 400 is only ever one of the semantic rules above."""
    refused: list[str] = []
    answered: Counter[int] = Counter()
    for case in allowed_input(served.document, POSITIVE_PER_OPERATION):
        name = f"{case.operation.method.upper()} {case.operation.path}"
        response = case.call(base_url=served.base, headers={"Authorization": token}, timeout=30)
        answered[response.status_code // 100] += 1
        message = shape_refusal(response, SEMANTIC)
        if response.status_code >= 500 or message is not None:
            refused.append(f"{name}: {response.status_code} {message}")
    assert refused == [], "\n".join(sorted(set(refused)))
    assert answered[2] > 100, answered  # the examples were not all refused


HOSTILE: list[Any] = [
    "\u0000",
    "a\u0000b",
    2**63,
    2**31,
    -(2**63) - 1,
    -1,
    1e308,
    "",
    "%",
    "../..",
    "+1",
    "\u0661",
    "x" * 5000,
    [],
    {},
    True,
    None,
]


def test_hostile_values_in_every_field_get_no_5xx(served: Served, token: str) -> None:
    """Each operation, with every path, query and top-level body field set to one hostile
    value at a time (NUL, integers past 32 and 64 bits, signs, non-ASCII digits, long text,
    wrong types)."""
    doc = json.loads(served.document)
    failures: list[str] = []
    sent = 0
    # A connection per request: what is checked is each answer, not how the client reuses a
    # kept-alive connection (a reuse racing the server's close of it reads as a drop).
    fresh = httpx.Limits(max_keepalive_connections=0)
    auth = {"Authorization": token}
    with httpx.Client(base_url=served.base, headers=auth, timeout=30, limits=fresh) as client:
        for path, item in doc["paths"].items():
            for method, op in item.items():
                if method not in ("get", "post", "put", "patch", "delete"):
                    continue
                params = op.get("parameters") or []
                fields = body_fields(doc, op)
                for value in HOSTILE:
                    text = value if isinstance(value, str) else str(value)
                    url = path
                    query: dict[str, str] = {}
                    for p in params:
                        if p["in"] == "path":
                            url = url.replace("{" + p["name"] + "}", quote(text, safe="") or "x")
                        elif p["in"] == "query":
                            query[p["name"]] = text
                    body = {k: (v if k == "_type" else value) for k, v in fields.items()}
                    sent += 1
                    try:
                        r = client.request(
                            method.upper(),
                            url,
                            params=query,
                            json=body if "requestBody" in op else None,
                        )
                    except httpx.HTTPError as exc:  # a hang or a dropped connection, named
                        failures.append(f"{exc!r} {method.upper()} {url} {value!r}")
                        continue
                    if r.status_code >= 500:
                        failures.append(f"{r.status_code} {method.upper()} {url} {value!r}")
    assert sent > 1000
    assert failures == [], "\n".join(failures[:20])
