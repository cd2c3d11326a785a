"""Tests of `parley.webhooks`."""
