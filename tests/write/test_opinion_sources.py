"""Opinion told from page metadata, feed categories and credits, as stored articles reach
the writer (real store, SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

from newsdesk.store import Article, Source, Store
from newsdesk.write.compose import story_sources
from newsdesk.write.opinion import OPINION, REPORT, kind_of, person_name
from newsdesk.write.summarize import ExtractiveWriter, SourceArticle
from tests.stories.newsroom import WINDOW_END, Newsroom

ESSAY = ("If you follow the debate, you know anti-wokeness has become central to the right's "
         "case against its enemies. There are various explanations for this phenomenon, from "
         "pandering to the absence of an agenda. Voters in the suburbs care about prices and "
         "schools more than about any of these fights.")
NEWS = ("Senate Democrats unveiled a $3.5 trillion budget plan on Tuesday that would expand "
        "Medicare and fund climate programs. The plan passed a first committee vote 12 to 10, "
        "Senate Majority Leader Chuck Schumer said.")


def test_a_page_typed_as_opinion_or_sectioned_so_is_opinion_whatever_its_outlet() -> None:
    url = "https://news.example/2021/04/story.html"
    assert kind_of(url, "CNN (Online News)", "A title") == REPORT
    assert kind_of(url, "CNN (Online News)", "A title", types=["OpinionNewsArticle"]) == OPINION
    assert kind_of(url, "Intelligencer", "A title", types=["NewsArticle"]) == REPORT
    assert kind_of(url, "Intelligencer", "A title", ["Politics", "Opinion"]) == OPINION


def test_only_a_persons_name_is_credited_as_an_author() -> None:
    assert person_name("By Jane Doe") == "Jane Doe"
    assert person_name("Katrina vanden Heuvel") == "Katrina vanden Heuvel"
    for credit in (None, "", "Reuters Staff", "jdoe@example.com", "The Editorial Board",
                   "CNN Wire"):
        assert person_name(credit) is None, credit


def test_an_opinion_one_liner_is_attributed_and_stands_alone() -> None:
    essay = SourceArticle(id="e", outlet="Intelligencer", title="You Don't Have to Be Woke",
                          url="https://nymag.example/intelligencer/2021/04/woke.html",
                          text=ESSAY, language="en", page_types=["OpinionNewsArticle"],
                          author="Ed Kilgore")
    write_up = ExtractiveWriter().one_liner("s1", [essay])
    assert write_up.headline.startswith("Opinion: ")
    assert write_up.one_liner.kind == OPINION
    assert write_up.one_liner.text.startswith("Ed Kilgore argues in Intelligencer: “")
    assert "There are various" not in write_up.one_liner.text  # needs its predecessor


def test_stored_categories_author_and_page_metadata_reach_the_writer(store: Store) -> None:
    newsroom = Newsroom(store)
    essay_id, news_id = newsroom.add_story("s1", ["nymag", "wire"], text=NEWS, hours_ago=[3, 2])
    later_id = newsroom.add_story("s1", ["late"], text=NEWS, hours_ago=-30)[0]
    with store.session() as session:
        essay = session.get(Article, essay_id)
        essay.text, essay.authors, essay.categories = ESSAY, ["Ed Kilgore"], ["Politics"]
        essay.page_meta = {"section": "Intelligencer", "types": ["OpinionNewsArticle"]}
        session.get(Source, essay.source_id).title = "feed 12"  # an OPML placeholder
    with store.session() as session:
        everything = story_sources(session, "s1")
        until_window = story_sources(session, "s1", WINDOW_END + timedelta(hours=1))
    assert [a.id for a in everything] == [str(essay_id), str(news_id), str(later_id)]
    assert [a.id for a in until_window] == [str(essay_id), str(news_id)]
    essay_source = until_window[0]
    assert essay_source.outlet == "nymag.example"  # the host, not "feed 12"
    assert list(essay_source.categories) == ["Politics", "Intelligencer"]
    assert (essay_source.author, list(essay_source.page_types)) == (
        "Ed Kilgore", ["OpinionNewsArticle"])
    write_up = ExtractiveWriter().write("s1", until_window, paragraphs=2)
    sentences = [s for paragraph in write_up.paragraphs for s in paragraph]
    assert sentences[0].kind == REPORT and sentences[0].citation.url == until_window[1].url
    opinion = [s for s in sentences if s.kind == OPINION]
    assert opinion and all(s.text.startswith("Ed Kilgore argues in nymag.example: “")
                           for s in opinion)
