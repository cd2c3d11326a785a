"""Every test module that takes a costly shared server or browser runs in the xdist group of
``fixtures.workers.SHARED_BY_PATH``, whole on one worker; each group names modules that
exist."""

from __future__ import annotations

import ast

from fixtures.structure import TESTS
from fixtures.workers import SHARED_BY_PATH, SharedServerGroups

# the fixtures (tests/compat/conftest.py, tests/desk/conftest.py, tests/testkit/conftest.py)
# that start a server process or a browser once for many tests
SHARED_FIXTURES = {"absolute_target", "relative_target", "parley_servers", "chromium", "served"}


def test_every_module_taking_a_shared_server_is_in_a_group() -> None:
    outside = []
    for path in sorted(TESTS.rglob("test_*.py")):
        rel = "tests/" + path.relative_to(TESTS).as_posix()
        taken = {
            arg.arg
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            for arg in node.args.args
        }
        if taken & SHARED_FIXTURES and not rel.startswith(tuple(SHARED_BY_PATH)):
            outside.append(rel)
    assert outside == []


def test_each_group_names_tests_and_splits_by_it() -> None:
    for path in SHARED_BY_PATH:
        assert (TESTS.parent / path).exists(), path
    split = SharedServerGroups._split_scope
    assert split(None, "tests/compat/test_tap_dixa.py::test_discovery[sqlite]") == "compat"  # type: ignore[arg-type]
    alone = "tests/notes/test_notes.py::test_note_errors[sqlite]"
    assert split(None, alone) == alone  # type: ignore[arg-type]
