"""Which source sentences may go into a write-up: whole sentences only."""

from __future__ import annotations

import pytest

from newsdesk.write.sources import read_copy, reads_whole
from newsdesk.write.summarize import SourceArticle


@pytest.mark.parametrize("sentence", [
    "The council approved the budget on Tuesday.",
    "“We have a deal,” the president said.",
    'He called the plan "a good start."',
    "Is this the end of the filibuster?",
    "„Wir sind bereit“, sagte er.",
    "国务院召开常务会议。",
    "“她说：‘我们很高兴！’”",
])
def test_a_whole_sentence_reads_whole(sentence: str) -> None:
    assert reads_whole(sentence)


@pytest.mark.parametrize("sentence", [
    "Here are the figures the Pentagon provided, by branch:",  # introduces a list
    "The paper said prosecutors had seized data from two lawmakers,",  # cut copy
    "Rescue teams search the rubble after the earthquake",  # a caption or a heading
    "“You couldn’t buy a cannon.",  # opens a quotation it never closes
    '"It was epic for sure.',
    "",
])
def test_what_does_not_read_whole_is_recognised(sentence: str) -> None:
    assert not reads_whole(sentence)


def test_sentences_that_do_not_read_whole_are_never_chosen_for_a_write_up() -> None:
    text = ("Rescue teams search the rubble after the earthquake\n"
            "The earthquake struck the coastal city before dawn on Friday, officials said.\n"
            "Here is what we know so far:\n"
            "“It was terrible. The house moved like a boat,” one resident said.")
    article = SourceArticle(id="a", outlet="Example News", title="Earthquake strikes",
                            url="https://example.com/a", text=text, language="en")
    copy = read_copy(0, article)
    usable = [c.text for c in copy.candidates if not c.incomplete]
    assert usable == [
        "The earthquake struck the coastal city before dawn on Friday, officials said.",
        "“It was terrible. The house moved like a boat,” one resident said.",
    ]
