"""Tests of `parley.notes`."""
