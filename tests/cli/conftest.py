"""CLI tests reuse the real loopback HTTP server of the ingest tests."""

from tests.feedserver import feed_server  # noqa: F401
