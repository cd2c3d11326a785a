"""Dixa's deprecated generic anonymization routes, served by the anonymization domain."""
