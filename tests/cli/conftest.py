"""CLI tests reuse the real loopback HTTP server of the ingest tests."""

from tests.ingest.conftest import feed_server  # noqa: F401
