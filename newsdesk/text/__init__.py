"""newsdesk.text stage."""
