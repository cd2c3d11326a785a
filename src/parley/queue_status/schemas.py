"""Wire shapes for queue availability and a conversation's queue position (Dixa: Queues)."""

from __future__ import annotations

from typing import Literal

import msgspec


class GenericChannel(msgspec.Struct, omit_defaults=True, tag="GenericChannel", tag_field="_type"):
    genericChannelName: str
    availability: Literal["Available", "NotAvailable"]
    queueSize: int | None = None  # only when NotAvailable


class Success(msgspec.Struct, tag="Success", tag_field="_type"):
    channelAvailability: GenericChannel


class QueuedConversation(msgspec.Struct):
    position: int
    queuedAt: str
