"""Tests of `parley.agents`."""
