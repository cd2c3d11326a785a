"""Compiling search filters into SQL (POST /v1/search/conversations ``filters``).

The rules (fields, the operators each takes, what they test, the 400s) are documented in
``parley.search.filter_schemas`` (``FILTERS_DOC``, shown in the OpenAPI description of
``filters.conditions``); ``OPERATORS`` below is the same field-operator table as data.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, NamedTuple

from parley.attributes.service import get_definitions
from parley.errors import invalid_body
from parley.kit.clock import now_ms
from parley.kit.ids import is_uuid
from parley.search import filter_schemas as fs
from parley.search import filter_values as fv
from parley.search.engine import engine
from parley.store import Tx

FILTERS_DOC = fs.FILTERS_DOC
MAX_CONDITIONS = 50

_VALUES = ("IsOneOf", "IsNotOneOf")
_MULTI = ("IncludesOne", "IncludesAll", "ExcludesOne", "ExcludesAll")
_DATES = ("Since", "Until", "Between")
_EMPTY = ("IsEmpty", "IsNotEmpty")

OPERATORS: dict[str, tuple[str, ...]] = {
    "AgentId": _EMPTY + _VALUES,
    "AssignedDate": _EMPTY + _DATES,
    "Channel": _VALUES,
    "ClosedDate": _EMPTY + _DATES,
    "ContactId": _VALUES,
    "ConversationId": _VALUES,
    "CreationDate": _DATES,
    "CustomAttribute": _EMPTY + _VALUES + _MULTI,
    "Direction": _VALUES,
    "Duration": ("Between", "LongerThanOrEqualTo", "ShorterThanOrEqualTo"),
    "LastActivity": _DATES,
    "LastMessage": _EMPTY + _DATES,
    "QueueId": _EMPTY + _VALUES,
    "Status": _VALUES,
    "TagId": _EMPTY + _VALUES + _MULTI,
}

_DATE_COLUMNS = {
    "AssignedDate": "c.assigned_at",
    "ClosedDate": "c.closed_at",
    "CreationDate": "c.created_at",
    "LastActivity": "c.last_activity_at",
    "LastMessage": "c.last_message_at",
}

# field -> (column expression, may it be NULL, value normaliser)
_Normalise = Callable[[str, str, list[fs.Value]], list[Any]]
_SCALARS: dict[str, tuple[str, bool, _Normalise]] = {
    "AgentId": ("c.assigned_agent_id", True, fv.uuids),
    "QueueId": ("COALESCE(c.queue_id, c.last_queue_id)", True, fv.uuids),
    "ContactId": ("c.requester_id", False, fv.uuids),
    "ConversationId": ("c.id", False, fv.conversation_ids),
    "Direction": ("c.direction", False, lambda f, o, v: fv.enum(f, o, v, fv.DIRECTIONS)),
    "Status": ("c.state", False, lambda f, o, v: fv.enum(f, o, v, fv.STATUSES)),
}


class _Scale(NamedTuple):
    """What a date or a duration is compared with: the value of its one-value operators
    (``point``: at least, at most) or Between's ``low`` and ``high`` (Between's other
    fields are the other scale's), each read by ``read``; ``takes`` and ``backwards``
    say the 400s of a Between with the other scale's fields or low after high."""

    at_least: type[fs.Operator]
    at_most: type[fs.Operator]
    point: str
    low: str
    high: str
    read: Callable[[str, str, str, Any], int]
    takes: str
    backwards: str


_DATE = _Scale(
    fs.Since,
    fs.Until,
    "timestamp",
    "timestampFrom",
    "timestampTo",
    fv.timestamp,
    "timestampFrom and timestampTo, not min and max",
    "timestampFrom is after timestampTo",
)
_LENGTH = _Scale(
    fs.LongerThanOrEqualTo,
    fs.ShorterThanOrEqualTo,
    "duration",
    "min",
    "max",
    fv.duration_ms,
    "min and max (seconds), not timestamps",
    "min is greater than max",
)

# Stored custom attribute values that count as empty (JSON text).
_BLANK = "a.value <> '\"\"' AND a.value <> '[]'"


class Compiled(NamedTuple):
    """A boolean SQL expression over ``conversations c`` and its ``f_``-prefixed params."""

    where: str
    params: dict[str, Any]


def _name(op: fs.Operator) -> str:
    return type(op).__name__


