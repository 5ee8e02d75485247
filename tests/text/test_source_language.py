"""A headline's language leans to the language its source writes in."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from newsdesk.store import Article, Source, Store
from newsdesk.text.embed import HashingEmbedder
from newsdesk.text.language import detect_language
from newsdesk.text.understand import source_languages, understand_articles

# Dutch headlines that the detector alone takes for another language.
MISREAD_DUTCH = [
    "Kabinet valt over stikstof",
    "Philips schrapt 6000 banen",
    "Premier Rutte stapt op",
    "Elon Musk koopt Twitter",
]
ENGLISH_REPORT = (
    "The Dutch government collapsed on Friday after the coalition parties failed to agree on "
    "a policy to limit the number of asylum seekers, the prime minister told reporters in The "
    "Hague, and new elections will be held in the autumn."
)
DUTCH_HISTORY = {"nl": 40, "en": 2}


def test_the_detector_alone_misreads_these_dutch_headlines() -> None:
    assert all(detect_language(title) != "nl" for title in MISREAD_DUTCH)


@pytest.mark.parametrize("title", MISREAD_DUTCH)
def test_a_dutch_sources_history_decides_a_short_headline(title: str) -> None:
    assert detect_language(title, DUTCH_HISTORY) == "nl"


def test_a_long_text_or_a_script_still_decides_by_itself() -> None:
    assert detect_language(ENGLISH_REPORT, DUTCH_HISTORY) == "en"
    assert detect_language("荷兰政府周五倒台", DUTCH_HISTORY) == "zh"
    assert detect_language("Merkel trifft Macron in Berlin", {}) == "de"  # no history


def _add(session, source: Source, title: str, text: str = "", language: str | None = None) -> None:
    session.add(Article(source=source, uid=f"{source.url}#{title}", title=title, text=text,
                        language=language))


def test_understanding_weighs_each_sources_earlier_articles(store: Store) -> None:
    with store.session() as session:
        dutch = Source(url="https://nos.example/feed", title="NOS")
        newcomer = Source(url="https://new.example/feed", title="New")
        session.add_all([dutch, newcomer])
        for n in range(6):
            _add(session, dutch, f"Eerder nieuws {n}", "Het kabinet heeft vandaag besloten.", "nl")
        for title in MISREAD_DUTCH:
            _add(session, dutch, title)
            _add(session, newcomer, title)
        _add(session, dutch, "Dutch government collapses", ENGLISH_REPORT)
    with store.session() as session:
        assert source_languages(session) == {dutch.id: {"nl": 6}}
    understand_articles(store, HashingEmbedder())
    with store.session() as session:
        found = {(a.source_id, a.title): a.language for a in session.scalars(select(Article))}
    assert [found[dutch.id, title] for title in MISREAD_DUTCH] == ["nl"] * len(MISREAD_DUTCH)
    assert found[dutch.id, "Dutch government collapses"] == "en"
    # A source with no history yet gets the detector's reading, as before.
    assert [found[newcomer.id, title] for title in MISREAD_DUTCH] == [
        detect_language(f"{title}\n") for title in MISREAD_DUTCH]
