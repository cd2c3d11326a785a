"""The parts of a conversation's history besides routing: messages (text, HTML email
with the sender and recipients the engine stores), tags, custom attribute values,
internal notes and ratings, each with its activity entry."""

from __future__ import annotations

import random
from typing import Any

from gen import scales, words
from gen.ids import dumps, new_uuid
from gen.text import TextMaker
from gen.world import Person, World

HOUR = 3_600_000


class Events:
    """Activity entries of one conversation, sorted by time (then by order written)."""

    def __init__(self) -> None:
        self.items: list[tuple[int, int, str, str | None, str | None]] = []

    def add(self, at: int, type_: str, author: str | None, attrs: dict[str, Any] | None) -> None:
        encoded = None if attrs is None else dumps(attrs)
        self.items.append((at, len(self.items), type_, author, encoded))

    def last(self) -> int:
        return max(e[0] for e in self.items)


class Details:
    """Mixed into the conversation maker (which sets these attributes)."""

    w: World
    rng: random.Random
    text: TextMaker

    def _email_attrs(
        self, integration: str | None, requester: Person, agent: Person | None
    ) -> tuple[str, str]:
        """The stored attributes of inbound and outbound email messages."""
        if integration is None:
            return "{}", "{}"
        req = {"email": requester.email, "name": requester.name}
        inbound = {
            "isAutoReply": False,
            "from": req,
            "to": [{"email": integration}],
            "cc": [],
            "bcc": [],
        }
        sender = {"email": integration, "name": agent.name} if agent else {"email": integration}
        outbound = {"isAutoReply": False, "from": sender, "to": [req], "cc": [], "bcc": []}
        return dumps(inbound), dumps(outbound)

    def _message(
        self,
        out: dict[str, list[tuple[Any, ...]]],
        cid: int,
        seq: int,
        at: int,
        direction: str,
        channel: str,
        kind: str,
        requester: Person,
        agent: Person | None,
        email_attrs: tuple[str, str],
        ev: Events,
    ) -> None:
        t = self.text
        inbound = direction == "Inbound"
        author = requester.id if inbound or agent is None else agent.id
        ctype = "Text"
        if kind == "email":
            greet = "" if inbound else requester.first
            sign = requester.first if inbound else (agent.first if agent else "Support")
            if channel in scales.EMAIL_CHANNELS and self.rng.random() < scales.HTML_SHARE:
                ctype = "Html"
                content, text = t.html(greet=greet, sign=sign)
            else:
                content = text = t.plain(greet=greet, sign=sign)
        elif kind == "phone":
            content = text = t.transcript()
        else:
            content = text = t.chat()
        mid = new_uuid(self.rng)
        attrs = email_attrs[0] if inbound else email_attrs[1]
        out["messages"].append(
            (
                self.w.org_id,
                mid,
                cid,
                seq,
                author,
                direction,
                ctype,
                content,
                text,
                None,
                attrs,
                "[]",
                at,
                None,
            )
        )
        ev.add(
            at, "MessageAddedBy" + ("Customer" if inbound else "Agent"), author, {"messageId": mid}
        )

    def _decorate(
        self,
        out: dict[str, list[tuple[Any, ...]]],
        cid: int,
        c0: int,
        end: int,
        actor: str,
        agent: Person | None,
        ev: Events,
    ) -> None:
        """Tags, custom attribute values and internal notes, between creation and ``end``."""
        rng, w, org = self.rng, self.w, self.w.org_id
        span = max(1, end - c0)
        if w.tags and rng.random() < scales.TAGGED_SHARE:
            for tag_id, name in rng.sample(w.tags, min(len(w.tags), 1 + int(rng.random() * 3))):
                at = c0 + 1 + int(rng.random() * span)
                out["conversation_tags"].append((org, cid, tag_id, at))
                ev.add(at, "TagAdded", actor, {"tag": name})
        if w.attributes and rng.random() < scales.ATTRIBUTE_SHARE:
            for d in rng.sample(w.attributes, 1 + int(rng.random() * 2)):
                at = c0 + 1 + int(rng.random() * span)
                value: str | list[str] = (
                    [rng.choice(d.values)] if d.values else str(rng.randrange(100_000, 9_999_999))
                )
                out["conversation_attributes"].append((org, cid, d.id, dumps(value), at))
                ev.add(
                    at,
                    "ConversationCustomAttributesUpdated",
                    actor,
                    {"updatedAttributeIds": [d.id], "updatedAttributeValues": {d.id: value}},
                )
        if agent is not None and rng.random() < scales.NOTE_SHARE:
            for _ in range(1 + int(rng.random() * 3)):
                at = c0 + 1 + int(rng.random() * span)
                author = agent.id if rng.random() < 0.8 else rng.choice(w.agents).id
                nid = new_uuid(rng)
                out["notes"].append((nid, cid, author, self.text.note(), at))
                ev.add(at, "NoteAdded", author, {"messageId": nid})

    def _rating(
        self,
        out: dict[str, list[tuple[Any, ...]]],
        cid: int,
        closed_at: int,
        requester: Person,
        agent: Person,
        language: str | None,
        ev: Events,
    ) -> None:
        rng, w = self.rng, self.w
        offered = closed_at + rng.randint(1_000, 60_000)
        ev.add(
            offered,
            "ConversationRatingOffered",
            w.admin_id,
            {"agent": _ref(agent), "user": _ref(requester)},
        )
        csat = rng.random() < 0.8
        kind = "Csat" if csat else "ThumbsUpOrDown"
        score = comment = submitted = None
        status = "Offered"
        if rng.random() < scales.RATED_SHARE:
            status = "Rated"
            score = (
                rng.choices((1, 2, 3, 4, 5), (4, 3, 8, 30, 55))[0]
                if csat
                else (1 if rng.random() < 0.85 else 0)
            )
            comment = rng.choice(words.RATING_COMMENTS) if rng.random() < 0.4 else None
            submitted = offered + 30_000 + int(rng.expovariate(1.0 / (2 * HOUR)))
            ev.add(
                submitted,
                "ConversationRated",
                requester.id,
                _present(agent=_ref(agent), score=score, message=comment),
            )
        out["ratings"].append(
            (
                w.org_id,
                new_uuid(rng),
                cid,
                requester.id,
                agent.id,
                kind,
                status,
                score,
                comment,
                language,
                offered,
                submitted,
                offered,
            )
        )


def _ref(person: Person) -> dict[str, str]:
    """An ActivityLogUser attribute value, as the engine writes it."""
    return {
        "id": person.id,
        "name": person.name,
        "email": person.email,
        "phoneNumber": person.phone,
    }


def _present(**values: object) -> dict[str, object]:
    return {k: v for k, v in values.items() if v is not None}
