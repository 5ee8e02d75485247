"""Limits the store and the command line share, importable without the database layer."""

MAX_INTEGER = 2**31 - 1
"""The largest id, version or count an integer column holds on every backend (PostgreSQL's
`integer`); a larger number names no row, and asking for one must not overflow."""
