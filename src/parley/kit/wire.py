"""A wire struct made from a repository's row: a field the row has under the same name
(snake_case in the row, camelCase on the wire: ``poll_seconds``, ``pollSeconds``) is
copied, so that a service writes only the fields it computes."""

from __future__ import annotations

import re
from functools import cache
from typing import TypeVar

import msgspec

S = TypeVar("S", bound=msgspec.Struct)

_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@cache
def _sources(cls: type[msgspec.Struct]) -> tuple[tuple[str, str], ...]:
    """Each field of ``cls`` with the name of the row attribute it is read from."""
    return tuple((name, _HUMP.sub("_", name).lower()) for name in cls.__struct_fields__)


def from_row(cls: type[S], row: object, **given: object) -> S:
    """A ``cls`` whose fields are ``given``, the others read from ``row`` by their
    snake_case name."""
    read = {name: getattr(row, attr) for name, attr in _sources(cls) if name not in given}
    return cls(**read, **given)
