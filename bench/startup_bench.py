"""What starting Parley costs, for two source trees side by side in one run:

1. ``parley db upgrade`` on a SQLite store already at the newest revision (what every
   server start does first, with ``PARLEY_AUTO_MIGRATE`` on, the default);
2. ``parley serve``: from the command to the first answered ``/health``.

Each is the CPU time of the command's processes (user + system, from the children's
resource usage once they have ended), in alternating rounds, each round on a fresh store.

``.venv/bin/python bench/startup_bench.py --tree base=<checkout>/src --tree new=src
--rounds 5`` prints medians and the ratios against the first tree (Markdown); results go
in ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from harness.procs import Server, free_port

MEASURES = ("db upgrade at head", "serve to first /health")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from parley.cli import main; main()", *args]


def _round(tree: Path) -> tuple[float, float]:
    """(CPU of ``db upgrade`` at head, CPU of a server start), on a fresh store."""
    data = Path(tempfile.mkdtemp(prefix="parley-start-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env.update(
        PYTHONPATH=str(tree),
        PARLEY_DATABASE_URL=f"sqlite:///{data / 'parley.db'}",
        PARLEY_DATA_DIR=str(data),
        PARLEY_LOG_LEVEL="WARNING",
    )
    upgrade = _command("db", "upgrade")
    subprocess.run(upgrade, env=env, capture_output=True, check=True)  # to the head
    before = _children_cpu()
    subprocess.run(upgrade, env=env, capture_output=True, check=True)
    at_head = _children_cpu() - before
    port = free_port()
    before = _children_cpu()
    server = Server("parley", _command("serve", "--port", str(port)), port, "/health", env)
    server.start().stop()
    return at_head, _children_cpu() - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", action="append", required=True, help="name=<path to src>")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    trees = {name: Path(path).resolve() for name, path in (t.split("=", 1) for t in args.tree)}
    seen: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    for number in range(args.rounds):
        for name, tree in trees.items():
            seen[name].append(_round(tree))
        print(f"round {number + 1}/{args.rounds} done", file=sys.stderr)
    first = next(iter(trees))
    print("| measure (CPU s, median) | " + " | ".join(trees) + " | ratio |")
    print("|---|" + "---:|" * (len(trees) + 1))
    for index, measure in enumerate(MEASURES):
        medians = {name: statistics.median(r[index] for r in seen[name]) for name in trees}
        cells = " | ".join(f"{medians[name]:.3f}" for name in trees)
        ratios = ", ".join(f"{medians[n] / medians[first]:.2f}" for n in trees if n != first)
        print(f"| {measure} | {cells} | {ratios} |")


if __name__ == "__main__":
    main()
