"""The organisation's supporting data: agents, teams, queues, tags, custom attribute
definitions, contact endpoints and end users. Built once per run from the seed; the
conversation batches draw from it."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from gen import words
from gen.ids import dumps, new_uuid, set_salt
from gen.scales import DAY_MS, HISTORY_DAYS, Scale

QUEUE_NAMES = [
    "Billing",
    "Returns",
    "Technical support",
    "VIP customers",
    "Sales",
    "Shipping",
    "Partners",
    "Nordics",
    "United Kingdom",
    "Escalations",
    "Onboarding",
    "Wholesale",
]
TEAM_NAMES = [
    "Tier 1",
    "Tier 2",
    "Billing team",
    "Night shift",
    "Copenhagen",
    "London",
    "Berlin",
    "Specialists",
    "Trainees",
    "Leads",
]
TAG_WORDS = [
    "refund",
    "shipping",
    "damaged",
    "vip",
    "complaint",
    "billing",
    "bug",
    "feature-request",
    "urgent",
    "returns",
    "fraud",
    "warranty",
    "login",
    "subscription",
    "invoice",
    "delivery",
    "discount",
    "feedback",
    "spam",
    "duplicate",
]
LANGUAGES = ["en"] * 14 + ["da", "da", "de", "sv", "no", "fr"]


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    first: str
    email: str
    phone: str


@dataclass(frozen=True)
class AttributeDef:
    id: str
    identifier: str
    label: str
    values: list[str]  # Select option values; empty for Text


@dataclass
class World:
    org_id: str
    admin_id: str
    default_queue_id: str
    anchor: int
    agents: list[Person]
    queues: list[tuple[str, str]]  # (id, name), the default queue first
    tags: list[tuple[str, str]]  # active tags (id, name)
    attributes: list[AttributeDef]  # Conversation definitions
    email_endpoints: list[str]
    widgets: list[str]
    phone_endpoints: list[str]
    end_users: list[Person]
    user_cum: list[float]
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    inactive_tags: list[tuple[str, str]] = field(default_factory=list)
    teams: list[tuple[str, str]] = field(default_factory=list)


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


def _person(rng: random.Random, n: int, domain: str | None) -> Person:
    first = rng.choice(words.FIRST_NAMES)
    last = rng.choice(words.LAST_NAMES)
    dom = domain or rng.choice(words.DOMAINS)
    email = f"{_ascii(first)}.{_ascii(last)}{n}@{dom}"
    phone = f"+{rng.choice(('45', '44', '49', '46', '1'))}{rng.randrange(10**7, 10**8)}{n % 10}"
    return Person(new_uuid(rng), f"{first} {last}", first, email, phone)


def _options(rng: random.Random, values: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "id": new_uuid(rng),
            "value": v,
            "label": v.replace("-", " ").capitalize(),
            "isDeactivated": False,
            "nestedOptions": [],
        }
        for v in values
    ]


def build_world(
    scale: Scale, seed: int, org_id: str, admin_id: str, default_queue_id: str, anchor: int
) -> World:
    set_salt(org_id)
    rng = random.Random(f"{seed}:world")
    org = org_id
    t0 = anchor - (HISTORY_DAYS + 30) * DAY_MS
    rows: dict[str, list[tuple[Any, ...]]] = {
        k: []
        for k in (
            "users",
            "queues",
            "queue_members",
            "teams",
            "team_members",
            "tags",
            "custom_attributes",
            "contact_endpoints",
        )
    }

    agents = [_person(rng, i, "support.example.com") for i in range(scale.agents)]
    for i, a in enumerate(agents):
        roles = '["Agent","Admin"]' if i < 2 else '["Agent"]'
        first, last = a.name.split(" ", 1)
        rows["users"].append(
            (
                org,
                a.id,
                "Agent",
                roles,
                a.name,
                first,
                last,
                "[]",
                a.email,
                None,
                None,
                None,
                "[]",
                "[]",
                "{}",
                t0 + i,
                None,
                None,
            )
        )

    queues = [(default_queue_id, "Default queue")]
    for i in range(scale.queues):
        qid = new_uuid(rng)
        name = QUEUE_NAMES[i % len(QUEUE_NAMES)] + ("" if i < len(QUEUE_NAMES) else f" {i}")
        queues.append((qid, name))
        settings = dumps({"offeringAlgorithm": rng.choice(("AllAtOnce", "OneAtATime"))})
        rows["queues"].append((org, qid, name, False, 1 + i % 5, settings, t0 + i))
    for qid, _ in queues:
        for a in rng.sample(agents, max(1, len(agents) // 2)):
            rows["queue_members"].append((org, qid, a.id, None, t0))

    teams: list[tuple[str, str]] = []
    for i in range(scale.teams):
        tid = new_uuid(rng)
        name = TEAM_NAMES[i % len(TEAM_NAMES)] + ("" if i < len(TEAM_NAMES) else f" {i}")
        teams.append((tid, name))
        rows["teams"].append((org, tid, name, t0 + i))
        for a in rng.sample(agents, max(1, len(agents) // scale.teams)):
            rows["team_members"].append((org, tid, a.id, t0))

    tags: list[tuple[str, str]] = []
    inactive: list[tuple[str, str]] = []
    colours = ["#E53935", "#8E24AA", "#1E88E5", "#43A047", "#FB8C00", None]
    for i in range(scale.tags):
        name = TAG_WORDS[i % len(TAG_WORDS)] + ("" if i < len(TAG_WORDS) else f"-{i}")
        tid = new_uuid(rng)
        state = "Inactive" if i % 13 == 12 else "Active"
        (inactive if state == "Inactive" else tags).append((tid, name))
        rows["tags"].append((org, tid, name, rng.choice(colours), state, t0 + i))

    attr_specs = [
        ("product_area", "Product area", ["orders", "payments", "account", "app", "delivery"]),
        ("priority", "Priority", ["low", "normal", "high", "critical"]),
        ("order_number", "Order number", []),
        ("customer_segment", "Customer segment", ["consumer", "business", "partner"]),
        ("resolution", "Resolution", ["refunded", "replaced", "explained", "escalated"]),
    ]
    attributes: list[AttributeDef] = []
    for i, (ident, label, values) in enumerate(attr_specs):
        aid = new_uuid(rng)
        spec = (
            {"_type": "Select", "options": _options(rng, values)}
            if values
            else {"_type": "Text", "placeholder": label}
        )
        attributes.append(AttributeDef(aid, ident, label, values))
        rows["custom_attributes"].append(
            (
                org,
                aid,
                "Conversation",
                ident,
                label,
                None,
                False,
                False,
                False,
                dumps(spec),
                t0 + i,
                None,
            )
        )
    plan_id = new_uuid(rng)
    plan_values = ["free", "basic", "pro", "enterprise"]
    rows["custom_attributes"].append(
        (
            org,
            plan_id,
            "Contact",
            "plan",
            "Plan",
            None,
            False,
            False,
            False,
            dumps({"_type": "Select", "options": _options(rng, plan_values)}),
            t0 + 10,
            None,
        )
    )

    email_endpoints = [
        "support@shop.example.com",
        "billing@shop.example.com",
        "returns@shop.example.com",
    ]
    for i, address in enumerate(email_endpoints):
        rows["contact_endpoints"].append(
            (org, address, "EmailEndpoint", address.split("@")[0].title(), "{}", t0 + i)
        )
    widgets = [new_uuid(rng) for _ in range(2)]
    for i, wid in enumerate(widgets):
        rows["contact_endpoints"].append(
            (org, wid, "ChatWidget", f"Web chat {i + 1}", "{}", t0 + 5 + i)
        )
    phones = ["+4570701010", "+442071234567"]
    for i, number in enumerate(phones):
        rows["contact_endpoints"].append(
            (
                org,
                number,
                "TelephonyEndpoint",
                f"Line {i + 1}",
                dumps({"functionality": ["Sms", "Voice"]}),
                t0 + 8 + i,
            )
        )

    end_users: list[Person] = []
    span = 29 * DAY_MS  # every end user exists before the first conversation
    for i in range(scale.end_users):
        p = _person(rng, i, None)
        end_users.append(p)
        first, last = p.name.split(" ", 1)
        attrs = dumps({plan_id: [rng.choice(plan_values)]}) if rng.random() < 0.3 else "{}"
        created = t0 + DAY_MS + int(span * i / max(1, scale.end_users))
        rows["users"].append(
            (
                org,
                p.id,
                "EndUser",
                "[]",
                p.name,
                first,
                last,
                "[]",
                p.email,
                p.phone,
                None,
                None,
                "[]",
                "[]",
                attrs,
                created,
                None,
                None,
            )
        )
    # Zipf-like: a few customers write often, most once or twice.
    user_cum = list(accumulate(1.0 / (r + 20) ** 0.8 for r in range(len(end_users))))
    return World(
        org,
        admin_id,
        default_queue_id,
        anchor,
        agents,
        queues,
        tags,
        attributes,
        email_endpoints,
        widgets,
        phones,
        end_users,
        user_cum,
        rows,
        inactive,
        teams,
    )


USER_COLUMNS = (
    "org_id",
    "id",
    "kind",
    "roles",
    "display_name",
    "first_name",
    "last_name",
    "middle_names",
    "email",
    "phone_number",
    "external_id",
    "avatar_url",
    "additional_emails",
    "additional_phone_numbers",
    "custom_attributes",
    "created_at",
    "updated_at",
    "anonymized_at",
)
WORLD_COLUMNS: dict[str, tuple[str, ...]] = {
    "users": USER_COLUMNS,
    "queues": ("org_id", "id", "name", "is_default", "priority", "settings", "created_at"),
    "queue_members": ("org_id", "queue_id", "agent_id", "priority", "created_at"),
    "teams": ("org_id", "id", "name", "created_at"),
    "team_members": ("org_id", "team_id", "agent_id", "created_at"),
    "tags": ("org_id", "id", "name", "color", "state", "created_at"),
    "custom_attributes": (
        "org_id",
        "id",
        "entity_type",
        "identifier",
        "label",
        "description",
        "is_required",
        "is_archived",
        "is_deactivated",
        "input_definition",
        "created_at",
        "updated_at",
    ),
    "contact_endpoints": ("org_id", "id", "type", "name", "data", "created_at"),
}
