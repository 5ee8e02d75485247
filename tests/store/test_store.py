"""The store: migrations, idempotent article storage, UTC timestamps, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, inspect, select

from newsdesk.errors import NewsdeskError
from newsdesk.store import Article, Source, Store
from newsdesk.store.articles import collect_stats, list_articles, store_articles
from newsdesk.store.sources import add_source, backoff_delay, due_sources, find_source


def _row(source_id: int, uid: str, **extra: object) -> dict[str, object]:
    row: dict[str, object] = {
        "source_id": source_id,
        "uid": uid,
        "url": f"https://example.org/{uid}",
        "title": f"Title {uid}",
        "text": "text",
        "raw": {"id": uid},
        "published_at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    }
    row.update(extra)
    return row


def test_migration_creates_tables_and_is_idempotent(store: Store) -> None:
    store.migrate()
    store.migrate()
    tables = set(inspect(store.engine).get_table_names())
    assert {"sources", "articles", "fetches", "alembic_version"} <= tables


def test_sqlite_store_runs_in_wal_mode(tmp_path) -> None:  # noqa: ANN001
    store = Store.open(f"sqlite:///{tmp_path / 'x.db'}")
    with store.engine.connect() as connection:
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    assert mode == "wal"


def test_storing_the_same_items_twice_stores_them_once(store: Store) -> None:
    with store.session() as session:
        source, _ = add_source(session, "https://example.org/feed")
        first = store_articles(session, [_row(source.id, "a"), _row(source.id, "b")])
    with store.session() as session:
        second = store_articles(session, [_row(source.id, "b"), _row(source.id, "c")])
        total = session.scalar(select(func.count()).select_from(Article))
    assert (first, second, total) == (2, 1, 3)


def test_an_item_repeated_inside_one_feed_is_stored_once(store: Store) -> None:
    with store.session() as session:
        source, _ = add_source(session, "https://example.org/feed")
        new = store_articles(session, [_row(source.id, "a"), _row(source.id, "a")])
    assert new == 1


def test_same_uid_in_two_sources_is_two_articles(store: Store) -> None:
    with store.session() as session:
        one, _ = add_source(session, "https://one.example/feed")
        two, _ = add_source(session, "https://two.example/feed")
        assert store_articles(session, [_row(one.id, "x"), _row(two.id, "x")]) == 2


def test_timestamps_come_back_as_aware_utc(store: Store) -> None:
    beijing = timezone(timedelta(hours=8))
    with store.session() as session:
        source, _ = add_source(session, "https://example.org/feed")
        store_articles(
            session,
            [_row(source.id, "a", published_at=datetime(2020, 1, 10, 14, 33, tzinfo=beijing))],
        )
    with store.session() as session:
        article = session.scalars(select(Article)).one()
    assert article.published_at == datetime(2020, 1, 10, 6, 33, tzinfo=UTC)
    assert article.published_at.tzinfo is not None


def test_naive_timestamps_are_refused(store: Store) -> None:
    with pytest.raises(Exception, match="naive datetime"), store.session() as session:
        source, _ = add_source(session, "https://example.org/feed")
        store_articles(session, [_row(source.id, "a", published_at=datetime(2020, 1, 1))])


def test_a_failed_transaction_stores_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.session() as session:
        source, _ = add_source(session, "https://example.org/feed")
        store_articles(session, [_row(source.id, "a")])
        raise RuntimeError("crash half-way")
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Source)) == 0
        assert session.scalar(select(func.count()).select_from(Article)) == 0


def test_adding_a_source_twice_keeps_one(store: Store) -> None:
    with store.session() as session:
        first, created_first = add_source(session, "https://example.org/feed")
        again, created_again = add_source(session, "https://example.org/feed")
    assert (created_first, created_again, first.id) == (True, False, again.id)


def test_find_source_by_id_or_url_and_clear_error(store: Store) -> None:
    with store.session() as session:
        source, _ = add_source(session, "https://example.org/feed")
        assert find_source(session, str(source.id)).url == source.url
        assert find_source(session, source.url).id == source.id
        with pytest.raises(NewsdeskError, match="no source"):
            find_source(session, "https://nowhere.example/feed")


def test_due_sources_skip_paused_bulk_and_not_yet_due(store: Store) -> None:
    with store.session() as session:
        due, _ = add_source(session, "https://due.example/feed")
        later, _ = add_source(session, "https://later.example/feed")
        later.next_due_at = datetime.now(UTC) + timedelta(hours=1)
        paused, _ = add_source(session, "https://paused.example/feed")
        paused.paused = True
        add_source(session, "bulk:CNN", kind="bulk")
    now = datetime.now(UTC)
    with store.session() as session:
        assert [s.url for s in due_sources(session, now=now)] == [due.url]
        forced = [s.url for s in due_sources(session, force=True)]
    assert forced == [due.url, later.url]


def test_backoff_doubles_and_is_capped_at_a_day() -> None:
    assert backoff_delay(60, 1) == timedelta(hours=1)
    assert backoff_delay(60, 3) == timedelta(hours=4)
    assert backoff_delay(60, 20) == timedelta(hours=24)


def test_list_articles_newest_first_and_stats(store: Store) -> None:
    with store.session() as session:
        source, _ = add_source(session, "https://example.org/feed")
        store_articles(
            session,
            [
                _row(
                    source.id, "old", published_at=datetime(2020, 1, 1, tzinfo=UTC), language="en"
                ),
                _row(
                    source.id, "new", published_at=datetime(2024, 1, 1, tzinfo=UTC), language="zh"
                ),
            ],
        )
    with store.session() as session:
        titles = [a.title for a in list_articles(session, limit=5)]
        stats = collect_stats(session)
    assert titles == ["Title new", "Title old"]
    assert stats["articles"] == 2
    assert stats["articles_by_language"] == {"en": 1, "zh": 1}


def test_a_bad_database_url_is_a_clear_error() -> None:
    with pytest.raises(NewsdeskError, match="bad database URL"):
        Store.open("nosuchdb://x")
    with pytest.raises(NewsdeskError, match="cannot open the database"):
        Store.open("postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_migrations_downgrade_to_base_and_up_again(database_url: str) -> None:
    from alembic import command
    from alembic.config import Config

    from newsdesk.store.database import MIGRATIONS

    store = Store.open(database_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert "articles" not in inspect(store.engine).get_table_names()
    store.migrate()
    assert {"articles", "stories", "editions"} <= set(inspect(store.engine).get_table_names())
    store.close()
