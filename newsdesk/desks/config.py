"""Desks: a beat configured in TOML (sources, filters, window, layout, review, outputs,
and the desk's options: writer, ranking weights, diversity and its entity tables). The
desk's options start from the house's defaults (`DeskDefaults`, from `config.toml`) and its
own tables override them key by key.

A desk file is validated strictly: an unknown key, a bad regex, a bad duration or a value of
the wrong type is a `NewsdeskError` naming the file and the table, never a silent default.
Desks are looked up in `$NEWSDESK_HOME/desks/NAME.toml` first, then among the built-in desks
shipped beside this module; several desks share one store.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsdesk.desks.table import StrictTable
from newsdesk.errors import NewsdeskError
from newsdesk.options import (
    WRITER_BACKENDS,
    DeskDefaults,
    DiversitySettings,
    LlmSettings,
    RankingWeights,
    WriterSettings,
    read_options,
    settable,
)

BUILT_IN_DESKS = Path(__file__).parent
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")
DURATION = re.compile(r"^\s*0*([0-9]+)\s*([hdw])\s*$")
DURATION_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
MAX_DURATION = timedelta(days=36525)  # a century: longer windows overflow the calendar
CADENCES = {"daily": timedelta(days=1), "weekly": timedelta(weeks=1)}


@dataclass(frozen=True)
class DeskSources:
    """Where the desk's articles come from: an OPML file (absolute path) and/or feed URLs."""

    opml: Path | None = None
    urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeskFilters:
    """What a story must (not) be about to be considered for the desk at all."""

    include_keywords: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()
    include_regex: tuple[re.Pattern[str], ...] = ()
    exclude_regex: tuple[re.Pattern[str], ...] = ()
    languages: tuple[str, ...] = ()
    min_sources: int = 1


@dataclass(frozen=True)
class DeskSchedule:
    """How far back an edition looks (`window`) and how often one is made (`cadence`)."""

    window: timedelta = timedelta(days=7)
    cadence: timedelta = timedelta(days=7)


@dataclass(frozen=True)
class DeskLayout:
    """How many lead stories and list items an edition has, and how diverse its leads are."""

    leads: int = 3
    also: int = 8
    max_leads_per_entity: int = 2


@dataclass(frozen=True)
class DeskReview:
    """Whether an editor approves each edition before it is published."""

    required: bool = False


@dataclass(frozen=True)
class EmailOutput:
    """Sending an edition by e-mail. Credentials come from the environment, never the file."""

    recipients: tuple[str, ...]
    sender: str
    smtp_host: str
    smtp_port: int = 587
    starttls: bool = True
    username: str | None = None
    username_env: str | None = None
    password_env: str | None = None
    unsubscribe: str | None = None


@dataclass(frozen=True)
class DeskOutputs:
    """What publishing writes. A relative `site_dir` is resolved against the data directory.
    `site_url`, where the site is served (ending in /), makes the feed's and the e-mail's
    links absolute and gives the e-mail its "view in browser" link."""

    site_dir: Path = Path("site")
    feed: bool = True
    markdown: bool = True
    email: EmailOutput | None = None
    site_url: str | None = None

    def site_path(self, home: Path) -> Path:
        """The site directory, relative paths taken from the data directory `home`."""
        return self.site_dir if self.site_dir.is_absolute() else home / self.site_dir




@dataclass(frozen=True)
class Desk:
    """One configured beat. `description` doubles as the text of the desk's relevance profile."""

    name: str
    title: str
    description: str
    language: str
    path: Path
    sources: DeskSources = DeskSources()
    filters: DeskFilters = DeskFilters()
    schedule: DeskSchedule = DeskSchedule()
    layout: DeskLayout = DeskLayout()
    review: DeskReview = DeskReview()
    outputs: DeskOutputs = DeskOutputs()
    writer: WriterSettings = WriterSettings()
    ranking: RankingWeights = RankingWeights()
    diversity: DiversitySettings = DiversitySettings()


SCHEMA: dict[str, set[str]] = {
    "": {
        "name", "title", "description", "language",
        "sources", "filters", "schedule", "layout", "review", "outputs", "writer",
        "ranking", "diversity",
    },
    "writer": {*settable(LlmSettings), *settable(WriterSettings)},
    "diversity": {"entities", "not_entities", *settable(DiversitySettings)},
    "sources": {"opml", "urls"},
    "filters": {
        "include_keywords", "exclude_keywords", "include_regex", "exclude_regex",
        "languages", "min_sources",
    },
    "schedule": {"window", "cadence"},
    "layout": {"leads", "also", "max_leads_per_entity"},
    "review": {"required"},
    "outputs": {"site_dir", "site_url", "feed", "markdown", "email"},
    "outputs.email": {
        "recipients", "sender", "smtp_host", "smtp_port", "starttls",
        "username", "username_env", "password_env", "unsubscribe",
    },
}


