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


class BulkError(msgspec.Struct, omit_defaults=True):
    message: str
    id: str | None = None


class BulkActionSuccess(msgspec.Struct, Generic[T], tag="BulkActionSuccess", tag_field="_type"):
    data: T


class BulkActionFailure(msgspec.Struct, tag="BulkActionFailure", tag_field="_type"):
    error: BulkError
