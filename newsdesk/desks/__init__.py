"""Built-in desks: their source lists (OPML) and settings."""
