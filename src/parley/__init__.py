"""Parley: a self-hostable conversation engine with a Dixa-compatible REST API."""

__version__ = "0.1.0"
