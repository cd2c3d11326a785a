"""The organisation: Dixa's GET /v1/organization and its Parley-extension edit."""
