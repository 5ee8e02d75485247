"""newsdesk.write stage."""
