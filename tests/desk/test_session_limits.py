"""Sessions' idle timeout and absolute expiry on the organisation's clock, and failed
sign-ins throttled per client address with the store as the shared counter."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from litestar.testing import TestClient

from fixtures.desk import Browser, DeskOrg, new_conversation
from parley.admin import clock
from parley.app import create_app
from parley.desk.auth import LOCK_MS, MAX_ADDRESS_FAILURES, MAX_FAILURES, SEEN_STEP_MS


def test_a_session_idle_for_the_idle_timeout_ends(
    harness: Any, org: DeskOrg, agent: Browser
) -> None:
    idle = harness.settings.desk_session_idle_seconds
    assert idle == 3600  # the documented default
    assert agent.get("/").status_code == 200
    for _ in range(3):  # each request starts the idle time again
        harness.call(clock.advance, harness.db, org.org_id, idle - 120)
        assert agent.get("/").status_code == 200
    seen = harness.fetch("SELECT seen_at FROM desk_sessions WHERE org_id = :o", {"o": org.org_id})
    now = harness.call(clock.read, harness.db, org.org_id).now
    assert now - SEEN_STEP_MS <= seen[0][0] <= now
    harness.call(clock.advance, harness.db, org.org_id, idle + 1)
    r = agent.get("/")
    assert r.status_code == 303 and r.headers["location"] == "/sign-in"
    assert agent.get("/events").status_code == 303  # the live stream too
    assert Browser(harness).sign_in(org.email).status_code == 303  # a new sign-in works


def test_a_busy_session_still_ends_at_its_absolute_expiry(
    harness: Any, org: DeskOrg, agent: Browser
) -> None:
    lifetime = harness.settings.desk_session_seconds
    step = harness.settings.desk_session_idle_seconds - 60
    spent = 0
    while spent + step < lifetime:
        harness.call(clock.advance, harness.db, org.org_id, step)
        spent += step
        assert agent.get("/").status_code == 200, spent
    harness.call(clock.advance, harness.db, org.org_id, lifetime - spent + 1)
    assert agent.get("/").status_code == 303
    assert Browser(harness).sign_in(org.email).status_code == 303  # a new sign-in works


def test_failed_sign_ins_are_throttled_per_client_address(harness: Any, org: DeskOrg) -> None:
    attacker = Browser(harness, address="203.0.113.7")
    for i in range(MAX_ADDRESS_FAILURES):
        email = org.email if i < MAX_FAILURES - 1 else f"guess{i}@example.com"
        assert attacker.sign_in(email, "wrong password").status_code == 401, i
    r = attacker.sign_in(org.email)  # the right password, from that address
    assert r.status_code == 429 and "Too many failed sign-ins" in r.text
    assert "parley_session" not in attacker.cookies
    assert Browser(harness, address="203.0.113.8").sign_in(org.email).status_code == 303
    rows = harness.fetch(
        "SELECT address_hash, failed_count, locked_until FROM desk_address_failures"
    )
    mine = [row for row in rows if row[1] == MAX_ADDRESS_FAILURES]
    assert len(mine) == 1 and "203.0.113.7" not in mine[0][0]  # stored hashed
    assert mine[0][2] is not None
    harness.execute(
        "UPDATE desk_address_failures SET locked_until = :t WHERE address_hash = :a",
        {"t": mine[0][2] - LOCK_MS, "a": mine[0][0]},
    )
    assert attacker.sign_in(org.email).status_code == 303  # the lock is over


def test_a_success_does_not_forget_an_address_failures(harness: Any, org: DeskOrg) -> None:
    attacker = Browser(harness, address="203.0.113.9")
    for i in range(MAX_ADDRESS_FAILURES - 1):
        assert attacker.sign_in(f"guess{i}@example.com", "wrong password").status_code == 401
    assert attacker.sign_in(org.email).status_code == 303  # its own account
    assert attacker.sign_in("guess@example.com", "wrong password").status_code == 401
    assert attacker.sign_in(org.email).status_code == 429


def test_the_address_limit_holds_across_server_processes(
    harness: Any, org: DeskOrg, tmp_path: Any
) -> None:
    """Two applications on one store (as two server processes): failures made through
    either count against the one limit of the address."""
    settings = replace(harness.settings, data_dir=tmp_path)
    with TestClient(create_app(settings)) as second_process:
        one = Browser(harness, address="198.51.100.4")
        two = Browser(harness, client=second_process, address="198.51.100.4")
        for i in range(MAX_ADDRESS_FAILURES):
            browser = one if i % 2 else two
            r = browser.sign_in(f"guess{i}@example.com", "wrong password")
            assert r.status_code == 401, i
        assert one.sign_in(org.email).status_code == 429
        assert two.sign_in(org.email).status_code == 429


def test_a_session_is_shared_by_every_server_process(
    harness: Any, org: DeskOrg, agent: Browser, tmp_path: Any
) -> None:
    """A session made by one server process works in another on the same store (it lives
    in the database), acts there as the same agent, and a sign-out in either ends it in
    both."""
    settings = replace(harness.settings, data_dir=tmp_path)
    cid = new_conversation(org.api)
    with TestClient(create_app(settings)) as second_process:
        there = Browser(harness, client=second_process, address=agent.address)
        there.cookies = dict(agent.cookies)
        assert there.get("/").status_code == 200
        r = there.post(f"/conversations/{cid}/claim", form_page=f"/conversations/{cid}")
        assert r.status_code == 303
        conv = org.api.get(f"/v1/conversations/{cid}").json()["data"]
        assert conv["assignment"]["agentId"] == org.agent_id
        assert there.post("/sign-out").status_code == 303
        assert agent.get("/").status_code == 303
        there.cookies = dict(agent.cookies)
        assert there.get("/").status_code == 303


def test_x_forwarded_for_counts_only_from_a_trusted_proxy(
    harness: Any, org: DeskOrg, tmp_path: Any
) -> None:
    settings = replace(harness.settings, data_dir=tmp_path, trusted_proxies="")
    with TestClient(create_app(settings)) as direct:
        for i in range(MAX_ADDRESS_FAILURES):  # a new forged address each time
            b = Browser(harness, client=direct, address=f"192.0.2.{i}")
            assert b.sign_in(f"guess{i}@example.com", "wrong password").status_code == 401
        r = Browser(harness, client=direct, address="192.0.2.200").sign_in(org.email)
        assert r.status_code == 429  # all of them came from the peer "testclient"
    harness.execute("DELETE FROM desk_address_failures")
