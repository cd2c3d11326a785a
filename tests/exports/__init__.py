"""Tests of `parley.exports`."""
