"""Running wrk (Debian's package) with a Lua script, and reading its results.

Each script in bench/lua/ prints one ``BENCH_RESULT {json}`` line from wrk's ``done()``
with the request count, errors and latency percentiles (p50, p95, p99, ...), so nothing
is scraped from the human-readable table. The ``--latency`` table is parsed too, as a
cross-check of p50/p99 and for the "Non-2xx or 3xx responses" line.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

LUA_DIR = Path(__file__).resolve().parent.parent / "lua"
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


class WrkError(RuntimeError):
    pass


@dataclass(frozen=True)
class WrkResult:
    requests: int
    duration_s: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    status_errors: int  # responses with a status > 399 (wrk's count)
    socket_errors: int  # connect + read + write + timeouts
    non2xx: int  # wrk's "Non-2xx or 3xx responses" (equals status_errors when present)
    raw: Mapping[str, object]

    @property
    def errors(self) -> int:
        return max(self.status_errors, self.non2xx) + self.socket_errors


def ensure_wrk() -> str:
    """The wrk binary; installed from Debian's packages when missing (needs root)."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is not installed: installing Debian's package (apt-get install -y wrk)")
    steps = [["apt-get", "install", "-y", "-qq", "wrk"]]
    try:
        r = subprocess.run(steps[0], capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], capture_output=True, timeout=600)
            r = subprocess.run(steps[0], capture_output=True, text=True, timeout=600)
    except (FileNotFoundError, subprocess.TimeoutExpired) as exc:
        raise WrkError(f"cannot install wrk ({exc}); install it with: apt-get install wrk") from exc
    found = shutil.which("wrk")
    if not found:
        raise WrkError(
            "wrk is missing and `apt-get install -y wrk` failed "
            f"(needs root and Debian's package lists): {r.stderr.strip()[-500:]}\n"
            "Install it by hand (sudo apt-get install wrk) and run again."
        )
    return found


def wrk_version() -> str:
    try:
        r = subprocess.run(["wrk", "-v"], capture_output=True, text=True, timeout=10)
    except FileNotFoundError:
        return "missing"
    first = (r.stdout or r.stderr).strip().splitlines()
    return first[0].split(" [")[0].replace("wrk ", "") if first else "unknown"


def _ms(value: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value.strip())
    if not m:
        raise ValueError(value)
    return float(m.group(1)) * _UNIT_MS[m.group(2)]


def parse_text(out: str) -> dict[str, float]:
    """The human-readable part: latency distribution and Non-2xx line."""
    parsed: dict[str, float] = {}
    for pct, val in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", out, re.M):
        parsed[f"p{pct}_ms"] = _ms(val)
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    parsed["non2xx"] = float(m.group(1)) if m else 0.0
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if m:
        parsed["rps"] = float(m.group(1))
    return parsed


def parse(out: str) -> WrkResult:
    line = next((x for x in out.splitlines() if x.startswith("BENCH_RESULT ")), None)
    if line is None:
        raise WrkError(f"wrk printed no BENCH_RESULT line:\n{out[-3000:]}")
    data = json.loads(line.split(" ", 1)[1])
    text = parse_text(out)
    probe = next((x for x in out.splitlines() if x.startswith("BENCH_PROBE ")), None)
    if probe is not None:
        data["probe"] = json.loads(probe.split(" ", 1)[1])
    lat = data["latency_ms"]
    return WrkResult(
        requests=int(data["requests"]),
        duration_s=float(data["duration_s"]),
        rps=float(data["rps"]),
        p50_ms=float(lat["p50"]),
        p95_ms=float(lat["p95"]),
        p99_ms=float(lat["p99"]),
        mean_ms=float(lat["mean"]),
        max_ms=float(lat["max"]),
        status_errors=int(data["status_errors"]),
        socket_errors=int(
            data["connect_errors"] + data["read_errors"] + data["write_errors"] + data["timeouts"]
        ),
        non2xx=int(text.get("non2xx", 0)),
        raw={**data, "text": text},
    )


@dataclass(frozen=True)
class Load:
    duration_s: int = 10
    connections: int = 32
    threads: int = 2
    timeout_s: int = 10


def run(
    url: str,
    script: str,
    load: Load,
    env: Mapping[str, str] | None = None,
) -> WrkResult:
    """One bounded wrk run against ``url`` (scheme://host:port) with bench/lua/<script>."""
    script_path = LUA_DIR / script
    if not script_path.exists():
        raise WrkError(f"no such script {script_path}")
    argv = [
        "wrk",
        f"-t{min(load.threads, load.connections)}",
        f"-c{load.connections}",
        f"-d{load.duration_s}s",
        f"--timeout={load.timeout_s}s",
        "--latency",
        "-s",
        str(script_path),
        url,
    ]
    full_env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "BENCH_LUA_DIR": str(LUA_DIR),
        "BENCH_RUN_ID": str(time.time_ns()),  # unique per wrk run (import external ids)
    }
    full_env.update(env or {})
    try:
        r = subprocess.run(
            argv,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=load.duration_s + load.timeout_s + 30,
        )
    except subprocess.TimeoutExpired as exc:
        raise WrkError(f"wrk did not finish: {' '.join(argv)}") from exc
    if r.returncode != 0:
        raise WrkError(
            f"wrk failed ({r.returncode}): {r.stderr.strip()[-2000:]}\n{r.stdout[-2000:]}"
        )
    return parse(r.stdout)


def probe(url: str, script: str, env: Mapping[str, str] | None = None) -> dict[str, object]:
    """A one-second, one-connection run that inspects every response: the statuses seen
    and the first response outside 2xx (used to explain a measured run's errors)."""
    load = Load(duration_s=1, connections=1, threads=1, timeout_s=10)
    result = run(url, script, load, {**(env or {}), "BENCH_PROBE": "1"})
    found = result.raw.get("probe")
    return found if isinstance(found, dict) else {}
