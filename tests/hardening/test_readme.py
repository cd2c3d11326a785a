"""The README's operator commands work as written, on a fresh store of each kind.

The first shell block of "Running it for real" is run line by line in an empty directory
(the ``.venv/bin/parley`` of each line is this checkout's CLI; ``<org id>`` and ``<token
id>`` come from the lines before). The long-running lines (``serve``, ``worker``,
``smtp``) are started by ``test_operable.py``, ``test_install.py`` and the mail tests
instead; ``db backup`` is SQLite's. On PostgreSQL the ``pg_dump`` recipe of "Backups" is
run as well, and the restored database still holds the organisation."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .support import readme_block, readme_command

ROOT = Path(__file__).resolve().parents[2]
PARLEY = [sys.executable, "-c", "from parley.cli import main; main()"]
LONG_RUNNING = ("serve", "worker", "smtp")


def test_running_it_for_real_commands(harness: Any, fresh_pg_url: str, tmp_path: Path) -> None:
    postgres = harness.store == "postgres"
    url = fresh_pg_url if postgres else f"sqlite:///{tmp_path / 'parley.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env.update(PYTHONPATH=str(ROOT / "src"), PARLEY_DATABASE_URL=url)
    values = {"$PARLEY_DATABASE_URL": url, '"$PARLEY_DATABASE_URL"': url}
    ran: list[str] = []
    for line in readme_block("## Running it for real"):
        if not line.strip() or line.startswith("export "):
            continue
        args = readme_command(line, values)
        assert args[0] == ".venv/bin/parley", line
        if args[1] in LONG_RUNNING or (postgres and args[1:3] == ["db", "backup"]):
            continue
        done = subprocess.run(
            [*PARLEY, *args[1:]], cwd=tmp_path, env=env, capture_output=True, text=True,
            timeout=180,
        )  # fmt: skip
        assert done.returncode == 0, (line, done.stdout, done.stderr)
        ran.append(args[1])
        if args[1:3] == ["orgs", "create"]:
            values["<org id>"] = json.loads(done.stdout)["id"]
        elif args[1:3] == ["tokens", "create"]:
            values["<token id>"] = json.loads(done.stdout)["id"]
    assert ran.count("tokens") == 3 and "export" in ran and "search" in ran, ran
    if postgres:
        _pg_recipe(tmp_path, env, values, values["<org id>"])


def _pg_recipe(tmp_path: Path, env: dict[str, str], values: dict[str, str], org: str) -> None:
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed")
    # the data directory the server made when it started (its line is not run here)
    (tmp_path / ".parley").mkdir(exist_ok=True)
    (tmp_path / ".parley" / "blobs" / "org").mkdir(parents=True)
    (tmp_path / ".parley" / "blobs" / "org" / "file").write_bytes(b"attachment")
    for line in readme_block("### Backups", index=1):
        if not line.strip() or line.startswith("#"):
            continue
        args = readme_command(line, values)
        done = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, (line, done.stdout, done.stderr)
    listed = subprocess.run(
        [*PARLEY, "orgs", "list"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert org in listed.stdout, listed
    shutil.rmtree(tmp_path / ".parley" / "blobs")
    subprocess.run(["tar", "xzf", "parley-files.tar.gz", "-C", ".parley"], cwd=tmp_path, check=True)
    assert (tmp_path / ".parley" / "blobs" / "org" / "file").read_bytes() == b"attachment"
