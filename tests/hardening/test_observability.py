"""Request log, X-Request-Id, Prometheus metrics and readiness."""

from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path
from typing import Any

import pytest

from parley.ops.logs import JsonFormatter, TextFormatter
from parley.store.migrate import upgrade


def test_every_response_carries_a_request_id(api: Any) -> None:
    ids = set()
    for r in (
        api.get("/v1/tags"),
        api.get("/nowhere"),
        api.client.get("/v1/tags"),  # 401
        api.get("/v1/tags?x=" + "a" * 9000),  # 414
        api.get("/v1/conversations/+1"),
    ):
        rid = r.headers["X-Request-Id"]
        assert len(rid) == 32 and rid not in ids
        ids.add(rid)
    kept = api.get("/v1/tags", headers={"X-Request-Id": "proxy-7.a_b"})
    assert kept.headers["X-Request-Id"] == "proxy-7.a_b"
    replaced = api.get("/v1/tags", headers={"X-Request-Id": b"bad id\xc3\xa9"})
    assert len(replaced.headers["X-Request-Id"]) == 32


def test_one_log_line_per_request(api: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="parley.http.access")
    r = api.get("/v1/tags", params={"email": "secret@example.com"})
    lines = [rec for rec in caplog.records if rec.name == "parley.http.access"]
    assert len(lines) == 1
    fields = lines[0].fields  # type: ignore[attr-defined]
    assert fields["method"] == "GET" and fields["path"] == "/v1/tags"
    assert fields["status"] == 200 and fields["route"] == "/v1/tags"
    assert fields["request_id"] == r.headers["X-Request-Id"]
    assert fields["duration_ms"] >= 0
    text = TextFormatter().format(lines[0])
    assert "secret@example.com" not in text and api.org.token not in text
    assert " INFO parley.http.access request method=GET path=/v1/tags status=200 " in text


def test_log_formats_have_time_and_level() -> None:
    record = logging.LogRecord(
        "parley.worker", logging.WARNING, __file__, 1, "job %s", ("x",), None
    )
    record.fields = {"kind": "webhook delivery", "attempt": 2}
    text = TextFormatter().format(record)
    assert text.endswith(' WARNING parley.worker job x kind="webhook delivery" attempt=2')
    assert text[:4].isdigit() and text[23] == "Z"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "WARNING" and entry["message"] == "job x" and entry["attempt"] == 2
    assert entry["time"].endswith("Z")


def test_metrics(harness: Any, api: Any, app_with: Any) -> None:
    kind = f"metrics-probe-{uuid.uuid4().hex[:8]}"
    harness.execute(
        "INSERT INTO jobs (id, org_id, kind, payload, status, run_at, attempts, max_attempts, "
        "created_at) VALUES (:id, :org, :kind, '{}', 'pending', 1000, 0, 8, 1000)",
        {"id": str(uuid.uuid4()), "org": api.org.id, "kind": kind},
    )
    try:
        client = app_with(metrics_token="scrape-me")
        auth = {"Authorization": api.org.token}
        assert client.get("/v1/conversations/12345", headers=auth).status_code == 404
        search = client.get("/v1/search/conversations", params={"query": "x"}, headers=auth)
        assert search.status_code == 200, search.text
        assert client.get("/metrics").status_code == 401
        r = client.get("/metrics", headers={"Authorization": "Bearer scrape-me"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
        text = r.text
    finally:
        harness.execute("DELETE FROM jobs WHERE kind = :k", {"k": kind})
    assert (
        'parley_http_requests_total{method="GET",route="/v1/conversations/{conversationId}",'
        'status="404"} 1.0'
    ) in text
    assert "parley_http_request_duration_seconds_bucket{" in text
    # search latency: the search route's own histogram
    assert (
        'parley_http_request_duration_seconds_count{method="GET",route="/v1/search/conversations"} '
    ) in text
    assert f'parley_jobs_pending{{kind="{kind}"}} 1.0' in text
    age = next(
        x
        for x in text.splitlines()
        if x.startswith(f'parley_jobs_oldest_due_age_seconds{{kind="{kind}"')
    )
    assert float(age.split()[-1]) > 1_000_000  # due since 1970
    assert "parley_webhook_delivery_failures " in text
    assert api.get("/metrics").status_code == 200  # open when no token is configured


def test_ready_reports_store_migrations_and_backlog(api: Any) -> None:
    r = api.client.get("/ready")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "ready" and body["store"]["ok"] is True
    assert body["migrations"]["pending"] == [] and body["migrations"]["current"]
    assert body["jobs"]["due"] >= 0


def test_not_ready_with_pending_migrations(harness: Any, app_with: Any, tmp_path: Path) -> None:
    if harness.store != "sqlite":
        pytest.skip("one store is enough for the revision check")
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0005")
    client = app_with(database_url=url, data_dir=tmp_path)
    r = client.get("/ready")
    assert r.status_code == 503
    assert r.json()["status"] == "not ready"
    assert "0009" in r.json()["migrations"]["pending"]


def test_operations_routes_are_documented(api: Any) -> None:
    paths = api.client.get("/openapi.json").json()["paths"]
    assert "/ready" in paths and "/metrics" in paths and "/health" in paths
