"""The static site: structure, accessibility basics, escaping and safe file names."""

from __future__ import annotations

from pathlib import Path

import feedparser
import lxml.html
import pytest

from newsdesk.errors import NewsdeskError
from newsdesk.publish.site import build_site
from newsdesk.write.edition import Edition

EDITION_W11 = "editions/china-tech-2025-w11/index.html"


@pytest.fixture
def site(editions: list[Edition], tmp_path: Path) -> Path:
    """A site built from the two fixture editions."""
    out = tmp_path / "public" / "site"
    build_site(editions, out, site_title="China Tech Weekly")
    return out


def _page(site: Path, relative: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / relative).read_bytes())


def test_index_lists_editions_newest_first(site: Path) -> None:
    links = _page(site, "index.html").xpath("//main//ol[@class='edition-list']//h2/a")
    assert [a.get("href") for a in links] == [EDITION_W11,
                                               "editions/china-tech-2025-w10/index.html"]


def test_edition_page_has_title_leads_list_and_credits(site: Path, edition: Edition) -> None:
    page = _page(site, EDITION_W11)
    assert page.xpath("string(//h1)") == edition.title
    headlines = [h.text_content() for h in page.xpath("//h2[contains(@class,'story-headline')]")]
    assert headlines[0] == "DeepSeek readies R2 as Chinese AI price war deepens"
    assert headlines[2] == "<script>alert(1)</script> Alibaba's cloud unit files for listing"
    assert page.xpath("string(//section[@class='also']/h2)") == "Also worth your attention"
    credits = page.xpath("string(//section[@class='credits']/p)")
    assert all(outlet in credits for outlet in edition.credits)


def test_every_cited_sentence_links_to_an_edition_source(site: Path, edition: Edition) -> None:
    page = _page(site, EDITION_W11)
    sources = {c.url for story in edition.leads + edition.also for c in story.sources}
    cites = page.xpath("//span[@class='cite']/a/@href")
    assert len(cites) == sum(len(p) for s in edition.leads for p in s.paragraphs)
    assert set(cites) <= sources


def test_pages_are_accessible_and_script_free(site: Path) -> None:
    for path in site.rglob("*.html"):
        page = lxml.html.fromstring(path.read_bytes())
        assert page.get("lang"), path
        assert page.xpath("//meta[@name='viewport']"), path
        for landmark in ("header", "nav", "main", "footer"):
            assert page.xpath(f"//{landmark}"), (path, landmark)
        assert page.xpath("//a[@class='skip-link']/@href") == ["#main"]
        assert page.xpath("//link[@rel='alternate'][@type='application/atom+xml']"), path
        assert not page.xpath("//script | //*[@*[starts-with(name(), 'on')]]"), path
        levels = [int(h.tag[1]) for h in page.xpath("//h1|//h2|//h3|//h4")]
        assert levels[0] == 1 and levels.count(1) == 1, path
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (path, levels)


def test_hostile_text_is_escaped_everywhere(site: Path) -> None:
    for path in site.rglob("*.html"):
        raw = path.read_text(encoding="utf-8")
        assert "<script" not in raw.lower() and "<img" not in raw.lower(), path
        assert "\r" not in raw


def test_story_pages_list_all_sources_and_languages(site: Path, edition: Edition) -> None:
    xiaomi = edition.leads[1]
    page = _page(site, "editions/china-tech-2025-w11/story-xiaomi-su7.html")
    items = page.xpath("//ul[@class='sources']/li")
    assert len(items) == len(xiaomi.sources)
    for item, source in zip(items, xiaomi.sources, strict=True):
        text = item.text_content()
        assert source.outlet in text and source.language in text
        assert item.xpath("a/@href") == [source.url]
        assert item.xpath("string(.//time/@datetime)") == f"{source.published:%Y-%m-%d}"
    assert page.xpath("//ul[@class='languages']/li/span/text()") == ["en", "zh"]


def test_edition_links_reach_every_story_page(site: Path) -> None:
    page = _page(site, EDITION_W11)
    hrefs = page.xpath("//h2[contains(@class,'story-headline')]/a/@href") + \
        page.xpath("//section[@class='also']//a[@class='more']/@href")
    assert len(hrefs) == 5
    for href in hrefs:
        assert (site / "editions/china-tech-2025-w11" / href).is_file(), href


def test_hostile_story_id_stays_inside_the_site(site: Path) -> None:
    assert (site / "editions/china-tech-2025-w11/etc-passwd.html").is_file()
    resolved = site.resolve()
    assert all(p.resolve().is_relative_to(resolved) for p in site.rglob("*"))


def test_zh_story_is_tagged_and_marked_with_its_language(site: Path) -> None:
    page = _page(site, EDITION_W11)
    item = page.xpath("//section[@class='also']//li")[0]
    assert item.xpath("string(span[@class='lang-tag'])") == "[zh]"
    assert item.xpath("a/@lang") == ["zh"]


def test_site_feed_is_valid_and_linked(site: Path) -> None:
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert parsed.bozo == 0
    assert [e.link for e in parsed.entries] == [EDITION_W11,
                                                "editions/china-tech-2025-w10/index.html"]


def test_base_url_makes_canonical_and_feed_links_absolute(editions: list[Edition],
                                                          tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(editions, out, site_title="T", base_url="https://news.example/china")
    page = _page(out, EDITION_W11)
    assert page.xpath("//link[@rel='canonical']/@href") == [
        f"https://news.example/china/{EDITION_W11}"]
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert parsed.feed.links[0].href == "https://news.example/china/feed.xml"


def test_bad_base_url_is_refused(editions: list[Edition], tmp_path: Path) -> None:
    with pytest.raises(NewsdeskError, match="base URL"):
        build_site(editions, tmp_path / "site", site_title="T", base_url="javascript:alert(1)")


def test_site_without_editions_says_so(tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = build_site([], out, site_title="Empty desk")
    assert "No editions have been published yet." in (out / "index.html").read_text()
    assert report.pages == 1


def test_readers_are_told_which_story_a_model_worded(site: Path) -> None:
    page = _page(site, EDITION_W11)
    notes = page.xpath("//p[contains(@class,'wording-note')]")
    assert [n.text_content() for n in notes] == [
        "Worded by qwen2.5-7b-instruct from the sources each sentence cites."]
    story = notes[0].xpath("ancestor::article[1]//h2")[0].text_content()
    assert story == "DeepSeek readies R2 as Chinese AI price war deepens"
