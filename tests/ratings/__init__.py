"""Tests of `parley.ratings`."""
