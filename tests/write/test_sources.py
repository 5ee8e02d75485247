"""Which source sentences may go into a write-up: whole sentences only."""

from __future__ import annotations

import pytest

from newsdesk.write.sources import SourceArticle, read_copy, reads_whole
from newsdesk.write.summarize import ExtractiveWriter
from newsdesk.write.words import asks_the_reader, in_writers_voice


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


def _usable(text: str, title: str) -> list[str]:
    """The sentences of an English article of `text` that a write-up may use."""
    article = SourceArticle(id="a", outlet="Example News", title=title,
                            url="https://example.com/a", text=text, language="en")
    return [c.text for c in read_copy(0, article).candidates if c.usable]


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
    usable = _usable(text, "Earthquake strikes")
    assert usable == [
        "The earthquake struck the coastal city before dawn on Friday, officials said.",
        "“It was terrible. The house moved like a boat,” one resident said.",
    ]


@pytest.mark.parametrize(("sentence", "lang", "own_voice"), [
    ("Let me take a different stance on the matter.", "en", True),
    ("You should still wear a mask in a crowded store.", "en", True),
    ("Our readers have asked about the new rules.", "en", True),
    ("You’re not alone.", "en", True),  # contractions, curly or straight
    ("We've seen this before, and I'm sure we will again.", "en", True),
    ("Let’s be clear about what happened.", "en", True),
    ("The minister’s letter reached parliament on Friday.", "en", False),
    ("“We will act,” the minister said.", "en", False),  # quoted: the minister's words
    ("The US is going in the wrong direction, the report found.", "en", False),  # a country
    ("Wij vinden dat het kabinet moet aftreden.", "nl", True),
    ("„Wir sind bereit“, sagte der Minister.", "de", False),
    ("我国经济稳步增长。", "zh", False),  # 我国 is how Chinese news copy names China
])
def test_the_writers_own_first_and_second_person_is_recognised(
    sentence: str, lang: str, own_voice: bool
) -> None:
    assert in_writers_voice(sentence, lang) is own_voice


@pytest.mark.parametrize(("sentence", "lang", "asks"), [
    ("So what does the new rule mean for renters?", "en", True),
    ("Planning a trip abroad this summer?", "en", True),
    ("“Where is the money?” the senator asked.", "en", False),  # a speaker's question
    ("The senator asked the director: did the agency infiltrate the groups?", "en", False),
    ("The company said it would appeal the ruling.", "en", False),
    ("Waarom duurt het zo lang?", "nl", True),
    ("为什么房价还在上涨？", "zh", True),
    ("他问道：“为什么？”", "zh", False),
])
def test_the_outlets_own_question_to_its_readers_is_recognised(
    sentence: str, lang: str, asks: bool
) -> None:
    assert asks_the_reader(sentence, lang) is asks


def test_a_question_to_the_reader_is_not_used_and_a_reported_one_is() -> None:
    text = ("The agency changed its mask guidance on Tuesday for vaccinated people. "
            "So what does the new guidance mean for renters? "
            "A reporter asked the director: will the rule last beyond the summer?")
    usable = _usable(text, "Mask guidance changes")
    assert usable == [
        "The agency changed its mask guidance on Tuesday for vaccinated people.",
        "A reporter asked the director: will the rule last beyond the summer?",
    ]


def test_a_sentence_in_the_writers_own_voice_is_used_only_when_it_says_who_speaks() -> None:
    text = ("Let me take a different stance on the council's budget this week. "
            "We will not raise taxes this year, the mayor told reporters on Monday. "
            "The council approved the budget by seven votes to two on Monday.")
    usable = _usable(text, "Budget passes")
    assert usable == [
        "We will not raise taxes this year, the mayor told reporters on Monday.",
        "The council approved the budget by seven votes to two on Monday.",
    ]


def test_a_lead_whose_copy_has_no_whole_sentence_still_says_what_it_can() -> None:
    text = "Xiaomi launches its first electric car in China, priced under 216,000 yuan"
    article = SourceArticle(id="a", outlet="Example News", title="Xiaomi launches EV",
                            url="https://example.com/a", text=text, language="en")
    write_up = ExtractiveWriter().write("s", [article])
    assert [[s.text for s in p] for p in write_up.paragraphs] == [[text]]
