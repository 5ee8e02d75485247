"""The editor's desk subscribes a desk's own sources when it makes a draft of it."""

from __future__ import annotations

from sqlalchemy import select

from newsdesk.store import Source
from tests.deskapp.conftest import TOKEN, Desk
from tests.newsroom_feeds import desk_toml


def _source_urls(desk: Desk) -> list[str]:
    with desk.store.session() as session:
        return sorted(session.scalars(select(Source.url)))


def test_making_a_draft_subscribes_the_desks_sources_once(desk: Desk) -> None:
    feeds = ["https://gamma.example/feed", "https://delta.example/feed.xml"]
    (desk.home / "desks" / "fresh.toml").write_text(
        desk_toml("fresh", feeds, "site/fresh"), encoding="utf-8")
    assert _source_urls(desk) == []
    for _ in range(2):
        made = desk.client.post("/roundup", data={"csrf": TOKEN, "desk": "fresh"},
                                follow_redirects=False)
        assert made.status_code == 303, made.text
        assert _source_urls(desk) == sorted(feeds)
