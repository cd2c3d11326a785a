"""The agent desk: server-rendered pages under ``/`` over the same services as ``/v1``."""
