"""newsdesk.publish stage."""
