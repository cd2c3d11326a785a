"""The code's shape rules that no linter checks: short functions, and store differences
kept in the store adapters and the two search engines."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "parley"
MAX_FUNCTION_LINES = 60
# Where a store's dialect may decide anything: the adapters and the search engines.
DIALECT_HOMES = (
    "store/",
    "search/engine.py",
    "search/engine_sqlite.py",
    "search/engine_postgres.py",
)
DIALECT_CODE = re.compile(r"dialect\s*[!=]=|FOR UPDATE|nextval\(|json_each|::jsonb")


MODULES = sorted(SRC.rglob("*.py"))


def test_no_function_is_longer_than_60_lines() -> None:
    long = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name} ({lines})")
    assert long == []


def test_dialect_differences_live_in_the_store_and_the_search_engines() -> None:
    found = []
    for path in MODULES:
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith(DIALECT_HOMES):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if DIALECT_CODE.search(line):
                found.append(f"{rel}:{number}: {line.strip()}")
    assert found == []


def test_the_rules_see_a_breach() -> None:
    """The two checks above find what they look for (else they could never fail)."""
    assert DIALECT_CODE.search('if tx.dialect == "postgresql":')
    assert DIALECT_CODE.search('sql += " FOR UPDATE"')
    tree = ast.parse("def f():\n" + "    x = 1\n" * MAX_FUNCTION_LINES)
    fn = tree.body[0]
    assert isinstance(fn, ast.FunctionDef)
    assert (fn.end_lineno or 0) - fn.lineno + 1 > MAX_FUNCTION_LINES
