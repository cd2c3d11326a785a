"""Tests of `parley.worker`."""
