"""What the email channel keeps, below the services that write messages: the mail tables
(raw inbound mail, Message-IDs, deliveries, reply-token keys), the signed reply tokens,
queueing an outgoing mail when an outbound message is written, and settling a delivery.
``parley.mail`` (the listener, parsing, threading, sending) builds on it; ``messages``
queues through it without depending on the channel."""
