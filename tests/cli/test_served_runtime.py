"""The served process's interpreter settings (``parley.ops.runtime``): granian's factory,
``app.asgi_factory``, freezes the start-up heap out of garbage collection and shortens the
GIL's switch interval, and only it (apps built by tests keep the defaults)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.cli import runtime_settings


def test_the_served_app_freezes_its_heap_and_shortens_the_switch_interval(
    tmp_path: Path,
) -> None:
    frozen, interval = runtime_settings(tmp_path, "asgi_factory", "asgi_factory()")
    assert frozen > 10_000
    assert interval == pytest.approx(0.0001)  # (kept in microseconds)


def test_an_app_built_otherwise_keeps_the_defaults(tmp_path: Path) -> None:
    assert runtime_settings(tmp_path, "create_app", "create_app()") == (0, 0.005)
