"""Fill a new organisation with realistic benchmark data.

    .venv/bin/python bench/generate.py --database-url URL --scale tiny|small|large \\
        --seed N --manifest PATH [--org-name X] [--workers N]

Creates the organisation (default queue, API admin and token) with the orgs service,
then agents, teams, queues, tags, custom attributes, end users and conversations with
messages, notes, tags, attribute values, ratings and activity history, deterministically
from the seed; builds the search index; writes a JSON manifest for the benchmark scripts.
The schema is migrated first (an empty database is fine).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen.run import Options, Reporter, generate
from gen.scales import DEFAULT_ANCHOR_MS, SCALES
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from parley.kit.clock import parse_ms
from parley.store import open_database
from parley.store.migrate import upgrade


class RichReporter(Reporter):
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def start(self, key: str, description: str, total: int | None) -> None:
        if key not in self.tasks:
            self.tasks[key] = self.progress.add_task(description, total=total)

    def advance(self, key: str, amount: int) -> None:
        self.progress.advance(self.tasks[key], amount)

    def update(self, key: str, completed: int, total: int | None) -> None:
        self.progress.update(self.tasks[key], completed=completed, total=total)

    def finish(self, key: str) -> None:
        task = self.tasks[key]
        total = self.progress.tasks[task].total
        if total is None:
            total = self.progress.tasks[task].completed or 1
        self.progress.update(task, total=total, completed=total)


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", required=True, help="sqlite:///path or postgresql://...")
    p.add_argument("--scale", choices=sorted(SCALES), default="tiny")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--manifest", required=True, type=Path, help="where to write the JSON")
    p.add_argument("--org-name", default=None)
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes making batches (default: CPUs - 1; 0 = in this process)",
    )
    p.add_argument("--anchor", default=None, help="end of the generated history (RFC 3339)")
    p.add_argument("--no-search", action="store_true", help="skip building the search index")
    p.add_argument("--no-migrate", action="store_true", help="do not apply migrations first")
    return p.parse_args(argv)


async def _run(args: argparse.Namespace, options: Options, console: Console) -> dict[str, Any]:
    db = open_database(args.database_url)
    await db.connect()
    try:
        columns = (
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console) as progress:
            return await generate(db, options, RichReporter(progress))
    finally:
        await db.close()


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    console = Console(stderr=True)
    workers = args.workers
    if workers is None:
        workers = max(0, (os.cpu_count() or 1) - 1) if args.scale != "tiny" else 0
    anchor = parse_ms(args.anchor) if args.anchor else DEFAULT_ANCHOR_MS
    options = Options(
        scale=args.scale,
        seed=args.seed,
        org_name=args.org_name,
        anchor_ms=anchor,
        workers=workers,
        search=not args.no_search,
    )
    if not args.no_migrate:
        upgrade(args.database_url)
    manifest = asyncio.run(_run(args, options, console))
    args.manifest.parent.mkdir(parents=True, exist_ok=True)
    args.manifest.write_text(json.dumps(manifest, indent=2) + "\n")
    counts, timings = manifest["counts"], manifest["timings_s"]
    console.print(
        f"[green]org {manifest['org']['id']}[/]: {counts['conversations']:,} conversations, "
        f"{counts['messages']:,} messages, {counts['activity_entries']:,} activity entries, "
        f"{counts['rows']:,} rows"
    )
    console.print(
        f"wall {timings['total_s']:.1f} s (setup {timings['setup_s']:.1f}, conversations "
        f"{timings['conversations_s']:.1f}, search index {timings['search_index_s']:.1f}, "
        f"tallies {timings['tallies_s']:.1f}, "
        f"tidy {timings['tidy_s']:.1f}); {manifest['rows_per_s']:,} rows/s; "
        f"search index {'built' if manifest['search']['indexed'] else 'NOT built'}"
    )
    console.print(f"manifest: {args.manifest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
