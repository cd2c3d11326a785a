"""Dixa's Exports API (conversation and message exports) and ``parley export``."""
