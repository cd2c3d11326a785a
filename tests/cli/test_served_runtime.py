"""The served process's interpreter settings (``parley.ops.runtime``): granian's factory,
``app.asgi_factory``, freezes the start-up heap out of garbage collection and shortens the
GIL's switch interval, and only it (apps built by tests keep the defaults)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import parley

SCRIPT = (
    "import gc, sys\n"
    "from parley.app import {name}\n"
    "{call}\n"
    "print(gc.get_freeze_count(), sys.getswitchinterval())\n"
)


def _settings(tmp_path: Path, name: str, call: str) -> tuple[int, float]:
    env = {
        **os.environ,
        "PARLEY_DATABASE_URL": f"sqlite:///{tmp_path}/heap.db",
        "PYTHONPATH": str(Path(parley.__file__).parents[1]),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(name=name, call=call)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    frozen, interval = done.stdout.strip().splitlines()[-1].split()
    return int(frozen), float(interval)


def test_the_served_app_freezes_its_heap_and_shortens_the_switch_interval(
    tmp_path: Path,
) -> None:
    frozen, interval = _settings(tmp_path, "asgi_factory", "asgi_factory()")
    assert frozen > 10_000
    assert interval == 0.0005


def test_an_app_built_otherwise_keeps_the_defaults(tmp_path: Path) -> None:
    assert _settings(tmp_path, "create_app", "create_app()") == (0, 0.005)
