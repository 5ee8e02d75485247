"""Fixtures for ingest tests: the real loopback HTTP server."""

from tests.feedserver import feed_server, two_host_server  # noqa: F401
