"""One measured scenario: optional warm-up, one bounded wrk run, memory of the server."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any

from harness import wrk
from harness.model import Measurement
from harness.procs import Server

MB = 1024.0


def measure(
    server: Server,
    *,
    system: str,
    scenario: str,
    label: str,
    script: str,
    env: Mapping[str, str],
    load: wrk.Load,
    warmup_s: int,
    per_request: int = 1,
    expect: int | None = None,
    settle_s: float = 30.0,
) -> Measurement:
    """With ``expect``, every response is inspected (wrk's ``response()``), and any status
    other than ``expect`` counts as an error, redirects included (used for the peers,
    whose auth failures are redirects; it costs wrk time, which only a fast server feels)."""
    url = server.base_url
    if expect is not None:
        env = {**env, "BENCH_PROBE": "1"}
    waited = server.settle(settle_s)
    if waited >= settle_s:
        print(f"    ({server.name} still busy after {waited:.0f} s; measuring anyway)", flush=True)
    if warmup_s > 0:
        wrk.run(
            url, script, wrk.Load(warmup_s, load.connections, load.threads, load.timeout_s), env
        )
    assert server.sampler is not None
    window = server.sampler.open_window()
    try:
        result = wrk.run(url, script, load, env)
    finally:
        server.sampler.close_window(window)
    note = ""
    status_errors = max(result.status_errors, result.non2xx)
    if expect is not None:
        raw_probe = result.raw.get("probe")
        probe: dict[str, Any] = raw_probe if isinstance(raw_probe, dict) else {}
        statuses: dict[str, int] = probe.get("statuses") or {}
        status_errors = result.requests - int(statuses.get(str(expect), 0))
        if status_errors:
            note = f"statuses {statuses}; first {probe.get('first_error')!r}"
    elif result.errors:
        try:
            found = wrk.probe(url, script, env)
            note = f"probe: statuses {found.get('statuses')}; first {found.get('first_error')!r}"
        except wrk.WrkError as exc:
            note = f"probe failed: {exc}"
    if result.requests == 0:
        note = "; ".join(x for x in (f"no request completed in {load.duration_s} s", note) if x)
    m = Measurement(
        system=system,
        scenario=scenario,
        label=label,
        requests=result.requests,
        duration_s=result.duration_s,
        rps=result.rps,
        p50_ms=result.p50_ms,
        p95_ms=result.p95_ms,
        p99_ms=result.p99_ms,
        errors=status_errors + result.socket_errors,
        status_errors=status_errors,
        socket_errors=result.socket_errors,
        tree_peak_rss_mb=window.tree_peak_kib / MB,
        process_peak_rss_mb=window.process_peak_kib / MB,
        processes=window.processes,
        per_request=per_request,
        note=note,
    )
    print(
        f"    {system:<18} {scenario:<24} {m.rps:>10.1f} req/s  p50 {m.p50_ms:7.2f} ms  "
        f"p99 {m.p99_ms:8.2f} ms  errors {m.errors:<6} rss {m.process_peak_rss_mb:6.1f} MB"
        + (f"  [{note[:160]}]" if note else ""),
        flush=True,
    )
    return m


def http_json(
    url: str, headers: Mapping[str, str] | None = None, timeout: float = 60
) -> tuple[int, Any]:
    req = urllib.request.Request(url, headers=dict(headers or {}))
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as exc:
        body = exc.read()
        try:
            return exc.code, json.loads(body)
        except ValueError:
            return exc.code, body.decode(errors="replace")
