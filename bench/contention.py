"""Write latency while searches run: note-write p99 alone, and while two clients search
common words by GET or by POST, one server process on SQLite.

    .venv/bin/python bench/contention.py --scale large
    .venv/bin/python bench/contention.py --scale large --server base=/tmp/base/src \\
        --server new=src --rounds 3 --duration 15 --json /tmp/contention.json

Each ``--server NAME=SRC`` is a Parley server run from the source tree SRC (its
``PYTHONPATH``), each on its own copy of the cached generated store; ``SRC`` may be an
older commit's ``src`` (``git archive <commit> src | tar -x -C /tmp/base``), so one run
measures two versions side by side. Every round runs, for each server in turn, the three
phases (alone, with GET searches, with POST searches), ``--duration`` seconds each, after
the server has settled; the report gives each phase's median over the rounds and the ratios
to the write-alone phase. The writer adds a note every ``--interval-ms`` (open loop), the
two searchers search the generator's common words back to back; every client is a process
of its own (``harness/load.py``).

``--floor`` adds a row ``floor``: the same three phases with the notes sent to the note
floor (``ceiling/litestar_note.py``: a Litestar handler that checks the token and the
conversation and inserts a row, in a process of its own with a database file of its own)
and the searches to the first server. Nothing of the searches runs in the floor's process:
its note tail beside them is what a bare write gets on this machine under that load.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from harness import data, load  # noqa: E402
from harness.phases import granian_static, parley_server  # noqa: E402
from harness.procs import Server, free_port  # noqa: E402

PHASES = ("alone", "GET", "POST")
SEARCHERS = 2


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--scale", choices=["tiny", "small", "large"], default="large")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--duration", type=float, default=15.0, help="seconds per phase")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--interval-ms", type=float, default=20.0, help="pace of the note writer")
    p.add_argument(
        "--server",
        action="append",
        default=[],
        help="NAME=SRC: a server run from source tree SRC (default: this tree's src)",
    )
    p.add_argument("--json", default=None, help="where to write every phase's figures")
    p.add_argument(
        "--floor",
        action="store_true",
        help="also send the notes to the note floor app, the searches to the first server",
    )
    return p.parse_args(argv)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _phase(
    pool: ProcessPoolExecutor,
    server: Server,
    store: data.Store,
    phase: str,
    args: Any,
    writer_to: Server | None = None,
) -> dict[str, Any]:
    """One phase: searches (unless ``alone``) to ``server``, notes to ``writer_to`` (by
    default the same server)."""
    ids = (
        int(store.manifest["conversation_ids"]["min"]),
        int(store.manifest["conversation_ids"]["max"]),
    )
    common = [str(t["term"]) for t in store.manifest["search"]["terms"]["common"]]
    searches: list[Future[dict[str, Any]]] = []
    if phase != "alone":
        for i in range(SEARCHERS):
            searches.append(
                pool.submit(
                    load.searcher, server.base_url, store.token, phase, common, args.duration + 1, i
                )
            )
        time.sleep(0.5)  # the searches are under way before the writer starts
    writer = pool.submit(
        load.note_writer,
        (writer_to or server).base_url,
        store.token,
        ids,
        args.duration,
        args.interval_ms / 1000,
        int(time.time()),
    )
    notes = writer.result()
    found = [f.result() for f in searches]
    search_ms = [x for r in found for x in r["latencies_ms"]]
    errors: dict[str, int] = dict(notes["errors"])
    for r in found:
        for k, v in r["errors"].items():
            errors[f"search {k}"] = errors.get(f"search {k}", 0) + v
    lat = notes["latencies_ms"]
    return {
        "notes": len(lat),
        "note_p50_ms": percentile(lat, 0.50),
        "note_p99_ms": percentile(lat, 0.99),
        "searches_per_s": len(search_ms) / (args.duration + 1) if found else 0.0,
        "search_p50_ms": percentile(search_ms, 0.50) if search_ms else None,
        "errors": errors,
    }


def _servers(args: Any, run: Path) -> list[tuple[str, Server, data.Store]]:
    specs = args.server or [f"this={ROOT / 'src'}"]
    cached = data.cached_sqlite(args.scale, args.seed)
    out = []
    for spec in specs:
        name, src = spec.split("=", 1)
        store = data.sqlite_run_copy(cached, run / name)
        server = parley_server(store.url, 1, free_port(), run, f"parley-{name}")
        server.env = {**(server.env or {}), "PYTHONPATH": str(Path(src).resolve())}
        out.append((name, server.start(), store))
        print(f"  {name}: {src} on {store.url}", flush=True)
    return out


def _floor(run: Path, store: data.Store) -> Server:
    env = {
        "BENCH_STORE_PATH": store.url.removeprefix("sqlite:///"),
        "BENCH_FLOOR_PATH": str(run / "note-floor.db"),
    }
    server = granian_static("note", free_port(), run, env).start()
    print(f"  floor: bench/ceiling/litestar_note.py on {env['BENCH_FLOOR_PATH']}", flush=True)
    return server


def report(rows: dict[str, dict[str, list[dict[str, Any]]]], args: Any) -> str:
    lines = [
        f"Scale `{args.scale}`, {args.rounds} rounds x {args.duration:g} s per phase, a note "
        f"every {args.interval_ms:g} ms, {SEARCHERS} searchers of common words; medians over "
        "the rounds.",
        "",
        "| server | phase | note p50 ms | note p99 ms | p99 ÷ alone | searches/s | search p50 ms "
        "| errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, phases in rows.items():
        alone = statistics.median(r["note_p99_ms"] for r in phases["alone"])
        for phase in PHASES:
            rs = phases[phase]
            p99 = statistics.median(r["note_p99_ms"] for r in rs)
            p50 = statistics.median(r["note_p50_ms"] for r in rs)
            sps = statistics.median(r["searches_per_s"] for r in rs)
            sp50 = [r["search_p50_ms"] for r in rs if r["search_p50_ms"] is not None]
            errs = sum(sum(r["errors"].values()) for r in rs)
            search = f"{statistics.median(sp50):.1f}" if sp50 else "-"
            lines.append(
                f"| {name} | {phase if phase == 'alone' else phase + ' search'} | {p50:.2f} "
                f"| {p99:.2f} | {p99 / alone:.2f} | {sps:.1f} | {search} | {errs} |"
            )
    lines.append("")
    lines.append(
        "Per round (note p99 ms): "
        + "; ".join(
            f"{name} {phase} " + "/".join(f"{r['note_p99_ms']:.1f}" for r in phases[phase])
            for name, phases in rows.items()
            for phase in PHASES
        )
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run = data.run_dir()
    servers = _servers(args, run)
    floor: Server | None = None
    # (row name, search server, its store, the server the notes go to)
    plan = [(n, s, d, s) for n, s, d in servers]
    rows: dict[str, dict[str, list[dict[str, Any]]]] = {
        n: {p: [] for p in PHASES} for n, _s, _d, _w in plan
    }
    try:
        if args.floor:
            floor = _floor(run, servers[0][2])
            plan.append(("floor", servers[0][1], servers[0][2], floor))
            rows["floor"] = {p: [] for p in PHASES}
        with ProcessPoolExecutor(max_workers=SEARCHERS + 1) as pool:
            for rnd in range(args.rounds):
                for name, server, store, writer_to in plan:
                    for phase in PHASES:
                        server.settle()
                        result = _phase(pool, server, store, phase, args, writer_to)
                        rows[name][phase].append(result)
                        print(
                            f"  round {rnd + 1} {name} {phase}: note p99 "
                            f"{result['note_p99_ms']:.2f} ms, p50 {result['note_p50_ms']:.2f} ms, "
                            f"{result['searches_per_s']:.1f} searches/s, errors {result['errors']}",
                            flush=True,
                        )
    finally:
        if floor is not None:
            floor.stop()
            for suffix in ("", "-wal", "-shm"):
                (run / f"note-floor.db{suffix}").unlink(missing_ok=True)
        for _name, server, store in servers:
            server.stop()
            copy = store.url.removeprefix("sqlite:///")
            for suffix in ("", "-wal", "-shm"):  # the run's copy of the store (GBs)
                Path(copy + suffix).unlink(missing_ok=True)
    text = report(rows, args)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps({"args": vars(args), "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
