"""The wire envelope: ``{"data": …}``, plus ``meta`` with paging links on lists."""

from __future__ import annotations

from typing import Generic, TypeVar

import msgspec

T = TypeVar("T")


class Data(msgspec.Struct, Generic[T]):
    data: T


class PageMeta(msgspec.Struct, omit_defaults=True):
    next: str | None = None
    previous: str | None = None


class Page(msgspec.Struct, Generic[T]):
    data: list[T]
    meta: PageMeta


class ErrorBody(msgspec.Struct):
    message: str


class BulkError(msgspec.Struct):
    """Why one item of a bulk request failed. ``_type`` is Dixa's error kind: Validation
    (bad input, the default), NotFound (a referenced id does not exist) or Integrity (the
    item conflicts with existing data); ``id`` names the item when it has one."""

    message: str
    id: str | msgspec.UnsetType | None = msgspec.UNSET
    kind: str = msgspec.field(default="Validation", name="_type")

    def __post_init__(self) -> None:
        if self.id is None:
            self.id = msgspec.UNSET


class BulkActionSuccess(msgspec.Struct, Generic[T], tag="BulkActionSuccess", tag_field="_type"):
    data: T


class BulkActionFailure(msgspec.Struct, tag="BulkActionFailure", tag_field="_type"):
    error: BulkError
