"""Background work: the jobs outbox, its claim/run loop and the registry of job kinds."""
