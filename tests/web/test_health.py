from __future__ import annotations

from fixtures.harness import Harness


def test_health_needs_no_token(harness: Harness) -> None:
    r = harness.client.get("/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"
    assert r.json()["store"] == ("postgresql" if harness.store == "postgres" else "sqlite")


def test_openapi_document_served(harness: Harness) -> None:
    r = harness.client.get("/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    assert doc["info"]["title"] == "Parley"
    assert "/health" in doc["paths"]
    assert harness.client.get("/docs").status_code == 200
