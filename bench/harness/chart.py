"""The chart of a run: requests/s and p99 latency by scenario and system (matplotlib).

matplotlib is a bench-only dependency (`pip install -e .[bench]`); without it the run
still writes its tables and says that the chart was skipped.
"""

from __future__ import annotations

from pathlib import Path

from harness.analysis import PEER_PAIRS, PEER_UI_PAIRS
from harness.model import Run


def _axis(system: str, scenario: str) -> tuple[str, str]:
    """(system, scenario) on the chart: the peer's scenarios sit at Parley's equivalent."""
    if system == "helpdesk" and scenario in PEER_UI_PAIRS:
        return "helpdesk (staff UI)", PEER_UI_PAIRS[scenario]
    if system == "helpdesk":
        return system, PEER_PAIRS.get(scenario, scenario)
    return system, scenario


def draw(run: Run, path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("  matplotlib is not installed (pip install -e '.[bench]'): no chart")
        return False
    scenarios: list[str] = []
    systems: list[str] = []
    values: dict[tuple[str, str], tuple[float, float]] = {}
    for m in run.measurements:
        if m.requests == 0:
            continue
        system, sc = _axis(m.system, m.scenario)
        if sc not in scenarios:
            scenarios.append(sc)
        if system not in systems:
            systems.append(system)
        values[(system, sc)] = (m.rps, m.p99_ms)
    fig, axes = plt.subplots(2, 1, figsize=(max(10, len(scenarios) * 1.1), 9), sharex=True)
    width = 0.8 / max(1, len(systems))
    for i, system in enumerate(systems):
        xs, rps, p99 = [], [], []
        for j, sc in enumerate(scenarios):
            if (system, sc) in values:
                xs.append(j + (i - (len(systems) - 1) / 2) * width)
                rps.append(values[(system, sc)][0])
                p99.append(values[(system, sc)][1])
        axes[0].bar(xs, rps, width, label=system)
        axes[1].bar(xs, p99, width, label=system)
    axes[0].set_ylabel("requests/s (log)")
    axes[1].set_ylabel("p99 latency, ms (log)")
    for ax in axes:
        ax.set_yscale("log")
        ax.grid(axis="y", alpha=0.3)
    axes[0].legend(fontsize=8, ncol=4)
    axes[1].set_xticks(range(len(scenarios)))
    axes[1].set_xticklabels(scenarios, rotation=30, ha="right", fontsize=8)
    axes[0].set_title(
        f"Parley benchmark, {run.started}, scale {run.scale}, commit {run.commit} "
        "(django-helpdesk plotted at Parley's equivalent scenario)",
        fontsize=9,
    )
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True
