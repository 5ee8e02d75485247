"""newsdesk.scale stage."""
