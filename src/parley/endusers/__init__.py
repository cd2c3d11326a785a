"""End users (Dixa: End Users): contacts who write to the organisation."""
