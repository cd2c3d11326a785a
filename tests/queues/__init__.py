"""Tests of `parley.queues`."""
