"""Tests of `parley.attributes`."""
