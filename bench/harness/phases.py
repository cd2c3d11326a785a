"""The phases of a run: each starts its server(s), measures, stops them.

- ceilings: static JSON from a raw ASGI app and from Litestar, both on granian;
- the store floor: a Litestar handler that authenticates and reads one conversation's row
  from the SQLite store, on granian (``ceiling/litestar_store.py``);
- Parley on one store (one server process; on PostgreSQL also two, for the scale-out);
- Prism serving Parley's OpenAPI document.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from harness import wrk
from harness.fixtures import BENCH_SECRET, Fixtures
from harness.measure import http_json, measure
from harness.model import Measurement
from harness.procs import Server, free_port
from harness.scenarios import BY_NAME, PARLEY, Scenario

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CEILING_DIR = ROOT / "bench" / "ceiling"


@dataclass
class Settings:
    load: wrk.Load
    warmup_s: int
    logs: Path
    scenarios: list[str] = field(default_factory=lambda: [s.name for s in PARLEY])


@dataclass
class PhaseResult:
    measurements: list[Measurement] = field(default_factory=list)
    hwm_mb: dict[str, float] = field(default_factory=dict)  # system -> largest VmHWM
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # scenarios that could not be measured


def granian_static(kind: str, port: int, logs: Path, env: dict[str, str] | None = None) -> Server:
    target = {
        "raw": "raw_asgi:app",
        "litestar": "litestar_static:app",
        "store": "litestar_store:app",
        "note": "litestar_note:app",
    }[kind]
    argv = [
        str(BIN / "granian"),
        "--interface",
        "asgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--log-level",
        "warning",
        target,
    ]
    return Server(
        name=f"ceiling-{kind}",
        argv=argv,
        port=port,
        ready_path="/static",
        env={"PYTHONPATH": str(CEILING_DIR), **(env or {})},
        log_path=logs / f"ceiling-{kind}.log",
    )


def ceilings(cfg: Settings) -> PhaseResult:
    out = PhaseResult()
    for kind in ("raw", "litestar"):
        system = f"ceiling-{kind}"
        with granian_static(kind, free_port(), cfg.logs) as server:
            out.measurements.append(
                measure(
                    server,
                    system=system,
                    scenario="static",
                    label="GET /static (static JSON)",
                    script="get.lua",
                    env={"BENCH_PATH": "/static"},
                    load=cfg.load,
                    warmup_s=cfg.warmup_s,
                )
            )
            assert server.sampler is not None
        out.hwm_mb[system] = server.sampler.process_hwm_kib / 1024
    return out


def store_floor(fx: Fixtures, cfg: Settings) -> PhaseResult:
    """``get_conversation``'s load on the store floor app, over the SQLite store ``fx``."""
    out = PhaseResult()
    system = "ceiling-store"
    env = {"BENCH_STORE_PATH": fx.store.url.removeprefix("sqlite:///")}
    with granian_static("store", free_port(), cfg.logs, env) as server:
        out.measurements = run_scenarios(
            server, system, fx, ["get_conversation"], cfg, out.failures
        )
        assert server.sampler is not None
    out.hwm_mb[system] = server.sampler.process_hwm_kib / 1024
    return out


def parley_server(url: str, workers: int, port: int, logs: Path, name: str) -> Server:
    argv = [
        str(BIN / "parley"),
        "serve",
        "--database-url",
        url,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-migrate",
    ]
    return Server(
        name=name,
        argv=argv,
        port=port,
        ready_path="/health",
        env={"PARLEY_LOG_LEVEL": "WARNING", "PARLEY_SECRET_KEY": BENCH_SECRET},
        log_path=logs / f"{name}.log",
        ready_timeout=120,
    )


def check_activity_key(server: Server, fx: Fixtures) -> str:
    """The constructed key of the deep page must give the page a walk would: its first
    entry is the row at position (page - 1) * limit. Returns a problem, or ''."""
    a = fx.activity
    status, body = http_json(
        f"{server.base_url}/v1/conversations/activitylog?pageKey={a.key}",
        {"Authorization": fx.store.token},
    )
    if status != 200:
        return f"activity page {a.page}: HTTP {status} {str(body)[:200]}"
    data = body.get("data") or []
    if len(data) != a.limit or data[0].get("id") != a.first_id:
        got = data[0].get("id") if data else None
        return f"activity page {a.page}: first entry {got}, expected {a.first_id}"
    return ""


def run_scenarios(
    server: Server,
    system: str,
    fx: Fixtures,
    names: list[str],
    cfg: Settings,
    failures: list[str],
) -> list[Measurement]:
    out = []
    for name in names:
        sc: Scenario = BY_NAME[name]
        nonce = f"{system}-{time.time_ns()}"
        env = {"BENCH_TOKEN": fx.store.token, "BENCH_NONCE": nonce} | sc.env(fx)
        try:
            out.append(
                measure(
                    server,
                    system=system,
                    scenario=sc.name,
                    label=sc.label,
                    script=sc.script,
                    env=env,
                    load=cfg.load,
                    warmup_s=cfg.warmup_s,
                    per_request=sc.per_request,
                )
            )
        except wrk.WrkError as exc:
            failures.append(f"{system}/{name}: {str(exc)[:400]}")
            print(f"    {system:<18} {name:<24} FAILED: {str(exc)[:300]}", flush=True)
    return out


def parley(
    fx: Fixtures,
    system: str,
    cfg: Settings,
    *,
    workers: int = 1,
    names: list[str] | None = None,
    openapi_to: Path | None = None,
) -> PhaseResult:
    out = PhaseResult()
    server = parley_server(fx.store.url, workers, free_port(), cfg.logs, system)
    with server:
        if openapi_to is not None:
            from prism.prism import save_openapi

            save_openapi(server.base_url, openapi_to)
        selected = names if names is not None else cfg.scenarios
        if any(n.startswith("activity_page") for n in selected):
            problem = check_activity_key(server, fx)
            if problem:
                out.failures.append(f"{system}: {problem}")
                print(f"    WARNING {problem}", flush=True)
        out.measurements = run_scenarios(server, system, fx, selected, cfg, out.failures)
        assert server.sampler is not None
    out.hwm_mb[system] = server.sampler.process_hwm_kib / 1024
    return out
