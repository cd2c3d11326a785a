"""Search filters (POST /v1/search/conversations ``filters``) on both stores.

The full field x operator matrix runs the compiled WHERE expression against conversations
made through the API; the HTTP tests (when the search route is present) go through
``POST /v1/search/conversations``.
"""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
import pytest

from fixtures.harness import Harness
from fixtures.search import (
    DATE_OPS,
    EMPTY_OPS,
    MANY_OPS,
    NAMES,
    VALUE_OPS,
    World,
    arguments_for,
    build_world,
    check_filters,
    condition_of,
    decode_filters,
    everything_but,
    matching_ids,
    matching_names,
    one_condition,
    post_search,
    search_names,
)
from parley.errors import Invalid
from parley.search.filters import OPERATORS, compile_filters


@pytest.fixture(scope="module")
def world(harness: Harness) -> World:
    return build_world(harness)


# ---- the matrix: (name, world -> (filters, expected names)) ------------------------------

W = World
LIVE = {"live_email", "live_chat", "live_callback"}
CASES: list[tuple[str, Any]] = [
    # AgentId
    ("agent-isoneof", lambda w: (one_condition("AgentId", "IsOneOf", values=[w.agent1]), {"imp_email", "live_chat"})),
    ("agent-isnotoneof", lambda w: (one_condition("AgentId", "IsNotOneOf", values=[w.agent1]), everything_but("imp_email", "live_chat"))),
    ("agent-isempty", lambda w: (one_condition("AgentId", "IsEmpty"), {"imp_plain", "imp_chat", "live_email", "live_callback"})),
    ("agent-isnotempty", lambda w: (one_condition("AgentId", "IsNotEmpty"), {"imp_email", "imp_custom", "live_chat"})),
    ("agent-upper-uuid", lambda w: (one_condition("AgentId", "IsOneOf", values=[w.agent2.upper()]), {"imp_custom"})),
    # AssignedDate
    ("assigned-isempty", lambda w: (one_condition("AssignedDate", "IsEmpty"), {"imp_plain", "imp_chat", "live_email", "live_callback"})),
    ("assigned-isnotempty", lambda w: (one_condition("AssignedDate", "IsNotEmpty"), {"imp_email", "imp_custom", "live_chat"})),
    ("assigned-since", lambda w: (one_condition("AssignedDate", "Since", timestamp=w.t0), {"live_chat"})),
    ("assigned-until-gmt", lambda w: (one_condition("AssignedDate", "Until", timestamp="2021-01-01T01:00:00.000Z[GMT]"), {"imp_email"})),
    ("assigned-between", lambda w: (one_condition("AssignedDate", "Between", timestampFrom="2021-01-01T00:00:00Z", timestampTo="2021-12-31T00:00:00Z"), {"imp_email", "imp_custom"})),
    # Channel
    ("channel-email-any-case", lambda w: (one_condition("Channel", "IsOneOf", values=["EMAIL"]), {"imp_email", "live_email"})),
    ("channel-chat-alias", lambda w: (one_condition("Channel", "IsOneOf", values=["Chat"]), {"imp_chat", "imp_custom", "live_chat"})),
    ("channel-custom-name", lambda w: (one_condition("Channel", "IsOneOf", values=["MyCustomChat"]), {"imp_custom"})),
    ("channel-isnotoneof", lambda w: (one_condition("Channel", "IsNotOneOf", values=["Email", "Callback"]), {"imp_plain", "imp_chat", "imp_custom", "live_chat"})),
    ("channel-lower-case", lambda w: (one_condition("Channel", "IsOneOf", values=["messenger"]), {"imp_plain"})),
    # ClosedDate
    ("closed-isempty", lambda w: (one_condition("ClosedDate", "IsEmpty"), {"imp_chat", "live_email", "live_chat"})),
    ("closed-isnotempty", lambda w: (one_condition("ClosedDate", "IsNotEmpty"), {"imp_plain", "imp_email", "imp_custom", "live_callback"})),
    ("closed-since", lambda w: (one_condition("ClosedDate", "Since", timestamp="2021-03-01T00:00:15Z"), {"imp_custom", "live_callback"})),
    ("closed-until", lambda w: (one_condition("ClosedDate", "Until", timestamp="2021-02-01T00:00:00Z"), {"imp_plain", "imp_email"})),
    ("closed-between", lambda w: (one_condition("ClosedDate", "Between", timestampFrom="2021-01-01T03:00:00Z", timestampTo="2021-03-01T00:00:15Z"), {"imp_email", "imp_custom"})),
    # ContactId
    ("contact-isoneof", lambda w: (one_condition("ContactId", "IsOneOf", values=[w.r1]), {"imp_email", "live_email"})),
    ("contact-isnotoneof", lambda w: (one_condition("ContactId", "IsNotOneOf", values=[w.r1]), everything_but("imp_email", "live_email"))),
    # ConversationId
    ("id-isoneof", lambda w: (one_condition("ConversationId", "IsOneOf", values=[w.ids["imp_email"], str(w.ids["live_chat"]), w.other_cid]), {"imp_email", "live_chat"})),
    ("id-isnotoneof", lambda w: (one_condition("ConversationId", "IsNotOneOf", values=[w.ids["imp_email"]]), everything_but("imp_email"))),
    # CreationDate
    ("created-since-inclusive", lambda w: (one_condition("CreationDate", "Since", timestamp="2021-02-01T00:00:00Z"), {"imp_chat", "imp_custom"} | LIVE)),
    ("created-until-inclusive", lambda w: (one_condition("CreationDate", "Until", timestamp="2021-02-01T00:00:00.000Z"), {"imp_plain", "imp_email", "imp_chat"})),
    ("created-between", lambda w: (one_condition("CreationDate", "Between", timestampFrom="2021-01-15T00:00:00Z", timestampTo="2021-03-01T00:00:00Z"), {"imp_chat", "imp_custom"})),
    ("created-since-epoch-ms", lambda w: (one_condition("CreationDate", "Since", timestamp=w.t0), LIVE)),
    ("created-until-naive-is-utc", lambda w: (one_condition("CreationDate", "Until", timestamp="2021-01-31T23:59:59"), {"imp_plain", "imp_email"})),
    # CustomAttribute: text
    ("attr-text-isempty", lambda w: (one_condition("CustomAttribute", "IsEmpty", attributeId=w.a_text), {"imp_plain", "imp_chat", "imp_custom", "live_email", "live_callback"})),
    ("attr-text-isnotempty", lambda w: (one_condition("CustomAttribute", "IsNotEmpty", attributeId=w.a_text), {"imp_email", "live_chat"})),
    ("attr-text-isoneof", lambda w: (one_condition("CustomAttribute", "IsOneOf", attributeId=w.a_text, values=["A-1", "B-2"]), {"imp_email", "live_chat"})),
    ("attr-text-exact-case", lambda w: (one_condition("CustomAttribute", "IsOneOf", attributeId=w.a_text, values=["a-1"]), set())),
    ("attr-text-isnotoneof", lambda w: (one_condition("CustomAttribute", "IsNotOneOf", attributeId=w.a_text, values=["A-1"]), everything_but("imp_email"))),
    # CustomAttribute: select (lists)
    ("attr-select-isempty", lambda w: (one_condition("CustomAttribute", "IsEmpty", attributeId=w.a_select), {"imp_plain", "imp_email", "live_email", "live_callback"})),
    ("attr-select-isnotempty", lambda w: (one_condition("CustomAttribute", "IsNotEmpty", attributeId=w.a_select), {"imp_chat", "imp_custom", "live_chat"})),
    ("attr-select-isoneof", lambda w: (one_condition("CustomAttribute", "IsOneOf", attributeId=w.a_select, values=["late"]), {"imp_custom"})),
    ("attr-select-includesone", lambda w: (one_condition("CustomAttribute", "IncludesOne", attributeId=w.a_select, values=["shipping", "nope"]), {"imp_custom", "live_chat"})),
    ("attr-select-includesall", lambda w: (one_condition("CustomAttribute", "IncludesAll", attributeId=w.a_select, values=["billing", "shipping"]), {"live_chat"})),
    ("attr-select-includesall-2", lambda w: (one_condition("CustomAttribute", "IncludesAll", attributeId=w.a_select, values=["late", "shipping", "late"]), {"imp_custom"})),
    ("attr-select-excludesall", lambda w: (one_condition("CustomAttribute", "ExcludesAll", attributeId=w.a_select, values=["billing"]), everything_but("imp_chat", "live_chat"))),
    ("attr-select-excludesone", lambda w: (one_condition("CustomAttribute", "ExcludesOne", attributeId=w.a_select, values=["billing", "shipping"]), everything_but("live_chat"))),
    # CustomAttribute values as Dixa's examples give them: arrays (a path; its last element)
    ("attr-text-paths", lambda w: (one_condition("CustomAttribute", "IsOneOf", attributeId=w.a_text, values=[["A-1"], ["B-2"]]), {"imp_email", "live_chat"})),
    ("attr-select-path", lambda w: (one_condition("CustomAttribute", "IsOneOf", attributeId=w.a_select, values=[["shipping", "late"]]), {"imp_custom"})),
    ("attr-text-includesall-single", lambda w: (one_condition("CustomAttribute", "IncludesAll", attributeId=w.a_text, values=["B-2"]), {"live_chat"})),
    # Direction
    ("direction-outbound", lambda w: (one_condition("Direction", "IsOneOf", values=["Outbound"]), {"imp_chat", "live_callback"})),
    ("direction-upper", lambda w: (one_condition("Direction", "IsOneOf", values=["INBOUND"]), everything_but("imp_chat", "live_callback"))),
    ("direction-isnotoneof", lambda w: (one_condition("Direction", "IsNotOneOf", values=["Outbound"]), everything_but("imp_chat", "live_callback"))),
    # Duration (seconds; open conversations count up to now)
    ("duration-between", lambda w: (one_condition("Duration", "Between", min=10, max=20), {"imp_custom"})),
    ("duration-between-inclusive", lambda w: (one_condition("Duration", "Between", min=10800, max=10800), {"imp_email"})),
    ("duration-longer", lambda w: (one_condition("Duration", "LongerThanOrEqualTo", duration=3600), {"imp_plain", "imp_email", "imp_chat"})),
    ("duration-shorter", lambda w: (one_condition("Duration", "ShorterThanOrEqualTo", duration=3000), {"imp_custom"} | LIVE)),
    # LastActivity
    ("activity-since", lambda w: (one_condition("LastActivity", "Since", timestamp=w.t0), everything_but("imp_plain"))),
    ("activity-until", lambda w: (one_condition("LastActivity", "Until", timestamp="2021-02-01T00:00:00Z"), {"imp_plain"})),
    ("activity-between", lambda w: (one_condition("LastActivity", "Between", timestampFrom="2020-06-01T00:00:00Z", timestampTo="2020-06-02T00:00:00Z"), {"imp_plain"})),
    # LastMessage
    ("message-isempty", lambda w: (one_condition("LastMessage", "IsEmpty"), {"imp_chat", "live_callback"})),
    ("message-isnotempty", lambda w: (one_condition("LastMessage", "IsNotEmpty"), everything_but("imp_chat", "live_callback"))),
    ("message-since", lambda w: (one_condition("LastMessage", "Since", timestamp="2021-01-01T02:00:00Z"), {"imp_email", "imp_custom", "live_email", "live_chat"})),
    ("message-until", lambda w: (one_condition("LastMessage", "Until", timestamp="2021-01-01T01:59:59.999Z"), {"imp_plain"})),
    ("message-between", lambda w: (one_condition("LastMessage", "Between", timestampFrom="2021-03-01T00:00:10Z", timestampTo="2021-03-01T00:00:10Z"), {"imp_custom"})),
    # QueueId (current queue, else the last one)
    ("queue-default", lambda w: (one_condition("QueueId", "IsOneOf", values=[w.q0]), {"imp_chat", "live_email", "live_chat"})),
    ("queue-last", lambda w: (one_condition("QueueId", "IsOneOf", values=[w.q2]), {"live_callback"})),
    ("queue-isnotoneof", lambda w: (one_condition("QueueId", "IsNotOneOf", values=[w.q0]), {"imp_plain", "imp_email", "imp_custom", "live_callback"})),
    ("queue-isempty", lambda w: (one_condition("QueueId", "IsEmpty"), {"imp_plain", "imp_email", "imp_custom"})),
    ("queue-isnotempty", lambda w: (one_condition("QueueId", "IsNotEmpty"), everything_but("imp_plain", "imp_email", "imp_custom"))),
    # Status
    ("status-closed", lambda w: (one_condition("Status", "IsOneOf", values=["Closed"]), {"imp_plain", "imp_email", "imp_custom", "live_callback"})),
    ("status-pending", lambda w: (one_condition("Status", "IsOneOf", values=["pending"]), {"live_chat"})),
    ("status-open", lambda w: (one_condition("Status", "IsOneOf", values=["Open", "AwaitingPending"]), {"imp_chat", "live_email"})),
    ("status-isnotoneof", lambda w: (one_condition("Status", "IsNotOneOf", values=["Closed"]), {"imp_chat", "live_email", "live_chat"})),
    # TagId
    ("tag-isempty", lambda w: (one_condition("TagId", "IsEmpty"), {"imp_plain", "imp_chat", "live_callback"})),
    ("tag-isnotempty", lambda w: (one_condition("TagId", "IsNotEmpty"), everything_but("imp_plain", "imp_chat", "live_callback"))),
    ("tag-includesone", lambda w: (one_condition("TagId", "IncludesOne", values=[w.t1, w.t3]), {"imp_email", "imp_custom", "live_email", "live_chat"})),
    ("tag-isoneof", lambda w: (one_condition("TagId", "IsOneOf", values=[w.t2]), {"imp_custom", "live_email"})),
    ("tag-includesall", lambda w: (one_condition("TagId", "IncludesAll", values=[w.t1, w.t2]), {"imp_custom", "live_email"})),
    ("tag-includesall-3", lambda w: (one_condition("TagId", "IncludesAll", values=[w.t1, w.t2, w.t3, w.t1]), {"imp_custom"})),
    ("tag-excludesall", lambda w: (one_condition("TagId", "ExcludesAll", values=[w.t1, w.t2]), {"imp_plain", "imp_email", "imp_chat", "live_callback"})),
    ("tag-excludesone", lambda w: (one_condition("TagId", "ExcludesOne", values=[w.t1, w.t2]), {"imp_plain", "imp_email", "imp_chat", "live_chat", "live_callback"})),
    ("tag-isnotoneof", lambda w: (one_condition("TagId", "IsNotOneOf", values=[w.t3]), {"imp_plain", "imp_chat", "live_email", "live_chat", "live_callback"})),
    ("tag-of-other-org", lambda w: (one_condition("TagId", "IncludesOne", values=[w.t_other]), set())),
    ("attr-of-other-org", lambda w: (one_condition("CustomAttribute", "IsOneOf", attributeId=w.a_other, values=["A-1"]), set())),
    # Strategies
    ("no-conditions", lambda w: ({"strategy": "All", "conditions": []}, set(NAMES))),
    ("no-conditions-any", lambda w: ({"strategy": "Any", "conditions": []}, set(NAMES))),
    ("strategy-defaults-to-all", lambda w: ({"conditions": [condition_of("Status", "IsOneOf", values=["Closed"]), condition_of("TagId", "IncludesOne", values=[w.t1])]}, {"imp_custom"})),
    ("all", lambda w: ({"strategy": "All", "conditions": [condition_of("Channel", "IsOneOf", values=["Email"]), condition_of("ClosedDate", "IsEmpty"), condition_of("TagId", "IncludesAll", values=[w.t1, w.t2])]}, {"live_email"})),
    ("any", lambda w: ({"strategy": "Any", "conditions": [condition_of("Status", "IsOneOf", values=["Pending"]), condition_of("Channel", "IsOneOf", values=["Callback"])]}, {"live_chat", "live_callback"})),
    ("any-created-or-closed", lambda w: ({"strategy": "Any", "conditions": [condition_of("CreationDate", "Between", timestampFrom="2021-01-15T00:00:00Z", timestampTo="2021-02-15T00:00:00Z"), condition_of("ClosedDate", "Between", timestampFrom="2021-01-01T00:00:00Z", timestampTo="2021-01-02T00:00:00Z")]}, {"imp_email", "imp_chat"})),
    ("any-mixed", lambda w: ({"strategy": "Any", "conditions": [condition_of("AgentId", "IsEmpty"), condition_of("Duration", "Between", min=10, max=20), condition_of("CustomAttribute", "IncludesAll", attributeId=w.a_select, values=["billing", "shipping"])]}, {"imp_plain", "imp_chat", "live_email", "live_callback", "imp_custom", "live_chat"})),
    ("all-contradiction", lambda w: ({"strategy": "All", "conditions": [condition_of("TagId", "IsEmpty"), condition_of("TagId", "IsNotEmpty")]}, set())),
    ("any-single", lambda w: ({"strategy": "Any", "conditions": [condition_of("Direction", "IsOneOf", values=["Outbound"])]}, {"imp_chat", "live_callback"})),
]  # fmt: skip


