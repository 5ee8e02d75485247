"""A write-up does not tell the same thing twice in two outlets' words."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from newsdesk.text.embed import HashingEmbedder
from newsdesk.write.restate import RESTATED_COSINE, Restatements, default_embedder
from newsdesk.write.selection import Candidate, select_sentences
from newsdesk.write.sources import SourceArticle
from newsdesk.write.summarize import ExtractiveWriter
from newsdesk.write.words import content_words, count_words, word_pairs

# Two outlets' leads of one event, in different words (hardly a word pair in common),
# and a third sentence with a different fact of the same event.
QUAKE = ("A magnitude 6.8 earthquake struck off the northern coast on Sunday morning, "
         "damaging hundreds of homes in three fishing towns.")
QUAKE_AGAIN = ("Hundreds of houses were damaged in three coastal fishing towns when a "
               "6.8-magnitude quake hit offshore early Sunday.")
RESCUE = ("Rescue teams from the capital reached the worst-hit villages by helicopter late "
          "on Sunday night.")


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
    first = _candidate(QUAKE, 0)
    assert restates(_candidate(QUAKE_AGAIN, 1), [first])
    assert not restates(_candidate(RESCUE, 1, 3), [first])
    assert not restates(_candidate(QUAKE_AGAIN, 1), [])  # nothing chosen, nothing repeated


def test_the_two_leads_share_too_few_word_pairs_for_the_pair_check_alone() -> None:
    leads = [_candidate(QUAKE, 0), _candidate(QUAKE_AGAIN, 1), _candidate(RESCUE, 1, 3)]
    without = select_sentences(leads, budget=70)
    assert {c.text for c in without} >= {QUAKE, QUAKE_AGAIN}  # told twice
    chosen = select_sentences(leads, budget=70, restates=Restatements(default_embedder()))
    texts = [c.text for c in chosen]
    assert sum(text in (QUAKE, QUAKE_AGAIN) for text in texts) == 1
    assert RESCUE in texts  # the budget freed goes to what is new


def test_the_writer_tells_a_fact_once_when_two_outlets_word_it_differently() -> None:
    articles = [
        SourceArticle(id="a", outlet="Coast Herald", title="Strong quake hits the north coast",
                      url="https://example.com/herald", text=f"{QUAKE} {RESCUE}"),
        SourceArticle(id="b", outlet="Wire Service", title="Offshore quake damages homes",
                      url="https://example.com/wire", text=QUAKE_AGAIN),
    ]
    texts = [s.text for p in ExtractiveWriter().write("s", articles).paragraphs for s in p]
    assert sum(text in (QUAKE, QUAKE_AGAIN) for text in texts) == 1
    assert RESCUE in texts


def test_each_sentence_is_embedded_once_and_only_when_asked_about() -> None:
    embedder = CountingEmbedder()
    restates = Restatements(embedder)
    chosen = [_candidate(QUAKE, 0)]
    for _ in range(3):
        restates(_candidate(RESCUE, 1), chosen)
    assert sorted(embedder.texts) == sorted([QUAKE, RESCUE])


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
        SourceArticle(id="a", outlet="Coast Herald", title="Strong quake hits the north coast",
                      url="https://example.com/herald", text=f"{QUAKE} {RESCUE}"),
        SourceArticle(id="b", outlet="Wire Service", title="Offshore quake damages homes",
                      url="https://example.com/wire", text=QUAKE_AGAIN),
    ]
    ExtractiveWriter(embedder=embedder).write("s", articles)
    assert embedder.texts  # asked about the sentences after the first
