"""Tests of `parley.http` (the folder is not named `http`: as a top-level test package it
would shadow the standard library's `http`)."""
