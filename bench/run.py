"""Parley's benchmark harness: `make bench` (full run) and `make bench-smoke`.

    .venv/bin/python bench/run.py --scale large            # the full run, writes RESULTS.md
    .venv/bin/python bench/run.py --smoke                   # every scenario, tiny data, ~1 s each
    .venv/bin/python bench/run.py --smoke --systems ceiling,parley --stores sqlite

See bench/README.md for the scenarios, the systems and how numbers are taken.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from harness import analysis, chart, data, fixtures, phases, report, versions, wrk  # noqa: E402
from harness.model import Run  # noqa: E402
from harness.pg import PgAdmin, find_admin  # noqa: E402
from harness.scenarios import BY_NAME, SCALE_OUT  # noqa: E402

SYSTEMS = ("ceiling", "parley", "scaleout", "prism", "helpdesk")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--smoke", action="store_true", help="tiny data, 1 s per scenario, no warm-up")
    p.add_argument("--scale", choices=["tiny", "small", "large"], default=None)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--duration", type=int, default=None, help="seconds per scenario")
    p.add_argument("--warmup", type=int, default=None, help="warm-up seconds per scenario")
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--stores", default="sqlite,postgres")
    p.add_argument("--systems", default=",".join(SYSTEMS), help=",".join(SYSTEMS))
    p.add_argument("--scenarios", default=None, help="Parley scenarios (default: all)")
    p.add_argument("--results", default=None, help="RESULTS.md to update (full run default)")
    p.add_argument("--no-results", action="store_true", help="do not touch RESULTS.md")
    p.add_argument("--json", default=None, help="where to write the run as JSON")
    p.add_argument("--strict", action="store_true", help="exit 1 on any error or skipped part")
    p.add_argument("--note", action="append", default=[], help="a note for RESULTS.md")
    args = p.parse_args(argv)
    if args.scale is None:
        args.scale = "tiny" if args.smoke else "large"
    if args.duration is None:
        args.duration = 1 if args.smoke else 10
    if args.warmup is None:
        args.warmup = 0 if args.smoke else 2
    return args


def _command(args: argparse.Namespace, argv: list[str]) -> str:
    """The exact command; under make, the target that ran it too."""
    cmd = shlex.join([".venv/bin/python", "bench/run.py", *argv])
    if os.environ.get("MAKELEVEL"):
        return f"make {'bench-smoke' if args.smoke else 'bench'}` → `{cmd}"
    return cmd


def _phase(run: Run, name: str, fn: Callable[[], phases.PhaseResult]) -> None:
    print(f"\n== {name}", flush=True)
    started = time.monotonic()
    try:
        result = fn()
    except Exception as exc:
        traceback.print_exc()
        run.skipped.append(f"{name}: failed: {exc.__class__.__name__}: {str(exc)[:600]}")
        return
    run.measurements += result.measurements
    for system, mb in result.hwm_mb.items():
        run.server_peaks[system] = max(mb, run.server_peaks.get(system, 0.0))
    run.notes += result.notes
    run.skipped += result.failures
    print(f"   ({time.monotonic() - started:.0f} s)", flush=True)


def _stores(
    args: argparse.Namespace, run: Run, admin: PgAdmin | None, run_dir: Path
) -> dict[str, fixtures.Fixtures]:
    out: dict[str, fixtures.Fixtures] = {}
    run.data["stores"] = {}
    for kind in [s for s in args.stores.split(",") if s]:
        print(f"\n== data: {kind}, scale {args.scale}, seed {args.seed}", flush=True)
        if kind == "postgres" and admin is None:
            run.skipped.append(
                "postgres: no PostgreSQL server answered (set PARLEY_BENCH_PG_URL); "
                "PostgreSQL scenarios and the scale-out were not run"
            )
            continue
        if kind == "sqlite":
            cached = data.cached_sqlite(args.scale, args.seed)
            store = data.sqlite_run_copy(cached, run_dir)
        else:
            assert admin is not None
            cached = data.cached_postgres(args.scale, args.seed, admin)
            data.drop_stale_pg_runs(admin)
            store = data.postgres_run_copy(cached, data.pg_run_name(), admin)
        fx = fixtures.prepare(store, run_dir / kind)
        gen = (
            f"generated in {cached.generation_s:.0f} s"
            if cached.generation_s is not None
            else "from the cache"
        )
        run.data["stores"][kind] = (
            f"{fx.conversation_count:,} conversations, {fx.message_count:,} messages, "
            f"{fx.activity.total:,} activity entries ({gen})"
        )
        run.data.setdefault("messages", {})[kind] = fx.message_count
        run.data["activity_page"] = (
            f"page {fx.activity.page:,} at pageLimit {fx.activity.limit} "
            f"({fx.activity.total:,} entries; key built from the row before the page "
            "and checked against the server)"
        )
        print(f"   {run.data['stores'][kind]}", flush=True)
        out[kind] = fx
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    systems = set(args.systems.split(","))
    run = Run(
        started=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        mode="smoke" if args.smoke else "full",
        scale=args.scale,
        seed=args.seed,
        commit=versions.commit(),
        command=_command(args, sys.argv[1:] if argv is None else argv),
    )
    wrk.ensure_wrk()
    load = wrk.Load(args.duration, args.connections, args.threads, timeout_s=10)
    run.notes += args.note
    run.load = {
        "loadavg_start": versions.loadavg(),
        "duration_s": load.duration_s,
        "connections": load.connections,
        "threads": load.threads,
        "timeout_s": load.timeout_s,
        "warmup_s": args.warmup,
        **versions.machine(),
    }
    run_dir = data.run_dir()
    logs = run_dir / "logs"
    logs.mkdir(parents=True)
    admin = find_admin() if "postgres" in args.stores else None
    run.versions = versions.collect(admin)
    cfg = phases.Settings(load=load, warmup_s=args.warmup, logs=logs)
    if args.scenarios:
        cfg.scenarios = args.scenarios.split(",")

    stores = (
        _stores(args, run, admin, run_dir)
        if systems & {"parley", "scaleout", "prism", "helpdesk"}
        else {}
    )
    if "ceiling" in systems:
        _phase(
            run,
            "ceiling: static JSON, raw ASGI and Litestar on granian",
            lambda: phases.ceilings(cfg),
        )
        if "sqlite" in stores and "get_conversation" in cfg.scenarios:
            _phase(
                run,
                "ceiling: GET conversation from a Litestar handler, one token and one row read",
                lambda: phases.store_floor(stores["sqlite"], cfg),
            )
    openapi = run_dir / "openapi.json"
    _parley_phases(run, cfg, systems, stores, openapi)
    if "prism" in systems and stores:
        _prism(run, cfg, stores, openapi)
    if "helpdesk" in systems:
        _helpdesk(run, cfg, args, stores)

    run.ratios = analysis.ratios(run)
    run.targets = analysis.targets(run)
    run.finished = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    run.load["loadavg_end"] = versions.loadavg()
    out_json = Path(args.json) if args.json else ROOT / ".bench" / "results" / f"{run.mode}.json"
    run.save(out_json)
    print(f"\nrun saved to {out_json}")
    results = args.results or (None if args.smoke else str(HERE / "RESULTS.md"))
    if results and not args.no_results:
        png = Path(results).with_name("results.png")
        drawn = chart.draw(run, png)
        report.write(Path(results), run, png.name if drawn else None)
        print(f"tables written to {results}" + (f", chart {png}" if drawn else ""))
    _cleanup(admin, stores, run_dir)
    _summary(run)
    failed = run.skipped or any(m.errors or not m.requests for m in run.measurements)
    return 1 if args.strict and failed else 0


def _parley_phases(
    run: Run,
    cfg: phases.Settings,
    systems: set[str],
    stores: dict[str, fixtures.Fixtures],
    openapi: Path,
) -> None:
    """SQLite: reads, then writes, one server. PostgreSQL: reads with one process, the
    scale-out scenarios with two, then the writes with one again, so that both sides of
    the scale-out see the store in the same state (writes leave work for the search
    index, which would slow the reads that follow them)."""
    if "parley" in systems and "sqlite" in stores:
        _phase(
            run,
            "Parley on SQLite (1 process)",
            lambda: phases.parley(stores["sqlite"], "parley-sqlite", cfg, openapi_to=openapi),
        )
    if "postgres" not in stores:
        return
    pg = stores["postgres"]
    reads = [n for n in cfg.scenarios if not BY_NAME[n].writes]
    writes = [n for n in cfg.scenarios if BY_NAME[n].writes]
    if "parley" in systems:
        save = None if openapi.exists() else openapi
        _phase(
            run,
            "Parley on PostgreSQL (1 process): reads",
            lambda: phases.parley(pg, "parley-pg", cfg, names=reads, openapi_to=save),
        )
    if "scaleout" in systems:
        names = [n for n in SCALE_OUT if n in cfg.scenarios]
        _phase(
            run,
            "Parley on PostgreSQL (2 processes, same load)",
            lambda: phases.parley(pg, "parley-pg-2w", cfg, workers=2, names=names),
        )
    if "parley" in systems and writes:
        _phase(
            run,
            "Parley on PostgreSQL (1 process): writes",
            lambda: phases.parley(pg, "parley-pg", cfg, names=writes),
        )


def _prism(
    run: Run, cfg: phases.Settings, stores: dict[str, fixtures.Fixtures], openapi: Path
) -> None:
    from harness.peers import prism_phase
    from prism import prism

    fx = stores.get("sqlite") or next(iter(stores.values()))
    run.versions["node"] = prism.node_version()
    run.versions["prism"] = prism.PRISM_VERSION
    if not openapi.exists():
        run.skipped.append("prism: Parley's OpenAPI document was not saved (no Parley phase ran)")
        return
    _phase(
        run,
        "Stoplight Prism mock of Parley's OpenAPI",
        lambda: prism_phase(cfg, openapi, fx.conversation_range, fx.store.token),
    )


def _helpdesk(
    run: Run, cfg: phases.Settings, args: argparse.Namespace, stores: dict[str, fixtures.Fixtures]
) -> None:
    try:
        from harness.helpdesk import helpdesk_phase
    except ImportError as exc:
        run.skipped.append(f"helpdesk: the django-helpdesk peer is not available ({exc})")
        return
    from helpdesk import peer

    run.versions["django-helpdesk"] = peer.HELPDESK_VERSION
    _phase(run, "django-helpdesk", lambda: helpdesk_phase(cfg, args.scale, args.seed, stores))


def _cleanup(admin: PgAdmin | None, stores: dict[str, fixtures.Fixtures], run_dir: Path) -> None:
    """Drop this run's store copies; the logs stay in the run directory."""
    import asyncio

    if admin is not None and "postgres" in stores:
        asyncio.run(admin.drop(data.pg_run_name()))
    for f in run_dir.glob("parley-sqlite.db*"):
        f.unlink(missing_ok=True)


def _summary(run: Run) -> None:
    print("\nTargets:")
    for t in run.targets:
        state = {True: "met", False: "MISSED", None: "n/a"}[t.met]
        print(
            f"  {state:<7} {t.name}: {t.measured} ({t.goal}){' - ' + t.reason if t.reason else ''}"
        )
    for s in run.skipped:
        print(f"  skipped: {s}")
    for n in run.notes:
        print(f"  note: {n}")


if __name__ == "__main__":
    sys.exit(main())
