"""django-helpdesk, through bench/helpdesk/peer.py: install (own venv), load the same
number of tickets and follow-ups as Parley's conversations and messages, serve, measure.

The loaded database is cached under .bench/helpdesk/ by scale, seed, counts and a hash of
the peer's files. The peer runs on SQLite with gunicorn sync workers, one per core (it
gets the whole machine; Parley's comparable numbers come from one server process).

django-helpdesk's REST API reads every ticket on each ticket call, so at the large scale
one request can take many seconds: before measuring, one request per scenario times it,
and slow scenarios get a longer run, a longer timeout and as many connections as workers,
so that they complete requests instead of timing out.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from harness import wrk
from harness.fixtures import Fixtures
from harness.measure import measure
from harness.phases import ROOT, PhaseResult, Settings
from harness.procs import Server, free_port

PEER_DIR = ROOT / "bench" / "helpdesk"
MAIN = ("ticket_get", "ticket_list", "followup_create", "search")
SLOW_S = 0.5  # a single request slower than this gets the long-request load
SETTLE_S = 180.0  # waiting for requests queued by the previous scenario to finish


def _peer() -> Any:
    from helpdesk import peer  # bench/helpdesk/peer.py (bench/ is on sys.path)

    return peer


def _key(tickets: int, followups: int, seed: int) -> str:
    h = hashlib.sha256(f"{tickets}/{followups}/{seed}".encode())
    for f in sorted(PEER_DIR.rglob("*")):
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(PEER_DIR)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:12]


def loaded(scale: str, seed: int, tickets: int, followups: int) -> tuple[Path, dict[str, Any]]:
    """The peer's work directory with its data loaded, from the cache when it matches."""
    peer = _peer()
    key = _key(tickets, followups, seed)
    base = ROOT / ".bench" / "helpdesk"
    work = base / f"{scale}-s{seed}-{key}"
    if base.exists():
        for stale in base.glob(f"{scale}-s{seed}-*"):
            if stale != work:
                import shutil

                shutil.rmtree(stale, ignore_errors=True)
    manifest_path = work / "manifest.json"
    ready = work / "ready"
    if ready.exists() and manifest_path.exists():
        return work, json.loads(manifest_path.read_text())
    print(
        f"  django-helpdesk: installing and loading {tickets:,} tickets with "
        f"{followups} follow-ups each into {work}",
        flush=True,
    )
    peer.install(work)
    manifest: dict[str, Any] = peer.load(work, tickets, followups, seed, progress=True)
    ready.write_text("ok")
    return work, manifest


def _files(directory: Path, name: str, scenario: dict[str, Any]) -> dict[str, str]:
    env = {
        "BENCH_METHOD": scenario["method"],
        "BENCH_PATH": scenario["path"],
        "BENCH_ID_MIN": str(scenario["ids"][0]),
        "BENCH_ID_MAX": str(scenario["ids"][1]),
    }
    headers = directory / f"{name}.headers"
    headers.write_text("".join(f"{k}: {v}\n" for k, v in scenario["headers"].items()))
    env["BENCH_HEADERS"] = str(headers)
    if scenario.get("paths"):
        paths = directory / f"{name}.paths"
        paths.write_text("".join(p + "\n" for p in scenario["paths"]))
        env["BENCH_PATHS"] = str(paths)
    if scenario.get("body"):
        env["BENCH_BODY"] = scenario["body"]
    return env


def _load_for(seconds: float, cfg: Settings, workers: int) -> tuple[wrk.Load, int, str]:
    """(load, warm-up, note) for a scenario whose single request took ``seconds``.

    Sync workers serve one request each: connections beyond two per worker only queue
    (and leave queued work behind when wrk stops), so the peer gets 2 per worker."""
    conns = 2 * workers
    if seconds < SLOW_S:
        load = wrk.Load(
            cfg.load.duration_s, conns, min(cfg.load.threads, conns), cfg.load.timeout_s
        )
        return load, cfg.warmup_s, f"{conns} connections (2 per sync worker)"
    # One connection per worker: a queued request would outlive the run by many seconds.
    duration = int(min(90, max(cfg.load.duration_s, 3 * seconds)))
    timeout = int(min(600, max(cfg.load.timeout_s, 2 * seconds + 10)))
    note = f"single request {seconds:.1f} s: {duration} s run, {workers} connections"
    return wrk.Load(duration, workers, min(cfg.load.threads, workers), timeout), 0, note


def helpdesk_phase(
    cfg: Settings, scale: str, seed: int, stores: dict[str, Fixtures]
) -> PhaseResult:
    peer = _peer()
    out = PhaseResult()
    fx = stores.get("sqlite") or next(iter(stores.values()), None)
    if fx is None:
        raise RuntimeError("django-helpdesk needs Parley's data counts: no store was prepared")
    tickets = fx.conversation_count
    followups = max(1, round(fx.message_count / max(1, tickets)))
    work, manifest = loaded(scale, seed, tickets, followups)
    workers = os.cpu_count() or 1
    port = free_port()
    proc = peer.serve(work, port, workers)
    server = Server(name="helpdesk", argv=[], port=port, log_path=work / "server.log")
    server.adopt(proc)
    scen = {**peer.scenarios(manifest), **peer.extra_scenarios(manifest)}
    directory = cfg.logs / "helpdesk"
    directory.mkdir(parents=True, exist_ok=True)
    try:
        for name, sc in scen.items():
            lo = sc["ids"][0]
            server.settle(SETTLE_S)
            status, seconds, body = peer.request(server.base_url, sc, lo)
            if status == sc["expect"] and SLOW_S <= seconds < 5:  # maybe a cold start
                status, seconds, body = peer.request(server.base_url, sc, lo)
            if status != sc["expect"]:
                out.failures.append(f"helpdesk/{name}: first request got {status}: {body[:200]!r}")
                continue
            load, warmup, note = _load_for(seconds, cfg, workers)
            m = measure(
                server,
                system="helpdesk",
                scenario=name,
                label=f"{sc['method']} {sc['path'][:60]} ({sc.get('endpoint', '')})",
                script="peer.lua",
                env=_files(directory, name, sc),
                load=load,
                warmup_s=warmup,
                expect=int(sc["expect"]),
                settle_s=SETTLE_S,
            )
            if note:
                m.note = "; ".join(x for x in (note, m.note) if x)
            out.measurements.append(m)
    finally:
        server.stop()
    assert server.sampler is not None
    out.hwm_mb["helpdesk"] = server.sampler.process_hwm_kib / 1024
    out.notes.append(
        f"django-helpdesk {manifest.get('helpdesk_version')}: {tickets:,} tickets, "
        f"{followups} follow-ups each, SQLite, gunicorn with {workers} sync workers"
    )
    return out
