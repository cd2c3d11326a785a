"""The machine's ceiling: static JSON from a raw ASGI app and from Litestar, on granian."""
