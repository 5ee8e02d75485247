"""The store: one SQLAlchemy engine, migrated on open, SQLite (WAL) or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from newsdesk.errors import NewsdeskError

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration's revision. A database already there is opened without loading
# Alembic at all (a test checks this matches the migration scripts' head).
HEAD_REVISION = "0007"
# The PostgreSQL advisory lock that lets one process at a time migrate.
MIGRATION_LOCK = 0x6E657773


def _enable_sqlite_wal(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_store_engine(url: str) -> Engine:
    """Create the engine for a database URL; SQLite gets WAL, foreign keys and a busy timeout."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    try:
        if url.startswith("sqlite"):
            path = url.split("///", 1)[-1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _enable_sqlite_wal)
            return engine
        # Each commit holds a source's articles together with its conditional-GET
        # validators, so losing the last commits in a server crash loses them together and
        # the next run fetches them again: waiting for the WAL flush buys nothing here.
        return create_engine(
            url, pool_pre_ping=True, connect_args={"options": "-c synchronous_commit=off"}
        )
    except (ArgumentError, ImportError, ValueError) as exc:
        raise NewsdeskError(f"bad database URL {url!r}: {exc}") from None


class Store:
    """A migrated database with a session factory. Open it with `Store.open(url)`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Store:
        """Connect to the database at `url` and bring its schema up to date."""
        store = cls(create_store_engine(url))
        if migrate:
            store.migrate()
        return store

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def revision(self) -> str | None:
        """The schema revision the database is at (None for a new, empty database)."""
        try:
            with self.engine.connect() as connection:
                return connection.execute(
                    text("SELECT version_num FROM alembic_version")).scalar_one_or_none()
        except DBAPIError:  # no alembic_version table yet
            return None

    def migrate(self) -> None:
        """Apply every pending migration (idempotent; free when the schema is current)."""
        if self.revision() == HEAD_REVISION:
            return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        try:
            with self.engine.begin() as connection:
                if self.dialect == "postgresql":  # several workers may start at once
                    connection.execute(text("SELECT pg_advisory_xact_lock(:k)"),
                                       {"k": MIGRATION_LOCK})
                config.attributes["connection"] = connection
                command.upgrade(config, "head")  # a no-op if another process just did it
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise NewsdeskError(f"cannot open the database: {reason}") from None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
