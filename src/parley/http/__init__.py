"""Dixa's HTTP conventions in one place: auth, envelope, paging, time, parameters."""
