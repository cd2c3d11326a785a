"""Signing in and out of the desk: passwords, sessions, CSRF, throttling, roles."""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from dataclasses import replace
from typing import Any

import pytest
from litestar.testing import TestClient

from fixtures.desk import (
    PASSWORD,
    Browser,
    DeskOrg,
    desk_org,
    desk_routes,
    new_conversation,
    password_hash,
    set_desk_password,
)
from parley.app import create_app
from parley.config import Settings
from parley.desk import repository as repo
from parley.desk.auth import PasswordCost, hash_password


def test_sign_in_and_out(harness: Any, org: DeskOrg, browser: Browser) -> None:
    r = browser.get("/")
    assert r.status_code == 303 and r.headers["location"] == "/sign-in"
    page = browser.get("/sign-in")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert '<label for="email">Email</label>' in page.text
    assert '<label for="password">Password</label>' in page.text
    assert ">Sign in</button>" in page.text
    r = browser.sign_in(org.email)
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower() and "Secure" not in cookie
    inbox = browser.get("/")
    assert inbox.status_code == 200 and "Unassigned" in inbox.text
    r = browser.post("/sign-out")
    assert r.status_code == 303 and r.headers["location"] == "/sign-in"
    assert browser.get("/").status_code == 303
    rows = harness.fetch("SELECT COUNT(*) FROM desk_sessions WHERE org_id = :o", {"o": org.org_id})
    assert rows[0][0] == 0


def test_session_is_stored_hashed(harness: Any, org: DeskOrg, agent: Browser) -> None:
    secret = agent.cookies["parley_session"].split(".", 1)[1]
    rows = harness.fetch(
        "SELECT id_hash, user_id, expires_at - created_at FROM desk_sessions WHERE org_id = :o",
        {"o": org.org_id},
    )
    assert len(rows) == 1 and rows[0][1] == org.agent_id and secret not in rows[0][0]
    assert rows[0][2] == harness.settings.desk_session_seconds * 1000
    stored = password_hash(harness, org)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_hashes_are_made_at_the_set_cost_and_again_at_sign_in(harness: Any, org: DeskOrg) -> None:
    """The default cost is OWASP's minimum for argon2id; the settings set another (the
    suite's, the least). A server at another cost checks a stored hash by the hash's own
    parameters, then stores it again at its own cost."""
    default = PasswordCost.of(Settings())
    assert default == PasswordCost(passes=2, memory_kib=19 * 1024)
    assert hash_password(PASSWORD, default).startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    with pytest.raises(ValueError, match="PARLEY_DESK_PASSWORD_MEMORY_KIB"):
        Settings.from_env({"PARLEY_DESK_PASSWORD_MEMORY_KIB": "4"})
    assert Settings.from_env({"PARLEY_DESK_PASSWORD_PASSES": "3"}).desk_password_passes == 3

    assert "$m=8,t=1,p=1$" in password_hash(harness, org)
    dearer = replace(harness.settings, desk_password_memory_kib=16)
    with TestClient(create_app(dearer)) as second_process:
        assert Browser(harness, client=second_process).sign_in(org.email).status_code == 303
    assert "$m=16,t=1,p=1$" in password_hash(harness, org)
    assert Browser(harness).sign_in(org.email).status_code == 303
    assert "$m=8,t=1,p=1$" in password_hash(harness, org)
    assert Browser(harness).sign_in(org.email, "not the password").status_code == 401
    assert "$m=8,t=1,p=1$" in password_hash(harness, org)


def test_a_hash_made_again_never_replaces_a_password_set_meanwhile(
    harness: Any, org: DeskOrg
) -> None:
    first = password_hash(harness, org)
    set_desk_password(harness, org.org_id, org.email, "a password set meanwhile")
    meanwhile = password_hash(harness, org)

    async def made_again() -> None:
        async with harness.db.transaction() as tx:
            await repo.replace_hash(tx, org.org_id, org.agent_id, first, "$argon2id$made-again")

    harness.call(made_again)
    assert password_hash(harness, org) == meanwhile != first
    assert Browser(harness).sign_in(org.email, "a password set meanwhile").status_code == 303


