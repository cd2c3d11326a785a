"""Tests of `parley.search`."""
