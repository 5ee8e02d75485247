"""newsdesk: turn a firehose of news feeds into an editor-quality roundup."""

__version__ = "0.1.0"
