"""Set-up in two commands: the README's quick start, the make targets and the CI entry
point say what the project promises (checked without installing anything)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_readme_quick_start_is_make_run_and_make_test() -> None:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("## Quick start")
    block = re.search(r"```sh\n(.*?)```", readme[start:], re.S)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    assert [c for c in commands if c] == ["make run", "make test"]
    headings = [line for line in readme.splitlines() if line.startswith("## ")]
    assert headings[0] == "## Quick start"  # the README opens with it


def test_ci_runs_make_test_then_the_benchmark_smoke_test_and_nothing_else() -> None:
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    commands = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert commands[-2:] == ["make test", "make test-bench"]
    assert all(not c.startswith("make") for c in commands[:-2])


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_targets() -> None:
    def make(*args: str) -> str:
        r = subprocess.run(
            ["make", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=60
        )
        assert r.returncode == 0, r.stderr
        return r.stdout

    listed = make("help")
    for target in ("install", "run", "test", "test-bench", "check", "help"):
        assert f"make {target} " in listed, target
    # dry runs: what each target would do
    assert "parley serve --demo" in make("-n", "run")
    assert "pytest" in make("-n", "test")
    assert "pytest -m bench_smoke" in make("-n", "test-bench")
    check = make("-n", "check")
    for tool in ("ruff check", "ruff format --check", "mypy", "pytest"):
        assert tool in check, tool
