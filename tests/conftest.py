"""Shared test fixtures: isolated data directory, ../shared test material."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.store import Store

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
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own data directory; loopback fetches are allowed."""
    home = tmp_path_factory.mktemp("newsdesk-home")
    monkeypatch.setenv("NEWSDESK_HOME", str(home))
    monkeypatch.setenv("NEWSDESK_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128")
    monkeypatch.delenv("NEWSDESK_DATABASE_URL", raising=False)
    return home


POSTGRES_ADMIN_URL = os.environ.get(
    "NEWSDESK_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def _postgres_database() -> Iterator[str]:
    """Create a throw-away PostgreSQL database; yield its URL; drop it afterwards."""
    import psycopg

    name = f"newsdesk_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(
    request: pytest.FixtureRequest, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A fresh, empty database of each backend; NEWSDESK_DATABASE_URL points at it."""
    if request.param == "sqlite":
        url = f"sqlite:///{isolated_home / 'newsdesk.db'}"
        monkeypatch.setenv("NEWSDESK_DATABASE_URL", url)
        yield url
        return
    for url in _postgres_database():
        monkeypatch.setenv("NEWSDESK_DATABASE_URL", url)
        yield url


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """An open, migrated store on each backend."""
    opened = Store.open(database_url)
    try:
        yield opened
    finally:
        opened.close()
