"""A wire struct made from a row (``parley.kit.wire.from_row``): the fields the row has
under their snake_case names copied, the given ones as given."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec
import pytest

from parley.kit.wire import from_row


@dataclass(frozen=True)
class _Row:
    id: str
    poll_seconds: int
    created_at: int


@dataclass(frozen=True)
class _Short:
    id: str
    poll_seconds: int


class _Wire(msgspec.Struct, kw_only=True):
    id: str
    pollSeconds: int
    createdAt: str


def test_the_fields_not_given_are_read_from_the_row() -> None:
    made = from_row(_Wire, _Row("a", 60, 1000), createdAt="1970-01-01T00:00:01Z")
    assert made == _Wire(id="a", pollSeconds=60, createdAt="1970-01-01T00:00:01Z")


def test_a_given_field_wins_over_the_row() -> None:
    made = from_row(_Wire, _Row("a", 60, 1000), pollSeconds=5, createdAt="")
    assert made.pollSeconds == 5


def test_a_field_neither_given_nor_in_the_row_is_refused() -> None:
    with pytest.raises(AttributeError, match="created_at"):
        from_row(_Wire, _Short("a", 60))


def test_a_given_field_the_struct_does_not_have_is_refused() -> None:
    with pytest.raises(TypeError):
        from_row(_Wire, _Row("a", 60, 1000), createdAt="", extra=1)
