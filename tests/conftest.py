"""Shared test fixtures: isolated data directory, ../shared test material."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path:
    """Where the third-party test material lives (../shared/data from the repo root)."""
    override = os.environ.get("NEWSDESK_SHARED_DATA")
    return Path(override) if override else REPO_ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """The ../shared/data folder; skips the test with a reason when it is absent."""
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"third-party test material not found at {path} (set NEWSDESK_SHARED_DATA)")
    return path


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data directory; loopback fetches are allowed."""
    home = tmp_path_factory.mktemp("newsdesk-home")
    monkeypatch.setenv("NEWSDESK_HOME", str(home))
    monkeypatch.setenv("NEWSDESK_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128")
    monkeypatch.delenv("NEWSDESK_DATABASE_URL", raising=False)
    return home
