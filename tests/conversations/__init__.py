"""Tests of `parley.conversations`."""
