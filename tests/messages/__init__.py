"""Tests of `parley.messages`."""
