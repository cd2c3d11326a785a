"""Email: the SMTP listener, MIME parsing, threading, and outgoing mail through a relay."""
