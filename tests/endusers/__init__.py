"""Tests of `parley.endusers`."""
