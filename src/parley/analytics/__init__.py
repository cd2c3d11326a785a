"""Analytics: Dixa's metric and record catalogues, computed from Parley's own data."""
