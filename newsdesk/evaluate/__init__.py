"""newsdesk.evaluate stage."""
