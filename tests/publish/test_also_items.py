"""'Also worth your attention' items keep their headline on every output, and an item left
in another language says which one, in words."""

from __future__ import annotations

from dataclasses import replace

import feedparser
import lxml.html

from newsdesk.publish.feed import render_atom
from newsdesk.publish.letter import render_html_letter, render_plain_letter
from newsdesk.publish.markdown import render_markdown
from newsdesk.publish.pages import render_edition_fragment
from newsdesk.write.edition import Edition

EDITED = "Tencent opens its video model to all (edited)"


def _edited(edition: Edition) -> Edition:
    """The edition after the editor rewrote the second item's headline."""
    also = [edition.also[0], replace(edition.also[1], headline=EDITED)]
    return replace(edition, also=also)


def _outputs(edition: Edition) -> dict[str, str]:
    atom = render_atom([edition], feed_url="https://news.example/feed.xml",
                       site_url="https://news.example/", title="China Tech Weekly")
    return {
        "markdown": render_markdown(edition),
        "plain e-mail": render_plain_letter(edition, None),
        "html e-mail": lxml.html.fromstring(render_html_letter(edition, None)).text_content(),
        "site": lxml.html.fromstring(render_edition_fragment(edition)).text_content(),
        "feed": lxml.html.fromstring(
            feedparser.parse(atom).entries[0].content[0].value).text_content(),
    }


def test_every_output_shows_each_items_headline_and_its_one_liner(edition: Edition) -> None:
    for name, text in _outputs(_edited(edition)).items():
        flat = " ".join(text.split())
        assert EDITED in flat, name
        assert "国家大基金三期投向半导体设备" in flat, name
        assert "Tencent released the weights of its Hunyuan video model." in flat, name


def test_an_item_in_another_language_says_so_in_words(edition: Edition) -> None:
    for name, text in _outputs(edition).items():
        flat = " ".join(text.split())
        assert flat.count("in Chinese") == 1, name


def test_a_one_liner_that_repeats_the_headline_is_said_once(edition: Edition) -> None:
    item = edition.also[1]
    same = replace(edition, also=[replace(item, headline=item.one_liner.text)])
    for name, text in _outputs(same).items():
        flat = " ".join(text.split())
        assert flat.count("Tencent released the weights") == 1, name
