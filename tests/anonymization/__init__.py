"""Tests of `parley.anonymization`."""
