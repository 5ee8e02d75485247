"""Recognise a sentence that says again, in other words, what the write-up already says.

Two outlets' leads of one event rarely share their word pairs ("A magnitude 6.8
earthquake struck off the northern coast on Sunday morning, damaging hundreds of homes" /
"Hundreds of houses were damaged when a 6.8-magnitude quake hit offshore early Sunday"),
so the writer's pair-overlap check lets both through, and the write-up tells the reader
the same thing twice. Sentence vectors see through the wording:
a candidate whose vector is within `RESTATED_COSINE` of a chosen sentence's is a
restatement and is left out.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache

import numpy as np

from newsdesk.text.embed import Embedder, model_text
from newsdesk.write.selection import Candidate

RESTATED_COSINE = 0.8
"""The cosine (USE multilingual) from which two sentences say the same thing. Read on
allsides-dev's sentence pairs from different outlets of one story (BENCHMARKS.md): all
15 sampled pairs at 0.85 or more restate one fact, 5 of 7 between 0.80 and 0.85, and
below 0.80 the pairs that restate a fact more often add another in the second wording,
which the editors' copy also reports (R-2 on allsides-dev falls from 0.75 down)."""


class Restatements:
    """For one story: does a candidate restate one of the sentences chosen so far?

    Each sentence is embedded once, and only when it is asked about, so a story with
    hundreds of sentences costs the few that reach the check. Safe to share an embedder
    between threads: calls into it are serialised.
    """

    _lock = threading.Lock()

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}

    def __call__(self, candidate: Candidate, chosen: Sequence[Candidate]) -> bool:
        """True when `candidate` says what one of `chosen` already says."""
        if not chosen:
            return False
        vector = self._vector(candidate.text)
        return any(float(vector @ self._vector(other.text)) >= RESTATED_COSINE
                   for other in chosen)

    def _vector(self, text: str) -> np.ndarray:
        vector = self._vectors.get(text)
        if vector is None:
            with self._lock:
                vector = self.embedder.embed([model_text(None, text)])[0]
            self._vectors[text] = vector
        return vector


@cache
def default_embedder() -> Embedder:
    """The shipped sentence model (USE multilingual), loaded once per process."""
    from newsdesk.text.embed import UseMultilingualEmbedder

    return UseMultilingualEmbedder()
