"""Who handles a conversation and in which state: claim, close, reopen, transfer, follow-up."""
