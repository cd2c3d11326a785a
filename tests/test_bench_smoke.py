"""The benchmark harness still works: a smoke run of every Parley scenario on SQLite (tiny
data, one second each) and of the static ceilings, through bench/run.py as `make
bench-smoke` runs it. Only that it runs and measures is checked here; timings belong to
bench/RESULTS.md, never to tests.

The smoke run itself (about 20 s) is marked ``bench_smoke`` and left out of ``make test``;
``make test-bench`` runs it (CI runs it after ``make test``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from harness.fixtures import BENCH_SECRET, page_key, pick_activity_page  # noqa: E402
from harness.scenarios import PARLEY  # noqa: E402
from harness.wrk import parse  # noqa: E402


@pytest.mark.bench_smoke
def test_smoke_run_measures_every_parley_scenario_and_the_ceilings(tmp_path: Path) -> None:
    out = tmp_path / "smoke.json"
    r = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--smoke",
            "--systems",
            "ceiling,parley",
            "--stores",
            "sqlite",
            "--connections",
            "8",
            "--strict",
            "--no-results",
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]
    run = json.loads(out.read_text())
    assert run["skipped"] == []
    measured = {(m["system"], m["scenario"]): m for m in run["measurements"]}
    expected = {("parley-sqlite", s.name) for s in PARLEY}
    expected |= {("ceiling-raw", "static"), ("ceiling-litestar", "static")}
    expected |= {("ceiling-store", "get_conversation")}
    assert set(measured) == expected
    for key, m in measured.items():
        assert m["requests"] > 0 and m["rps"] > 0, key
        assert m["errors"] == 0, (key, m["note"])
        assert 0 < m["p50_ms"] <= m["p95_ms"] <= m["p99_ms"], key
        assert m["process_peak_rss_mb"] > 10, key
    targets = {t["name"]: t for t in run["targets"]}
    assert targets["GET conversation, SQLite, vs ceiling"]["met"] is not None
    assert targets["import (10 messages per conversation)"]["met"] is not None
    assert targets["vs Prism mock"]["met"] is None  # Prism was not asked for
    assert run["server_peaks"]["parley-sqlite"] > 10
    ratios = {r["name"] for r in run["ratios"]}
    assert "parley-sqlite GET conversation / store floor" in ratios
    assert "store floor GET conversation / raw ASGI static" in ratios


def test_deep_activity_page_key_has_the_servers_format() -> None:
    # The key the harness builds must decode like one the server issues (signed with the
    # page-key key the server derives from its secret, carrying the log's window filters).
    from parley.activity.log import LogWindow
    from parley.config import Settings
    from parley.http.paging import decode_key
    from parley.secret import PAGE_KEYS, derived_key

    secret = derived_key(Settings(secret_key=BENCH_SECRET), PAGE_KEYS)
    payload = decode_key(page_key(1700000000000, 42, 100), secret)
    assert payload["a"] == [1700000000000, 42] and payload["l"] == 100
    assert set(payload["f"]) == set(LogWindow.__struct_fields__)
    assert pick_activity_page(2_000_000) == (100, 10_000)
    assert pick_activity_page(150_000) == (15, 10_000)
    assert pick_activity_page(500) == (1, 500)


def test_wrk_output_is_parsed() -> None:
    out = (
        "Running 1s test @ http://127.0.0.1:1\n"
        "  Latency Distribution\n     50%  754.00us\n     75%    0.95ms\n"
        "     90%    1.18ms\n     99%    2.23ms\n"
        "  Non-2xx or 3xx responses: 3\nRequests/sec:  38654.07\n"
        'BENCH_RESULT {"requests":100,"duration_s":1.0,"bytes":1,"connect_errors":1,'
        '"read_errors":0,"write_errors":0,"status_errors":3,"timeouts":2,"rps":100.0,'
        '"latency_ms":{"mean":1,"stdev":0,"max":5,"p50":0.754,"p75":0.95,"p90":1.18,'
        '"p95":1.5,"p99":2.23,"p999":4}}\n'
    )
    res = parse(out)
    assert (res.requests, res.status_errors, res.socket_errors, res.errors) == (100, 3, 3, 6)
    assert res.p95_ms == 1.5 and res.raw["text"]["p50_ms"] == 0.754  # type: ignore[index]
