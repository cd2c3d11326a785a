"""What stands between the network and the handlers: input limits that hold on both
stores (``guard.inputs``) and the per-token rate limit (``guard.ratelimit``)."""
