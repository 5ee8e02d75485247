"""Sentence splitting per language, boilerplate and datelines."""

from __future__ import annotations

import pytest

from newsdesk.write.boilerplate import is_boilerplate, trim_dateline, trim_label
from newsdesk.write.sentences import article_sentences, split_sentences


def test_english_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = ("Sen. Joe Manchin, D-W.Va., met Gov. Gavin Newsom in the U.S. capital at 5 p.m. "
            "on Monday. John F. Kennedy was president. Was it worth $5.5 billion? Yes!")
    assert split_sentences(text, "en") == [
        "Sen. Joe Manchin, D-W.Va., met Gov. Gavin Newsom in the U.S. capital at 5 p.m. on Monday.",
        "John F. Kennedy was president.",
        "Was it worth $5.5 billion?",
        "Yes!",
    ]


def test_may_with_a_full_stop_ends_an_english_sentence() -> None:
    text = ("Floyd was killed in Minneapolis last May. Members of his family spoke in court. "
            "The hearing ended on 25 May. Prosecutors had asked for 30 years. "
            "The motion was tabled by Theresa May. “Members cheered,” he said. "
            "It may. Or it may not, in May 2022.")
    assert split_sentences(text, "en") == [
        "Floyd was killed in Minneapolis last May.",
        "Members of his family spoke in court.",
        "The hearing ended on 25 May.",
        "Prosecutors had asked for 30 years.",
        "The motion was tabled by Theresa May.",
        "“Members cheered,” he said.",
        "It may.",
        "Or it may not, in May 2022.",
    ]


def test_dutch_abbreviations_do_not_end_sentences() -> None:
    text = ("Dhr. Jansen zei o.a. dat het kabinet bijv. de belasting verhoogt. "
            "Mevr. De Vries is het daar niet mee eens. Is dat zo? Ja!")
    assert split_sentences(text, "nl") == [
        "Dhr. Jansen zei o.a. dat het kabinet bijv. de belasting verhoogt.",
        "Mevr. De Vries is het daar niet mee eens.",
        "Is dat zo?",
        "Ja!",
    ]


def test_german_ordinals_and_abbreviations_do_not_end_sentences() -> None:
    text = "Am 3. Oktober sagte Prof. Dr. Schmidt u.a., dass z.B. Steuern steigen. Das ist neu."
    assert split_sentences(text, "de") == [
        "Am 3. Oktober sagte Prof. Dr. Schmidt u.a., dass z.B. Steuern steigen.",
        "Das ist neu.",
    ]


def test_german_ordinals_before_a_noun_do_not_end_sentences() -> None:
    text = ("Der Pfarrer wurde im 1. Weltkrieg ausgezeichnet und im 19. Jahrhundert "
            "verehrt. Die Zahl der Toten stieg auf 17. Die Polizei ermittelt.")
    assert split_sentences(text, "de") == [
        "Der Pfarrer wurde im 1. Weltkrieg ausgezeichnet und im 19. Jahrhundert verehrt.",
        "Die Zahl der Toten stieg auf 17.",
        "Die Polizei ermittelt.",
    ]


def test_a_german_sentence_may_open_with_a_number() -> None:
    text = ("Er wurde 1985 geboren. 2019 zog er nach Berlin. 17 Menschen kamen am 5. Sept. "
            "2019 zur Feier, laut Nr. 5 der Liste ca. 300 Gäste.")
    assert split_sentences(text, "de") == [
        "Er wurde 1985 geboren.",
        "2019 zog er nach Berlin.",
        "17 Menschen kamen am 5. Sept. 2019 zur Feier, laut Nr. 5 der Liste ca. 300 Gäste.",
    ]


def test_french_title_m_does_not_end_a_sentence() -> None:
    assert split_sentences("Le président a reçu M. Macron. Il est parti.", "fr") == [
        "Le président a reçu M. Macron.",
        "Il est parti.",
    ]


def test_chinese_splits_on_full_width_terminators_and_keeps_quoted_speech_whole() -> None:
    text = "北京时间周一，华为发布了新手机。“我们很高兴！”他说。这是真的吗？是的！"
    assert split_sentences(text, "zh") == [
        "北京时间周一，华为发布了新手机。",
        "“我们很高兴！”他说。",
        "这是真的吗？",
        "是的！",
    ]


def test_japanese_quotation_stays_with_its_sentence() -> None:
    assert split_sentences("今日は晴れです。「本当？」と彼は聞いた。", "ja") == [
        "今日は晴れです。",
        "「本当？」と彼は聞いた。",
    ]


def test_chinese_text_is_recognised_without_a_language() -> None:
    sentences = split_sentences("华为发布了新手机。售价五千元。", None)
    assert sentences == ["华为发布了新手机。", "售价五千元。"]


def test_unbalanced_chinese_quote_does_not_swallow_the_paragraph() -> None:
    sentences = split_sentences("他说：“我们很高兴。这是第二句。", "zh")
    assert sentences == ["他说：“我们很高兴。", "这是第二句。"]


def test_sentences_never_cross_line_breaks() -> None:
    assert split_sentences("First line without stop\nSecond line.", "en") == [
        "First line without stop",
        "Second line.",
    ]


