"""Tests of `parley.flows`."""
