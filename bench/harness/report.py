"""bench/RESULTS.md: each run's tables, newest first, below a hand-written head.

The file keeps everything above the RUNS marker (the introduction and the analysis of
misses, written by people) and inserts the new run right after the marker, so the
previous runs stay below it and regressions are visible.
"""

from __future__ import annotations

from pathlib import Path

from harness.model import Run

SYSTEM_ORDER = [
    "ceiling-raw",
    "ceiling-litestar",
    "ceiling-store",
    "parley-sqlite",
    "parley-pg",
    "parley-pg-2w",
    "prism",
    "helpdesk",
]
MARKER = "<!-- runs: newest first; bench/run.py inserts each run below this line -->"

HEAD = f"""# Benchmark results

Written by `make bench` (`bench/run.py`); see `bench/README.md` for what each scenario
does and how the numbers are taken. Every run is inserted below, newest first.

## Analysis of the latest misses

(Kept by hand: what the profile of a missed target shows and what the remaining cost is.)

{MARKER}
"""


def _f(v: float, digits: int = 1) -> str:
    return f"{v:,.{digits}f}"


def _met(v: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "not measured"}[v]


def render(run: Run, chart: str | None) -> str:
    lines = [
        f"## Run {run.started} · {run.mode} · scale `{run.scale}` · commit `{run.commit}`",
        "",
        f"- Command: `{run.command}`",
        f"- Finished: {run.finished}",
        "- Load: wrk "
        + f"-t{run.load.get('threads')} -c{run.load.get('connections')} "
        + f"-d{run.load.get('duration_s')}s --timeout {run.load.get('timeout_s')}s, "
        + f"warm-up {run.load.get('warmup_s')} s per scenario; loopback; "
        + f"machine: {run.load.get('cores')} cores, {run.load.get('memory')}; "
        + f"load average {run.load.get('loadavg_start')} at the start, "
        + f"{run.load.get('loadavg_end')} at the end",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in run.versions.items()),
    ]
    for store, info in run.data.get("stores", {}).items():
        lines.append(f"- Data ({store}): {info}")
    if run.data.get("activity_page"):
        lines.append(f"- Activity log deep page: {run.data['activity_page']}")
    lines += ["", "### Targets", "", "| target | goal | measured | result | reason |"]
    lines.append("|---|---|---|---|---|")
    for t in run.targets:
        lines.append(f"| {t.name} | {t.goal} | {t.measured} | {_met(t.met)} | {t.reason} |")
    lines += [
        "",
        "### Scenarios",
        "",
        "| system | scenario | req/s | p50 ms | p95 ms | p99 ms | errors "
        "| peak RSS MB (process / tree) | % of raw static | % of Litestar static "
        "| % of the store floor |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    pct = {r.numerator + "|" + r.denominator: r.value for r in run.ratios if r.unit == "%"}

    def rank(system: str) -> int:
        return SYSTEM_ORDER.index(system) if system in SYSTEM_ORDER else len(SYSTEM_ORDER)

    for m in sorted(run.measurements, key=lambda m: rank(m.system)):
        key = f"{m.system}/{m.scenario}|"
        raw = pct.get(key + "ceiling-raw/static")
        lit = pct.get(key + "ceiling-litestar/static")
        floor = pct.get(key + "ceiling-store/get_conversation")
        rps = _f(m.rps)
        if m.per_request > 1:
            rps += f" ({_f(m.units_per_s, 0)} msg/s)"
        lines.append(
            f"| {m.system} | {m.scenario} | {rps} | {_f(m.p50_ms, 2)} | {_f(m.p95_ms, 2)} "
            f"| {_f(m.p99_ms, 2)} | {m.errors} | {_f(m.process_peak_rss_mb, 0)} / "
            f"{_f(m.tree_peak_rss_mb, 0)} | {'' if raw is None else _f(raw) + '%'} "
            f"| {'' if lit is None else _f(lit) + '%'} "
            f"| {'' if floor is None else _f(floor) + '%'} |"
        )
    others = [r for r in run.ratios if r.unit != "%"]
    if others:
        lines += ["", "### Ratios", "", "| comparison | ratio |", "|---|---:|"]
        lines += [f"| {r.name} | {r.value:.2f}x |" for r in others]
    if run.server_peaks:
        lines += ["", "Server peak RSS (largest process, kernel high-water mark): "]
        lines[-1] += ", ".join(f"{s} {v:.0f} MB" for s, v in run.server_peaks.items())
    errs = [m for m in run.measurements if m.note]
    if errs or run.skipped or run.notes:
        lines += ["", "### Notes", ""]
        lines += [f"- {s}" for s in run.skipped]
        lines += [f"- {n}" for n in run.notes]
        lines += [f"- {m.system}/{m.scenario}: {m.note}" for m in errs]
    if chart:
        lines += ["", f"![requests/s and p99 by scenario and system]({chart})"]
    return "\n".join(lines) + "\n"


def write(path: Path, run: Run, chart: str | None) -> None:
    text = path.read_text() if path.exists() else HEAD
    if MARKER not in text:
        text = text.rstrip() + "\n\n" + MARKER + "\n"
    head, tail = text.split(MARKER, 1)
    section = render(run, chart)
    path.write_text(head + MARKER + "\n\n" + section + "\n" + tail.lstrip("\n"))
