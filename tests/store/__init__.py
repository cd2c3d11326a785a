"""Tests of `parley.store`: the migrations, the schema and the unique-index races."""
