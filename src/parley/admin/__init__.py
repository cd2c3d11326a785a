"""Parley in a test suite: throwaway stores and the admin API (``/_parley/``)."""
