"""Shared test fixtures: isolated data directory, ../shared test material."""

from __future__ import annotations

import os
import shutil
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


def _postgres_database(template: str | None = None) -> Iterator[str]:
    """Create a throw-away PostgreSQL database (empty, or a copy of `template`); yield its
    URL; drop it afterwards."""
    import psycopg

    name = f"newsdesk_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_URL}: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def migrated_postgres() -> Iterator[str]:
    """The name of a PostgreSQL database at the schema's head, which the database of a test
    that uses `store` is copied from (a copy is cheaper than running the migrations)."""
    for url in _postgres_database():
        Store.open(url).close()
        yield url.rsplit("/", 1)[1]


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database file at the schema's head, copied for each test that uses `store`."""
    path = tmp_path_factory.mktemp("migrated") / "newsdesk.db"
    Store.open(f"sqlite:///{path}").close()
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(
    request: pytest.FixtureRequest, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """A fresh database of each backend; NEWSDESK_DATABASE_URL points at it. Empty, unless
    the test uses `store`: then it starts as a copy of one migrated to the schema's head."""
    migrated = "store" in request.fixturenames
    if request.param == "sqlite":
        path = isolated_home / "newsdesk.db"
        if migrated:
            shutil.copyfile(request.getfixturevalue("migrated_sqlite"), path)
        url = f"sqlite:///{path}"
        monkeypatch.setenv("NEWSDESK_DATABASE_URL", url)
        yield url
        return
    template = request.getfixturevalue("migrated_postgres") if migrated else None
    for url in _postgres_database(template):
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