def test_an_opening_quote_goes_with_the_sentence_it_opens() -> None:
    text = ('"We know," the mayor told reporters. "Did she need to die?" he added. '
            '“It is sad,” Biden said in a statement. “We will act.”')
    assert split_sentences(text, "en") == [
        '"We know," the mayor told reporters.',
        '"Did she need to die?" he added.',
        "“It is sad,” Biden said in a statement.",
        "“We will act.”",
    ]


def test_a_closing_quote_goes_back_to_the_sentence_it_closes() -> None:
    text = 'She said it was over." "So it is done," he replied.'
    assert split_sentences(text, "en") == ['She said it was over."', '"So it is done," he replied.']


def test_a_quotation_of_several_sentences_stays_whole() -> None:
    text = ("“I was running so fast. I just ran for my life,” said one witness. Police came. "
            "„Wir sind bereit. Wir warten“, sagte er.")
    assert split_sentences(text, "en") == [
        "“I was running so fast. I just ran for my life,” said one witness.",
        "Police came.",
        "„Wir sind bereit. Wir warten“, sagte er.",
    ]


def test_a_quotation_that_runs_on_into_the_next_paragraph_is_split_as_before() -> None:
    text = ('He spoke slowly. "This is the first thing. This is the second. This is the third. '
            "This is the fourth. This is the fifth.")
    sentences = split_sentences(text, "en")
    assert sentences[0] == "He spoke slowly."
    assert sentences[1] == '"This is the first thing.'
    assert len(sentences) == 6


@pytest.mark.parametrize("text,lang", [
    ("Dhr. Jansen zei o.a.  dat het   kabinet. Hij ging.\n\nNieuw stuk!", "nl"),
    ("  “我们很高兴！”他说。  这是真的吗？", "zh"),
    ("WASHINGTON (Reuters) - Biden spoke. \"It's over,\" he said.", "en"),
    ('It was late. " "So it is," she said. “No.” “Yes.” "', "en"),
])
def test_every_sentence_is_a_verbatim_substring(text: str, lang: str) -> None:
    sentences = article_sentences(text, lang)
    assert sentences
    assert all(sentence in text for sentence in sentences)


@pytest.mark.parametrize("sentence", [
    "Click here to subscribe.",
    "Read more: Biden's plan explained",
    "By Jane Doe and John Roe",
    "Photo: Getty Images",
    "(Photo by Alex Wong/Getty Images)",
    "Sign up for our newsletter.",
    "Copyright 2021 The Associated Press. All rights reserved.",
    "Lees ook: het kabinet valt",
    "责任编辑：张三",
])
def test_boilerplate_is_recognised(sentence: str) -> None:
    assert is_boilerplate(sentence)


@pytest.mark.parametrize("sentence", [
    "By the end of the year, the company will hire 300 people.",
    "Netflix added 10 million subscribers in the quarter.",
    "The big picture: vaccinations are rising across the country.",
])
def test_news_sentences_are_not_boilerplate(sentence: str) -> None:
    assert not is_boilerplate(sentence)


@pytest.mark.parametrize("sentence,trimmed", [
    ("WASHINGTON (Reuters) - U.S. President Joe Biden said on Monday he would go.",
     "U.S. President Joe Biden said on Monday he would go."),
    ("NEW YORK, April 22 (AP) — The stock market rose on Thursday for a third day.",
     "The stock market rose on Thursday for a third day."),
    ("(CNN)President Joe Biden opened a climate summit on Thursday.",
     "President Joe Biden opened a climate summit on Thursday."),
    ("BEIJING — China reported faster growth in the first quarter of the year.",
     "China reported faster growth in the first quarter of the year."),
    ("NASA said on Friday that the launch would be delayed.",
     "NASA said on Friday that the launch would be delayed."),
])
def test_datelines_are_trimmed_and_other_openings_kept(sentence: str, trimmed: str) -> None:
    assert trim_dateline(sentence) == trimmed


@pytest.mark.parametrize(("sentence", "trimmed"), [
    ("Why it matters: The ruling could reshape how platforms moderate speech.",
     "The ruling could reshape how platforms moderate speech."),
    ("The big picture: Chip exports to China fell for a third month.",
     "Chip exports to China fell for a third month."),
    ("What they’re saying: “This is a turning point,” the minister said.",
     "“This is a turning point,” the minister said."),
    ("Walensky also said: The guidance will be reviewed next month.",
     "Walensky also said: The guidance will be reviewed next month."),
    ("Details: tbd.", "Details: tbd."),
])
def test_section_labels_are_trimmed_and_speakers_kept(sentence: str, trimmed: str) -> None:
    assert trim_label(sentence) == trimmed
    assert sentence.endswith(trim_label(sentence))


def test_a_labelled_sentence_is_quoted_without_its_label() -> None:
    text = ("Regulators fined the company $2 billion on Monday. Why it matters: The fine is "
            "the largest the agency has ever imposed on a technology firm.")
    assert article_sentences(text, "en")[1] == (
        "The fine is the largest the agency has ever imposed on a technology firm.")
