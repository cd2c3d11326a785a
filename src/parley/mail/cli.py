"""``parley smtp``: the SMTP listener as a process of its own (thin: the listener module
does the work)."""

from __future__ import annotations

import asyncio
import signal
from dataclasses import replace

import click

from parley.config import Settings
from parley.store import open_database


@click.command("smtp")
@click.option(
    "--listen",
    envvar="PARLEY_SMTP_LISTEN",
    default="127.0.0.1:2525",
    show_default=True,
    help="host:port to accept mail on (env PARLEY_SMTP_LISTEN).",
)
@click.option(
    "--database-url",
    envvar="PARLEY_DATABASE_URL",
    default=None,
    help="sqlite:///path/to.db or postgresql://user@host/db (env PARLEY_DATABASE_URL).",
)
def smtp(listen: str, database_url: str | None) -> None:
    """Receive mail for the organisations' email endpoints (SMTP)."""
    from parley.mail import listener  # loaded when the command runs, not by every command

    settings = Settings.from_env()
    if database_url:
        settings = replace(settings, database_url=database_url)
    try:
        listener.parse_listen(listen)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--listen") from None

    async def run() -> None:
        db = open_database(settings.database_url, settings.database_pool_size)
        await db.connect()
        server = await listener.start(db, settings, listen)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        click.echo(f"SMTP listener on {listener.bound_address(server)}; Ctrl-C to stop", err=True)
        try:
            await stop.wait()
        finally:
            await listener.stop(server)
            await db.close()

    asyncio.run(run())
