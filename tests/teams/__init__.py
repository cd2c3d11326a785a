"""Tests of `parley.teams`."""
