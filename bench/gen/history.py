"""One conversation and its history, as the engine would have written it.

The activity entries use the engine's types and attribute shapes: created by customer or
agent (``{"subject"}``), claimed (``{"claimedFromType", "claimedFromLabel"}``) and
assigned (``{"agentId", "agentName"}``), messages (``{"messageId"}``), notes, tags
(``{"tag"}``), custom attributes, transfers, follow-ups, close, reopen (with the
unassignment it implies), rating offered and rated. Imported conversations write what
the import writes (no attributes on created and closed). No webhook events are written.
"""

from __future__ import annotations

import random
from typing import Any

from gen import scales
from gen.details import Details, Events
from gen.ids import dumps
from gen.text import TextMaker
from gen.world import LANGUAGES, Person, World
from parley.kit.clock import to_iso

MIN, HOUR = 60_000, 3_600_000
GENERIC_NAMES = {"email": "Email", "ServiceDesk": "ServiceDesk", "LegacyHelpdesk": "LegacyHelpdesk"}
OUTBOUND_SHARE = {"Email": 0.08, "Sms": 0.7, "Callback": 0.5, "PstnPhone": 0.2, "Generic": 0.15}
BROWSERS = [("Chrome", "131.0"), ("Safari", "18.1"), ("Firefox", "133.0"), ("Edge", "131.0")]
EXTRA_IMPORT = dumps({"requesterConnectionStatus": None, "attributes": None})
# Mean gap between two messages, by channel kind.
GAP_MS = {"email": 6 * HOUR, "chat": 90_000, "sms": 20 * MIN, "phone": 5 * MIN}


def _kind(channel: str) -> str:
    if channel in scales.PHONE_CHANNELS:
        return "phone"
    if channel in ("Sms", "WhatsApp"):
        return "sms"
    return "chat" if channel in scales.CHAT_CHANNELS else "email"


