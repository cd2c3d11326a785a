"""Per-token rate limits: Dixa's 10/s with a burst of 4, shared by server processes."""

from __future__ import annotations

import time
from typing import Any

import pytest

from fixtures.hardening import list_tags
from parley.guard.ratelimit import Limit, parse_limit


def test_a_token_over_its_limit_gets_429_with_retry_after(harness: Any, app_with: Any) -> None:
    """Dixa's burst of 4 at one request a second (``dixa`` refills ten times faster,
    quicker than a loaded test machine sends four requests)."""
    client = app_with(rate_limit="1/s,burst=4")
    org, other = harness.new_org(), harness.new_org()
    assert [list_tags(client, org.token).status_code for _ in range(4)] == [200] * 4
    r = list_tags(client, org.token)
    assert r.status_code == 429, r.text
    assert r.json()["message"].startswith("Too many requests")
    assert r.headers["Retry-After"] == "1"
    wait_ms = int(r.headers["X-RateLimit-Retry-After-Ms"])
    assert 0 < wait_ms <= 1000
    assert list_tags(client, other.token).status_code == 200  # per token, not per server
    time.sleep(wait_ms / 1000 + 0.01)
    assert list_tags(client, org.token).status_code == 200
    assert list_tags(client, "unknown").status_code == 401


def test_limits_are_off_unless_configured(api: Any) -> None:
    assert {api.get("/v1/tags").status_code for _ in range(12)} == {200}


def test_several_server_processes_share_one_limit(harness: Any, app_with: Any) -> None:
    """Two apps with their own store connections: the fifth request within the burst is
    refused whichever process gets it (a counter per process would admit it)."""
    one, two = app_with(rate_limit="1/m,burst=4"), app_with(rate_limit="1/m,burst=4")
    org = harness.new_org()
    codes = [list_tags(c, org.token).status_code for c in (one, two, one, two)]
    assert codes == [200, 200, 200, 200]
    r = list_tags(one, org.token)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 59
    assert list_tags(two, org.token).status_code == 429


def test_limit_settings() -> None:
    assert parse_limit("off") is None
    assert parse_limit("dixa") == Limit(10.0, 4)
    assert parse_limit("50/s,burst=20") == Limit(50.0, 20)
    assert parse_limit("120/m") == Limit(2.0, 1)
    for bad in ("fast", "0/s", "10/h", "5/s,burst=0"):
        with pytest.raises(ValueError, match="PARLEY_RATE_LIMIT"):
            parse_limit(bad)


def test_concurrent_requests_from_two_processes_admit_exactly_the_burst(
    harness: Any, app_with: Any
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    one, two = app_with(rate_limit="1/m,burst=4"), app_with(rate_limit="1/m,burst=4")
    org = harness.new_org()

    def burst(client: Any) -> list[int]:
        return [list_tags(client, org.token).status_code for _ in range(6)]

    with ThreadPoolExecutor(2) as pool:
        codes = [c for batch in pool.map(burst, (one, two)) for c in batch]
    assert sorted(codes) == [200] * 4 + [429] * 8
