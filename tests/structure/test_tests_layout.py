"""The tests' own shape: test data and reads live in tests/fixtures/ (one module per kind,
imported by the tests), never in a test module, and a test module takes what a conftest
offers as fixtures, never by importing it."""

from __future__ import annotations

from fixtures.structure import TESTS, checked_modules, conftest_imports, helper_functions


def test_no_test_module_defines_a_helper() -> None:
    found = []
    for path in checked_modules():
        rel = path.relative_to(TESTS).as_posix()
        found += [f"{rel}: {name}" for name in helper_functions(path.read_text())]
    assert found == []


def test_no_test_module_imports_a_conftest() -> None:
    found = []
    for path in checked_modules():
        rel = path.relative_to(TESTS).as_posix()
        found += [f"{rel}: {name}" for name in conftest_imports(path.read_text())]
    assert found == []


def test_the_rules_see_a_breach() -> None:
    """Both checks find what they look for (else they could never fail)."""
    source = (
        "from compat.conftest import Target\nimport conftest\n\n"
        "def _helper():\n    pass\n\ndef made():\n    pass\n\n"
        "@pytest.fixture\ndef world():\n    pass\n\ndef test_it():\n    pass\n"
    )
    assert helper_functions(source) == ["_helper", "made"]
    assert conftest_imports(source) == ["compat.conftest", "conftest"]
