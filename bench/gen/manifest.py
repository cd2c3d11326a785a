"""The manifest: what the benchmark scripts need to know about a generated organisation
(token, counts, id ranges, sample ids, search terms that exist in the corpus)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gen import words
from gen.scales import SCALES
from parley.kit.clock import to_iso

if TYPE_CHECKING:
    from gen.run import Options, Totals
    from gen.world import World
    from parley.orgs.service import CreatedOrg

ACTIVITY_PAGE_LIMIT = 100
TERMS = 10


def _spread(items: list[str], count: int) -> list[str]:
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def search_terms(totals: Totals) -> dict[str, Any]:
    """Rare, mid and common single words, phrases and multi-word queries, each with an
    estimate of how many messages contain it (from the sampled messages)."""
    sampled = max(1, totals.sampled_messages)
    factor = totals.messages / sampled
    skip = words.not_terms()
    ranked = sorted(
        ((df, w) for w, df in totals.doc_freq.items() if len(w) >= 4 and w not in skip),
        key=lambda x: (-x[0], x[1]),
    )

    def est(df: int) -> int:
        return max(1, round(df * factor))

    common = [w for _df, w in ranked[:TERMS]]
    mid_band = [w for df, w in ranked if 0.001 <= df / sampled <= 0.01]
    rare_band = [w for _df, w in ranked[-3 * TERMS :]]
    freq = dict((w, df) for df, w in ranked)
    phrases = [p for p, _n in totals.phrase_counts.most_common()]
    snippets = [" ".join(s) for s in totals.snippets]
    return {
        "common": [{"term": w, "messages": est(freq[w])} for w in common],
        "mid": [{"term": w, "messages": est(freq[w])} for w in _spread(mid_band, TERMS)],
        "rare": [{"term": w, "messages": est(freq[w])} for w in _spread(rare_band, TERMS)],
        "phrases": [
            {"term": p, "messages": totals.phrase_counts[p]} for p in _spread(phrases, TERMS)
        ],
        "word_runs": {
            "two": [s for s in snippets if s.count(" ") == 1][:TERMS],
            "three": [s for s in snippets if s.count(" ") == 2][:TERMS],
        },
        "sampled_messages": totals.sampled_messages,
    }


def build_manifest(
    *,
    options: Options,
    created: CreatedOrg,
    world: World,
    ids: list[int],
    totals: Totals,
    indexed: bool,
) -> dict[str, Any]:
    scale = SCALES[options.scale]
    contiguous = bool(ids) and ids[-1] - ids[0] + 1 == len(ids)
    timings = {k: round(v, 2) for k, v in totals.timings.items()}
    conv_s = max(1e-9, totals.timings.get("conversations_s", 0.0))
    tags = world.tags + world.inactive_tags
    return {
        "version": 1,
        "scale": scale.name,
        "seed": options.seed,
        "anchor": to_iso(options.anchor_ms),
        "org": {
            "id": created.id,
            "name": created.name,
            "api_token": created.api_token,
            "admin_user_id": created.admin_user_id,
            "default_queue_id": created.default_queue_id,
        },
        "counts": {
            "conversations": totals.conversations,
            "messages": totals.messages,
            "activity_entries": totals.activity,
            "notes": totals.notes,
            "ratings": totals.ratings,
            "conversation_tags": totals.conversation_tags,
            "conversation_attribute_values": totals.conversation_attributes,
            "agents": len(world.agents) + 1,  # with the organisation's API admin
            "end_users": len(world.end_users),
            "tags": len(tags),
            "queues": len(world.queues),
            "teams": len(world.teams),
            "custom_attributes": len(world.attributes) + 1,
            "rows": totals.rows + totals.world_rows,
        },
        "conversation_ids": {
            "min": ids[0] if ids else None,
            "max": ids[-1] if ids else None,
            "count": len(ids),
            "contiguous": contiguous,
            "ids": None if contiguous else ids,
            "samples": totals.samples,
        },
        "activity": {
            "entries": totals.activity,
            "page_limit": ACTIVITY_PAGE_LIMIT,
            "pages": -(-totals.activity // ACTIVITY_PAGE_LIMIT),
        },
        "samples": {
            "agents": [a.id for a in world.agents[:10]],
            "end_users": [u.id for u in world.end_users[:10]],
            "tags": [t[0] for t in world.tags[:10]],
            "tag_names": [t[1] for t in world.tags[:10]],
            "queues": [q[0] for q in world.queues[:10]],
            "teams": [t[0] for t in world.teams[:10]],
            "custom_attributes": [a.id for a in world.attributes],
            "email_endpoints": world.email_endpoints,
            "requester_names": [u.name for u in world.end_users[:5]],
            "requester_emails": [u.email for u in world.end_users[:5]],
        },
        "search": {"indexed": indexed, "terms": search_terms(totals)},
        "timings_s": timings,
        "rows_per_s": round(totals.rows / conv_s),
        "workers": options.workers,
    }
