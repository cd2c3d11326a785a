"""The conformance cases cover every Dixa operation Parley serves: each route of the app
that is also an operation of Dixa's OpenAPI document (``/beta`` mirrors ``/v1``) is checked
against Dixa's response schema by some test (``check``, a ``Checker`` or
``assert_conforms``), or is listed in ``NOT_CHECKED`` with the reason."""

from __future__ import annotations

from pathlib import Path

from fixtures.webhooks import served_operations
from webhooks.dixa_spec import conformance_cases, spec_operations

TESTS = Path(__file__).resolve().parents[1]

# (METHOD, /v1 path with {} for parameters) -> why no conformance case checks it.
NOT_CHECKED: dict[tuple[str, str], str] = {}


def test_every_served_dixa_operation_has_a_conformance_case() -> None:
    dixa = spec_operations()  # skips, saying why, without Dixa's document
    served = served_operations() & dixa
    cases = conformance_cases(TESTS)
    assert ("GET", "/v1/organization") in cases  # the scan finds the cases it should
    missing = sorted(served - set(cases) - set(NOT_CHECKED))
    assert not missing, f"Dixa operations served without a conformance case: {missing}"
    stale = sorted(k for k in NOT_CHECKED if k not in served or k in cases)
    assert not stale, f"NOT_CHECKED lists operations not served or already checked: {stale}"
    unknown = sorted(set(cases) - dixa)
    assert not unknown, f"conformance cases for operations Dixa does not have: {unknown}"
