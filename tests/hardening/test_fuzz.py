"""A bounded property-based run against the OpenAPI document, on a real server per store:
whatever schemathesis generates (valid and invalid input, for every operation), Parley
answers without a 5xx; and input the document allows is not refused for its shape."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from fixtures.hardening import parley, serve
from fixtures.harness import free_port
from fixtures.web import body_fields, shape_refusal

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = 400  # across all operations; about a second per hundred on a busy machine


@dataclass
class Served:
    base: str
    token: str


@pytest.fixture
def server(harness: Any, tmp_path: Path) -> Iterator[Served]:
    """A ``parley serve`` process of its own, with an organisation made by ``parley orgs
    create``: on SQLite a store of its own (nothing else in the suite writes to it), on
    PostgreSQL the session's database."""
    url = harness.settings.database_url
    if url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'fuzz.db'}"
    quiet = {"PARLEY_LOG_LEVEL": "WARNING", "PARLEY_EMBEDDED_WORKER": "false"}
    port = free_port()
    with serve(url, tmp_path, port, **quiet):
        made = parley("orgs", "create", "Fuzzed", "--json", PARLEY_DATABASE_URL=url, **quiet)
        assert made.returncode == 0, made.stderr
        yield Served(f"http://127.0.0.1:{port}", json.loads(made.stdout)["apiToken"])


def test_no_generated_request_gets_a_5xx(server: Served) -> None:
    token = server.token
    schema = schemathesis.openapi.from_url(f"{server.base}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 50
    modes = list(schemathesis.GenerationMode)  # valid input and invalid input
    strategy = st.one_of([op.as_strategy(mode) for op in operations for mode in modes])
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    exact: Counter[int] = Counter()

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": token}
        response = case.call(base_url=server.base, timeout=30)
        statuses[response.status_code // 100] += 1
        exact[response.status_code] += 1
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {case.as_curl_command()}")

    check()
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


def test_input_the_document_allows_is_not_refused_for_its_shape(server: Served) -> None:
    """A few positive examples per /v1 operation (schemathesis, deterministic): none gets
    a 5xx, and a 400 is only ever one of the semantic rules above."""
    schema = schemathesis.openapi.from_url(f"{server.base}/openapi.json")
    # The document's introduction says NUL is refused anywhere, also in the unknown
    # fields an object ignores (which no property's pattern can cover).
    schema.config.generation.update(allow_x00=False)
    operations = [r.ok() for r in schema.get_all_operations() if r.ok().path.startswith("/v1")]
    assert len(operations) > 100
    refused: list[str] = []
    answered: Counter[int] = Counter()
    for operation in operations:

        @given(case=operation.as_strategy(schemathesis.GenerationMode.POSITIVE))
        @settings(
            max_examples=POSITIVE_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            name = f"{case.operation.method.upper()} {case.operation.path}"
            case.headers = {**(case.headers or {}), "Authorization": server.token}
            response = case.call(base_url=server.base, timeout=30)
            answered[response.status_code // 100] += 1
            message = shape_refusal(response, SEMANTIC)
            if response.status_code >= 500 or message is not None:
                refused.append(f"{name}: {response.status_code} {message}")

        check()
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


def test_hostile_values_in_every_field_get_no_5xx(server: Served) -> None:
    """Each operation, with every path, query and top-level body field set to one hostile
    value at a time (NUL, integers past 32 and 64 bits, signs, non-ASCII digits, long text,
    wrong types)."""
    token = server.token
    doc = httpx.get(f"{server.base}/openapi.json").json()
    failures: list[str] = []
    sent = 0
    # A connection per request: what is checked is each answer, not how the client reuses a
    # kept-alive connection (a reuse racing the server's close of it reads as a drop).
    fresh = httpx.Limits(max_keepalive_connections=0)
    auth = {"Authorization": token}
    with httpx.Client(base_url=server.base, headers=auth, timeout=30, limits=fresh) as client:
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
