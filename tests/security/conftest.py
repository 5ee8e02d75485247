"""Fixtures for the security tests: the loopback HTTP server (real traffic, loopback only)."""

from __future__ import annotations

from tests.feedserver import feed_server, two_host_server  # noqa: F401
