"""Filter compilation (``search/filters.compile_filters``), directly: what SQL and which
parameters a condition becomes. Which conversations each filter finds, on both stores, is
``tests/search/test_search_filters.py``; this file shows the shape a reader can check by eye."""

from __future__ import annotations

import pytest

from fixtures.search import filters_of
from parley.errors import Invalid
from parley.search.filters import compile_filters

DIALECTS = ("sqlite", "postgresql")
A = "0c4b2c4e-0000-4000-8000-000000000001"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_no_condition_matches_everything(dialect: str) -> None:
    assert compile_filters(filters_of("All"), dialect=dialect) == ("1 = 1", {})


@pytest.mark.parametrize("dialect", DIALECTS)
def test_all_joins_with_and_and_values_are_normalised_parameters(dialect: str) -> None:
    compiled = compile_filters(
        filters_of(
            "All",
            ("Status", "IsOneOf", {"values": ["open", "CLOSED"]}),
            ("AgentId", "IsNotOneOf", {"values": [A.upper()]}),
        ),
        dialect=dialect,
    )
    assert compiled.where == (
        "((c.state IN :f_0) AND "
        "((c.assigned_agent_id IS NULL OR NOT (c.assigned_agent_id IN :f_1))))"
    )
    assert compiled.params == {"f_0": ["Open", "Closed"], "f_1": [A]}


@pytest.mark.parametrize("dialect", DIALECTS)
def test_any_joins_with_or_and_a_required_column_needs_no_null_case(dialect: str) -> None:
    compiled = compile_filters(
        filters_of(
            "Any",
            ("ContactId", "IsNotOneOf", {"values": [A]}),
            ("CreationDate", "Between", {"timestampFrom": 1, "timestampTo": 5}),
        ),
        dialect=dialect,
    )
    assert compiled.where == (
        "((NOT (c.requester_id IN :f_0)) OR (c.created_at BETWEEN :f_1_from AND :f_1_to))"
    )
    assert compiled.params == {"f_0": [A], "f_1_from": 1, "f_1_to": 5}


@pytest.mark.parametrize("dialect", DIALECTS)
def test_includes_all_counts_the_distinct_tags_found(dialect: str) -> None:
    compiled = compile_filters(
        filters_of("All", ("TagId", "IncludesAll", {"values": [A, A.upper()]})), dialect=dialect
    )
    assert compiled.where == (
        "(((SELECT COUNT(*) FROM conversation_tags t WHERE t.org_id = :org_id "
        "AND t.conversation_id = c.id AND t.tag_id IN :f_0) = :f_0_n))"
    )
    assert compiled.params == {"f_0": [A], "f_0_n": 1}  # one tag, written twice


def test_duration_is_measured_to_now_for_open_conversations_in_milliseconds() -> None:
    compiled = compile_filters(
        filters_of("All", ("Duration", "LongerThanOrEqualTo", {"duration": 60})), dialect="sqlite"
    )
    assert compiled.where == "(((COALESCE(c.closed_at, :f_now) - c.created_at) >= :f_0))"
    assert compiled.params["f_0"] == 60_000 and compiled.params["f_now"] > 0


def test_the_organisation_parameter_is_named_by_the_caller() -> None:
    compiled = compile_filters(
        filters_of("All", ("TagId", "IsEmpty", {})), dialect="postgresql", org_param="o"
    )
    assert compiled.where == (
        "((NOT EXISTS (SELECT 1 FROM conversation_tags t WHERE t.org_id = :o "
        "AND t.conversation_id = c.id)))"
    )
    assert compiled.params == {}


def test_an_unknown_dialect_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported dialect: mysql"):
        compile_filters(filters_of("All"), dialect="mysql")


def test_a_backwards_range_is_400() -> None:
    with pytest.raises(Invalid) as err:
        compile_filters(
            filters_of("All", ("ClosedDate", "Between", {"timestampFrom": 9, "timestampTo": 1})),
            dialect="sqlite",
        )
    assert err.value.message.endswith("timestampFrom is after timestampTo")
