"""Desks: the default source lists (OPML) that ship with newsdesk."""
