"""``parley export conversations|messages``: an organisation's rows as JSON Lines, for any
span of time (the rows of the Exports API, read in batches from one snapshot)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import IO, Any

import click
from rich.console import Console
from rich.progress import Progress

from parley.config import Settings
from parley.errors import ParleyError
from parley.exports import service
from parley.exports.filters import cli_bounds
from parley.progress import progress_bar
from parley.store import open_database

TIME_HELP = "Epoch ms, yyyy-mm-dd (00:00 UTC) or an ISO 8601 time; inclusive."


def _options(fn: Any) -> Any:
    for option in reversed(
        (
            click.option("--org", "org_id", required=True, help="Organisation id."),
            click.option("--from", "start", required=True, help=TIME_HELP),
            click.option("--to", "end", required=True, help=TIME_HELP),
            click.option(
                "--out",
                type=click.Path(dir_okay=False, path_type=Path),
                default=None,
                help="Write to this file (default: standard output).",
            ),
            click.option(
                "--database-url",
                envvar="PARLEY_DATABASE_URL",
                default=None,
                help="sqlite:///path/to.db or postgresql://… (env PARLEY_DATABASE_URL).",
            ),
        )
    ):
        fn = option(fn)
    return fn


@click.group("export")
def export() -> None:
    """Export conversations or messages as JSON Lines (the Exports API's rows)."""


@export.command("conversations")
@_options
@click.option(
    "--by",
    type=click.Choice(["created", "updated", "closed", "last_message_created"]),
    default="created",
    show_default=True,
    help="Which time of a conversation --from/--to bound.",
)
def conversations(
    org_id: str, start: str, end: str, out: Path | None, database_url: str | None, by: str
) -> None:
    """Conversations whose --by time is from --from to --to."""
    _run("conversations", org_id, start, end, out, database_url, by)


@export.command("messages")
@_options
def messages(org_id: str, start: str, end: str, out: Path | None, database_url: str | None) -> None:
    """Messages created from --from to --to."""
    _run("messages", org_id, start, end, out, database_url, "created")


def _run(
    kind: service.Kind,
    org_id: str,
    start: str,
    end: str,
    out: Path | None,
    database_url: str | None,
    by: str,
) -> None:
    overrides: dict[str, Any] = {"database_url": database_url} if database_url else {}
    settings = Settings.from_env(**overrides)
    try:
        window = cli_bounds(start, end)
    except ParleyError as exc:
        raise click.UsageError(exc.message) from None

    async def run(target: IO[bytes], progress: Progress) -> int:
        task = progress.add_task(f"Exporting {kind}", total=None)

        def report(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        db = open_database(settings.database_url, settings.database_pool_size)
        await db.connect()
        try:
            return await service.export_lines(
                db,
                kind,
                org_id,
                window,
                target,
                by=by,
                attachment_base=(settings.public_url or "").rstrip("/"),
                report=report,
            )
        finally:
            await db.close()

    stderr = Console(stderr=True)
    try:
        with progress_bar(stderr) as progress:
            if out is None:
                written = asyncio.run(run(sys.stdout.buffer, progress))
                sys.stdout.buffer.flush()
            else:
                with out.open("wb") as target:
                    written = asyncio.run(run(target, progress))
    except ParleyError as exc:
        if out is not None:
            out.unlink(missing_ok=True)
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(2)
    where = str(out) if out else "standard output"
    click.echo(f"exported {written:,} {kind} to {where}", err=True)
