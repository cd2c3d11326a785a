"""Tests of `parley.routing`."""
