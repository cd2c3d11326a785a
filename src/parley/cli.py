"""The ``parley`` command line: thin, calls services.

serve | worker | db upgrade | orgs create/list | tokens create/revoke | agents set-password |
search | export
"""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from parley import __version__
from parley.config import Settings
from parley.kit.clock import now_ms
from parley.ops import owner, shared_metrics
from parley.ops.cli_errors import OneLineErrors
from parley.orgs import repository as orgs_repo
from parley.orgs import service as orgs
from parley.store import Tx, clocks, open_database
from parley.store.connect import run_in_transaction
from parley.uow import Ctx

T = TypeVar("T")
DEMO_SMTP_LISTEN = "127.0.0.1:2525"
SHUTDOWN_GRACE_SECONDS = 5


def _settings(database_url: str | None) -> Settings:
    overrides: dict[str, Any] = {}
    if database_url:
        overrides["database_url"] = database_url
    settings = Settings.from_env(**overrides)
    warning = owner.other_store_warning(settings, explicit=bool(database_url))
    if warning:
        click.echo(f"warning: {warning}", err=True)
    return settings


def _in_tx(settings: Settings, fn: Callable[[Tx], Awaitable[T]]) -> T:
    return run_in_transaction(settings.database_url, fn)


def _in_unit(settings: Settings, org_id: str, fn: Callable[[Ctx], Awaitable[T]]) -> T:
    """Run ``fn`` in a unit of work of the organisation (acting for no user), committed
    when it returns."""

    async def in_tx(tx: Tx) -> T:
        now = now_ms() + await clocks.offset_ms(tx, org_id)  # the organisation's clock
        return await fn(Ctx(tx, org_id, None, None, settings, now))

    return _in_tx(settings, in_tx)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


class LazyCommands(click.Group):
    """A group whose ``lazy`` commands (name: "module:attribute") are imported only when
    one of them runs or help lists them: a command starts without the modules of the
    others (alembic, litestar, the exports), a few tenths of a second each time."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        module, _, attribute = self.lazy[cmd_name].partition(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command


class MainGroup(LazyCommands, OneLineErrors):
    """``parley``: lazily imported commands, store failures as one line."""


@click.group(
    cls=MainGroup,
    lazy={
        "export": "parley.exports.cli:export",
        "search": "parley.search.cli:search",
        "smtp": "parley.mail.cli:smtp",
    },
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", "-V", prog_name="parley")
def main() -> None:
    """Parley: a self-hostable conversation engine with Dixa's REST API."""


database_option = click.option(
    "--database-url",
    envvar="PARLEY_DATABASE_URL",
    default=None,
    help="sqlite:///path/to.db or postgresql://user@host/db (env PARLEY_DATABASE_URL).",
)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=int,
    help="Server processes (PostgreSQL only; SQLite is owned by one process).",
)
@database_option
@click.option(
    "--demo/--no-demo",
    default=False,
    help="Create a demo organisation on first start and print its token.",
)
@click.option(
    "--migrate/--no-migrate",
    default=None,
    help="Apply pending migrations first (default: on; env PARLEY_AUTO_MIGRATE).",
)
@click.option(
    "--ephemeral",
    is_flag=True,
    help="A throwaway store: a migrated SQLite file in a temporary directory, with one "
    "organisation, deleted on exit. Prints the base URL and the tokens.",
)
@click.option("--json", "as_json", is_flag=True, help="With --ephemeral: print one JSON line.")
def serve(
    host: str,
    port: int,
    workers: int,
    database_url: str | None,
    demo: bool,
    migrate: bool | None,
    ephemeral: bool,
    as_json: bool,
) -> None:
    """Serve the API with granian."""
    if ephemeral:
        source = click.get_current_context().get_parameter_source("database_url")
        if source is click.core.ParameterSource.COMMANDLINE:
            _fail("--ephemeral makes its own store; drop --database-url")
        _serve_ephemeral(host, port, demo, as_json)
        return
    if as_json:
        _fail("--json is for --ephemeral")
    settings = _settings(database_url)
    if settings.database_url.startswith("sqlite:") and ":memory:" in settings.database_url:
        _fail(
            "an in-memory SQLite database cannot be shared by the server's connections; "
            "use --ephemeral for a throwaway store"
        )
    is_sqlite = settings.database_url.startswith("sqlite:")
    if workers < 1:
        _fail("--workers must be at least 1")
    if is_sqlite and workers > 1:
        _fail(
            "SQLite is owned by one process: use --workers 1, or PostgreSQL "
            "(--database-url postgresql://…) to run several server processes."
        )
    owner.check_port(host, port)
    if workers > 1:  # each process counts its requests in files that /metrics reads together
        shared_metrics.share_between_processes(settings.data_dir / "metrics" / str(port))
    with owner.owner_lock(settings):
        _serve(settings, host, port, workers, demo, migrate)


