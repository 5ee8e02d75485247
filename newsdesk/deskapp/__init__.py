"""The editor's desk web app (`newsdesk serve`): review, edit, approve and publish editions."""
