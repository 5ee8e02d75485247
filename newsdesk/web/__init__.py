"""newsdesk.web stage."""
