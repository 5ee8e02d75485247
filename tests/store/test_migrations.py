"""The Alembic migrations build exactly the schema the models describe, on both backends,
and an older database is upgraded with its editions' history kept."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from newsdesk.store import Store
from newsdesk.store.database import HEAD_REVISION, MIGRATIONS
from newsdesk.store.models import Base


def test_migrations_match_the_models(database_url: str) -> None:
    store = Store.open(database_url)
    try:
        with store.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    finally:
        store.close()
    assert differences == []


def _upgrade(url: str, revision: str) -> None:
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_an_edition_stored_before_versions_existed_keeps_its_latest_version(
    database_url: str,
) -> None:
    _upgrade(database_url, "0003")
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO editions (id, desk, title, status, version, created_at, updated_at, "
            "window_start, window_end, content) VALUES ('d-2026-01-01', 'd', 'T', 'draft', 3, "
            ":t, :t, :t, :t, :content)"
        ), {"t": "2026-01-01 00:00:00+00:00", "content": '{"title": "T"}'})
    engine.dispose()
    store = Store.open(database_url)
    try:
        with store.engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT edition_id, version, origin FROM edition_versions")).all()
    finally:
        store.close()
    assert [tuple(row) for row in rows] == [("d-2026-01-01", 3, "roundup")]


def test_the_store_knows_the_newest_migration(database_url: str) -> None:
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION
    store = Store.open(database_url)
    try:
        assert store.revision() == HEAD_REVISION
    finally:
        store.close()