class _Compiler:
    def __init__(self, dialect: str, org_param: str, now: int | None = None) -> None:
        if dialect not in ("sqlite", "postgresql"):
            raise ValueError(f"unsupported dialect: {dialect}")
        self.engine = engine(dialect)
        self.org = f":{org_param}"
        self.now = now
        self.params: dict[str, Any] = {}

    def condition(self, i: int, field: fs.Field) -> str:
        name, op = field.type_, field.operator
        opname = _name(op)
        if opname not in OPERATORS[name]:
            raise invalid_body(f"operator {opname} is not valid for field {name}")
        if field.attributeId is not None and name != "CustomAttribute":
            raise invalid_body(f"attributeId is only valid for field CustomAttribute, not {name}")
        p = f"f_{i}"
        if name in _DATE_COLUMNS:
            return self.date(p, name, _DATE_COLUMNS[name], op)
        if name == "Duration":
            return self.duration(p, name, op)
        if name == "TagId":
            return self.tags(p, name, op)
        if name == "CustomAttribute":
            return self.attribute(p, name, field.attributeId, op)
        if name == "Channel":
            return self.channel(p, name, op)
        column, nullable, normalise = _SCALARS[name]
        return self.scalar(p, name, column, nullable, normalise, op)

    # ---- single-valued columns ------------------------------------------------------

    def scalar(
        self,
        p: str,
        name: str,
        column: str,
        nullable: bool,
        normalise: _Normalise,
        op: fs.Operator,
    ) -> str:
        if isinstance(op, fs.IsEmpty):
            return f"{column} IS NULL"
        if isinstance(op, fs.IsNotEmpty):
            return f"{column} IS NOT NULL"
        assert isinstance(op, fs.IsOneOf | fs.IsNotOneOf)
        self.params[p] = normalise(name, _name(op), op.values)
        if isinstance(op, fs.IsOneOf):
            return f"{column} IN :{p}"
        if nullable:
            return f"({column} IS NULL OR NOT ({column} IN :{p}))"
        return f"NOT ({column} IN :{p})"

    def channel(self, p: str, name: str, op: fs.Operator) -> str:
        """Dixa's channel, or the ``genericChannelName`` an imported conversation was
        given (its ``channel`` is then one of Dixa's: ``MyCustomChat`` is WidgetChat)."""
        assert isinstance(op, fs.IsOneOf | fs.IsNotOneOf)
        self.params[p] = fv.channels(name, _name(op), op.values)
        either = f"(c.channel IN :{p} OR COALESCE(c.generic_channel_name, '') IN :{p})"
        return either if isinstance(op, fs.IsOneOf) else f"NOT {either}"

    # ---- dates and durations --------------------------------------------------------

    def date(self, p: str, name: str, column: str, op: fs.Operator) -> str:
        if isinstance(op, fs.IsEmpty):
            return f"{column} IS NULL"
        if isinstance(op, fs.IsNotEmpty):
            return f"{column} IS NOT NULL"
        return self.measured(p, name, column, op, _DATE)

    def duration(self, p: str, name: str, op: fs.Operator) -> str:
        self.params["f_now"] = self.now if self.now is not None else now_ms()
        return self.measured(p, name, "(COALESCE(c.closed_at, :f_now) - c.created_at)", op, _LENGTH)

    def measured(self, p: str, name: str, expr: str, op: fs.Operator, scale: _Scale) -> str:
        """``expr`` at least, at most or between the values ``op`` gives on ``scale``."""
        opname = _name(op)
        if isinstance(op, scale.at_least | scale.at_most):
            sign = ">=" if isinstance(op, scale.at_least) else "<="
            value = scale.read(name, opname, scale.point, getattr(op, scale.point))
            return self.compare(p, expr, sign, value)
        assert isinstance(op, fs.Between)
        other = set(fs.Between.__struct_fields__) - {scale.low, scale.high}
        if any(getattr(op, key) is not None for key in other):
            raise invalid_body(f"{fv.where(name, opname)} takes {scale.takes}")
        low = scale.read(name, opname, scale.low, getattr(op, scale.low))
        high = scale.read(name, opname, scale.high, getattr(op, scale.high))
        return self.between(p, name, expr, low, high, scale.backwards)

    def compare(self, p: str, expr: str, sign: str, value: int) -> str:
        self.params[p] = value
        return f"{expr} {sign} :{p}"

    def between(self, p: str, name: str, expr: str, low: int, high: int, backwards: str) -> str:
        """``expr`` from ``low`` to ``high``; 400 saying ``backwards`` when low > high."""
        if low > high:
            raise invalid_body(f"{fv.where(name, 'Between')}: {backwards}")
        self.params[f"{p}_from"], self.params[f"{p}_to"] = low, high
        return f"{expr} BETWEEN :{p}_from AND :{p}_to"

    # ---- multi-valued: tags and custom attributes -----------------------------------

    def tags(self, p: str, name: str, op: fs.Operator) -> str:
        rows = f"FROM conversation_tags t WHERE t.org_id = {self.org} AND t.conversation_id = c.id"
        if isinstance(op, fs.IsEmpty):
            return f"NOT EXISTS (SELECT 1 {rows})"
        if isinstance(op, fs.IsNotEmpty):
            return f"EXISTS (SELECT 1 {rows})"
        assert isinstance(op, fs.ValuesOperator)
        self.params[p] = fv.uuids(name, _name(op), op.values)
        some = f"EXISTS (SELECT 1 {rows} AND t.tag_id IN :{p})"
        if isinstance(op, fs.IsOneOf | fs.IncludesOne):
            return some
        if isinstance(op, fs.IsNotOneOf | fs.ExcludesAll):
            return f"NOT {some}"
        self.params[f"{p}_n"] = len(self.params[p])
        count = f"(SELECT COUNT(*) {rows} AND t.tag_id IN :{p})"
        return f"{count} = :{p}_n" if isinstance(op, fs.IncludesAll) else f"{count} < :{p}_n"

    def attribute(self, p: str, name: str, attribute_id: str | None, op: fs.Operator) -> str:
        opname = _name(op)
        if attribute_id is None:
            raise invalid_body(f"field {name} needs an attributeId")
        if not is_uuid(attribute_id):
            raise invalid_body(f"attributeId {attribute_id!r} of field {name} is not a valid id")
        self.params[f"{p}_attr"] = str(uuid.UUID(attribute_id))
        rows = (
            f"FROM conversation_attributes a WHERE a.org_id = {self.org} "
            f"AND a.conversation_id = c.id AND a.attribute_id = :{p}_attr"
        )
        if isinstance(op, fs.IsEmpty | fs.IsNotEmpty):
            present = f"EXISTS (SELECT 1 {rows} AND {_BLANK})"
            return f"NOT {present}" if isinstance(op, fs.IsEmpty) else present
        assert isinstance(op, fs.ValuesOperator)
        values = fv.attribute_values(name, opname, op.values)
        self.params[p] = values
        everyone = isinstance(op, fs.IncludesAll | fs.ExcludesOne)
        found, extra = self.engine.attribute_match(self.org, p, len(values), everyone=everyone)
        self.params.update(extra)
        if isinstance(op, fs.IsOneOf | fs.IncludesOne | fs.IncludesAll):
            return found
        return f"NOT {found}"


