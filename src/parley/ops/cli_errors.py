"""Store failures on the command line: one line saying what is wrong, not a traceback.

A database that does not exist, a server that does not answer, a password refused, a
store without its schema, a SQLite store or a port owned by another process, a SQLite
library too old for the store's SQL: each ends the command with ``error: …`` and exit
status 2. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import Any

import click

from parley.ops.backup import BackupError
from parley.ops.owner import OwnedElsewhere
from parley.store.database import SqliteTooOld

_SCHEMA = "run `parley db upgrade` first (the store has no Parley schema)"


def _explain(exc: BaseException) -> str | None:
    """The one-line reason for a failure the operator can fix, or None."""
    name = type(exc).__name__
    if isinstance(exc, OwnedElsewhere | BackupError | SqliteTooOld):
        return str(exc)
    if name == "InvalidCatalogNameError":
        return f"the database does not exist ({exc}): create it first (createdb)"
    if name in ("InvalidPasswordError", "InvalidAuthorizationSpecificationError"):
        return f"the store refused the login: {exc}"
    if name in ("UndefinedTableError",) or (
        isinstance(exc, sqlite3.OperationalError) and "no such table" in str(exc)
    ):
        return _SCHEMA
    if isinstance(exc, sqlite3.OperationalError) and "unable to open" in str(exc):
        return f"cannot open the SQLite database: {exc}"
    if isinstance(exc, ConnectionRefusedError | TimeoutError) or name == "CannotConnectNowError":
        return f"the database server does not answer: {exc}"
    if isinstance(exc, OSError) and exc.errno is not None and "connect" in str(exc).lower():
        return f"cannot reach the database server: {exc}"
    return None


def _reason(exc: BaseException) -> str | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:  # SQLAlchemy wraps the driver's
        seen.add(id(current))
        reason = _explain(current)
        if reason is not None:
            return reason
        current = current.__cause__ or current.__context__
    return None


class OneLineErrors(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as exc:
            reason = _reason(exc)
            if reason is None:
                raise
            click.echo(f"error: {reason}", err=True)
            sys.exit(2)
