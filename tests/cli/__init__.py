"""Tests of `parley.cli`: the commands, run as a user runs them."""