def test_wrong_password_and_unknown_email(org: DeskOrg, browser: Browser) -> None:
    r = browser.sign_in(org.email, "not the password")
    assert r.status_code == 401 and "Wrong email or password" in r.text
    assert "parley_session" not in browser.cookies
    r = browser.sign_in("nobody@example.com")
    assert r.status_code == 401 and "Wrong email or password" in r.text
    assert browser.sign_in(org.email.upper()).status_code == 303  # emails ignore case


def test_failed_sign_ins_are_throttled(harness: Any, org: DeskOrg, browser: Browser) -> None:
    for _ in range(5):
        assert browser.sign_in(org.email, "wrong password").status_code == 401
    r = browser.sign_in(org.email)
    assert r.status_code == 429 and "Too many failed sign-ins" in r.text
    assert "parley_session" not in browser.cookies
    harness.execute(
        "UPDATE desk_credentials SET locked_until = 1 WHERE org_id = :o", {"o": org.org_id}
    )
    assert browser.sign_in(org.email).status_code == 303


def test_forms_without_the_csrf_token_are_refused(
    harness: Any, org: DeskOrg, agent: Browser
) -> None:
    """Every form of the desk (each POST handler, walked from the route table) refuses a
    request without the session's CSRF token or with a forged one, and changes nothing."""
    cid = new_conversation(org.api)
    values = defaultdict(lambda: str(uuid.uuid4()), conversation_id=str(cid))
    posts = [p for p in desk_routes(harness.client.app, "POST", values) if p != "/sign-in"]
    assert f"/conversations/{cid}/note" in posts and "/admin/tokens" in posts
    for path in posts:
        for data in ({"text": "hello"}, {"text": "hello", "csrf": "forged"}):
            r = agent.request("POST", path, data=data)
            assert r.status_code == 403 and "did not come from the desk" in r.text, path
    assert org.api.get(f"/v1/conversations/{cid}/notes").json()["data"] == []
    assert agent.get("/").status_code == 200  # the forged sign-out did not sign out
    other = Browser(harness)
    other.get("/sign-in")
    r = other.request("POST", "/sign-in", data={"email": org.email, "password": PASSWORD})
    assert r.status_code == 403 and "parley_session" not in other.cookies


def test_an_expired_session_signs_out(harness: Any, org: DeskOrg, agent: Browser) -> None:
    assert agent.get("/").status_code == 200
    harness.execute("UPDATE desk_sessions SET expires_at = 1 WHERE org_id = :o", {"o": org.org_id})
    r = agent.get("/")
    assert r.status_code == 303 and r.headers["location"] == "/sign-in"
    assert Browser(harness).sign_in(org.admin_email).status_code == 303
    left = harness.fetch("SELECT user_id FROM desk_sessions WHERE org_id = :o", {"o": org.org_id})
    assert left == [
        (harness.fetch("SELECT admin_user_id FROM orgs WHERE id = :o", {"o": org.org_id})[0][0],)
    ]


def test_sign_in_always_makes_a_new_session(harness: Any, org: DeskOrg) -> None:
    b = Browser(harness)
    planted = f"{org.org_id}.{'a' * 43}"
    b.cookies["parley_session"] = planted
    assert b.get("/").status_code == 303  # an unknown session id is nobody
    assert b.sign_in(org.email).status_code == 303
    first = b.cookies["parley_session"]
    assert first != planted
    assert b.sign_in(org.email).status_code == 303
    assert b.cookies["parley_session"] != first
    earlier = Browser(harness)
    earlier.cookies["parley_session"] = first
    assert earlier.get("/").status_code == 303  # the previous session ended
    attacker = Browser(harness)
    attacker.cookies["parley_session"] = planted
    assert attacker.get("/").status_code == 303


