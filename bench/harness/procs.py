"""Servers started by the harness: start, wait until they answer, sample memory, stop.

Memory comes from /proc: the resident set (VmRSS) of every process in the server's
process tree is sampled every ``interval`` seconds, and each process's own high-water
mark (VmHWM, kept by the kernel) is read too, so a peak between two samples is not missed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PAGE_KIB = 1024


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _status_kib(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
        return 0
    return 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    task_dir = Path(f"/proc/{pid}/task")
    try:
        tasks = list(task_dir.iterdir())
    except (FileNotFoundError, PermissionError):
        return out
    for task in tasks:
        try:
            out.extend(int(x) for x in (task / "children").read_text().split())
        except (FileNotFoundError, PermissionError, ValueError):
            continue
    return out


def process_tree(root: int) -> list[int]:
    """The root and all its descendants that are alive now."""
    seen: list[int] = []
    stack = [root]
    while stack:
        pid = stack.pop()
        if pid in seen or not Path(f"/proc/{pid}").exists():
            continue
        seen.append(pid)
        stack.extend(_children(pid))
    return seen


@dataclass
class MemoryWindow:
    """Peaks seen since the window was opened."""

    tree_peak_kib: int = 0
    process_peak_kib: int = 0
    processes: int = 0


@dataclass
class RssSampler:
    root_pid: int
    interval: float = 0.05
    windows: list[MemoryWindow] = field(default_factory=list)
    hwm_kib: dict[int, int] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.sample()
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def open_window(self) -> MemoryWindow:
        window = MemoryWindow()
        with self._lock:
            self.windows.append(window)
        self.sample()
        return window

    def close_window(self, window: MemoryWindow) -> None:
        self.sample()
        with self._lock:
            if window in self.windows:
                self.windows.remove(window)

    def sample(self) -> None:
        pids = process_tree(self.root_pid)
        rss = {pid: _status_kib(pid, "VmRSS") for pid in pids}
        for pid in pids:
            hwm = _status_kib(pid, "VmHWM")
            if hwm > self.hwm_kib.get(pid, 0):
                self.hwm_kib[pid] = hwm
        total = sum(rss.values())
        biggest = max(rss.values(), default=0)
        with self._lock:
            for w in self.windows:
                w.tree_peak_kib = max(w.tree_peak_kib, total)
                w.process_peak_kib = max(w.process_peak_kib, biggest)
                w.processes = max(w.processes, len(pids))

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    @property
    def process_hwm_kib(self) -> int:
        """The largest high-water mark of any one process of the tree (kernel-kept)."""
        return max(self.hwm_kib.values(), default=0)


_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: Sequence[int]) -> float:
    """User + system CPU time used so far by these processes."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
    return total / _TICK


class ServerError(RuntimeError):
    pass


@dataclass
class Server:
    """One server process (and its children), started in its own session."""

    name: str
    argv: Sequence[str]
    port: int
    ready_path: str = "/"
    env: Mapping[str, str] | None = None
    cwd: str | None = None
    log_path: Path | None = None
    ready_timeout: float = 60.0
    ready_headers: Mapping[str, str] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None
    sampler: RssSampler | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Server:
        env = dict(os.environ)
        env.update(self.env or {})
        log = open(self.log_path, "wb") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        try:
            self.proc = subprocess.Popen(
                list(self.argv),
                env=env,
                cwd=self.cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        finally:
            if log is not subprocess.DEVNULL:
                log.close()  # type: ignore[union-attr]
        self._wait_ready()
        self.sampler = RssSampler(self.proc.pid)
        self.sampler.start()
        return self

    def settle(self, max_s: float = 30.0, window_s: float = 0.2, busy: float = 0.1) -> float:
        """Wait until the server is idle (below ``busy`` of one core for two windows in a
        row): work left from the previous scenario (queued requests, background jobs)
        must not be measured with the next one. Returns the seconds waited."""
        assert self.proc is not None
        started = time.monotonic()
        quiet = 0
        while time.monotonic() - started < max_s and quiet < 2:
            pids = process_tree(self.proc.pid)
            before = cpu_seconds(pids)
            time.sleep(window_s)
            quiet = quiet + 1 if cpu_seconds(pids) - before < busy * window_s else 0
        return time.monotonic() - started

    def adopt(self, proc: subprocess.Popen[bytes]) -> Server:
        """Take over a server another module started (in its own session) and ready."""
        self.proc = proc
        self.sampler = RssSampler(proc.pid)
        self.sampler.start()
        return self

    def _wait_ready(self) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + self.ready_timeout
        url = self.base_url + self.ready_path
        last = ""
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerError(f"{self.name} exited with {self.proc.returncode}: {self._tail()}")
            try:
                req = urllib.request.Request(url, headers=dict(self.ready_headers))
                with urllib.request.urlopen(req, timeout=2) as resp:
                    if resp.status < 500:
                        return
            except urllib.error.HTTPError as exc:
                if exc.code < 500:
                    return
                last = f"HTTP {exc.code}"
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
                last = str(exc)
            time.sleep(0.1)
        self.stop()
        raise ServerError(f"{self.name} did not answer {url} in {self.ready_timeout}s ({last})")

    def _tail(self) -> str:
        if self.log_path and self.log_path.exists():
            return self.log_path.read_text(errors="replace")[-2000:]
        return ""

    def stop(self) -> None:
        if self.sampler is not None:
            self.sampler.stop()
        if self.proc is None or self.proc.poll() is not None:
            return
        pgid = self.proc.pid  # the process leads its own session and group
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            self.proc.wait(timeout=5)
        # children that outlived the leader
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
