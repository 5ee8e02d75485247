"""OPML import/export: lenient reading, XML safety, round trips, the real-world corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsdesk.ingest.subscriptions.opml import OpmlError, OpmlFeed, read_opml, write_opml

NESTED = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My &amp; sources</title></head>
  <body>
    <outline text="Tech">
      <outline text="China">
        <outline text="TechNode" xmlUrl="https://technode.com/feed/" htmlUrl="https://technode.com/"/>
        <outline TEXT="Pandaily" XMLURL="https://pandaily.com/feed/"/>
      </outline>
      <outline text="Verge" xmlurl="https://www.theverge.com/rss/index.xml"/>
    </outline>
    <outline text="Loose" type="rss" url="https://example.org/feed.xml"
             category="/News/World,/Other"/>
    <outline text="Duplicate" xmlUrl="https://technode.com/feed/"/>
    <outline text="A bookmark, not a feed" url="https://example.org/" type="link"/>
    <outline text="Mail" xmlUrl="mailto:someone@example.org"/>
  </body>
</opml>
"""

# Unescaped '&', HTML inside an attribute, an unescaped quote, a stray Latin-1 byte.
MALFORMED = (
    b"<?xml version='1.0' encoding='UTF-8' ?>\n<opml version=\"1.0\"><head><title>Broken"
    b" & friends</title></head><body>\n"
    b'<outline text="News">\n'
    b'<outline text="A & <b>B</b>" description="<p>Hi</p>" xmlUrl="https://a.example/rss?x=1&y=2"/>\n'
    b'<outline text="Q" description="he said "hi" there" xmlUrl="https://q.example/feed"/>\n'
    b'<outline text="L\xedngua" xmlUrl="https://l.example/feed"/>\n'
    b"</outline>\n"
    b'<outline text="NYT > Top" xmlUrl="https://nyt.example/rss.xml"/>\n'
    b"</body></opml>\n"
)

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE opml [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<opml version="2.0"><head><title>&lol4;</title></head><body/></opml>
"""

QUADRATIC_BLOWUP = (
    b'<?xml version="1.0"?>\n<!DOCTYPE opml [<!ENTITY a "'
    + b"x" * 50_000
    + b'">]>\n<opml version="2.0"><head><title>'
    + b"&a;" * 50_000
    + b"</title></head><body/></opml>"
)

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><head><title>&secret;</title></head><body/></opml>
"""


def test_nested_outlines_become_folder_paths() -> None:
    report = read_opml(NESTED)
    folders = {feed.url: feed.folder for feed in report.feeds}
    assert folders["https://technode.com/feed/"] == "Tech/China"
    assert folders["https://pandaily.com/feed/"] == "Tech/China"
    assert folders["https://www.theverge.com/rss/index.xml"] == "Tech"
    assert report.title == "My & sources"
    assert report.well_formed


def test_attribute_names_in_any_case_and_url_on_rss_outlines_are_read() -> None:
    urls = [feed.url for feed in read_opml(NESTED).feeds]
    assert "https://pandaily.com/feed/" in urls
    assert "https://www.theverge.com/rss/index.xml" in urls
    assert "https://example.org/feed.xml" in urls
    assert "https://example.org/" not in urls


def test_category_attribute_gives_the_folder_of_a_top_level_feed() -> None:
    feed = next(f for f in read_opml(NESTED).feeds if f.url == "https://example.org/feed.xml")
    assert feed.folder == "News/World"


def test_duplicates_and_non_web_urls_are_skipped_and_reported() -> None:
    report = read_opml(NESTED)
    assert [f.url for f in report.feeds].count("https://technode.com/feed/") == 1
    assert len(report.feeds) == 4
    assert report.outlines_seen == 9
    assert report.skipped == 3  # duplicate, bookmark, mailto
    assert any("duplicate" in problem for problem in report.problems)
    assert any("mailto:" in problem for problem in report.problems)


def test_site_url_and_title_are_kept() -> None:
    feed = read_opml(NESTED).feeds[0]
    assert feed == OpmlFeed(
        url="https://technode.com/feed/",
        title="TechNode",
        site_url="https://technode.com/",
        folder="Tech/China",
    )


def test_malformed_opml_is_read_leniently_and_flagged() -> None:
    report = read_opml(MALFORMED, name="broken.opml")
    assert not report.well_formed
    assert report.problems and report.problems[0].startswith("broken.opml: not well-formed")
    by_url = {feed.url: feed for feed in report.feeds}
    assert set(by_url) == {
        "https://a.example/rss?x=1&y=2",
        "https://q.example/feed",
        "https://l.example/feed",
        "https://nyt.example/rss.xml",
    }
    assert by_url["https://a.example/rss?x=1&y=2"].title == "A & B"
    assert by_url["https://a.example/rss?x=1&y=2"].folder == "News"
    assert by_url["https://q.example/feed"].title == "Q"
    assert by_url["https://nyt.example/rss.xml"].title == "NYT > Top"
    assert by_url["https://nyt.example/rss.xml"].folder is None
    assert report.title == "Broken & friends"


@pytest.mark.parametrize(
    "data", [BILLION_LAUGHS, QUADRATIC_BLOWUP, EXTERNAL_ENTITY], ids=["laughs", "blowup", "xxe"]
)
def test_entity_declarations_are_refused_as_unsafe(data: bytes) -> None:
    with pytest.raises(OpmlError, match="entities"):
        read_opml(data)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"<html><body><p>Hello</p></body></html>",
        b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
        b"<html><body><p>Unclosed & broken",
    ],
    ids=["empty", "html", "rss", "broken-html"],
)
def test_input_that_is_not_opml_raises_opml_error(data: bytes) -> None:
    with pytest.raises(OpmlError):
        read_opml(data)