def test_an_agent_cannot_reach_administration(
    harness: Any, org: DeskOrg, agent: Browser, admin: Browser
) -> None:
    """Every administration page and form (walked from the route table: agents, queues,
    tags, teams, attributes, endpoints, tokens, webhooks, templates, hours) answers an
    agent 403 and changes nothing; the administrator reaches every page."""
    values = defaultdict(lambda: str(uuid.uuid4()), agent_id=org.agent_id)
    app = harness.client.app
    pages = [p for p in desk_routes(app, "GET", values) if p.startswith("/admin/")]
    forms = [p for p in desk_routes(app, "POST", values) if p.startswith("/admin/")]
    assert {"/admin/webhooks", "/admin/tokens", "/admin/queues"} <= set(pages)
    for path in pages:
        assert agent.get(path).status_code == 403, path
        if "{" not in path and path.count("/") == 2:
            assert admin.get(path).status_code == 200, path
    fields = {"name": "sneaky", "role": "administrator", "email": org.email, "url":
              "https://example.com/hook", "password": "taken over", "state": "Inactive"}  # fmt: skip
    for path in forms:
        assert agent.post(path, fields).status_code == 403, path
    assert agent.get("/admin/agents").status_code == 403  # still no administrator
    assert "Administration" not in agent.get("/").text
    assert "Administration" in admin.get("/").text
    assert [t["name"] for t in org.api.get("/v1/tags").json()["data"]] == []
    assert all(q["name"] != "sneaky" for q in org.api.get("/v1/queues").json()["data"])
    assert org.api.get("/v1/webhooks").json()["data"] == []


def test_an_agent_of_another_organisation_cannot_read_or_act(
    harness: Any, org: DeskOrg, agent: Browser
) -> None:
    other = desk_org(harness)
    cid = new_conversation(other.api)
    assert agent.get(f"/conversations/{cid}").status_code == 404
    r = agent.post(f"/conversations/{cid}/note", {"text": "peek"})
    assert r.status_code == 404
    assert other.api.get(f"/v1/conversations/{cid}/notes").json()["data"] == []
    assert f'/conversations/{cid}"' not in agent.get("/?view=open").text


def test_a_deactivated_agent_is_signed_out(
    harness: Any, org: DeskOrg, agent: Browser, admin: Browser
) -> None:
    assert agent.get("/").status_code == 200
    r = admin.post(f"/admin/agents/{org.agent_id}/deactivate", form_page="/admin/agents")
    assert r.status_code == 303
    assert agent.get("/").status_code == 303
    assert Browser(harness).sign_in(org.email).status_code == 401
    admin.post(f"/admin/agents/{org.agent_id}/reactivate", form_page="/admin/agents")
    assert Browser(harness).sign_in(org.email).status_code == 303


def test_security_headers_on_every_desk_response(org: DeskOrg, agent: Browser) -> None:
    cid = new_conversation(org.api)
    for path in ("/sign-in", "/", f"/conversations/{cid}", "/conversations/999999999",
                 "/static/desk.js", "/admin/agents"):  # fmt: skip
        r = agent.get(path)
        csp = r.headers.get("content-security-policy", "")
        assert "default-src 'self'" in csp, path
        assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp, path
        assert "unsafe-inline" not in csp, path
        assert r.headers.get("x-content-type-options") == "nosniff", path


def test_change_own_password(harness: Any, org: DeskOrg, agent: Browser) -> None:
    r = agent.post("/account/password", {"current": "wrong one!", "password": "a new secret"},
                   form_page="/account")  # fmt: skip
    assert r.status_code == 400
    r = agent.post("/account/password", {"current": PASSWORD, "password": "a new secret"},
                   form_page="/account")  # fmt: skip
    assert r.status_code == 303
    assert Browser(harness).sign_in(org.email).status_code == 401
    assert Browser(harness).sign_in(org.email, "a new secret").status_code == 303


def test_cookies_are_secure_over_https_or_when_configured(
    harness: Any, org: DeskOrg, tmp_path: Any
) -> None:
    def session_cookie(mode: str, base_url: str) -> str:
        settings = replace(harness.settings, desk_secure_cookies=mode, data_dir=tmp_path)
        with TestClient(create_app(settings), base_url=base_url) as client:
            page = client.get("/sign-in")
            token = re.search(r'name="csrf" value="([^"]+)"', page.text)
            assert token
            client.cookies.clear()  # sent by hand: a Secure cookie is not sent over http
            r = client.post(
                "/sign-in",
                data={"csrf": token.group(1), "email": org.email, "password": PASSWORD},
                headers={"Cookie": f"parley_signin={token.group(1)}"},
                follow_redirects=False,
            )
            assert r.status_code == 303, r.text
            return str(r.headers["set-cookie"])

    assert "Secure" in session_cookie("auto", "https://desk.example")
    assert "Secure" not in session_cookie("auto", "http://desk.example")
    assert "Secure" in session_cookie("true", "http://desk.example")