def parse_duration(text: str) -> timedelta:
    """Parse a duration such as `36h`, `7d` or `2w`; a clear error for anything else."""
    match = DURATION.match(text)
    if not match or int(match.group(1)[:10]) == 0:
        raise NewsdeskError(f"bad duration {text!r} (use e.g. 36h, 7d, 2w)")
    digits, unit = match.group(1), DURATION_UNITS[match.group(2)]
    if len(digits) > 9 or int(digits) > MAX_DURATION // unit:
        raise NewsdeskError(f"duration {text.strip()!r} is too long (at most 100 years)")
    return int(digits) * unit


def _duration(table: StrictTable, key: str, default: timedelta) -> timedelta:
    text = table.text(key)
    if text is None:
        return default
    if key == "cadence" and text in CADENCES:
        return CADENCES[text]
    try:
        return parse_duration(text)
    except NewsdeskError as exc:
        raise table.fail(key, f"is a {exc}") from None


def _regexes(table: StrictTable, key: str) -> tuple[re.Pattern[str], ...]:
    patterns = []
    for pattern in table.texts(key):
        try:
            patterns.append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise table.fail(key, f"has a bad regex {pattern!r}: {exc}") from None
    return tuple(patterns)


def _read_sources(table: StrictTable | None, desk_file: Path) -> DeskSources:
    if table is None:
        return DeskSources()
    opml = table.text("opml")
    urls = table.texts("urls")
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise table.fail("urls", f"has {url!r}, which is not an http(s) URL")
    return DeskSources(opml=(desk_file.parent / opml).resolve() if opml else None, urls=urls)


def _read_filters(table: StrictTable | None) -> DeskFilters:
    if table is None:
        return DeskFilters()
    return DeskFilters(
        include_keywords=table.texts("include_keywords"),
        exclude_keywords=table.texts("exclude_keywords"),
        include_regex=_regexes(table, "include_regex"),
        exclude_regex=_regexes(table, "exclude_regex"),
        languages=tuple(code.lower() for code in table.texts("languages")),
        min_sources=table.count("min_sources", 1, minimum=1),
    )


def _read_schedule(table: StrictTable | None) -> DeskSchedule:
    if table is None:
        return DeskSchedule()
    defaults = DeskSchedule()
    return DeskSchedule(
        window=_duration(table, "window", defaults.window),
        cadence=_duration(table, "cadence", defaults.cadence),
    )


def _read_layout(table: StrictTable | None) -> DeskLayout:
    if table is None:
        return DeskLayout()
    defaults = DeskLayout()
    return DeskLayout(
        leads=table.count("leads", defaults.leads, minimum=1),
        also=table.count("also", defaults.also),
        max_leads_per_entity=table.count(
            "max_leads_per_entity", defaults.max_leads_per_entity, minimum=1
        ),
    )


def _read_email(table: StrictTable | None) -> EmailOutput | None:
    if table is None:
        return None
    recipients = table.texts("recipients")
    if not recipients:
        raise table.fail("recipients", "must list at least one address")
    sender = table.text("sender", required=True)
    for key, address in [("recipients", r) for r in recipients] + [("sender", sender)]:
        if "@" not in address:
            raise table.fail(key, f"has {address!r}, which is not an e-mail address")
    unsubscribe = table.text("unsubscribe")
    if unsubscribe is not None and not unsubscribe.startswith(("mailto:", "https://")):
        raise table.fail("unsubscribe", "must be a mailto: or https:// address")
    return EmailOutput(
        recipients=recipients,
        sender=sender,
        smtp_host=table.text("smtp_host", required=True),
        smtp_port=table.count("smtp_port", 587, minimum=1),
        starttls=table.value("starttls", bool, True),
        username=table.text("username"),
        username_env=table.text("username_env"),
        password_env=table.text("password_env"),
        unsubscribe=unsubscribe,
    )


def _read_writer(table: StrictTable | None, house: WriterSettings) -> WriterSettings:
    """The house's writer (`[writer]` and `[llm]` of config.toml), the desk's `[writer]`
    keys over it."""
    if table is None:
        return house
    backend = table.text("backend", house.backend)
    if backend not in WRITER_BACKENDS:
        raise table.fail("backend", f"is {backend!r}; use one of {', '.join(WRITER_BACKENDS)}")
    llm = read_options(LlmSettings, _settings_of(table, LlmSettings), table.path, "writer",
                       house.llm)
    if backend == "llm":
        if not llm.endpoint.startswith(("http://", "https://")):
            raise table.fail("endpoint", "must be the http(s) address of an OpenAI-compatible "
                                         "API for the llm backend, e.g. http://127.0.0.1:8080/v1")
        if not llm.model.strip():
            raise table.fail("model", "is required for the llm backend")
    return read_options(WriterSettings, _settings_of(table, WriterSettings), table.path,
                        "writer", replace(house, backend=backend, llm=llm))


def _settings_of(table: StrictTable, kind: type) -> dict[str, Any]:
    """The keys of `table` that are settings of options class `kind`."""
    return {key: value for key, value in table.data.items() if key in settable(kind)}