def _serve(
    settings: Settings, host: str, port: int, workers: int, demo: bool, migrate: bool | None
) -> None:
    from parley.demo import start as demo_start
    from parley.store.migrate import upgrade

    is_sqlite = settings.database_url.startswith("sqlite:")
    if migrate if migrate is not None else settings.auto_migrate:
        upgrade(settings.database_url)
    owner.remember_served_store(settings)
    os.environ["PARLEY_DATABASE_URL"] = settings.database_url
    base = f"http://{host}:{port}"
    click.echo(f"Parley API   {base}/v1  (store: {'SQLite' if is_sqlite else 'PostgreSQL'})")
    click.echo(f"API docs     {base}/docs   OpenAPI: {base}/openapi.json")
    _smtp_listen(demo)
    if demo:
        token = demo_start.demo_token(settings)
        click.echo(f"Demo org     {demo_start.DEMO_ORG}")
        click.echo(f"API token    {token}")
        click.echo(f"Try it       curl -H 'Authorization: {token}' {base}/v1/agents")
        email, password = demo_start.demo_desk(settings)
        click.echo(f"Agent desk   {base}/   email {email}   password {password}")
    sys.stdout.flush()
    _granian(host, port, workers, settings)


def _granian(
    host: str,
    port: int,
    workers: int,
    settings: Settings,
    target: str = "parley.app:asgi_factory",
) -> None:
    from granian import Granian
    from granian.http import HTTP1Settings

    Granian(
        target,
        address=host,
        port=port,
        interface="asgi",  # type: ignore[arg-type]
        workers=workers,
        factory=True,
        log_level="warning",  # type: ignore[arg-type]
        http1_settings=HTTP1Settings(
            header_read_timeout=int(settings.header_timeout_seconds * 1000)
        ),
        # Open desks keep event streams that never end by themselves: a worker still busy
        # this long after a stop signal is ended (its jobs are durable, its writes atomic).
        workers_kill_timeout=SHUTDOWN_GRACE_SECONDS,
    ).serve()


# The app ``serve --ephemeral`` built before the server process was forked.
_PREBUILT: list[Any] = []


def prebuilt_app() -> Any:
    """Granian's factory for ``serve --ephemeral``: the app built before the fork (a
    spawned server process builds its own, from the environment set for it)."""
    if _PREBUILT:
        return _PREBUILT[0]
    from parley.app import asgi_factory

    return asgi_factory()


