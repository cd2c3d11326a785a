"""A queue seen from outside: whether its agents can take more work, and where a waiting
conversation stands in it."""