def compile_filters(
    filters: fs.Filters, *, dialect: str, org_param: str = "org_id", now: int | None = None
) -> Compiled:
    """Compile ``filters`` into a WHERE expression over ``conversations c`` for ``dialect``
    ("sqlite" or "postgresql"). Subqueries use ``:<org_param>`` for the organisation;
    every other parameter starts with ``f_``. Raises ``Invalid`` (400) on bad filters.

    Unknown custom attribute ids are not detected here (no store access): call
    ``check_references`` too, or use ``prepare``. ``now`` (the unit of work's, default
    real time) ends the Duration of conversations not closed.
    """
    compiler = _Compiler(dialect, org_param, now)
    if len(filters.conditions) > MAX_CONDITIONS:
        raise invalid_body(f"at most {MAX_CONDITIONS} filter conditions are allowed")
    clauses = [compiler.condition(i, c.field) for i, c in enumerate(filters.conditions)]
    if not clauses:
        return Compiled("1 = 1", {})
    joiner = " AND " if filters.strategy == "All" else " OR "
    return Compiled("(" + joiner.join(f"({c})" for c in clauses) + ")", compiler.params)


async def check_references(tx: Tx, org_id: str, filters: fs.Filters) -> None:
    """400 when a CustomAttribute condition names an attribute that is not a conversation
    custom attribute of the organisation."""
    wanted = [
        str(uuid.UUID(c.field.attributeId))
        for c in filters.conditions
        if c.field.type_ == "CustomAttribute"
        and c.field.attributeId is not None
        and is_uuid(c.field.attributeId)
    ]
    if not wanted:
        return
    known = await get_definitions(tx, org_id, list(dict.fromkeys(wanted)), "Conversation")
    for attribute_id in wanted:
        if attribute_id not in known:
            raise invalid_body(
                f"attributeId {attribute_id} is not a conversation custom attribute "
                "of the organisation"
            )


async def prepare(
    tx: Tx, org_id: str, filters: fs.Filters, *, org_param: str = "org_id", now: int | None = None
) -> Compiled:
    """``compile_filters`` for the transaction's store, then ``check_references``."""
    compiled = compile_filters(filters, dialect=tx.dialect, org_param=org_param, now=now)
    await check_references(tx, org_id, filters)
    return compiled
