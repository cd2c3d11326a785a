"""Helpers shared by the export tests (no tests here)."""

from __future__ import annotations

from typing import Any

from fixtures.harness import Api, Harness

DAY = 86_400_000
HOUR = 3_600_000
T = 1_709_251_200_000  # 2024-03-01T00:00:00Z


def export(api: Api, path: str, **params: Any) -> list[dict[str, Any]]:
    r = api.get(f"/v1/{path}", params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert isinstance(body, list)  # a bare array: no envelope
    return body


def ids(rows: list[dict[str, Any]]) -> list[Any]:
    return [r["id"] for r in rows]


def set_times(harness: Harness, api: Api, cid: int, **columns: int | None) -> None:
    sets = ", ".join(f"{k} = :{k}" for k in columns)
    harness.execute(
        f"UPDATE conversations SET {sets} WHERE org_id = :org AND id = :cid",
        {"org": api.org.id, "cid": cid, **columns},
    )