@pytest.mark.parametrize("case", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_filter_matrix(harness: Harness, world: World, case: Any) -> None:
    filters, expected = case(world)
    assert matching_names(harness, world, filters) == expected


def test_the_matrix_covers_every_field_and_operator_it_allows() -> None:
    dummy: Any = None
    fake = World(
        api=dummy,
        other=dummy,
        ids=dict.fromkeys(NAMES, 1),
        **dict.fromkeys(
            [
                "agent1",
                "agent2",
                "r1",
                "r2",
                "q0",
                "q2",
                "t1",
                "t2",
                "t3",
                "t_other",
                "a_text",
                "a_select",
                "a_contact",
                "a_other",
            ],
            str(uuid.uuid4()),
        ),
        other_cid=2,
        t0=0,
    )
    covered: set[tuple[str, str]] = set()
    for _name, case in CASES:
        filters, _expected = case(fake)
        for c in filters["conditions"]:
            covered.add((c["field"]["_type"], c["field"]["operator"]["_type"]))
    wanted = {(f, o) for f, ops in OPERATORS.items() for o in ops}
    assert wanted - covered == set()


# ---- bad filters: 400 with a message naming the problem --------------------------------

A = "3f1c2a4e-8d6b-4c1e-9a57-2b0e6f8d9c10"
BODY = "Invalid value for: body, "
BAD: list[tuple[str, dict[str, Any], str]] = [
    ("since-on-tag", one_condition("TagId", "Since", timestamp="2021-01-01T00:00:00Z"), "operator Since is not valid for field TagId"),
    ("isempty-on-status", one_condition("Status", "IsEmpty"), "operator IsEmpty is not valid for field Status"),
    ("includesone-on-agent", one_condition("AgentId", "IncludesOne", values=[A]), "operator IncludesOne is not valid for field AgentId"),
    ("longer-on-created", one_condition("CreationDate", "LongerThanOrEqualTo", duration=5), "operator LongerThanOrEqualTo is not valid for field CreationDate"),
    ("since-on-duration", one_condition("Duration", "Since", timestamp=1), "operator Since is not valid for field Duration"),
    ("isoneof-on-created", one_condition("CreationDate", "IsOneOf", values=["x"]), "operator IsOneOf is not valid for field CreationDate"),
    ("isempty-on-created", one_condition("CreationDate", "IsEmpty"), "operator IsEmpty is not valid for field CreationDate"),
    ("no-attribute-id", one_condition("CustomAttribute", "IsEmpty"), "field CustomAttribute needs an attributeId"),
    ("bad-attribute-id", one_condition("CustomAttribute", "IsEmpty", attributeId="topic"), "attributeId 'topic' of field CustomAttribute is not a valid id"),
    ("attribute-id-on-tag", one_condition("TagId", "IsEmpty", attributeId=A), "attributeId is only valid for field CustomAttribute, not TagId"),
    ("bad-month", one_condition("CreationDate", "Since", timestamp="2021-13-01T00:00:00Z"), "operator Since of field CreationDate: timestamp is not a valid date"),
    ("not-a-date", one_condition("ClosedDate", "Until", timestamp="yesterday"), "operator Until of field ClosedDate: timestamp is not a valid date"),
    ("empty-date", one_condition("LastMessage", "Since", timestamp=""), "operator Since of field LastMessage: timestamp is not a valid date"),
    ("negative-ms", one_condition("LastActivity", "Since", timestamp=-5), "operator Since of field LastActivity: timestamp is not a valid date"),
    ("between-no-to", one_condition("AssignedDate", "Between", timestampFrom="2021-01-01T00:00:00Z"), "operator Between of field AssignedDate: timestampTo is required"),
    ("between-reversed", one_condition("CreationDate", "Between", timestampFrom="2021-02-01T00:00:00Z", timestampTo="2021-01-01T00:00:00Z"), "operator Between of field CreationDate: timestampFrom is after timestampTo"),
    ("between-bad-from", one_condition("CreationDate", "Between", timestampFrom="2021-02-30", timestampTo="2021-03-01"), "operator Between of field CreationDate: timestampFrom is not a valid date"),
    ("between-date-with-min", one_condition("CreationDate", "Between", min=1, max=2), "operator Between of field CreationDate takes timestampFrom and timestampTo, not min and max"),
    ("between-duration-with-dates", one_condition("Duration", "Between", timestampFrom=1, timestampTo=2), "operator Between of field Duration takes min and max (seconds), not timestamps"),
    ("duration-reversed", one_condition("Duration", "Between", min=20, max=10), "operator Between of field Duration: min is greater than max"),
    ("duration-no-max", one_condition("Duration", "Between", min=20), "operator Between of field Duration: max is required"),
    ("duration-negative", one_condition("Duration", "LongerThanOrEqualTo", duration=-1), "operator LongerThanOrEqualTo of field Duration: duration must be a number of seconds from 0"),
    ("empty-values", one_condition("TagId", "IncludesOne", values=[]), "operator IncludesOne of field TagId: values must not be empty"),
    ("number-as-tag", one_condition("TagId", "IncludesAll", values=[1]), "operator IncludesAll of field TagId: values must be strings"),
    ("tag-name-not-id", one_condition("TagId", "IsOneOf", values=["vip"]), "operator IsOneOf of field TagId: 'vip' is not a valid id"),
    ("agent-not-uuid", one_condition("AgentId", "IsNotOneOf", values=["bob"]), "operator IsNotOneOf of field AgentId: 'bob' is not a valid id"),
    ("unknown-status", one_condition("Status", "IsOneOf", values=["Solved"]), "operator IsOneOf of field Status: 'Solved' is not one of Open, Pending, AwaitingPending, Closed"),
    ("unknown-direction", one_condition("Direction", "IsOneOf", values=["Sideways"]), "operator IsOneOf of field Direction: 'Sideways' is not one of Inbound, Outbound, Internal"),
    ("blank-channel", one_condition("Channel", "IsOneOf", values=[" "]), "operator IsOneOf of field Channel: a channel name must not be empty"),
    ("bad-conversation-id", one_condition("ConversationId", "IsOneOf", values=["abc"]), "operator IsOneOf of field ConversationId: 'abc' is not a valid conversation id"),
    ("zero-conversation-id", one_condition("ConversationId", "IsOneOf", values=[0]), "operator IsOneOf of field ConversationId: 0 is not a valid conversation id"),
    ("huge-conversation-id", one_condition("ConversationId", "IsOneOf", values=[2**63]), "operator IsOneOf of field ConversationId: 9223372036854775808 is not a valid conversation id"),
    ("number-as-attribute-value", one_condition("CustomAttribute", "IsOneOf", attributeId=A, values=[7]), "operator IsOneOf of field CustomAttribute: values must be strings or arrays of strings"),
    ("empty-attribute-path", one_condition("CustomAttribute", "IsOneOf", attributeId=A, values=[[]]), "operator IsOneOf of field CustomAttribute: a value path must not be empty"),
    ("path-on-agent", one_condition("AgentId", "IsOneOf", values=[[A]]), "operator IsOneOf of field AgentId: values must be strings"),
    ("too-many-values", one_condition("ContactId", "IsOneOf", values=[A] * 501), "operator IsOneOf of field ContactId: at most 500 values are allowed"),
    ("too-many-conditions", {"strategy": "Any", "conditions": [condition_of("TagId", "IsEmpty")] * 51}, "at most 50 filter conditions are allowed"),
]  # fmt: skip


@pytest.mark.parametrize(("filters", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_filters_are_400(filters: dict[str, Any], message: str) -> None:
    for dialect in ("sqlite", "postgresql"):
        with pytest.raises(Invalid) as err:
            compile_filters(decode_filters(filters), dialect=dialect)
        assert err.value.status_code == 400
        assert err.value.message == BODY + message


UNDECODABLE: list[tuple[str, dict[str, Any], str]] = [
    ("unknown-field", one_condition("Subject", "IsEmpty"), "Invalid enum value 'Subject' - at `$.conditions[0].field._type`"),
    ("unknown-operator", one_condition("TagId", "Equals", values=[A]), "Invalid value 'Equals' - at `$.conditions[0].field.operator._type`"),
    ("no-operator-type", {"conditions": [{"field": {"_type": "TagId", "operator": {}}}]}, "Object missing required field `_type` - at `$.conditions[0].field.operator`"),
    ("unknown-strategy", {"strategy": "Some", "conditions": []}, "Invalid enum value 'Some' - at `$.strategy`"),
    ("values-not-a-list", one_condition("TagId", "IncludesOne", values=A), "Expected `array`, got `str` - at `$.conditions[0].field.operator.values`"),
    ("float-timestamp", one_condition("CreationDate", "Since", timestamp=1.5), "Expected `int | str`, got `float` - at `$.conditions[0].field.operator.timestamp`"),
    ("string-duration", one_condition("Duration", "LongerThanOrEqualTo", duration="10"), "Expected `int`, got `str` - at `$.conditions[0].field.operator.duration`"),
    ("missing-timestamp", one_condition("CreationDate", "Since"), "Object missing required field `timestamp` - at `$.conditions[0].field.operator`"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("filters", "message"), [b[1:] for b in UNDECODABLE], ids=[b[0] for b in UNDECODABLE]
)
def test_malformed_filters_do_not_decode(filters: dict[str, Any], message: str) -> None:
    with pytest.raises(msgspec.ValidationError) as err:
        decode_filters(filters)
    assert str(err.value) == message


def test_custom_attribute_must_be_a_conversation_attribute_of_the_org(
    harness: Harness, world: World
) -> None:
    org = world.api.org.id
    check_filters(
        harness, org, one_condition("CustomAttribute", "IsEmpty", attributeId=world.a_text.upper())
    )
    for attribute in (str(uuid.uuid4()), world.a_other, world.a_contact):
        with pytest.raises(Invalid) as err:
            check_filters(
                harness, org, one_condition("CustomAttribute", "IsEmpty", attributeId=attribute)
            )
        assert err.value.message == (
            f"{BODY}attributeId {attribute} is not a conversation custom attribute "
            "of the organisation"
        )
    # The other organisation sees its own attribute, and only its own conversation.
    check_filters(
        harness,
        world.other.org.id,
        one_condition("CustomAttribute", "IsEmpty", attributeId=world.a_other),
    )
    found = matching_ids(
        harness,
        world.other.org.id,
        one_condition("CustomAttribute", "IsOneOf", attributeId=world.a_other, values=["A-1"]),
    )
    assert found == {world.other_cid}
    assert (
        matching_ids(
            harness, world.other.org.id, one_condition("TagId", "IsOneOf", values=[world.t1])
        )
        == set()
    )


def test_compiled_sql_is_parameterised(harness: Harness, world: World) -> None:
    hostile = "x') OR 1=1 --"
    filters = one_condition(
        "CustomAttribute", "IsOneOf", attributeId=world.a_text, values=[hostile]
    )
    compiled = compile_filters(decode_filters(filters), dialect=harness.db.dialect, org_param="o")
    assert hostile not in compiled.where and ":o " in compiled.where
    assert matching_names(harness, world, filters) == set()


# ---- through POST /v1/search/conversations -----------------------------------------------

NEWEST_FIRST = [
    "live_callback",
    "live_chat",
    "live_email",
    "imp_custom",
    "imp_chat",
    "imp_email",
    "imp_plain",
]


HTTP_CASES = [
    "agent-isnotoneof",
    "assigned-between",
    "channel-chat-alias",
    "closed-since",
    "contact-isoneof",
    "id-isoneof",
    "created-since-epoch-ms",
    "attr-select-includesall",
    "attr-text-isempty",
    "attr-text-paths",
    "attr-select-path",
    "direction-upper",
    "duration-between",
    "activity-until",
    "message-isempty",
    "queue-last",
    "status-pending",
    "tag-excludesone",
    "tag-includesall",
    "any-mixed",
    "all",
]


@pytest.mark.parametrize("case_id", HTTP_CASES)
def test_search_endpoint_filters(world: World, case_id: str) -> None:
    filters, expected = dict(CASES)[case_id](world)
    found = search_names(world, {"filters": filters})
    assert found == [n for n in NEWEST_FIRST if n in expected]  # newest first, no duplicates


def test_search_endpoint_without_conditions_lists_everything_newest_first(world: World) -> None:
    assert search_names(world, {"filters": {"strategy": "Any", "conditions": []}}) == NEWEST_FIRST
    assert search_names(world, {}) == NEWEST_FIRST
    assert search_names(world, {"filters": {"conditions": []}}) == NEWEST_FIRST


def test_search_endpoint_pages_through_filtered_results(world: World) -> None:
    body = {"filters": one_condition("Direction", "IsOneOf", values=["Inbound"])}
    expected = [n for n in NEWEST_FIRST if n not in ("imp_chat", "live_callback")]
    seen: list[str] = []
    query = "pageLimit=2"
    for _ in range(10):
        r = post_search(world.api, body, query)
        assert r.status_code == 200, r.text
        seen += [world.names[h["id"]] for h in r.json()["data"]]
        nxt = r.json()["meta"].get("next")
        if not nxt:
            break
        query = nxt.split("?", 1)[1]
    assert seen == expected


def test_search_endpoint_combines_text_and_filters(world: World) -> None:
    body = {
        "query": {"value": "hello"},
        "filters": one_condition("Status", "IsOneOf", values=["Closed"]),
    }
    found = search_names(world, body)
    assert sorted(found) == ["imp_custom", "imp_email", "imp_plain"]


def test_search_endpoint_isolates_organisations(world: World) -> None:
    found = post_search(world.other, {"filters": one_condition("TagId", "IsNotEmpty")})
    assert found.status_code == 200, found.text
    assert [h["id"] for h in found.json()["data"]] == [world.other_cid]
    mine = post_search(
        world.api, {"filters": one_condition("TagId", "IncludesOne", values=[world.t_other])}
    )
    assert mine.status_code == 200 and mine.json()["data"] == []


@pytest.mark.parametrize(
    "case_id",
    ["since-on-tag", "between-reversed", "no-attribute-id", "bad-month", "tag-name-not-id"],
)
def test_search_endpoint_rejects_bad_filters(world: World, case_id: str) -> None:
    filters, message = {b[0]: b[1:] for b in BAD}[case_id]
    r = post_search(world.api, {"filters": filters})
    assert r.status_code == 400, r.text
    assert r.json() == {"message": BODY + message}


def test_search_endpoint_rejects_unknown_names_and_attributes(world: World) -> None:
    for filters, fragment in [
        (one_condition("Subject", "IsEmpty"), "Subject"),
        (one_condition("TagId", "Equals", values=[A]), "Equals"),
        (one_condition("Duration", "LongerThanOrEqualTo", duration="ten"), "duration"),
        (one_condition("CreationDate", "Since", timestamp=[1]), "timestamp"),
    ]:
        r = post_search(world.api, {"filters": filters})
        assert r.status_code == 400, r.text
        message = r.json()["message"]
        assert message.startswith("Invalid value for: body") and fragment in message
    for attribute in (A, world.a_contact, world.a_other):
        r = post_search(
            world.api,
            {"filters": one_condition("CustomAttribute", "IsEmpty", attributeId=attribute)},
        )
        assert r.status_code == 400, r.text
        assert r.json() == {
            "message": f"{BODY}attributeId {attribute} is not a conversation custom "
            "attribute of the organisation"
        }


# Which operators each field takes, written out here (not read from the code) so that a
# pair dropped from or added to the server's table is noticed.
ALLOWED: dict[str, list[str]] = {
    "AgentId": EMPTY_OPS + VALUE_OPS,
    "AssignedDate": EMPTY_OPS + DATE_OPS,
    "Channel": VALUE_OPS,
    "ClosedDate": EMPTY_OPS + DATE_OPS,
    "ContactId": VALUE_OPS,
    "ConversationId": VALUE_OPS,
    "CreationDate": DATE_OPS,
    "CustomAttribute": EMPTY_OPS + VALUE_OPS + MANY_OPS,
    "Direction": VALUE_OPS,
    "Duration": ["Between", "LongerThanOrEqualTo", "ShorterThanOrEqualTo"],
    "LastActivity": DATE_OPS,
    "LastMessage": EMPTY_OPS + DATE_OPS,
    "QueueId": EMPTY_OPS + VALUE_OPS,
    "Status": VALUE_OPS,
    "TagId": EMPTY_OPS + VALUE_OPS + MANY_OPS,
}
ALL_OPERATORS = [
    *EMPTY_OPS,
    *VALUE_OPS,
    *MANY_OPS,
    *DATE_OPS,
    "LongerThanOrEqualTo",
    "ShorterThanOrEqualTo",
]


def test_every_field_takes_its_operators_and_refuses_the_others(world: World) -> None:
    assert sorted(ALLOWED) == sorted(OPERATORS)
    refused = 0
    for field_type, allowed in ALLOWED.items():
        for op in ALL_OPERATORS:
            extra = {"attributeId": world.a_text} if field_type == "CustomAttribute" else {}
            body = {
                "filters": one_condition(
                    field_type, op, **extra, **arguments_for(world, field_type, op)
                )
            }
            r = post_search(world.api, body)
            if op in allowed:
                assert r.status_code == 200, (field_type, op, r.text)
            else:
                refused += 1
                assert r.status_code == 400, (field_type, op, r.text)
                assert r.json() == {
                    "message": f"{BODY}operator {op} is not valid for field {field_type}"
                }, (field_type, op)
    assert refused == len(ALLOWED) * len(ALL_OPERATORS) - sum(map(len, ALLOWED.values()))
