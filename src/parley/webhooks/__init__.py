"""Webhooks: Dixa's subscription API, and delivery of events through the outbox."""
