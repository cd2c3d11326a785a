"""Ratios and targets computed from one run's measurements."""

from __future__ import annotations

import os

from harness.model import Measurement, Ratio, Run, Target
from harness.scenarios import SCALE_OUT

PARLEY_SYSTEMS = ("parley-sqlite", "parley-pg")
SCALE_OUT_SYSTEM = "parley-pg-2w"
# django-helpdesk scenario -> Parley's equivalent
PEER_PAIRS = {
    "ticket_get": "get_conversation",
    "ticket_list": "end_user_conversations",
    "followup_create": "post_message",
    "search": "search_get",
}
# the peer's staff UI pages for the same reads: reported, not part of the target
PEER_UI_PAIRS = {"ticket_get_ui": "get_conversation", "ticket_list_ui": "end_user_conversations"}
PEER_STORE_SYSTEM = "parley-sqlite"  # the peer runs on SQLite: compared with Parley on SQLite
RSS_LIMIT_MB = 200.0


def _ok(m: Measurement | None) -> bool:
    return m is not None and m.rps > 0


def _ratio(a: Measurement, b: Measurement) -> float:
    return a.rps / b.rps if b.rps else 0.0


def _compare(
    name: str, mine: Measurement | None, base: Measurement | None, unit: str = "x"
) -> Ratio | None:
    """``mine`` over ``base`` in req/s (in percent with unit "%"); None unless both ran."""
    if not _ok(base) or mine is None or base is None:
        return None
    value = _ratio(mine, base)
    return Ratio(
        name,
        f"{mine.system}/{mine.scenario}",
        f"{base.system}/{base.scenario}",
        100 * value if unit == "%" else value,
        unit,
    )


def ratios(run: Run) -> list[Ratio]:
    found: list[Ratio | None] = []
    raw = run.find("ceiling-raw", "static")
    lit = run.find("ceiling-litestar", "static")
    for system in (*PARLEY_SYSTEMS, SCALE_OUT_SYSTEM):
        for m in [x for x in run.measurements if x.system == system]:
            for ceiling, cname in ((raw, "raw ASGI static"), (lit, "Litestar static")):
                found.append(_compare(f"{system} {m.scenario} / {cname}", m, ceiling, "%"))
    floor = run.find("ceiling-store", "get_conversation")
    found.append(_compare("store floor GET conversation / raw ASGI static", floor, raw, "%"))
    found.append(
        _compare(
            "parley-sqlite GET conversation / store floor",
            run.find("parley-sqlite", "get_conversation"),
            floor,
            "%",
        )
    )
    prism = run.find("prism", "get_conversation")
    for system in PARLEY_SYSTEMS:
        mine = run.find(system, "get_conversation")
        found.append(_compare(f"{system} GET conversation / Prism mock", mine, prism))
    for peer_scenario, ours in (PEER_PAIRS | PEER_UI_PAIRS).items():
        theirs = run.find("helpdesk", peer_scenario)
        mine = run.find(PEER_STORE_SYSTEM, ours)
        name = f"{PEER_STORE_SYSTEM} {ours} / django-helpdesk {peer_scenario}"
        found.append(_compare(name, mine, theirs))
    for name in SCALE_OUT:
        one = run.find("parley-pg", name)
        two = run.find(SCALE_OUT_SYSTEM, name)
        found.append(_compare(f"PostgreSQL {name}: 2 server processes / 1", two, one))
    return [r for r in found if r is not None]


def _missing(name: str, goal: str, why: str) -> Target:
    return Target(name, goal, "not measured", None, why)


def _errors_note(ms: list[Measurement]) -> str:
    bad = [f"{m.system}/{m.scenario}: {m.errors} errors" for m in ms if m.errors]
    return "; ".join(bad)


def _floor_note(run: Run, raw: Measurement) -> str:
    floor = run.find("ceiling-store", "get_conversation")
    if not _ok(floor) or floor is None:
        return ""
    return (
        f"the store floor (one token and one row read from Litestar) reached "
        f"{100 * floor.rps / raw.rps:.1f}% ({floor.rps:,.0f} req/s)"
    )