def _serve_ephemeral(host: str, port: int, demo: bool, as_json: bool) -> None:
    """``serve --ephemeral``: the store of ``parley.admin.ephemeral``, deleted on exit. The
    admin API is on, with PARLEY_ADMIN_TOKEN or a new token."""
    import shutil

    from parley.admin import ephemeral
    from parley.kit.tokens import new_token

    if demo:
        _fail("--ephemeral starts with one empty organisation; drop --demo")
    store = ephemeral.create()
    try:
        admin_token = os.environ.get("PARLEY_ADMIN_TOKEN") or new_token()
        os.environ.update(
            PARLEY_DATABASE_URL=store.database_url,
            PARLEY_DATA_DIR=str(store.directory),
            PARLEY_ADMIN_TOKEN=admin_token,
        )
        base = f"http://{host}:{port}"
        info = {
            "baseUrl": base,
            "orgId": store.org_id,
            "apiToken": store.api_token,
            "adminToken": admin_token,
            "directory": str(store.directory),
        }
        if as_json:
            click.echo(json.dumps(info))
        else:
            click.echo(f"Parley API   {base}/v1  (ephemeral store in {store.directory})")
            click.echo(f"API token    {store.api_token}   (organisation {store.org_id})")
            click.echo(f"Admin token  {admin_token}   (admin API: {base}/_parley/)")
        sys.stdout.flush()
        # The server process is forked from this one: the app built here is the one it
        # serves (its imports and routes are not made again there).
        from parley.app import create_app

        settings = Settings.from_env()
        _PREBUILT.append(create_app(settings))
        _granian(host, port, 1, settings, target="parley.cli:prebuilt_app")
    except KeyboardInterrupt:  # Ctrl-C is the way to stop it
        pass
    finally:
        shutil.rmtree(store.directory, ignore_errors=True)


def _smtp_listen(demo: bool) -> None:
    """The demo receives mail on 127.0.0.1:2525 unless PARLEY_SMTP_LISTEN says otherwise."""
    if demo and not os.environ.get("PARLEY_SMTP_LISTEN"):
        os.environ["PARLEY_SMTP_LISTEN"] = DEMO_SMTP_LISTEN
    listen = os.environ.get("PARLEY_SMTP_LISTEN")
    if listen:
        click.echo(f"SMTP         {listen}  (mail for the organisations' email endpoints)")


@main.command()
@database_option
def worker(database_url: str | None) -> None:
    """Run background jobs (several workers may share one PostgreSQL)."""
    from parley.ops import logs
    from parley.worker.runner import Worker

    settings = _settings(database_url)
    logs.configure(settings.log_level, settings.log_format)

    async def run() -> None:
        db = open_database(settings.database_url, settings.database_pool_size)
        await db.connect()
        w = Worker(db, settings)
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        w.start()
        click.echo(f"worker {w.worker_id} running; Ctrl-C to stop")
        await stop.wait()
        await w.stop()
        await db.close()

    with owner.owner_lock(settings):
        asyncio.run(run())


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@database_option
def db_upgrade(database_url: str | None) -> None:
    """Apply pending migrations."""
    from parley.store.migrate import upgrade

    settings = _settings(database_url)
    upgrade(settings.database_url)
    click.echo("schema is up to date")


@main.group(
    "orgs",
    cls=LazyCommands,
    lazy={
        "export": "parley.admin.snapshot_cli:export_command",
        "import": "parley.admin.snapshot_cli:import_command",
    },
)
def orgs_group() -> None:
    """Organisations."""


@orgs_group.command("create")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@database_option
def orgs_create(name: str, as_json: bool, database_url: str | None) -> None:
    """Create an organisation with a default queue, an admin agent and an API token."""
    created = _in_tx(_settings(database_url), lambda tx: orgs.create_org(tx, name))
    if as_json:
        click.echo(
            json.dumps({"id": created.id, "name": created.name, "apiToken": created.api_token})
        )
        return
    click.echo(f"organisation  {created.id}  {created.name}")
    click.echo(f"default queue {created.default_queue_id}")
    click.echo(f"admin agent   {created.admin_user_id}")
    click.echo(f"API token     {created.api_token}   (shown once; stored only as a hash)")
    click.echo(
        "email         none yet: email conversations need an address of the organisation, "
        "added with POST /v1/contact-endpoints "
        '{"_type": "EmailEndpoint", "address": "support@example.com"} (Parley extension)'
    )


