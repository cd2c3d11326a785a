"""What an operator watches: logs (``ops.logs``), the request log and ``X-Request-Id``
(``ops.requests``), Prometheus metrics (``ops.metrics``) and readiness (``ops.ready``)."""
