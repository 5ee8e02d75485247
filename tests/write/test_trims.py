"""Clean trims: closing sentences the feed cut off, and the mechanical check of a trim."""

from __future__ import annotations

import pytest

from newsdesk.evaluate.rouge import is_faithful
from newsdesk.write.clean_trim import clause_spans, is_clean_trim
from newsdesk.write.trims import close_cut_off, finish_sentence

CLOSABLE = [
    ("The company policy bans videos that spread a wide variety of misinformation, including "
     "“claims that masks do not play a role in preventing the transmission of...", "en",
     "The company policy bans videos that spread a wide variety of misinformation."),
    ("During a court appearance, Hodgkins apologized to the court, saying he was ashamed of "
     "his actions and merely got caught up in the...", "en",
     "During a court appearance, Hodgkins apologized to the court."),
    ("Meanwhile, the start of the new school year is looming — a pivotal moment...", "en",
     "Meanwhile, the start of the new school year is looming."),
    ("Biden announced that the U.S. will reduce its emissions 50%-52% by the end of the "
     "decade -- significantly boosting a commitment made under former President...", "en",
     "Biden announced that the U.S. will reduce its emissions 50%-52% by the end of the decade."),
    ("美国总统拜登周四在气候峰会上承诺，到2030年将温室气体排放量减少一半，这一目标将...", "zh",
     "美国总统拜登周四在气候峰会上承诺，到2030年将温室气体排放量减少一半。"),
    ("Het kabinet heeft dinsdag een nieuw klimaatplan gepresenteerd, waarin de uitstoot van...",
     "nl", "Het kabinet heeft dinsdag een nieuw klimaatplan gepresenteerd."),
    ("Die Regierung hat am Dienstag einen neuen Klimaplan vorgestellt, der die Emissionen bis...",
     "de", "Die Regierung hat am Dienstag einen neuen Klimaplan vorgestellt."),
    ("Le gouvernement a présenté mardi un nouveau plan pour le climat, selon lequel les...",
     "fr", "Le gouvernement a présenté mardi un nouveau plan pour le climat."),
    # The comma inside 1,000 is no clause mark; the trim stops before "according to".
    ("The site received just 1,000 visitors on its final day online, according to figures...",
     "en", "The site received just 1,000 visitors on its final day online."),
    # A semicolon joins two clauses that stand alone.
    ("Officers closed the bridge to traffic on Monday night; drivers were sent along the...",
     "en", "Officers closed the bridge to traffic on Monday night."),
]


@pytest.mark.parametrize(("sentence", "lang", "closed"), CLOSABLE)
def test_a_cut_off_sentence_is_closed_at_its_last_whole_clause(
    sentence: str, lang: str, closed: str
) -> None:
    assert close_cut_off(sentence, lang) == closed
    assert is_clean_trim(closed, sentence)


@pytest.mark.parametrize(("sentence", "lang"), [
    # Starts with a subordinate clause that the cut leaves unfinished.
    ("With Haiti politically divided, and facing a growing humanitarian crisis and shortages "
     "of food, there are fears of...", "en"),
    # What is left before the only comma is the subject and an open aside.
    ("George Floyd's death, which occurred under the knee of a police officer in May, led "
     "to...", "en"),
    # Too short to be news.
    ("But we cannot — and we...", "en"),
    # No clause mark to close at.
    ("Monday’s decision in NCAA v. Alston ended a dispute that began seven years ago as a "
     "class action filed by the athletes who...", "en"),
    ("Terwijl de Tweede Kamer debatteerde over het plan van de minister van Financiën, "
     "bleef...", "nl"),
    # The cut leaves a subject and its appositive waiting for their verb.
    ("The United States, the world's second-largest emitter after China and its fiercest "
     "rival, has pledged to...", "en"),
    ("A military spokesman for the northern command, Lt. Col. Jonathan Smith, initially "
     "said that “ground troops were...", "en"),
    ("Tyler Perry, the mogul who built a thriving studio in Atlanta from humble beginnings, "
     "was honoured...", "en"),
    ("De minister van Landbouw, die al maanden onder vuur ligt in de Kamer, heeft...", "nl"),
    # A colon after "says" opens the words said; what is before it says nothing.
    ("The order, which cites the rapid rise of the delta variant across the state, says: "
     "“All...", "en"),
    # The only comma is inside a number: no clause mark to close at.
    ("Its readership stayed small and the blog drew only 4,500 visitors on its last day "
     "before...", "en"),
    # A language the rule has no word list for: not sure, so left out.
    ("Il governo ha presentato martedì un nuovo piano per il clima, che riduce le "
     "emissioni...", "it"),
])
def test_a_cut_off_sentence_that_would_read_as_a_fragment_is_left_out(
    sentence: str, lang: str
) -> None:
    assert close_cut_off(sentence, lang) is None