def test_written_opml_reads_back_to_the_same_feeds_and_folders() -> None:
    feeds = read_opml(NESTED).feeds + [OpmlFeed(url="https://x.example/?a=1&b=<2>", title=None)]
    written = write_opml(feeds, title="Round <trip> & back")
    again = read_opml(written)
    assert again.well_formed
    assert again.feeds == feeds
    assert again.title == "Round <trip> & back"


def test_written_opml_nests_folders_and_escapes_attributes() -> None:
    feeds = [
        OpmlFeed(url="https://a.example/feed?x=1&y=2", title='"Quoted" & <Co>', folder="中文/科技"),
        OpmlFeed(url="https://b.example/feed", title="B", folder="中文"),
    ]
    written = write_opml(feeds, title="Desk")
    assert written.startswith(b"<?xml")
    assert b'version="2.0"' in written
    assert b"x=1&amp;y=2" in written
    text = written.decode("utf-8")
    assert text.index('text="中文"') < text.index('text="科技"')
    assert [f.folder for f in read_opml(written).feeds] == ["中文/科技", "中文"]


def test_every_awesome_rss_feeds_file_imports_all_its_feed_outlines(shared_data: Path) -> None:
    root = shared_data / "opml" / "awesome-rss-feeds"
    files = sorted(root.rglob("*.opml"))
    assert len(files) == 118
    total = malformed = 0
    for path in files:
        data = path.read_bytes()
        report = read_opml(data, name=path.name)
        distinct = {m.strip() for m in re.findall(rb'(?i)xmlurl\s*=\s*"([^"]*)"', data)}
        assert len(report.feeds) == len(distinct), path.name
        total += len(report.feeds)
        malformed += not report.well_formed
    assert total == 1572
    assert malformed == 80


def test_deeply_nested_well_formed_outlines_raise_opml_error() -> None:
    data = b"<opml><body>" + b'<outline text="x">' * 100 + b"</outline>" * 100 + b"</body></opml>"
    with pytest.raises(OpmlError, match="nested too deeply"):
        read_opml(data)


def test_unclosed_outlines_in_broken_files_do_not_nest_without_end() -> None:
    tags = b"".join(
        b'<outline text="f%d" xmlUrl="https://f%d.example/"> & ' % (n, n) for n in range(200)
    )
    report = read_opml(b"<opml><body>" + tags)
    assert len(report.feeds) == 200
    assert max(len((feed.folder or "").split("/")) for feed in report.feeds) <= 32
