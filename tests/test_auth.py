from __future__ import annotations

import base64

from conftest import Api, Harness


def test_three_header_forms_are_accepted(api: Api) -> None:
    token = api.org.token
    basic = base64.b64encode(f"bearer:{token}".encode()).decode()
    for header in (token, f"Bearer {token}", f"bearer {token}", f"Basic {basic}"):
        r = api.client.get("/v1/tags", headers={"Authorization": header})
        assert r.status_code == 200, header


def test_missing_or_unknown_token_is_401_json(harness: Harness, api: Api) -> None:
    for headers in (
        {},
        {"Authorization": "nope"},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic !!!"},
        {"Authorization": api.org.token + "x"},
    ):
        r = harness.client.get("/v1/tags", headers=headers)
        assert r.status_code == 401, headers
        assert isinstance(r.json()["message"], str) and r.json()["message"]


def test_tokens_are_stored_only_as_hashes(harness: Harness, api: Api) -> None:
    rows = harness.fetch(
        "SELECT token_hash FROM api_tokens WHERE org_id = :org", {"org": api.org.id}
    )
    assert len(rows) == 1
    assert rows[0][0] != api.org.token and len(rows[0][0]) == 64
    dump = harness.fetch("SELECT * FROM api_tokens WHERE org_id = :org", {"org": api.org.id})
    assert all(api.org.token not in str(col) for col in dump[0])
    assert len(api.org.token) >= 43  # 32 random bytes, url-safe base64


def test_revoked_token_gets_401_and_new_token_works(harness: Harness, api: Api) -> None:
    from parley.kit.clock import now_ms
    from parley.orgs import service
    from parley.uow import Ctx

    async def issue() -> tuple[str, str]:
        async with harness.db.transaction() as tx:
            ctx = Ctx(tx, api.org.id, None, None, harness.settings, now_ms())
            t = await service.create_token(ctx, "second")
        return t.id, t.api_token

    token_id, token = harness.call(issue)
    assert harness.client.get("/v1/tags", headers={"Authorization": token}).status_code == 200

    async def revoke() -> None:
        async with harness.db.transaction() as tx:
            await service.revoke_token(tx, token_id)

    harness.call(revoke)
    assert harness.client.get("/v1/tags", headers={"Authorization": token}).status_code == 401
    assert api.get("/v1/tags").status_code == 200


def test_every_v1_route_requires_a_token(harness: Harness) -> None:
    doc = harness.client.get("/openapi.json").json()
    checked = 0
    for path, item in doc["paths"].items():
        if not path.startswith("/v1"):
            continue
        concrete = path.replace("{conversationId}", "1").replace(
            "{messageId}", "00000000-0000-0000-0000-000000000000"
        )
        for method in item:
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            url = concrete
            for seg in [s for s in url.split("/") if s.startswith("{")]:
                url = url.replace(seg, "00000000-0000-0000-0000-000000000000")
            r = harness.client.request(method.upper(), url)
            assert r.status_code == 401, (method, path, r.status_code)
            checked += 1
    assert checked > 0
