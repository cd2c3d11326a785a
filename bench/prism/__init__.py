"""Stoplight Prism serving Parley's own OpenAPI document as a stateless mock."""
