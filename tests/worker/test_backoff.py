"""The retry delay (``worker/runner.backoff_ms``), directly: it doubles from one second per
attempt, stops growing at ten minutes, and adds up to 20% jitter so failed jobs spread out."""

from __future__ import annotations

import pytest

from parley.worker.runner import BACKOFF_CAP_MS, backoff_ms


@pytest.mark.parametrize(
    ("attempt", "base"),
    [(0, 1_000), (1, 1_000), (2, 2_000), (3, 4_000), (10, 512_000), (11, 600_000), (60, 600_000)],
)
def test_the_delay_doubles_per_attempt_up_to_the_cap_plus_jitter(attempt: int, base: int) -> None:
    delays = {backoff_ms(attempt) for _ in range(200)}
    assert all(base <= d <= base * 1.2 for d in delays)
    assert len(delays) > 1  # jittered, not in lockstep


def test_the_cap_is_ten_minutes() -> None:
    assert BACKOFF_CAP_MS == 600_000
    assert max(backoff_ms(1_000) for _ in range(200)) <= 720_000
