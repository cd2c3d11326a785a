"""The kernel: ids, the clock and time formats, API tokens.

Every layer may import it; it imports nothing of Parley but ``parley.errors``.
"""
