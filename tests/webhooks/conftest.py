"""Fixtures of the webhook tests: a loopback receiver per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from webhooks.receiver import Receiver, receiver


@pytest.fixture
def rx() -> Iterator[Receiver]:
    with receiver() as r:
        yield r
