"""Versions and identity of what was measured: commit, tools, libraries, machine."""

from __future__ import annotations

import asyncio
import os
import platform
import sqlite3
import subprocess
from importlib import metadata
from pathlib import Path

from harness.pg import PgAdmin
from harness.wrk import wrk_version

ROOT = Path(__file__).resolve().parents[2]


def commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except FileNotFoundError:
        return "unknown"
    return (head or "unknown") + ("+dirty" if dirty else "")


def _dist(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


def collect(admin: PgAdmin | None) -> dict[str, str]:
    out = {
        "python": platform.python_version(),
        "granian": _dist("granian"),
        "litestar": _dist("litestar"),
        "msgspec": _dist("msgspec"),
        "sqlite": sqlite3.sqlite_version,
        "wrk": wrk_version(),
    }
    if admin is not None:
        try:
            out["postgres"] = asyncio.run(admin.version())
        except Exception as exc:
            out["postgres"] = f"unknown ({exc.__class__.__name__})"
    return out


def machine() -> dict[str, str]:
    mem = "unknown"
    try:
        with open("/proc/meminfo") as f:
            kib = int(f.readline().split()[1])
        mem = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {"cores": str(os.cpu_count()), "memory": mem, "kernel": platform.release()}


def loadavg() -> str:
    """The 1-minute load average: other work on the machine shows here."""
    try:
        with open("/proc/loadavg") as f:
            return f.read().split()[0]
    except OSError:
        return "unknown"
