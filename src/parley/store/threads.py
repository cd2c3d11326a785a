"""Threads of the SQLite adapter that do long reads in the background of the event loop.

The event loop thread serves every request: its writes are short and someone waits for
each. An offloaded read (``Tx.offload``: a search, an export's walk, an analytics query)
is long work nobody waits for at the millisecond. On a machine with as many busy threads
as cores, the kernel shares each core between them by their weights; at equal weights a
write waits behind a search's slice, which is the tail of the writes beside searches
(``bench/contention.py``).

So each offloaded-read thread lowers its own scheduling priority when it starts (``nice``
``BACKGROUND_NICE`` for that thread alone; Linux applies ``setpriority`` to a thread id):
when the loop wakes up it runs first, and the long reads take whatever CPU is left, which
on a machine that is not saturated is all of it. Lowering one's own priority needs no
privilege. Where the platform has no per-thread priority, the thread runs as before.

The WAL checkpoint thread (``sqlite_wal``) keeps the loop's priority: while it drains the
WAL it holds the writer's lock, and writes would wait on a thread the kernel runs last.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import threading

# The lowest priority: weight 15 against the loop's 1024 (nice 0) where both want one core.
# In-process, on the large store with two searchers, notes alternating every 2 s between
# nice 10 and 19 for the search thread: note p99 lower at 19 in 5 of 7 runs of 45-60 s
# (8.5 against 14.2 ms in one), searches per window the same (1,940 against 1,963); at
# nice 0, p50 and p90 about twice as high (4.5 / 15.3 against 2.6 / 7.5 ms).
BACKGROUND_NICE = 19


def lower_priority() -> None:
    """Lower the calling thread's scheduling priority to ``BACKGROUND_NICE`` (never
    raise it: a thread already lower stays where it is)."""
    if not hasattr(os, "setpriority"):
        return
    tid = threading.get_native_id()
    with contextlib.suppress(OSError):
        if os.getpriority(os.PRIO_PROCESS, tid) < BACKGROUND_NICE:
            os.setpriority(os.PRIO_PROCESS, tid, BACKGROUND_NICE)


def background_pool(workers: int, name: str) -> concurrent.futures.ThreadPoolExecutor:
    """A thread pool whose threads run at background priority."""
    return concurrent.futures.ThreadPoolExecutor(
        max_workers=workers, thread_name_prefix=name, initializer=lower_priority
    )
