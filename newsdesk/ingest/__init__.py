"""newsdesk.ingest stage."""