def targets(run: Run) -> list[Target]:
    out: list[Target] = []
    scale_note = "" if run.scale == "large" else f"measured at scale {run.scale!r}, not large"
    cores = os.cpu_count() or 0

    def reason(*parts: str) -> str:
        return "; ".join(p for p in (*parts, scale_note) if p)

    # 1. GET conversation on SQLite vs the raw static ceiling
    goal = "≥ 40% of raw ASGI static"
    raw, mine = run.find("ceiling-raw", "static"), run.find("parley-sqlite", "get_conversation")
    if raw and mine and raw.rps:
        pct = 100 * mine.rps / raw.rps
        out.append(
            Target(
                "GET conversation, SQLite, vs ceiling",
                goal,
                f"{pct:.1f}% ({mine.rps:,.0f} / {raw.rps:,.0f} req/s)",
                pct >= 40 and not mine.errors,
                reason(_errors_note([mine]), _floor_note(run, raw)),
            )
        )
    else:
        out.append(_missing("GET conversation, SQLite, vs ceiling", goal, "a side was not run"))

    # 2. search p95
    goal = "p95 ≤ 50 ms (both stores, GET and POST)"
    found = [
        m
        for m in run.measurements
        if m.system in PARLEY_SYSTEMS and m.scenario in ("search_get", "search_post")
    ]
    if found:
        worst = max(found, key=lambda m: m.p95_ms)
        measured = ", ".join(f"{m.system}/{m.scenario} {m.p95_ms:.1f} ms" for m in found)
        msgs = run.data.get("messages", {})
        out.append(
            Target(
                "search p95",
                goal,
                measured,
                worst.p95_ms <= 50 and not any(m.errors for m in found),
                reason(
                    f"messages in store: {msgs}" if msgs else "",
                    "p95 under full load (32 connections), not a single client",
                    _errors_note(found),
                ),
            )
        )
    else:
        out.append(_missing("search p95", goal, "search scenarios not run"))

    # 3. activity log deep page
    goal = "page 10,000 p50 ≤ 1.5x page 1 p50"
    parts, met, notes = [], True, []
    for system in PARLEY_SYSTEMS:
        first, deep = run.find(system, "activity_page_1"), run.find(system, "activity_page_10000")
        if first and deep and first.p50_ms:
            r = deep.p50_ms / first.p50_ms
            parts.append(f"{system} {r:.2f}x ({deep.p50_ms:.2f} / {first.p50_ms:.2f} ms)")
            met = met and r <= 1.5 and not (first.errors or deep.errors)
            notes.append(_errors_note([first, deep]))
    page = run.data.get("activity_page")
    if page:
        notes.append(f"deep page: {page}")
    out.append(
        Target("activity log page 10,000", goal, "; ".join(parts), met, reason(*notes))
        if parts
        else _missing("activity log page 10,000", goal, "not run")
    )

    # 4. import
    goal = "≥ 2,000 messages/s"
    found = [
        m for m in run.measurements if m.system in PARLEY_SYSTEMS and m.scenario == "import_10"
    ]
    if found:
        out.append(
            Target(
                "import (10 messages per conversation)",
                goal,
                ", ".join(f"{m.system} {m.units_per_s:,.0f} msg/s" for m in found),
                all(m.units_per_s >= 2000 and not m.errors for m in found),
                reason(_errors_note(found)),
            )
        )
    else:
        out.append(_missing("import", goal, "not run"))

    # 5. RSS per server process
    goal = f"≤ {RSS_LIMIT_MB:.0f} MB per server process"
    peaks = {s: v for s, v in run.server_peaks.items() if s.startswith("parley")}
    if peaks:
        out.append(
            Target(
                "peak RSS",
                goal,
                ", ".join(f"{s} {v:.0f} MB" for s, v in peaks.items()),
                all(v <= RSS_LIMIT_MB for v in peaks.values()),
                reason("kernel high-water mark (VmHWM) of the largest process of each server"),
            )
        )
    else:
        out.append(_missing("peak RSS", goal, "no Parley server ran"))

    # 6. django-helpdesk
    goal = "≥ 5x on every comparable scenario"
    peer = [
        r
        for r in run.ratios
        if r.denominator.startswith("helpdesk/") and r.denominator[9:] in PEER_PAIRS
    ]
    measured = ", ".join(f"{r.denominator[9:]} {r.value:.1f}x" for r in peer)
    if peer and len(peer) < len(PEER_PAIRS):
        out.append(
            Target(
                "vs django-helpdesk",
                goal,
                measured,
                False,
                reason(f"only {len(peer)} of {len(PEER_PAIRS)} comparable scenarios measured"),
            )
        )
    elif peer:
        worst_r = min(peer, key=lambda r: r.value)
        out.append(
            Target(
                "vs django-helpdesk",
                goal,
                measured,
                all(r.value >= 5 for r in peer),
                reason(f"lowest: {worst_r.name} {worst_r.value:.1f}x"),
            )
        )
    else:
        why = next((s for s in run.skipped if "helpdesk" in s), "not run")
        out.append(_missing("vs django-helpdesk", goal, why))

    # 7. Prism
    goal = "≥ 2x Prism on GET conversation"
    found_r = [r for r in run.ratios if "Prism" in r.name]
    if found_r:
        out.append(
            Target(
                "vs Prism mock",
                goal,
                ", ".join(f"{r.numerator.split('/')[0]} {r.value:.1f}x" for r in found_r),
                all(r.value >= 2 for r in found_r),
                reason(),
            )
        )
    else:
        why = next((s for s in run.skipped if "prism" in s.lower()), "not run")
        out.append(_missing("vs Prism mock", goal, why))

    # 8. scale-out
    goal = "2 processes ≥ 1.6x 1 (GET conversation)"
    so = [r for r in run.ratios if "2 server processes" in r.name]
    head = next((r for r in so if "get_conversation" in r.name), None)
    if head:
        out.append(
            Target(
                "PostgreSQL scale-out",
                goal,
                ", ".join(f"{r.name.split(':')[0].split()[-1]} {r.value:.2f}x" for r in so),
                head.value >= 1.6,
                reason(
                    f"{cores} cores shared by wrk, the server processes and PostgreSQL"
                    if head.value < 1.6
                    else ""
                ),
            )
        )
    else:
        out.append(_missing("PostgreSQL scale-out", goal, "PostgreSQL not run"))
    return out