@orgs_group.command("list")
@database_option
def orgs_list(database_url: str | None) -> None:
    """List organisations."""
    for org in _in_tx(_settings(database_url), orgs_repo.list_orgs):
        click.echo(f"{org.id}  {org.name}")


@main.group("tokens")
def tokens_group() -> None:
    """API tokens."""


@tokens_group.command("create")
@click.option("--org", "org_id", required=True, help="Organisation id.")
@click.option("--name", default=None, help="A label for the token.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@database_option
def tokens_create(org_id: str, name: str | None, as_json: bool, database_url: str | None) -> None:
    """Issue a further API token for an organisation."""
    from parley.errors import ParleyError

    try:
        token = _in_unit(_settings(database_url), org_id, lambda ctx: orgs.create_token(ctx, name))
    except ParleyError as exc:
        _fail(exc.message)
        return
    if as_json:
        click.echo(json.dumps({"id": token.id, "orgId": token.org_id, "apiToken": token.api_token}))
        return
    click.echo(f"token id   {token.id}")
    click.echo(f"API token  {token.api_token}   (shown once; stored only as a hash)")


@tokens_group.command("revoke")
@click.argument("token_id")
@database_option
def tokens_revoke(token_id: str, database_url: str | None) -> None:
    """Revoke a token by its id: requests with it get 401 from then on."""
    from parley.errors import ParleyError

    try:
        _in_tx(_settings(database_url), lambda tx: orgs.revoke_token(tx, token_id))
    except ParleyError as exc:
        _fail(exc.message)
        return
    click.echo(f"revoked {token_id}")


@tokens_group.command("list")
@click.option("--org", "org_id", default=None, help="Only this organisation's tokens.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per line.")
@database_option
def tokens_list(org_id: str | None, as_json: bool, database_url: str | None) -> None:
    """List API tokens (ids and labels; a token itself is never stored)."""
    rows = _in_tx(_settings(database_url), lambda tx: orgs_repo.list_tokens(tx, org_id))
    for t in rows:
        if as_json:
            fields = {"id": t.id, "orgId": t.org_id, "name": t.name}
            click.echo(json.dumps({**fields, "createdAt": t.created_at, "revokedAt": t.revoked_at}))
        else:
            state = "revoked" if t.revoked_at is not None else "active"
            click.echo(f"{t.id}  {t.org_id}  {state:7}  {t.name or ''}")


@db.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@database_option
def db_backup(out: Path, database_url: str | None) -> None:
    """Back up a SQLite store (database, attachments) into one .tar.gz, while it serves."""
    from parley.ops import backup

    files = backup.backup(_settings(database_url), out)
    click.echo(f"backed up the database and {files} attachment files to {out}")


@db.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing database.")
@database_option
def db_restore(archive: Path, force: bool, database_url: str | None) -> None:
    """Restore a backup made by `parley db backup` (the server must be stopped)."""
    from parley.ops import backup

    files = backup.restore(_settings(database_url), archive, force=force)
    click.echo(f"restored the database and {files} attachment files from {archive}")


@main.group("agents")
def agents_group() -> None:
    """Agents' desk access."""


@agents_group.command("set-password")
@click.option("--org", "org_id", required=True, help="Organisation id.")
@click.argument("email")
@database_option
def agents_set_password(org_id: str, email: str, database_url: str | None) -> None:
    """Set an agent's desk password, read from standard input (its first line)."""
    from parley.desk.auth import PasswordCost, set_password
    from parley.errors import ParleyError
    from parley.kit.clock import now_ms

    password = sys.stdin.readline().rstrip("\r\n")
    settings = _settings(database_url)
    cost = PasswordCost.of(settings)
    try:
        _in_tx(settings, lambda tx: set_password(tx, org_id, email, password, now_ms(), cost))
    except ParleyError as exc:
        _fail(exc.message)
        return
    click.echo(f"password set for {email}")
