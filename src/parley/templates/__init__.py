"""Templates: canned replies and auto-replies with placeholders (Dixa: Templates)."""
