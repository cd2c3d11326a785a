"""Tests of `parley.tags`."""
