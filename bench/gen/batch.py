"""A batch of conversations: every row they need, built without touching the database
(so batches can be made in worker processes while the main process writes)."""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from gen import words
from gen.history import ConversationMaker
from gen.ids import new_uuid, set_salt
from gen.text import TextMaker
from gen.world import World

_TOKEN = re.compile(r"[^\W\d_]+")
_NOT_TERMS = words.not_terms()
SAMPLES_PER_BATCH = 4


@dataclass
class Batch:
    index: int
    rows: dict[str, list[tuple[Any, ...]]]
    activity: list[tuple[Any, ...]]  # (id, conversation_id, type, at, author, attributes)
    notes: list[tuple[Any, ...]]  # (id, conversation_id, author, message, at)
    doc_freq: Counter[str] = field(default_factory=Counter)
    sampled_messages: int = 0
    phrase_counts: dict[str, int] = field(default_factory=dict)
    samples: dict[str, list[int]] = field(default_factory=dict)
    snippets: list[list[str]] = field(default_factory=list)  # runs of 2-3 adjacent words

    def row_count(self) -> int:
        return sum(len(r) for r in self.rows.values()) + len(self.activity) + len(self.notes)


def _run(tokens: list[str], length: int) -> list[str] | None:
    """The first run of ``length`` adjacent words none of which is a stop word or name."""
    for at in range(len(tokens) - length + 1):
        run = tokens[at : at + length]
        if not any(t in _NOT_TERMS for t in run):
            return run
    return None


def make_batch(
    world: World, seed: int, index: int, start: int, ids: list[int], total: int, sample_every: int
) -> Batch:
    """Conversations ``start .. start + len(ids) - 1`` (of ``total``) with the given ids."""
    set_salt(world.org_id)
    rng = random.Random(f"{seed}:batch:{index}")
    text = TextMaker(rng)
    maker = ConversationMaker(world, rng, text, total)
    rows: dict[str, list[tuple[Any, ...]]] = {
        k: []
        for k in (
            "conversations",
            "messages",
            "conversation_tags",
            "conversation_attributes",
            "ratings",
            "notes",
        )
    }
    activity: list[tuple[Any, ...]] = []
    samples: dict[str, list[int]] = {}
    doc_freq: Counter[str] = Counter()
    sampled = 0
    snippets: list[list[str]] = []
    for k, cid in enumerate(ids):
        first_message = len(rows["messages"])
        events = maker.make(start + k, cid, rows)
        for at, _order, type_, author, attrs in sorted(events.items):
            activity.append((new_uuid(rng), cid, type_, at, author, attrs))
        conv = rows["conversations"][-1]
        keys = [f"channel:{conv[3]}", f"state:{conv[5]}"]
        if len(rows["messages"]) - first_message >= 20:
            keys.append("many_messages")
        for key in keys:
            got = samples.setdefault(key, [])
            if len(got) < SAMPLES_PER_BATCH:
                got.append(cid)
        if (start + k) % sample_every == 0:
            for m in rows["messages"][first_message:]:
                tokens = _TOKEN.findall(m[8].lower())
                doc_freq.update(set(tokens))
                sampled += 1
                if len(snippets) < SAMPLES_PER_BATCH:
                    run = _run(tokens, 2 + len(snippets) % 2)
                    if run:
                        snippets.append(run)
    notes = rows.pop("notes")
    phrases = dict(text.phrase_counts)
    return Batch(index, rows, activity, notes, doc_freq, sampled, phrases, samples, snippets)


# ---- worker processes --------------------------------------------------------------------

_WORLD: World | None = None


def init_worker(world: World) -> None:
    global _WORLD
    _WORLD = world


def make_batch_in_worker(
    seed: int, index: int, start: int, ids: list[int], total: int, sample_every: int
) -> Batch:
    assert _WORLD is not None
    return make_batch(_WORLD, seed, index, start, ids, total, sample_every)
