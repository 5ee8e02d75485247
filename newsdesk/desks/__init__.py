"""Desks: a beat configured in TOML (config.py, read strictly by table.py), with the
built-in desks that ship beside it (each a TOML file and its OPML source list)."""

__all__ = ["config"]