class ConversationMaker(Details):
    def __init__(self, world: World, rng: random.Random, text: TextMaker, total: int) -> None:
        self.w = world
        self.rng = rng
        self.text = text
        self.total = total
        self.start = world.anchor - scales.HISTORY_DAYS * scales.DAY_MS
        self.channel_cum: list[float] = []
        acc = 0.0
        for _c, _t, share in scales.CHANNELS:
            acc += share
            self.channel_cum.append(acc)
        weights = scales.message_weights()
        self.count_cum = [sum(weights[: i + 1]) for i in range(len(weights))]
        self.counts = list(range(1, scales.MAX_MESSAGES + 1))
        self.queue_cum = (
            [0.4 + 0.6 * (i / max(1, len(world.queues) - 1)) for i in range(len(world.queues))]
            if len(world.queues) > 1
            else [1.0]
        )

    def gap(self, kind: str) -> int:
        return 2_000 + int(self.rng.expovariate(1.0 / GAP_MS[kind]))

    def make(self, index: int, cid: int, out: dict[str, list[tuple[Any, ...]]]) -> Events:
        """Append the conversation's rows to ``out`` and return its activity entries."""
        rng, w, org = self.rng, self.w, self.w.org_id
        channel, ctype, _ = scales.CHANNELS[
            rng.choices(range(len(scales.CHANNELS)), cum_weights=self.channel_cum)[0]
        ]
        requester: Person = rng.choices(w.end_users, cum_weights=w.user_cum)[0]
        imported = channel == "Generic"
        generic_name = None
        if imported:
            generic_name = rng.choice(list(GENERIC_NAMES))
            channel = GENERIC_NAMES[generic_name]
        kind = _kind(channel)
        key = "Generic" if imported else channel
        direction = "Outbound" if rng.random() < OUTBOUND_SHARE.get(key, 0.0) else "Inbound"
        phone = channel in scales.PHONE_CHANNELS
        n = rng.randint(1, 3) if phone else rng.choices(self.counts, cum_weights=self.count_cum)[0]
        r = rng.random()
        state = (
            "Closed"
            if r < scales.CLOSED_SHARE
            else ("Pending" if r < scales.CLOSED_SHARE + scales.PENDING_SHARE else "Open")
        )
        if imported and state == "Pending":
            state = "Open"
        reopen = (
            state == "Closed" and n >= 2 and not imported and rng.random() < scales.REOPEN_SHARE
        )
        assigned = (
            direction == "Outbound"
            or state != "Open"
            or phone
            or rng.random() > scales.UNASSIGNED_OPEN_SHARE
        )
        agent: Person | None = rng.choice(w.agents) if assigned else None
        c0 = self.start + int(
            (index + rng.random()) * scales.HISTORY_DAYS * scales.DAY_MS / self.total
        )
        ev = Events()

        # Messages: times and directions (the last one of a reopened conversation later).
        regular = n - 1 if reopen else n
        times = [c0 + (90_000 + self.gap(kind) if phone else 0)]
        for _ in range(regular - 1):
            times.append(times[-1] + self.gap(kind))
        dirs = [direction]
        for _ in range(regular - 1):
            if agent is None:
                dirs.append("Inbound")
            else:
                dirs.append(
                    ("Outbound" if dirs[-1] == "Inbound" else "Inbound")
                    if rng.random() < 0.8
                    else dirs[-1]
                )
        first_out = next((k for k, d in enumerate(dirs) if d == "Outbound"), None)

        # Creation, queueing, transfer, claim / assignment.
        queue_id = queue_name = None
        queued_at = assigned_at = None
        subject = self.text.subject() if channel in scales.EMAIL_CHANNELS else None
        created_attrs: dict[str, Any] | None = (
            None if imported else ({"subject": subject} if subject else {})
        )
        via_queue = not imported and (direction == "Inbound" or phone)
        creator = (
            requester.id
            if direction == "Inbound"
            else (agent.id if agent and not via_queue else w.admin_id)
        )
        ev.add(
            c0,
            "ConversationCreatedBy" + ("Customer" if direction == "Inbound" else "Agent"),
            creator,
            created_attrs,
        )
        if not via_queue:
            if agent is not None:
                assigned_at = c0
                ev.add(
                    c0,
                    "ConversationAssigned",
                    agent.id,
                    {"agentId": agent.id, "agentName": agent.name},
                )
            elif state != "Closed":
                queue_id, queue_name, queued_at = w.default_queue_id, "Default queue", c0
        else:
            queue_id, queue_name = w.queues[
                rng.choices(range(len(w.queues)), cum_weights=self.queue_cum)[0]
            ]
            queued_at = c0
            if agent is not None:
                if phone:
                    claim_at = c0 + rng.randint(5_000, 60_000)
                elif first_out:
                    claim_at = (times[first_out - 1] + times[first_out]) // 2
                else:
                    claim_at = c0 + self.gap(kind) // 2 + 1_000
            else:
                claim_at = c0 + self.gap(kind)
            if len(w.queues) > 1 and rng.random() < scales.TRANSFER_SHARE:
                at = c0 + max(1, (claim_at - c0) // 3)
                queue_id, queue_name = rng.choice([q for q in w.queues if q[0] != queue_id])
                queued_at = at
                ev.add(
                    at,
                    "TransferSuccessful",
                    w.admin_id,
                    {
                        "destinationId": queue_id,
                        "destinationType": "Queue",
                        "transferType": "Manual",
                        "destinationLabel": queue_name,
                    },
                )
            if agent is not None:
                assigned_at = claim_at
                ev.add(
                    claim_at,
                    "ConversationClaimed",
                    agent.id,
                    {"claimedFromType": "Queue", "claimedFromLabel": queue_name},
                )
                ev.add(
                    claim_at,
                    "ConversationAssigned",
                    agent.id,
                    {"agentId": agent.id, "agentName": agent.name},
                )
        last_queue_id = queue_id

        # Content.
        integration = None
        if channel in scales.EMAIL_CHANNELS and not imported:
            integration = w.email_endpoints[cid % len(w.email_endpoints)]
        email_attrs = self._email_attrs(integration, requester, agent)
        msgs = out["messages"]
        for k in range(regular):
            self._message(
                out, cid, k + 1, times[k], dirs[k], channel, kind, requester, agent, email_attrs, ev
            )
        end = max(times[-1], assigned_at or c0)
        actor = agent.id if agent else w.admin_id
        self._decorate(out, cid, c0, end, actor, agent, ev)

        # The end state.
        state_at = c0
        closed_at = followup = None
        language = (
            rng.choice(LANGUAGES)
            if channel in scales.EMAIL_CHANNELS | scales.CHAT_CHANNELS
            else None
        )
        if state == "Closed":
            closed_at = ev.last() + self.gap(kind) // 2 + 1_000
            state_at = closed_at
            ev.add(closed_at, "ConversationClosed", actor, None)
            queue_id = queued_at = None
            if reopen:
                at = closed_at + self.gap(kind)
                self._message(
                    out, cid, n, at, "Inbound", channel, kind, requester, agent, email_attrs, ev
                )
                if agent is not None:
                    who = {"id": agent.id, "name": agent.name, "email": agent.email}
                    ev.add(at, "ConversationUnassigned", requester.id, {"agent": who})
                ev.add(at, "ConversationReopened", requester.id, None)
                state, state_at, closed_at = "Open", at, None
                queue_id = last_queue_id or w.default_queue_id
                last_queue_id, queued_at = queue_id, at
                agent, assigned_at = None, None
            elif agent is not None and rng.random() < scales.RATING_SHARE:
                self._rating(out, cid, closed_at, requester, agent, language, ev)
        elif state == "Pending":
            state_at = ev.last() + self.gap(kind) // 2 + 1_000
            followup = max(state_at, w.anchor) + rng.randint(1, 30) * scales.DAY_MS
            ev.add(state_at, "ConversationPending", actor, None)
            ev.add(state_at, "FollowupAdded", actor, {"followupAt": to_iso(followup)})

        last_activity = ev.last()
        last_message = max(m[12] for m in msgs[len(msgs) - n :])
        row = [None] * 36
        row[0:8] = [org, cid, ctype, channel, direction, state, state_at, requester.id]
        if integration is not None:
            row[8:13] = [subject, language, requester.email, integration, integration]
        elif channel in scales.CHAT_CHANNELS:
            row[9] = language
            if channel == "WidgetChat" and not imported:
                row[16] = w.widgets[cid % len(w.widgets)]
                b, v = BROWSERS[cid % len(BROWSERS)]
                row[17] = dumps(
                    {
                        "name": b,
                        "version": v,
                        "ipAddress": f"203.0.113.{cid % 250}",
                        "originatingUrl": "https://shop.example.com/help",
                    }
                )
        elif channel == "Sms":
            endpoint = w.phone_endpoints[cid % len(w.phone_endpoints)]
            row[13:16] = [endpoint, requester.phone, endpoint]
        elif phone:
            endpoint = w.phone_endpoints[cid % len(w.phone_endpoints)]
            row[13:16] = [requester.phone, endpoint, endpoint]
        row[18] = EXTRA_IMPORT if imported else "{}"
        row[19:24] = [agent.id if agent else None, assigned_at, queue_id, queued_at, last_queue_id]
        row[26] = followup
        row[28] = generic_name
        row[29] = imported
        row[30:35] = [c0, last_activity, closed_at, last_message, last_activity]
        out["conversations"].append(tuple(row))
        return ev
