"""``parley search``: maintenance of the search index."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import click
from rich.progress import Progress

from parley.config import Settings
from parley.progress import progress_bar
from parley.search.index import rebuild
from parley.store import open_database


@click.group("search")
def search() -> None:
    """Conversation search."""


@search.command("reindex")
@click.option("--org", "org_id", default=None, help="Only this organisation (default: all).")
@click.option(
    "--database-url",
    envvar="PARLEY_DATABASE_URL",
    default=None,
    help="sqlite:///path/to.db or postgresql://user@host/db (env PARLEY_DATABASE_URL).",
)
def reindex(org_id: str | None, database_url: str | None) -> None:
    """Rebuild the search index from the stored conversations, one batch per transaction
    (search keeps answering meanwhile)."""
    overrides: dict[str, Any] = {"database_url": database_url} if database_url else {}
    settings = Settings.from_env(**overrides)

    async def run(progress: Progress) -> int:
        task = progress.add_task("Indexing conversations", total=None)

        def report(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        db = open_database(settings.database_url, settings.database_pool_size)
        await db.connect()
        try:
            return await rebuild(db, org_id, report)
        finally:
            await db.close()

    started = time.perf_counter()
    with progress_bar() as progress:
        documents = asyncio.run(run(progress))
    elapsed = time.perf_counter() - started
    click.echo(f"indexed {documents:,} documents in {elapsed:.1f} s")
