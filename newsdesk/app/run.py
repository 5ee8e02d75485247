"""The main job (`newsdesk run`): subscribe the desk's sources, fetch, cluster, and make
the desk's edition when due, publishing it unless the desk asks for review. Also the
first-run set-up it starts with (`newsdesk init`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path

from newsdesk.app.collect import fetch
from newsdesk.app.editions import load_desk, make_edition
from newsdesk.app.listener import Listener
from newsdesk.app.stories import cluster
from newsdesk.app.subscriptions import subscribe_desk_sources
from newsdesk.config import CONFIG_FILE, Settings
from newsdesk.ingest.subscriptions.subscribe import import_opml
from newsdesk.publish.outputs import check_email_settings
from newsdesk.store import Source, Store

__all__ = ["DEFAULT_CONFIG", "RunOptions", "default_desk_opml", "initialise", "run"]

DEFAULT_CONFIG = """\
# newsdesk settings. Environment variables override these:
# NEWSDESK_HOME, NEWSDESK_DATABASE_URL, NEWSDESK_ALLOWED_NETWORKS.

# database_url = "postgresql+psycopg://newsdesk@127.0.0.1/newsdesk"
# allowed_networks = ["10.0.0.0/8"]   # intranet feeds that may be fetched
desk = "china-tech"

[fetch]
max_connections = 16
per_host = 2
interval_minutes = 60
full_text = true

# Every desk's defaults; a desk's own TOML overrides them key by key. Left commented,
# each follows newsdesk's default (benches may tune them in a later version).
# [writer]
# backend = "extractive"        # or "llm": set [llm] endpoint and model
# words_per_paragraph = 56
# lead_paragraphs = 3

# [llm]                         # the model of the llm writer (OpenAI-compatible API)
# endpoint = "http://127.0.0.1:8080/v1"
# model = "qwen2.5-7b-instruct"
# api_key_env = "NEWSDESK_LLM_KEY"   # the variable holding the key: never the key itself
# timeout = 60
# concurrency = 4

# [ranking]                     # points per signal; see README "Configuration"
# outlets = 3.0
# relevance = 2.5

# [diversity]
# near_duplicate_cosine = 0.92
# near_duplicate_titles = 0.6
"""


@dataclass(frozen=True)
class RunOptions:
    """How to run the main job: the desk (None: the configured one), whether to fetch,
    whether to make an edition even when the cadence says none is due, and where its
    window ends (None: now)."""

    desk: str | None = None
    fetch: bool = True
    force: bool = False
    window_end: datetime | None = None


def default_desk_opml(name: str) -> Path:
    """The OPML source list shipped with the package for a built-in desk."""
    return Path(str(resources.files("newsdesk.desks").joinpath(f"{name}.opml")))


def initialise(settings: Settings, store: Store, *, with_sources: bool = True) -> int:
    """Write a default config file and subscribe to the default desk's sources once.

    Returns how many sources were added (0 when the store already had sources).
    """
    config = settings.home / CONFIG_FILE
    if not config.exists():
        config.write_text(DEFAULT_CONFIG, encoding="utf-8")
    with store.session() as session:
        has_sources = session.query(Source.id).first() is not None
    if not with_sources or has_sources:
        return 0
    return import_opml(store, default_desk_opml(settings.default_desk),
                       interval_minutes=settings.fetch.interval_minutes).added


def run(settings: Settings, store: Store, options: RunOptions, listener: Listener) -> str:
    """The main job; returns one line saying what became of the edition."""
    initialise(settings, store, with_sources=False)
    desk = load_desk(settings, options.desk)
    if not desk.review.required:  # it will publish: refuse bad e-mail settings now
        check_email_settings(desk)
    subscribe_desk_sources(settings, store, desk, listener)
    if options.fetch:
        fetch(settings, store, listener)
    cluster(settings, store, listener)
    return make_edition(settings, store, desk, listener, window_end=options.window_end,
                        force=options.force)
