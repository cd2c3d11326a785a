"""The systems users would pick instead: Stoplight Prism (a mock of Parley's own OpenAPI
document) and django-helpdesk (bench/helpdesk/peer.py)."""

from __future__ import annotations

from pathlib import Path

from prism import prism

from harness.measure import measure
from harness.phases import ROOT, PhaseResult, Settings
from harness.procs import Server, free_port

NODE_DIR = ROOT / ".bench" / "node"


def prism_phase(cfg: Settings, openapi: Path, id_range: tuple[int, int], token: str) -> PhaseResult:
    """GET conversation from Prism's mock, with the same ids and header as Parley's run."""
    out = PhaseResult()
    exe = prism.install(NODE_DIR)
    port = free_port()
    server = Server(
        name="prism",
        argv=prism.argv(exe, openapi, port),
        port=port,
        ready_path=f"/v1/conversations/{id_range[0]}",
        ready_headers={"Authorization": token},
        log_path=cfg.logs / "prism.log",
        ready_timeout=120,
    )
    with server:
        out.measurements.append(
            measure(
                server,
                system="prism",
                scenario="get_conversation",
                label="GET /v1/conversations/{id} (Prism static mock)",
                script="get.lua",
                env={
                    "BENCH_TOKEN": token,
                    "BENCH_PATH": "/v1/conversations/{id}",
                    "BENCH_ID_MIN": str(id_range[0]),
                    "BENCH_ID_MAX": str(id_range[1]),
                },
                load=cfg.load,
                warmup_s=cfg.warmup_s,
            )
        )
        assert server.sampler is not None
    out.hwm_mb["prism"] = server.sampler.process_hwm_kib / 1024
    return out
