"""``parley orgs export`` and ``parley orgs import``: an organisation's snapshot
(``parley.admin.snapshot``) written to a file, a file loaded into a store, with progress
on the terminal (stderr; stdout carries the result)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

import click
from rich.console import Console

from parley.config import Settings
from parley.errors import ParleyError
from parley.progress import progress_bar
from parley.store import Database, open_database

if TYPE_CHECKING:  # the command line loads the snapshot code only when a command runs
    from parley.admin import snapshot
    from parley.admin.snapshot_format import Writer

T = TypeVar("T")

database_option = click.option(
    "--database-url",
    envvar="PARLEY_DATABASE_URL",
    default=None,
    help="sqlite:///path/to.db or postgresql://user@host/db (env PARLEY_DATABASE_URL).",
)
data_dir_option = click.option(
    "--data-dir",
    envvar="PARLEY_DATA_DIR",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="The data directory, whose blobs/ holds attachment files (env PARLEY_DATA_DIR).",
)


def _settings(database_url: str | None, data_dir: Path | None) -> Settings:
    overrides: dict[str, Any] = {}
    if database_url:
        overrides["database_url"] = database_url
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    return Settings.from_env(**overrides)


def _run(settings: Settings, label: str, work: Callable[..., Awaitable[T]]) -> T:
    """Run ``work(db, progress)`` with a progress bar of the snapshot's tables."""

    from parley.admin import snapshot

    async def run() -> T:
        db = open_database(settings.database_url, settings.database_pool_size)
        await db.connect()
        try:
            with progress_bar(Console(stderr=True)) as bar:
                task = bar.add_task(label, total=len(snapshot.TABLES))

                def progress(table: str, rows: int) -> None:
                    bar.update(task, advance=1, description=f"{label} {table} ({rows:,} rows)")

                return await work(db, progress)
        finally:
            await db.close()

    try:
        return asyncio.run(run())
    except ParleyError as exc:
        raise click.ClickException(exc.message) from None


def _write(out: BinaryIO, data: bytes) -> None:
    out.write(data)


@click.command("export")
@click.option("--org", "org_id", required=True, help="Organisation id.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@database_option
@data_dir_option
def export_command(
    org_id: str, file: Path, database_url: str | None, data_dir: Path | None
) -> None:
    """Write the organisation's whole state (with its attachment files) to FILE, a
    snapshot (JSON Lines, checksummed), read in one transaction."""
    settings = _settings(database_url, data_dir)
    partial = file.with_name(f".{file.name}.partial")

    from parley.admin import snapshot

    async def work(db: Database, progress: snapshot.Progress) -> Writer:
        with partial.open("wb") as out:
            return await snapshot.export_org(
                db, org_id, settings.blob_dir, lambda b: _write(out, b), progress
            )

    try:
        written = _run(settings, "Exporting", work)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(file)
    click.echo(
        f"exported {written.rows:,} rows of {written.tables} tables and {written.blobs} "
        f"files to {file}"
    )


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--new-org",
    is_flag=True,
    help="Load it under a new organisation id (new conversation ids, a new API token) "
    "instead of refusing when its id is taken.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@database_option
@data_dir_option
def import_command(
    file: Path, new_org: bool, as_json: bool, database_url: str | None, data_dir: Path | None
) -> None:
    """Load a snapshot FILE into the store, in one transaction (all of it or nothing).
    Refused when the organisation's id or one of its conversation ids is already in the
    store, unless --new-org."""
    settings = _settings(database_url, data_dir)
    data = file.read_bytes()

    from parley.admin import snapshot

    async def work(db: Database, progress: snapshot.Progress) -> snapshot.Imported:
        return await snapshot.import_org(
            db, data, settings.blob_dir, new_org=new_org, progress=progress
        )

    done = _run(settings, "Importing", work)
    if as_json:
        out = {"id": done.org_id, "name": done.name, "rows": done.rows}
        click.echo(json.dumps({**out, "apiToken": done.api_token} if done.api_token else out))
        return
    click.echo(f"imported organisation {done.org_id} ({done.name}): {done.rows:,} rows")
    if done.api_token:
        click.echo(f"API token     {done.api_token}   (shown once; stored only as a hash)")