def test_a_cut_off_sentence_is_not_closed_inside_a_quotation() -> None:
    sentence = ("Biden also said there had always been limits on what kinds of weapons people "
                "could legally own: “The Second Amendment, from the day it was passed, "
                "limited the type...")
    assert close_cut_off(sentence, "en") == (
        "Biden also said there had always been limits on what kinds of weapons people could "
        "legally own."
    )


def test_closing_chinese_keeps_every_character_of_the_kept_clauses() -> None:
    sentence = "新华社北京5月1日电，国务院总理李克强主持召开国务院常务会议，部署进一步..."
    closed = close_cut_off(sentence, "zh")
    assert closed == "新华社北京5月1日电，国务院总理李克强主持召开国务院常务会议。"
    assert is_clean_trim(closed, sentence)


@pytest.mark.parametrize(("text", "lang", "finished"), [
    ("the council approved the budget", "en", "The council approved the budget."),
    ("The council approved the budget.", "en", "The council approved the budget."),
    ("the council approved the budget,", "en", "The council approved the budget."),
    ("de raad keurde de begroting goed", "nl", "De raad keurde de begroting goed."),
    ("国务院召开常务会议，", "zh", "国务院召开常务会议。"),
    ("国务院召开常务会议。", "zh", "国务院召开常务会议。"),
])
def test_a_trim_is_finished_as_a_sentence(text: str, lang: str, finished: str) -> None:
    assert finish_sentence(text, lang) == finished


def test_clause_spans_join_back_into_the_sentence() -> None:
    sentence = "Sen. Josh Hawley (R-Mo.), the lone no vote, said -- again -- he would not."
    spans = clause_spans(sentence)
    assert "".join(spans) == sentence
    assert "R-Mo." in spans and ", " not in spans


SOURCE = ("Sen. Josh Hawley (R-Mo.), who cast the lone vote against it, said the bill was too "
          "broad, according to a statement on Thursday.")


@pytest.mark.parametrize("trimmed", [
    SOURCE,
    "Sen. Josh Hawley said the bill was too broad, according to a statement on Thursday.",
    "Sen. Josh Hawley (R-Mo.) said the bill was too broad.",
    "Sen. Josh Hawley, who cast the lone vote against it, said the bill was too broad.",
    "Who cast the lone vote against it.",
])
def test_deleting_whole_clause_spans_is_a_clean_trim(trimmed: str) -> None:
    assert is_clean_trim(trimmed, SOURCE)


@pytest.mark.parametrize("trimmed", [
    "Sen. Josh Hawley said the bill was broad.",  # a word deleted inside a clause
    "Sen. Josh Hawley said the bill was too narrow.",  # reworded
    "The bill was too broad, Sen. Josh Hawley said.",  # reordered
    "Sen. Josh Hawley said the bill was far too broad.",  # a word added
    "Sen. Josh Hawleysaid the bill was too broad.",  # words run together
    "Hawley (R-Mo.) said the bill was too broad.",  # leading words that are no clause span
    "...",
    "",
])
def test_anything_but_deleting_clause_spans_is_not_a_clean_trim(trimmed: str) -> None:
    assert not is_clean_trim(trimmed, SOURCE)


def test_chinese_clean_trim_keeps_whole_clauses_only() -> None:
    source = "美国总统拜登周四在气候峰会上承诺，到2030年将温室气体排放量减少一半。"
    assert is_clean_trim("美国总统拜登周四在气候峰会上承诺。", source)
    assert not is_clean_trim("美国总统拜登在气候峰会上承诺。", source)  # 周四 cut mid-clause
    assert not is_clean_trim("拜登承诺，到2030年将温室气体排放量减少一半。", source)


def test_dutch_clean_trim_drops_an_aside_between_commas() -> None:
    source = "Het kabinet, dat al maanden onder druk staat, presenteert dinsdag een klimaatplan."
    assert is_clean_trim("Het kabinet presenteert dinsdag een klimaatplan.", source)
    assert not is_clean_trim("Het kabinet presenteert een klimaatplan.", source)


def test_faithful_means_verbatim_or_a_clean_trim_of_one_source_sentence() -> None:
    article = ("The council met on Tuesday. It approved the budget, which had been delayed for "
               "months, by a vote of 7-2.")
    assert is_faithful("The council met on Tuesday.", [article], "en")
    assert is_faithful("It approved the budget by a vote of 7-2.", [article], "en")
    assert not is_faithful("It approved the budget by a vote of 9-0.", [article], "en")
    # Spans of two different sentences never make one trim.
    assert not is_faithful("The council met on Tuesday by a vote of 7-2.", [article], "en")
