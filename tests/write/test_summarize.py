"""The extractive writer: faithful, attributed, non-redundant, in the desk's language."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.desks.config import load_desk
from newsdesk.evaluate.rouge import is_faithful
from newsdesk.write.edition import StoryWriteUp
from newsdesk.write.generative import writer_for
from newsdesk.write.sources import SourceArticle
from newsdesk.write.summarize import ExtractiveWriter, WriteError, Writer, cited_urls


def _sentences(write_up: StoryWriteUp) -> list:
    return [sentence for paragraph in write_up.paragraphs for sentence in paragraph]


def test_extractive_writer_keeps_the_writer_contract() -> None:
    writer: Writer = ExtractiveWriter()
    assert writer.name == "extractive"


def test_every_sentence_is_verbatim_in_the_article_it_cites(
    climate_story: list[SourceArticle],
) -> None:
    write_up = ExtractiveWriter().write("s1", climate_story)
    by_url = {article.url: article for article in climate_story}
    sentences = _sentences(write_up)
    assert len(sentences) >= 2
    for sentence in sentences:
        article = by_url[sentence.citation.url]
        assert sentence.citation.outlet == article.outlet
        assert sentence.text in article.text


def test_write_up_draws_on_several_sources_and_lists_them_all(
    climate_story: list[SourceArticle],
) -> None:
    write_up = ExtractiveWriter().write("s1", climate_story)
    assert len({s.citation.outlet for s in _sentences(write_up)}) >= 2
    assert [c.url for c in write_up.sources] == [a.url for a in climate_story]
    assert write_up.outlets == ["Reuters", "Associated Press", "Washington Times"]
    assert write_up.languages == ["en"]


def test_the_same_sentence_in_two_sources_appears_once(
    climate_story: list[SourceArticle],
) -> None:
    write_up = ExtractiveWriter().write("s1", climate_story, paragraphs=4)
    texts = [s.text for s in _sentences(write_up)]
    pledges = [t for t in texts if t.startswith("President Joe Biden pledged on Thursday")]
    assert len(pledges) == 1


def test_boilerplate_truncated_and_dateline_text_never_reaches_the_write_up(
    climate_story: list[SourceArticle],
) -> None:
    write_up = ExtractiveWriter().write("s1", climate_story, paragraphs=4)
    texts = [s.text for s in _sentences(write_up)]
    assert not any("subscribe" in t or t.startswith("By ") or t.endswith("...") for t in texts)
    assert not any(t.startswith("WASHINGTON") for t in texts)


def test_headline_is_a_cleaned_source_title_with_its_link(
    climate_story: list[SourceArticle],
) -> None:
    write_up = ExtractiveWriter().write("s1", climate_story)
    assert write_up.headline in {"Biden pledges to halve U.S. emissions by 2030",
                                 "Biden opens climate summit with pledge",
                                 "Biden sets emissions target at summit"}
    assert write_up.headline_url in {a.url for a in climate_story}
    assert write_up.headline_language is None
    assert write_up.headline_url in cited_urls(write_up)


def test_paragraph_count_respects_the_request(climate_story: list[SourceArticle]) -> None:
    writer = ExtractiveWriter()
    assert len(writer.write("s1", climate_story, paragraphs=1).paragraphs) == 1
    assert 1 <= len(writer.write("s1", climate_story, paragraphs=3).paragraphs) <= 3


def test_english_desk_writes_an_english_and_chinese_story_from_english_sources(
    climate_story: list[SourceArticle], chinese_article: SourceArticle,
) -> None:
    write_up = ExtractiveWriter().write("s1", [chinese_article, *climate_story], language="en")
    assert all(s.citation.language == "en" for s in _sentences(write_up))
    assert write_up.headline_language is None
    assert write_up.languages == ["en", "zh"]
    assert write_up.sources[0].url == chinese_article.url


def test_chinese_only_story_keeps_its_chinese_title_with_a_language_tag(
    chinese_article: SourceArticle,
) -> None:
    write_up = ExtractiveWriter().write("s2", [chinese_article], language="en")
    assert write_up.headline == "拜登在气候峰会上承诺减排"
    assert write_up.headline_language == "zh"
    texts = [s.text for s in _sentences(write_up)]
    assert texts and all(t in chinese_article.text for t in texts)


def test_language_is_detected_when_the_source_does_not_say(
    chinese_article: SourceArticle,
) -> None:
    undeclared = SourceArticle(id="z2", outlet=chinese_article.outlet, title=chinese_article.title,
                               url=chinese_article.url, text=chinese_article.text)
    write_up = ExtractiveWriter().write("s2", [undeclared], language="en")
    assert write_up.headline_language == "zh"


def test_one_liner_is_a_headline_and_one_attributed_sentence(
    climate_story: list[SourceArticle],
) -> None:
    write_up = ExtractiveWriter().one_liner("s1", climate_story)
    assert write_up.paragraphs == []
    assert write_up.one_liner is not None
    article = next(a for a in climate_story if a.url == write_up.one_liner.citation.url)
    assert write_up.one_liner.text in article.text
    assert write_up.headline


def test_story_without_articles_is_a_write_error() -> None:
    with pytest.raises(WriteError, match="no articles"):
        ExtractiveWriter().write("empty", [])


def test_article_without_title_or_text_still_gets_a_headline() -> None:
    bare = SourceArticle(id="b", outlet="Blog", title=None, url="https://example.com/b",
                         text="The council approved the new budget on Tuesday evening.")
    write_up = ExtractiveWriter().write("s3", [bare])
    assert write_up.headline == "The council approved the new budget on Tuesday evening"
    empty = SourceArticle(id="e", outlet="Blog", title=None, url="https://example.com/e", text="")
    assert ExtractiveWriter().write("s4", [empty]).paragraphs == []


def test_the_news_leads_even_when_a_reaction_was_published_first(
        climate_story: list[SourceArticle]) -> None:
    # The Washington Times' reaction piece is the earliest; the pledge still opens.
    dated = [replace(article, published=datetime(2021, 4, 22, hour, tzinfo=UTC))
             for article, hour in zip(climate_story, (12, 11, 10), strict=True)]
    write_up = ExtractiveWriter().write("s1", dated, paragraphs=1)
    texts = [s.text for s in write_up.paragraphs[0]]
    assert texts[0].startswith("President Joe Biden pledged")
    assert any(text.startswith("Republicans said") for text in texts[1:])


def test_after_the_news_leads_follow_in_publication_order() -> None:
    def article(key: str, title: str, text: str, hour: int) -> SourceArticle:
        return SourceArticle(id=key, outlet=key, title=title, url=f"https://example.com/{key}",
                             text=text, published=datetime(2021, 4, 22, hour, tzinfo=UTC))

    def write(hours: tuple[int, int]) -> list[str]:
        articles = [
            article("Wire", "Council approves city budget for next year",
                    "The city council approved the budget for next year on Tuesday night.", 9),
            article("Gazette", "Budget approved by council",
                    "Shopkeepers on the high street welcomed lower parking charges in the plan.",
                    hours[0]),
            article("Herald", "City budget passes",
                    "Teachers unions warned that school repairs would wait another winter.",
                    hours[1]),
        ]
        up = ExtractiveWriter().write("s6", articles, paragraphs=1)
        return [s.citation.outlet for s in up.paragraphs[0]]

    assert write((10, 11)) == ["Wire", "Gazette", "Herald"]
    assert write((11, 10)) == ["Wire", "Herald", "Gazette"]


def test_the_news_lead_is_the_sentence_the_titles_agree_with() -> None:
    articles = [
        SourceArticle(id="r", outlet="Wire", title="Storm closes Dover port for two days",
                      url="https://example.com/wire/storm",
                      text=("Officials praised the emergency crews for their quick work on "
                             "the coast road overnight. The storm closed the port of Dover "
                             "for two days, stranding hundreds of lorries.")),
        SourceArticle(id="s", outlet="Daily", title="Dover port shut by storm",
                      url="https://example.com/daily/storm",
                      text=("Hundreds of families spent the night in a school hall near the "
                             "harbour in Kent. The port of Dover was shut for two days by the "
                             "storm, the harbour board said.")),
    ]
    write_up = ExtractiveWriter().write("s5", articles, paragraphs=1)
    first = write_up.paragraphs[0][0].text
    assert "port" in first and "Dover" in first, first


def test_a_cut_off_sentence_is_written_closed_at_a_whole_clause_and_cited(
    climate_story: list[SourceArticle],
) -> None:
    cut_off = replace(climate_story[2], text=(
        "China and India did not announce new targets at the climate summit on Thursday, "
        "leaving the United States and its European allies to carry the..."))
    write_up = ExtractiveWriter().write("s1", [climate_story[0], cut_off], paragraphs=4)
    closed = "China and India did not announce new targets at the climate summit on Thursday."
    cited = {s.text: s.citation.url for s in _sentences(write_up)}
    assert cited.get(closed) == cut_off.url
    assert not any(t.endswith("...") for t in cited)
    assert all(is_faithful(s.text, [a.text for a in climate_story if a.url == s.citation.url]
                           + [cut_off.text] * (s.citation.url == cut_off.url), "en")
               for s in _sentences(write_up))


def test_the_desks_paragraph_budget_reaches_the_write_up(
    climate_story: list[SourceArticle], tmp_path: Path
) -> None:
    path = tmp_path / "desk.toml"
    path.write_text('title = "T"\ndescription = "D"\n', encoding="utf-8")
    usual = writer_for(load_desk(path)).write("s1", climate_story, paragraphs=1)
    path.write_text('title = "T"\ndescription = "D"\n[writer]\nwords_per_paragraph = 12\n',
                    encoding="utf-8")
    terse = writer_for(load_desk(path)).write("s1", climate_story, paragraphs=1)
    assert len(_sentences(terse)) < len(_sentences(usual))
