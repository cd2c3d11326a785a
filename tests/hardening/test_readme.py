"""The README's operator commands work as written, on a fresh store of each kind.

The first shell block of "Running it for real" is run line by line in an empty directory
(the ``.venv/bin/parley`` of each line is this checkout's CLI; ``<org id>`` and ``<token
id>`` come from the lines before). The long-running lines (``serve``, ``worker``,
``smtp``) are started by ``test_operable.py``, ``test_install.py`` and the mail tests
instead; ``db backup`` is SQLite's. On PostgreSQL the ``pg_dump`` recipe of "Backups" is
run as well, and the restored database still holds the organisation."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from fixtures.hardening import PARLEY, checkout_env, readme_block, readme_command, run_pg_recipe

ROOT = Path(__file__).resolve().parents[2]
LONG_RUNNING = ("serve", "worker", "smtp")


def test_running_it_for_real_commands(harness: Any, fresh_pg_url: str, tmp_path: Path) -> None:
    postgres = harness.store == "postgres"
    url = fresh_pg_url if postgres else f"sqlite:///{tmp_path / 'parley.db'}"
    env = checkout_env(PARLEY_DATABASE_URL=url)
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
        run_pg_recipe(tmp_path, env, values, values["<org id>"])
