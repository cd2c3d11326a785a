"""Compatibility suite package.

A package so that its conftest is imported as `compat.conftest`: a second top-level
module named `conftest` would replace tests/conftest.py in sys.modules and break the
`from conftest import ...` lines of the other test modules.
"""
