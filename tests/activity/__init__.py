"""Tests of `parley.activity`."""
