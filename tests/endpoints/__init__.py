"""Tests of `parley.endpoints`."""
