"""Tests of `parley.conversation_tags`."""
