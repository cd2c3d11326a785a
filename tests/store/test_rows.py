"""A row dataclass's columns and decoder (``parley.store.rows``): each field read as its
type says, the encoded ones by their own decoder, from any column on."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from parley.store.rows import columns, decoder


@dataclass(frozen=True)
class _Row:
    id: str
    count: int
    flag: bool
    seen: int | None
    note: str | None
    tags: list[str]


def test_the_columns_are_the_fields_in_order() -> None:
    assert columns(_Row) == "id, count, flag, seen, note, tags"
    assert columns(_Row, "r") == "r.id, r.count, r.flag, r.seen, r.note, r.tags"


def test_each_field_is_read_as_its_type_says() -> None:
    row = decoder(_Row, tags=str.split)
    assert row(("a", "3", 1, None, None, "x y")) == _Row("a", 3, True, None, None, ["x", "y"])
    assert row(("a", 3, 0, "7", "n", "x")) == _Row("a", 3, False, 7, "n", ["x"])


def test_a_decoder_reads_from_its_offset_on() -> None:
    row = decoder(_Row, 2, tags=str.split)
    assert row(("skip", "me", "a", 1, 1, 2, "n", "x")) == _Row("a", 1, True, 2, "n", ["x"])


def test_a_field_it_cannot_read_or_does_not_have_is_refused() -> None:
    with pytest.raises(TypeError, match="no column decoder"):
        decoder(_Row)
    with pytest.raises(TypeError, match="no field"):
        decoder(_Row, tags=str.split, other=str)
