"""Generated data: cached under .bench/ by scale + seed + schema version, copied per run.

The generator (bench/generate.py) fills a store once; the filled store is kept as a
pristine cache (an SQLite file, or a PostgreSQL database used as a template) and every
run works on a fresh copy, so write scenarios never leak into the next run and reruns
skip generation. The cache key hashes the migrations, the schema and the generator, so a
change to any of them regenerates.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.pg import PgAdmin

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / ".bench"
KEY_INPUTS = ["migrations/versions", "src/parley/store/schema.py", "bench/generate.py", "bench/gen"]


def schema_key() -> str:
    h = hashlib.sha256()
    for rel in KEY_INPUTS:
        path = ROOT / rel
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for f in files:
            if f.exists() and "__pycache__" not in f.parts:
                h.update(str(f.relative_to(ROOT)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:12]


@dataclass
class Store:
    """A filled store: the cached original or a run copy."""

    kind: str  # "sqlite" | "postgres"
    url: str
    manifest: dict[str, Any]
    generation_s: float | None = None  # None when it came from the cache

    @property
    def token(self) -> str:
        return str(self.manifest["org"]["api_token"])

    @property
    def org_id(self) -> str:
        return str(self.manifest["org"]["id"])


class DataError(RuntimeError):
    pass


def _generate(url: str, scale: str, seed: int, manifest: Path, log: Path) -> float:
    argv = [
        sys.executable,
        str(ROOT / "bench" / "generate.py"),
        "--database-url",
        url,
        "--scale",
        scale,
        "--seed",
        str(seed),
        "--manifest",
        str(manifest),
    ]
    if not (ROOT / "bench" / "generate.py").exists():
        raise DataError("bench/generate.py is missing")
    print(f"  generating {scale} data (seed {seed}) into {url.split('?')[0]}", flush=True)
    started = time.monotonic()
    with open(log, "wb") as out:
        # The generator's progress bar goes to the terminal (stderr); its log to a file.
        r = subprocess.run(argv, cwd=ROOT, stdout=out, stderr=None if sys.stderr.isatty() else out)
    if r.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise DataError(f"bench/generate.py failed ({r.returncode}); log {log}:\n{tail}")
    return time.monotonic() - started


def _sqlite_checkpoint(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def cached_sqlite(scale: str, seed: int) -> Store:
    key = schema_key()
    cache = BENCH_DIR / "data" / f"{scale}-s{seed}-{key}"
    db, manifest, ready = cache / "sqlite.db", cache / "manifest-sqlite.json", cache / "ready"
    for stale in (BENCH_DIR / "data").glob(f"{scale}-s{seed}-*"):
        if stale != cache:
            shutil.rmtree(stale, ignore_errors=True)
    if ready.exists() and db.exists() and manifest.exists():
        return Store("sqlite", f"sqlite:///{db}", json.loads(manifest.read_text()))
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    took = _generate(f"sqlite:///{db}", scale, seed, manifest, cache / "generate-sqlite.log")
    _sqlite_checkpoint(db)
    ready.write_text(json.dumps({"generation_s": took}))
    return Store("sqlite", f"sqlite:///{db}", json.loads(manifest.read_text()), took)


def cached_postgres(scale: str, seed: int, admin: PgAdmin) -> Store:
    key = schema_key()
    name = f"parley_bench_{scale}_s{seed}_{key}"
    cache = BENCH_DIR / "data" / f"pg-{scale}-s{seed}-{key}"
    manifest, ready = cache / "manifest-postgres.json", cache / "ready"
    for stale in (BENCH_DIR / "data").glob(f"pg-{scale}-s{seed}-*"):
        if stale != cache:
            shutil.rmtree(stale, ignore_errors=True)
    existing = asyncio.run(admin.databases(f"parley_bench_{scale}_s{seed}_"))
    for db_name in existing:
        if db_name != name:
            asyncio.run(admin.drop(db_name))
    if ready.exists() and manifest.exists() and name in existing:
        return Store("postgres", admin.url_for(name), json.loads(manifest.read_text()))
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    asyncio.run(admin.drop(name))
    asyncio.run(admin.create(name))
    url = admin.url_for(name)
    took = _generate(url, scale, seed, manifest, cache / "generate-postgres.log")
    asyncio.run(admin.vacuum_analyze(name))
    ready.write_text(json.dumps({"generation_s": took}))
    return Store("postgres", url, json.loads(manifest.read_text()), took)


def sqlite_run_copy(cached: Store, run_dir: Path) -> Store:
    src = Path(cached.url.removeprefix("sqlite:///"))
    run_dir.mkdir(parents=True, exist_ok=True)
    dst = run_dir / "parley-sqlite.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(dst) + suffix).unlink(missing_ok=True)
    shutil.copyfile(src, dst)
    # On disk before the server starts: else the kernel writes the copy back (GBs at the
    # large scale) while the run measures, and every fsync of the store waits behind it.
    fd = os.open(dst, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    # The cached original out of the page cache: at the large scale (7.4 GB) it and two
    # servers' copies fill this machine's RAM, and a copy's pages would be read from disk.
    fd = os.open(src, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
    return Store("sqlite", f"sqlite:///{dst}", cached.manifest, cached.generation_s)


def postgres_run_copy(cached: Store, name: str, admin: PgAdmin) -> Store:
    template = cached.url.rsplit("/", 1)[1]
    asyncio.run(admin.drop(name))
    asyncio.run(admin.create(name, template=template))
    return Store("postgres", admin.url_for(name), cached.manifest, cached.generation_s)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def run_dir() -> Path:
    """This run's directory (.bench/run/<pid>); those of runs that are gone are removed."""
    base = BENCH_DIR / "run"
    if base.exists():
        for d in base.iterdir():
            if d.is_dir() and d.name.isdigit() and not _alive(int(d.name)):
                shutil.rmtree(d, ignore_errors=True)
    mine = base / str(os.getpid())
    shutil.rmtree(mine, ignore_errors=True)
    mine.mkdir(parents=True)
    return mine


PG_RUN_PREFIX = "parley_bench_run_"


def pg_run_name() -> str:
    return f"{PG_RUN_PREFIX}{os.getpid()}"


def drop_stale_pg_runs(admin: PgAdmin) -> None:
    for name in asyncio.run(admin.databases(PG_RUN_PREFIX)):
        pid = name.removeprefix(PG_RUN_PREFIX)
        if pid.isdigit() and not _alive(int(pid)):
            asyncio.run(admin.drop(name))
