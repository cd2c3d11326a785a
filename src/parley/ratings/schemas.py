"""Wire shapes for conversation ratings (Dixa: Conversations > ratings)."""

from __future__ import annotations

from typing import Literal

import msgspec

RatingType = Literal["Csat", "Nps", "ThumbsUpOrDown"]


class OfferRating(msgspec.Struct, forbid_unknown_fields=False):
    userId: str
    ratingType: RatingType
    agentId: str | None = None
    offeredAt: str | None = None


class RatingOffer(msgspec.Struct, omit_defaults=True):
    id: str
    userId: str
    ratingType: str
    offeredAt: str
    agentId: str | None = None


class _Result(msgspec.Struct, tag_field="_type", tag=lambda name: name.removesuffix("Result")):
    """A rating's score, tagged with its rating type (``CsatResult``: ``Csat``)."""

    value: int


class CsatResult(_Result):
    pass


class NpsResult(_Result):
    pass


class ThumbsUpOrDownResult(_Result):
    pass


RatingResult = CsatResult | NpsResult | ThumbsUpOrDownResult


class SubmitRating(msgspec.Struct, forbid_unknown_fields=False):
    userId: str
    ratingResult: RatingResult
    comment: str | None = None
    submittedAt: str | None = None


class SubmittedRating(msgspec.Struct, omit_defaults=True):
    ratingId: str
    userId: str
    ratingResult: RatingResult
    submittedAt: str
    comment: str | None = None


class RatingTimestamps(msgspec.Struct, omit_defaults=True):
    offeredAt: str | None = None
    submittedAt: str | None = None


class Rating(msgspec.Struct, omit_defaults=True):
    id: str
    ratingType: str
    conversationChannel: str
    userId: str
    ratingStatus: str
    timestamps: RatingTimestamps
    ratingScore: int | None = None
    ratingComment: str | None = None
    agentId: str | None = None
    language: str | None = None
