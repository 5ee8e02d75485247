"""Choosing a write-up's sentences: what the sources agree on, no repeats, within budget."""

from __future__ import annotations

from collections import Counter

from newsdesk.write.selection import Candidate, select_sentences
from newsdesk.write.words import content_words, count_words, is_attributed, word_pairs


def _candidate(text: str, article: int, position: int) -> Candidate:
    return Candidate(text=text, article=article, position=position,
                     words=Counter(content_words(text, "en")), length=count_words(text, "en"),
                     pairs=word_pairs(text, "en"), attributed=is_attributed(text, "en"))


def test_the_sentence_whose_word_pairs_other_sources_share_is_chosen_first() -> None:
    agreed = _candidate("The Senate passed the hate crimes bill by a vote of 94-1 on Thursday.",
                        0, 1)
    colour = _candidate("Lawmakers gathered in a chamber decorated with spring flowers.", 0, 0)
    other = _candidate("The hate crimes bill passed the Senate by a vote of 94-1.", 1, 0)
    chosen = select_sentences([colour, agreed, other], budget=14)
    assert chosen[0] in (agreed, other)
    assert colour not in chosen


def test_a_sentence_naming_what_the_source_titles_name_is_chosen_first() -> None:
    detail = _candidate("Crowds lined the streets of the capital long before dawn on Sunday.", 0, 0)
    named = _candidate("Voters in Chile elected Gabriel Boric as their next president.", 1, 0)
    titles = [word_pairs("Gabriel Boric elected president of Chile", "en"),
              word_pairs("Chile elects Gabriel Boric", "en")]
    assert select_sentences([detail, named], budget=12) == [detail]
    assert select_sentences([detail, named], budget=12, titles=titles) == [named]


def test_a_sentence_that_mostly_repeats_the_write_up_is_left_out() -> None:
    first = _candidate("The Senate passed the hate crimes bill by a vote of 94-1 on Thursday.",
                       0, 0)
    repeat = _candidate("The Senate passed the hate crimes bill by a vote of 94-1 on Thursday "
                        "night.", 1, 0)
    fresh = _candidate("Only Sen. Josh Hawley of Missouri voted against the measure.", 1, 1)
    chosen = select_sentences([first, repeat, fresh], budget=200)
    assert fresh in chosen
    assert not (first in chosen and repeat in chosen)


def test_selection_stops_near_the_word_budget_and_never_takes_a_truncated_sentence() -> None:
    texts = ["Rescuers pulled twelve survivors from the collapsed building overnight.",
             "The mayor declared a state of emergency across the northern districts.",
             "Engineers warned that two neighbouring towers could also be unsafe.",
             "Residents of the block had complained about cracks for several years.",
             "Prosecutors opened an inquiry into the developer and its inspectors.",
             "Schools in the area will stay closed until the end of the week."]
    candidates = [_candidate(t, n % 3, n // 3) for n, t in enumerate(texts)]
    cut = Candidate(text="The bill was...", article=0, position=0, words=Counter({"bill": 1}),
                    length=3, usable=False, pairs=word_pairs("The bill was", "en"))
    chosen = select_sentences([cut, *candidates], budget=30)
    assert cut not in chosen
    assert 20 <= sum(c.length for c in chosen) <= 45


def test_word_pairs_leave_out_pairs_of_function_words() -> None:
    pairs = word_pairs("The end of the war in Ukraine", "en")
    assert ("of", "the") not in pairs
    assert ("the", "war") in pairs and ("in", "ukraine") in pairs
    assert word_pairs("中国和印度没有宣布新的目标", "zh")


def test_traditional_and_simplified_chinese_sentences_share_their_word_pairs() -> None:
    simplified = "华为周二发布了新款折叠屏手机，售价为一万元。"
    traditional = "華為週二發布了新款折疊屏手機，售價為一萬元。"
    assert word_pairs(traditional, "zh") == word_pairs(simplified, "zh")
    assert count_words(traditional, "zh") == count_words(simplified, "zh")
    assert len(word_pairs(simplified, "zh")) >= 5


def test_a_sentence_that_says_who_said_it_outweighs_a_like_one_that_does_not() -> None:
    plain = _candidate("Flood waters reached the old town overnight and closed every bridge.",
                       0, 0)
    attributed = _candidate("Flood waters closed every bridge overnight, the mayor said on Monday.",
                            1, 0)
    assert attributed.attributed and not plain.attributed
    assert select_sentences([plain, attributed], budget=10) == [attributed]
    unattributed = Candidate(**{**attributed.__dict__, "attributed": False})
    assert select_sentences([plain, unattributed], budget=10) == [plain]


def test_attribution_is_recognised_in_the_languages_the_writer_reads() -> None:
    assert is_attributed("According to the ministry, the plant will close.", "en")
    assert is_attributed("De fabriek gaat dicht, zei de minister.", "nl")
    assert is_attributed("工信部表示，该工厂将于明年关闭。", "zh")
    assert not is_attributed("The plant will close next year.", "en")
    assert not is_attributed("De fabriek gaat volgend jaar dicht.", "nl")
