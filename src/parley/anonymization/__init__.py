"""Privacy: anonymization of conversations, messages and end users, run as a durable job."""
