"""The writes-beside-searches benchmark still runs: bench/contention.py on tiny data, one
round of a fraction of a second per phase. Only that it runs and measures is checked
here; timings belong to bench/RESULTS.md, never to tests. Like the harness's own smoke run
it is marked ``bench_smoke``: ``make test-bench`` runs it, ``make test`` leaves it out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.bench_smoke
def test_contention_run_measures_notes_alone_and_beside_both_searches(tmp_path: Path) -> None:
    # With --floor, the same phases again with the notes sent to the note floor app.
    out = tmp_path / "contention.json"
    r = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "contention.py"),
            "--scale",
            "tiny",
            "--rounds",
            "1",
            "--duration",
            "0.5",
            "--server",
            f"this={ROOT / 'src'}",
            "--floor",
            "--json",
            str(out),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]
    rows = json.loads(out.read_text())["rows"]
    assert set(rows) == {"this", "floor"}
    for writer, phases in rows.items():
        assert set(phases) == {"alone", "GET", "POST"}
        for name, (result,) in phases.items():
            assert result["notes"] > 0 and result["errors"] == {}, (writer, name, result)
            assert 0 < result["note_p50_ms"] <= result["note_p99_ms"], (writer, name)
        assert phases["GET"][0]["searches_per_s"] > 0
        assert phases["POST"][0]["searches_per_s"] > 0
