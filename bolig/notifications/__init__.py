"""SMS to and from clients, operators and the on-call staff: an outbox sent after commit, and replies."""
