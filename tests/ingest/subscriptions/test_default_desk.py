"""The shipped china-tech desk source list reads cleanly."""

from __future__ import annotations

from importlib.resources import files

from newsdesk.ingest.subscriptions.opml import read_opml


def test_china_tech_desk_lists_english_and_chinese_web_feeds() -> None:
    data = files("newsdesk.desks").joinpath("china-tech.opml").read_bytes()
    report = read_opml(data, name="china-tech.opml")
    assert report.well_formed and report.problems == [] and report.skipped == 0
    assert 15 <= len(report.feeds) <= 25
    assert {feed.folder for feed in report.feeds} == {"English", "中文"}
    by_folder = {
        folder: [f for f in report.feeds if f.folder == folder] for folder in ("English", "中文")
    }
    assert min(len(feeds) for feeds in by_folder.values()) >= 8
    assert all(feed.url.startswith(("https://", "http://")) for feed in report.feeds)
    assert all(feed.title and feed.site_url for feed in report.feeds)
    titles = {feed.title for feed in report.feeds}
    assert {"TechNode", "Pandaily", "36氪", "IT之家"} <= titles
