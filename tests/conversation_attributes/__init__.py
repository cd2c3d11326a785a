"""Tests of `parley.conversation_attributes`."""
