"""A write-up does not tell the same thing twice in two outlets' words."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from newsdesk.text.embed import HashingEmbedder
from newsdesk.write.restate import RESTATED_COSINE, Restatements, default_embedder
from newsdesk.write.selection import Candidate, select_sentences
from newsdesk.write.summarize import ExtractiveWriter, SourceArticle
from newsdesk.write.words import content_words, count_words, word_pairs

# Two outlets' leads of one event, in different words (hardly a word pair in common),
# and a third sentence with a different fact of the same event.
CHAUVIN = "Former Minneapolis police officer Derek Chauvin was sentenced to 22 1/2 years in "\
    "prison on Friday afternoon for the murder of George Floyd in Minneapolis."
CHAUVIN_AGAIN = "Former Minneapolis police officer Derek Chauvin received a 270-month prison "\
    "sentence Friday for second-degree unintentional murder in the death of George Floyd "\
    "last spring."
FAMILY = "Members of the Floyd family told the judge that they still wake up every night "\
    "thinking about what happened on the street outside the store."


def _candidate(text: str, article: int, position: int = 0) -> Candidate:
    return Candidate(text=text, article=article, position=position,
                     words=Counter(content_words(text, "en")), length=count_words(text, "en"),
                     pairs=word_pairs(text, "en"))


class CountingEmbedder:
    """The hashing embedder, counting the texts it is asked to embed."""

    name, version, dim = "hashing", "1", 256

    def __init__(self) -> None:
        self.inner = HashingEmbedder()
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts.extend(texts)
        return self.inner.embed(texts)


def test_the_shipped_model_sees_a_restatement_in_other_words_and_not_a_new_fact() -> None:
    restates = Restatements(default_embedder())
    first = _candidate(CHAUVIN, 0)
    assert restates(_candidate(CHAUVIN_AGAIN, 1), [first])
    assert not restates(_candidate(FAMILY, 1, 3), [first])
    assert not restates(_candidate(CHAUVIN_AGAIN, 1), [])  # nothing chosen, nothing repeated


def test_the_two_leads_share_too_few_word_pairs_for_the_pair_check_alone() -> None:
    leads = [_candidate(CHAUVIN, 0), _candidate(CHAUVIN_AGAIN, 1), _candidate(FAMILY, 1, 3)]
    without = select_sentences(leads, budget=70)
    assert {c.text for c in without} >= {CHAUVIN, CHAUVIN_AGAIN}  # told twice
    chosen = select_sentences(leads, budget=70, restates=Restatements(default_embedder()))
    texts = [c.text for c in chosen]
    assert sum(text in (CHAUVIN, CHAUVIN_AGAIN) for text in texts) == 1
    assert FAMILY in texts  # the budget freed goes to what is new


def test_the_writer_tells_a_fact_once_when_two_outlets_word_it_differently() -> None:
    articles = [
        SourceArticle(id="a", outlet="NBC News", title="Derek Chauvin sentenced to 22.5 years",
                      url="https://example.com/nbc", text=f"{CHAUVIN} {FAMILY}"),
        SourceArticle(id="b", outlet="Fox News", title="Chauvin gets 270 months for Floyd death",
                      url="https://example.com/fox", text=CHAUVIN_AGAIN),
    ]
    texts = [s.text for p in ExtractiveWriter().write("s", articles).paragraphs for s in p]
    assert sum(text in (CHAUVIN, CHAUVIN_AGAIN) for text in texts) == 1
    assert FAMILY in texts


def test_each_sentence_is_embedded_once_and_only_when_asked_about() -> None:
    embedder = CountingEmbedder()
    restates = Restatements(embedder)
    chosen = [_candidate(CHAUVIN, 0)]
    for _ in range(3):
        restates(_candidate(FAMILY, 1), chosen)
    assert sorted(embedder.texts) == sorted([CHAUVIN, FAMILY])


def test_a_sentence_at_the_threshold_restates_and_one_just_under_does_not() -> None:
    class Fixed:
        name, version, dim = "fixed", "1", 2
        angles = {"a": 0.0, "b": float(np.arccos(RESTATED_COSINE)) - 1e-6,
                  "c": float(np.arccos(RESTATED_COSINE)) + 1e-3}

        def embed(self, texts: Sequence[str]) -> np.ndarray:
            return np.array([[np.cos(self.angles[t]), np.sin(self.angles[t])] for t in texts],
                            dtype=np.float32)

    restates = Restatements(Fixed())
    chosen = [_candidate("a", 0)]
    assert restates(_candidate("b", 1), chosen)
    assert not restates(_candidate("c", 1), chosen)


def test_a_configured_embedder_is_the_one_the_writer_uses() -> None:
    embedder = CountingEmbedder()
    articles = [
        SourceArticle(id="a", outlet="NBC News", title="Derek Chauvin sentenced",
                      url="https://example.com/nbc", text=f"{CHAUVIN} {FAMILY}"),
        SourceArticle(id="b", outlet="Fox News", title="Chauvin gets 270 months",
                      url="https://example.com/fox", text=CHAUVIN_AGAIN),
    ]
    ExtractiveWriter(embedder=embedder).write("s", articles)
    assert embedder.texts  # asked about the sentences after the first
