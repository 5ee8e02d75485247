"""The Markdown edition: every sentence linked to its outlet, feed text rendered literally."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.errors import NewsdeskError
from newsdesk.publish.markdown import escape_markdown, render_markdown, write_markdown
from newsdesk.write.edition import Edition


def test_markdown_has_title_intro_leads_list_and_credits(edition: Edition) -> None:
    text = render_markdown(edition)
    assert text.startswith("# China Roundup: week 11")
    assert "### DeepSeek readies R2 as Chinese AI price war deepens" in text
    assert "## Also worth your attention" in text
    assert "Credits: 36氪 (36Kr), KrASIA, Pandaily \\& Co, Reuters" in text
    assert "Sources:" in text


def test_every_sentence_ends_with_its_linked_outlet(edition: Edition) -> None:
    text = render_markdown(edition)
    for story in edition.leads:
        for paragraph in story.paragraphs:
            for sentence in paragraph:
                outlet = escape_markdown(sentence.citation.outlet)
                assert f"{escape_markdown(sentence.text)} ([{outlet}]({sentence.citation.url}))" \
                    in text


def test_hostile_titles_cannot_inject_html_or_links(edition: Edition) -> None:
    text = render_markdown(edition)
    assert re.search(r"(?<!\\)<", text) is None, "every < is escaped"
    assert "\\<script\\>" in text
    assert "\\[see\\](javascript:" in text, "the fake link is shown literally"
    assert re.search(r"(?<!\\)\]\((?!https://)", text) is None, "every link target is https"


def test_crlf_in_headline_stays_on_one_line(edition: Edition) -> None:
    text = render_markdown(edition)
    assert "\r" not in text
    assert "### Xiaomi ships EV Bcc: victim@example.com free money\n" in text


def test_story_in_another_language_gets_a_language_tag(edition: Edition) -> None:
    assert "- \\[zh\\] **[国家大基金三期投向半导体设备](https://caixin.example/" \
        in render_markdown(edition)


def test_line_start_markers_are_escaped() -> None:
    assert escape_markdown("1. not a list") == "1\\. not a list"
    assert escape_markdown("# not a heading") == "\\# not a heading"
    assert escape_markdown("- not an item") == "\\- not an item"


def test_empty_edition_says_no_story_met_the_bar(edition: Edition) -> None:
    edition.leads, edition.also = [], []
    assert "No stories met the bar" in render_markdown(edition)


def test_write_markdown_is_atomic_and_complete(edition: Edition, tmp_path: Path) -> None:
    path = write_markdown(edition, tmp_path / "out" / "edition.md")
    assert path.read_text(encoding="utf-8") == render_markdown(edition)
    assert [p.name for p in path.parent.iterdir()] == ["edition.md"]


def test_unwritable_output_gives_one_line_error(edition: Edition, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(NewsdeskError) as caught:
        write_markdown(edition, blocker / "edition.md")
    assert "\n" not in str(caught.value)
    assert not (blocker.parent / "edition.md").exists()


def test_a_story_a_model_worded_says_so(edition: Edition) -> None:
    text = render_markdown(edition)
    note = "*Worded by qwen2.5-7b-instruct from the sources each sentence cites.*"
    assert text.count(note) == 1
    assert text.index("### DeepSeek readies R2") < text.index(note) < text.index("Sources:")


def test_an_edition_of_a_past_week_is_dated_by_its_window_not_by_when_it_was_made(
    edition: Edition,
) -> None:
    end = datetime(2021, 5, 9, 23, 59, tzinfo=UTC)
    past = replace(edition, window_start=end - timedelta(days=7), window_end=end,
                   created_at=datetime(2026, 12, 3, 16, 0, tzinfo=UTC))
    text = render_markdown(past)
    assert "9 May 2021 · news from 2 May 2021 to 9 May 2021" in text
    assert "2026" not in text.split("\n\n")[1]
