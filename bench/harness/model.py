"""The result model: one Measurement per (system, scenario), one Run per harness run."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Measurement:
    system: str  # e.g. "parley-sqlite", "parley-pg-2w", "ceiling-raw", "prism", "helpdesk"
    scenario: str  # e.g. "get_conversation"
    label: str  # what was requested, for the report
    requests: int
    duration_s: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int  # status > 399 + socket errors
    status_errors: int
    socket_errors: int
    tree_peak_rss_mb: float  # sum over the server's process tree, peak during the scenario
    process_peak_rss_mb: float  # the largest single process, peak during the scenario
    processes: int
    per_request: int = 1  # units per request (messages per import request)
    note: str = ""

    @property
    def units_per_s(self) -> float:
        return self.rps * self.per_request


@dataclass
class Ratio:
    name: str
    numerator: str  # "system/scenario"
    denominator: str
    value: float
    unit: str = "x"  # "x" or "%"


@dataclass
class Target:
    name: str
    goal: str
    measured: str
    met: bool | None  # None: not measured in this run
    reason: str = ""


@dataclass
class Run:
    started: str
    finished: str = ""
    mode: str = "full"  # "full" | "smoke"
    scale: str = "large"
    seed: int = 1
    commit: str = ""
    command: str = ""
    load: dict[str, Any] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)  # counts per store, generation times
    measurements: list[Measurement] = field(default_factory=list)
    ratios: list[Ratio] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    server_peaks: dict[str, float] = field(default_factory=dict)  # system -> VmHWM MB
    skipped: list[str] = field(default_factory=list)  # what could not run, and why
    notes: list[str] = field(default_factory=list)

    def find(self, system: str, scenario: str) -> Measurement | None:
        for m in self.measurements:
            if m.system == system and m.scenario == scenario:
                return m
        return None

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json())

    @classmethod
    def from_file(cls, path: Path) -> Run:
        raw = json.loads(path.read_text())
        raw["measurements"] = [Measurement(**m) for m in raw.get("measurements", [])]
        raw["ratios"] = [Ratio(**r) for r in raw.get("ratios", [])]
        raw["targets"] = [Target(**t) for t in raw.get("targets", [])]
        return cls(**raw)
