"""The served process's heap after start-up is frozen out of garbage collection
(``parley.ops.heap``): granian's factory, ``app.asgi_factory``, leaves it so, and only it
(apps built by tests keep their heap collectable)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import parley

SCRIPT = "import gc\nfrom parley.app import {name}\n{call}\nprint(gc.get_freeze_count())\n"


def _frozen(tmp_path: Path, name: str, call: str) -> int:
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
    return int(done.stdout.strip().splitlines()[-1])


def test_the_served_app_leaves_its_start_up_heap_to_no_collection(tmp_path: Path) -> None:
    assert _frozen(tmp_path, "asgi_factory", "asgi_factory()") > 10_000


def test_an_app_built_otherwise_freezes_nothing(tmp_path: Path) -> None:
    assert _frozen(tmp_path, "create_app", "create_app()") == 0
