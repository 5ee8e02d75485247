"""The options tree: every tunable of newsdesk in one place, each default defined once.

One frozen dataclass per concern. The house-wide ones are read from `config.toml`
(`[fetch]`, `[engine]`; see `newsdesk.config`), the per-desk ones from a desk's TOML
(`[ranking]`, `[writer]`, `[diversity]`; see `newsdesk.desks.config`), over the house's
defaults for every desk (`DeskDefaults`: `config.toml`'s `[ranking]`, `[writer]`, `[llm]`,
`[diversity]`). README's "Configuration" lists every key. A field made with `setting()`
may be set by a user within its range (bounds included) or among its choices; the others
are fixed in code. The comment on each default says where its value comes from: the bench
that chose it, or that no bench did.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

from newsdesk import __version__
from newsdesk.errors import NewsdeskError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Options = TypeVar("Options")


def setting(default: Any, low: float | None = None, high: float | None = None, *,
            choices: Sequence[str] = ()) -> Any:
    """A field a user may set: a number within `low`..`high` (bounds included) if given,
    a text among `choices` if given."""
    return field(default=default, metadata={"range": (low, high), "choices": tuple(choices)})


@dataclass(frozen=True)
class FetchSettings:
    """How politely and how defensively to fetch sources and article pages (`[fetch]`).
    Sizes in bytes, times in seconds."""

    # Politeness limits: conventional crawler values, not tuned by a bench.
    user_agent: str = f"newsdesk/{__version__} (+https://github.com/newsdesk/newsdesk; feed reader)"
    max_connections: int = setting(16, 1, 1024)  # the load BENCHMARKS.md "Fetcher" measures
    per_host: int = setting(2, 1, 64)  # politeness: two at a time per host, no bench
    connect_timeout: float = setting(10.0, 0.1, 3600)  # no bench: a slow host's handshake
    read_timeout: float = setting(20.0, 0.1, 3600)  # no bench: a slow feed's next bytes
    total_timeout: float = setting(60.0, 0.1, 86400)  # no bench: one fetch, all redirects
    # Hostile input (BENCHMARKS.md "Hostile input and crash safety"): caps, not tuning.
    max_body_bytes: int = setting(10 * 2**20, 1024, 2**31 - 1)
    max_decoded_bytes: int = setting(20 * 2**20, 1024, 2**31 - 1)  # after gzip/br
    max_redirects: int = setting(5, 0, 20)  # browsers' order of magnitude, no bench
    # Where fetches may go although private: top-level `allowed_networks`, not [fetch].
    allowed_networks: tuple[Network, ...] = ()
    max_items: int = setting(1000, 1, 1_000_000)  # items read per feed: a cap, no bench
    interval_minutes: int = setting(60, 1, 525_600)  # default poll interval, no bench
    full_text: bool = setting(True)  # fetch article pages (BENCHMARKS.md "Full-text extraction")

    def __post_init__(self) -> None:
        """Refuse limits that would deadlock or disable a defence, with a one-line reason."""
        at_least_one = ("max_connections", "per_host", "max_body_bytes", "max_decoded_bytes")
        for name in at_least_one:
            if getattr(self, name) < 1:
                raise NewsdeskError(f"fetch policy: {name} must be at least 1")
        for name in ("connect_timeout", "read_timeout", "total_timeout"):
            if not getattr(self, name) > 0:
                raise NewsdeskError(f"fetch policy: {name} must be more than 0 seconds")
        if self.max_redirects < 0:
            raise NewsdeskError("fetch policy: max_redirects cannot be negative")


@dataclass(frozen=True)
class EngineSettings:
    """The one configuration of the story engine, the same for every stream (`[engine]`).
    A saved engine keeps the settings it was started with (they shape its state)."""

    # Stories not seen for this many days (by article dates) leave the active set: two
    # weeks, no bench (the story sets span days; a desk's window is at most a week).
    window_days: int = setting(14, 1, 3650)
    # Without dates, stories untouched for this many articles leave the active set (no bench).
    window_articles: int = setting(20_000, 1, 10_000_000)
    # Nearest active stories the join model scores per article (BENCHMARKS.md "Story engine").
    candidates: int = setting(10, 1, 1000)
    # Two stories an article joins this surely are merged: 0.5 and 0.6 were tried and not
    # kept (BENCHMARKS.md "Story engine", session 4).
    merge_probability: float = setting(0.7, 0.0, 1.0)
    # ... and only when their centroids are this similar (cosine; no bench of its own).
    merge_similarity: float = setting(0.8, -1.0, 1.0)
    # Near-copy Jaccard threshold, bench_dedup.py: at 0.8 a short lead with a boilerplate
    # line added is missed half the time; 0.6 keeps precision ~0.99, recall ~0.95.
    copy_threshold: float = setting(0.6, 0.0, 1.0)
    # MinHash permutations of the copy detector (bench_dedup.py; datasketch's LSH bands).
    num_perm: int = setting(64, 16, 1024)


@dataclass(frozen=True)
class RankingWeights:
    """Every number ranking depends on, in one place (a desk's `[ranking]`, over
    `config.toml`'s `[ranking]`).

    Contributions (points at most; a story's score is their sum):
      outlets    distinct outlets of the originals beyond the first (copies never count)
      languages  distinct languages beyond the first
      velocity   originals in the last `velocity_hours` of the window, more when the pace
                 picked up compared with the rest of the window
      recency    halves every `recency_half_life` (a share of the window) since the story
                 was last seen before the window's end
      growth     originals new since the desk last published the story (all, if never)
      relevance  cosine similarity of the story's centroid to the desk's profile vector
      keywords   distinct desk keywords and patterns found in titles and text
    Shapes: a count `n` becomes `n / (n + half)`, so it reaches half its points at `*_half`
    and never exceeds them: the tenth outlet matters less than the second.
    Novelty: a story that led an earlier edition returns only as an update, when it has at
    least `update_growth` times its originals then, or `update_new_outlets` new outlets.
    All values are editorial judgement (issue 4), not fitted: no gold ranking exists.
    """

    outlets: float = setting(3.0, 0, 100)
    languages: float = setting(1.0, 0, 100)
    velocity: float = setting(1.5, 0, 100)
    recency: float = setting(1.5, 0, 100)
    growth: float = setting(1.0, 0, 100)
    relevance: float = setting(2.5, 0, 100)
    keywords: float = setting(1.0, 0, 100)
    outlets_half: float = setting(3.0, 0.01, 1000)
    languages_half: float = setting(1.0, 0.01, 1000)
    velocity_hours: float = setting(48.0, 1, 8760)
    velocity_half: float = setting(3.0, 0.01, 1000)
    recency_half_life: float = setting(0.25, 0.01, 100)
    growth_half: float = setting(4.0, 0.01, 1000)
    keywords_half: float = setting(2.0, 0.01, 1000)
    update_growth: float = setting(1.5, 1, 1000)
    update_new_outlets: int = setting(2, 1, 1000)


@dataclass(frozen=True)
class DiversitySettings:
    """What makes two items of an edition repeats, and which names are entities (a desk's
    `[diversity]`, its thresholds over `config.toml`'s `[diversity]`). `entities` maps a
    canonical name to its aliases (other spellings, other languages, products);
    `not_entities` are capitalised words that name no company on this desk (places,
    demonyms, beat words). Both are the desk's own, empty unless set."""

    # Centroid cosine of near-duplicate stories; BENCHMARKS.md "The edition: one event
    # once": 0.00% wrong merges on allsides-dev and googlenews-ts same-week pairs.
    near_duplicate_cosine: float = setting(0.92, -1.0, 1.0)
    # Jaccard of title words of near-duplicate stories (issue 4; no bench).
    near_duplicate_titles: float = setting(0.6, 0.0, 1.0)
    entities: tuple[tuple[str, tuple[str, ...]], ...] = ()
    not_entities: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LlmSettings:
    """Where the model is: an OpenAI-compatible API (`endpoint` ends before
    `/chat/completions`). The key, if any, is read from the environment variable
    `api_key_env` (see `newsdesk.config.credential`), never from a file. Set in
    `config.toml`'s `[llm]` for every desk, or in a desk's `[writer]`."""

    endpoint: str = setting("")
    model: str = setting("")
    api_key_env: str | None = setting(None)
    # Seconds per answer: a local 7B model's long answer, no bench.
    timeout: float = setting(60.0, 1, 86400)
    evidence: int = setting(12, 2, 1000)  # source sentences offered per story: a short prompt
    concurrency: int = setting(4, 1, 1024)  # questions in flight: a small local server's slots


WRITER_BACKENDS = ("extractive", "llm")


@dataclass(frozen=True)
class WriterSettings:
    """Who writes the stories up and at what length (a desk's `[writer]`, over
    `config.toml`'s `[writer]`): `extractive`
    (the default: no model, no network) or `llm` (see `write.generative`)."""

    backend: str = setting("extractive", choices=WRITER_BACKENDS)
    # About three sentences of 20 words. BENCHMARKS.md "Issue 17, remaining gaps": since each
    # fact is said once, 56 (110 words, the editors' first paragraph 114) scores R-2 17.29
    # on allsides-dev's earlier half against 17.18 at 62 and 16.83-17.05 at 52-54 (held
    # out 15.83 vs 15.81), with fewer repeats and more novelty. (Before issue 17, 62 rather
    # than 55 raised ROUGE-2.)
    words_per_paragraph: int = setting(56, 10, 1000)
    # Paragraphs of a lead story's write-up: editorial layout (issue 4), no bench.
    lead_paragraphs: int = setting(3, 1, 20)
    llm: LlmSettings = LlmSettings()


@dataclass(frozen=True)
class DeskDefaults:
    """The house's defaults for every desk's options (`config.toml`'s `[writer]` with
    `[llm]`, `[ranking]` and `[diversity]`); a desk's own tables override them key by key.
    The entity tables of `[diversity]` are each desk's own."""

    writer: WriterSettings = WriterSettings()
    ranking: RankingWeights = RankingWeights()
    diversity: DiversitySettings = DiversitySettings()


@dataclass(frozen=True)
class CopyRules:
    """How the extractive writer judges sentences: fixed in code (`write.selection`,
    `write.novelty` read them), as BENCHMARKS.md "Write-ups" measured them. Not a user's
    setting: each threshold was chosen against the editors' write-ups, and moving one
    trades quality the benches measure, so a change belongs in a bench, not a config file."""

    # Share of the shorter sentence's content stems found in the other, from which two
    # sentences state one fact (the editors' yardstick, copy_check.py, counts 0.6 and over;
    # we stay under it to leave no near miss).
    same_fact_overlap: float = 0.5
    # The same share when the two sentences also share a number and a name ("2030" and
    # "Biden"): a fact pinned by its figures needs fewer common words to be the same one.
    same_fact_anchored: float = 0.3
    # Share of a sentence's content stems that must be new to the write-up for it to be
    # taken after the first: below it, the sentence mostly says again what is said.
    min_novelty: float = 0.5
    # Content stems besides a shared figure from which two sentences state one fact: "added
    # just 266,000 jobs last month" and "added far fewer jobs than expected, just 266,000"
    # tell the reader the same number twice, however different the rest.
    same_figure_words: int = 2
    # Share of the shorter sentence's content stems found in the other, from which two
    # sentences with different numbers tell one fact with other figures. Lower, sentences
    # of one story giving two figures ("rose 4.2% from a year earlier", "rose 0.8% from
    # March") read as disputes: on allsides-dev 0.5 framed 23 sentences, most no dispute.
    disputed_overlap: float = 0.8
    # Worth of a word pair only one source uses, against 1 for each further source using it:
    # enough to fill the budget with the likeliest single-source copy, never to outbid what
    # outlets agree on.
    single_source_pair: float = 0.1
    # Votes a word pair gets from each source title using it: a headline is its outlet's own
    # summary of the story, so what it names counts like two more sources reporting it
    # (BENCHMARKS.md "Write-ups": alone, ROUGE-2 16.5 -> 16.7 on allsides-dev).
    title_vote: float = 2.0
    # How much more a sentence that says who said or announced it is worth per word:
    # measured on allsides-dev (BENCHMARKS.md): weights of 1.6-4.5 all raise R-2 on both
    # halves, 2 most.
    attributed_weight: float = 2.0
    # A candidate with fewer than this share of its word pairs new says the same thing
    # again and is left out.
    repeated_share: float = 0.5


COPY_RULES = CopyRules()


def settable(kind: type) -> dict[str, Any]:
    """The fields of options class `kind` a user may set, by name."""
    return {f.name: f for f in fields(kind) if "range" in f.metadata}


def read_options(kind: type[Options], values: Mapping[str, Any], path: Path, table: str,
                 base: Options | None = None) -> Options:
    """`base` (default: `kind()`) with `values`, the TOML table `[table]` of `path`, set
    over it. An unknown key, a value of the wrong type or out of range is a one-line
    `NewsdeskError` naming the file, the table and the key."""
    known = settable(kind)
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise NewsdeskError(f"{path}: unknown [{table}] setting {unknown[0]!r}")
    for key, value in values.items():
        _check_value(f"{path}: [{table}] {key}", value, known[key].type, known[key].metadata)
    return replace(base if base is not None else kind(), **values)  # type: ignore[type-var]


def _check_value(where: str, value: object, kind: object, spec: Mapping[str, Any]) -> None:
    """Refuse a value of the wrong type, a number that is not finite and in range, or a
    text that is not one of its choices."""
    if kind == "bool":
        if not isinstance(value, bool):
            raise NewsdeskError(f"{where} must be true or false, not {value!r}")
        return
    if kind in ("str", "str | None"):
        _check_text(where, value, spec["choices"])
        return
    allowed = int if kind == "int" else (int, float)
    if isinstance(value, bool) or not isinstance(value, allowed):
        raise NewsdeskError(f"{where} must be {'a whole' if kind == 'int' else 'a'} number, "
                            f"not {value!r}")
    low, high = spec["range"]
    if not low <= value <= high:  # also false for nan; inf is out of range
        shown = repr(value) if abs(value) < 1e30 or isinstance(value, float) else "larger"
        raise NewsdeskError(f"{where} must be between {low:g} and {high:g}, not {shown}")


def _check_text(where: str, value: object, choices: tuple[str, ...]) -> None:
    if not isinstance(value, str):
        raise NewsdeskError(f"{where} must be a string, not {value!r}")
    if choices and value not in choices:
        raise NewsdeskError(f"{where} must be one of {', '.join(choices)}, not {value!r}")