def _read_diversity(table: StrictTable | None, house: DiversitySettings) -> DiversitySettings:
    """The house's near-duplicate thresholds with the desk's over them, and the desk's
    entity tables (empty unless set)."""
    if table is None:
        return house
    tables = replace(
        house,
        entities=_entities(table),
        not_entities=frozenset(word.casefold() for word in table.texts("not_entities")),
    )
    return read_options(DiversitySettings, _settings_of(table, DiversitySettings), table.path,
                        "diversity", tables)


def _entities(table: StrictTable) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`[diversity.entities]`: each company's name and the names it goes by, in file order."""
    entities = table.value("entities", dict, {})
    for name, aliases in entities.items():
        if not isinstance(aliases, list) or not all(
                isinstance(alias, str) and alias.strip() for alias in aliases):
            raise table.fail("entities", f"{name!r} must be a list of non-empty strings "
                                         "(the names it goes by)")
    return tuple((name, tuple(aliases)) for name, aliases in entities.items())


def _read_outputs(table: StrictTable | None) -> DeskOutputs:
    if table is None:
        return DeskOutputs()
    return DeskOutputs(
        site_dir=Path(table.text("site_dir", "site")).expanduser(),
        feed=table.value("feed", bool, True),
        markdown=table.value("markdown", bool, True),
        email=_read_email(table.table("email")),
        site_url=_site_url(table),
    )


def _site_url(table: StrictTable) -> str | None:
    """The site's public address, with a trailing slash so pages resolve beneath it."""
    url = table.text("site_url")
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(
            ch.isspace() for ch in url) or parts.query or parts.fragment:
        raise table.fail("site_url", f"has {url!r}; use the site's http(s) address, "
                                     "e.g. https://news.example/china-tech/")
    return url if url.endswith("/") else url + "/"


def read_desk_file(path: Path) -> dict[str, Any]:
    """The TOML of a desk file; a clear error when it is missing or not TOML."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NewsdeskError(f"{path}: no such desk file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise NewsdeskError(f"{path}: cannot read the desk file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise NewsdeskError(f"{path}: not valid TOML: {exc}") from None


def load_desk(path: Path | str, defaults: DeskDefaults = DeskDefaults()) -> Desk:
    """Load and validate one desk file, its options over the house's `defaults`. Its name
    defaults to the file name without `.toml`."""
    path = Path(path)
    top = StrictTable(read_desk_file(path), "", path, SCHEMA)
    name = top.text("name", path.stem)
    if not SLUG.match(name):
        raise top.fail("name", f"{name!r} must be a slug (lowercase letters, digits, dashes)")
    language = top.text("language", "en").lower()
    if not LANGUAGE.match(language):
        raise top.fail("language", f"{language!r} must be a language code such as en or zh")
    review = top.table("review")
    return Desk(
        name=name,
        title=top.text("title", required=True),
        description=top.text("description", required=True),
        language=language,
        path=path.resolve(),
        sources=_read_sources(top.table("sources"), path),
        filters=_read_filters(top.table("filters")),
        schedule=_read_schedule(top.table("schedule")),
        layout=_read_layout(top.table("layout")),
        review=DeskReview(review.value("required", bool, False)) if review else DeskReview(),
        outputs=_read_outputs(top.table("outputs")),
        writer=_read_writer(top.table("writer"), defaults.writer),
        ranking=read_options(RankingWeights, top.value("ranking", dict, {}), path, "ranking",
                             defaults.ranking),
        diversity=_read_diversity(top.table("diversity"), defaults.diversity),
    )


def desk_directories(settings_home: Path) -> list[Path]:
    """Where desks are looked up, first match wins: the user's, then the built-in ones."""
    return [settings_home / "desks", BUILT_IN_DESKS]


def find_desk(name: str, settings_home: Path, defaults: DeskDefaults = DeskDefaults()) -> Desk:
    """The desk called `name`: `$NEWSDESK_HOME/desks/NAME.toml`, else the built-in one; its
    options over the house's `defaults` (`Settings.desks`)."""
    if not SLUG.match(name):
        raise NewsdeskError(f"{name!r} is not a desk name (lowercase letters, digits, dashes)")
    for directory in desk_directories(settings_home):
        candidate = directory / f"{name}.toml"
        if candidate.is_file():
            desk = load_desk(candidate, defaults)
            if desk.name != name:
                raise NewsdeskError(f"{candidate}: declares name {desk.name!r}, not {name!r}")
            return desk
    known = ", ".join(list_desk_names(settings_home)) or "none"
    raise NewsdeskError(f"no desk {name!r} (known desks: {known})")


def list_desk_names(settings_home: Path) -> list[str]:
    """Names of every desk available, the user's and the built-in ones, sorted."""
    names = {
        path.stem
        for directory in desk_directories(settings_home)
        if directory.is_dir()
        for path in directory.glob("*.toml")
        if SLUG.match(path.stem)
    }
    return sorted(names)
