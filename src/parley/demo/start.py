"""Starting the local demo (``parley serve --demo``): the demo organisation, made and
filled through the API on first start, its token kept for later starts, and its desk
sign-in."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import click
from rich.console import Console

from parley.config import Settings
from parley.demo import seed
from parley.demo.desk import desk_login
from parley.orgs import repository as orgs_repo
from parley.orgs import service as orgs
from parley.progress import progress_bar
from parley.store import Tx, open_database
from parley.store.connect import run_in_transaction

DEMO_ORG = "Demo organisation"


def demo_token(settings: Settings) -> str:
    """The demo organisation's token, created on first start.

    Tokens are stored hashed, so the demo token is also kept in the data directory
    (mode 0600) to be shown again on later starts of this local demo.
    """
    path = Path(settings.data_dir) / "demo-token.json"
    if path.exists():
        saved = json.loads(path.read_text())

        async def check(tx: Tx) -> bool:
            return await orgs_repo.get_org(tx, saved["id"]) is not None

        if run_in_transaction(settings.database_url, check):
            return str(saved["apiToken"])
    created = run_in_transaction(settings.database_url, lambda tx: orgs.create_org(tx, DEMO_ORG))
    _fill(settings, created.api_token)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"id": created.id, "apiToken": created.api_token}))
    path.chmod(0o600)
    return created.api_token


def demo_desk(settings: Settings) -> tuple[str, str]:
    """The demo agent's desk email and password (see ``parley.demo.desk``)."""
    saved = json.loads((Path(settings.data_dir) / "demo-token.json").read_text())

    async def run() -> tuple[str, str]:
        db = open_database(settings.database_url, settings.database_pool_size)
        await db.connect()
        try:
            return await desk_login(db, settings, str(saved["id"]))
        finally:
            await db.close()

    return asyncio.run(run())


def _fill(settings: Settings, token: str) -> None:
    """Agents, customers and a few support conversations for the new demo organisation."""
    with progress_bar(Console(stderr=True)) as progress:
        task = progress.add_task("Demo data", total=None)

        def report(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        seeded = asyncio.run(seed.fill(settings, token, report))
    click.echo(
        f"Demo data    {seeded.conversations} conversations, {seeded.messages} messages, "
        f"{seeded.agents} agents, {seeded.end_users} customers"
    )
