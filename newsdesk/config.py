"""Settings: a TOML file in the data directory, overridden by the environment.

Precedence (highest first): environment variables, `$NEWSDESK_HOME/config.toml`, defaults.

- `NEWSDESK_HOME`: the data directory (default `$XDG_DATA_HOME/newsdesk`, i.e.
  `~/.local/share/newsdesk`). It holds `config.toml`, the SQLite database `newsdesk.db`,
  desks (`desks/*.toml`) and published output.
- `NEWSDESK_DATABASE_URL` / `database_url`: an SQLAlchemy URL; PostgreSQL in production,
  e.g. `postgresql+psycopg://user@host/newsdesk`. Default: SQLite in the data directory.
- `NEWSDESK_EMBEDDER` / `embedder`: the embedding backend, `use-multilingual-v3` (default,
  offline) or `hashing` (no model; fast, for tests and model-free runs).
- `NEWSDESK_ALLOWED_NETWORKS` / `allowed_networks`: comma-separated networks that fetches
  may reach although they are private or loopback (empty by default).
- `[fetch]` and `[engine]`: the house-wide options of `newsdesk.options` (`FetchSettings`,
  `EngineSettings`), each checked against its range.
- `[writer]`, `[llm]`, `[ranking]` and `[diversity]`: the house's defaults for every desk
  (`DeskDefaults`); a desk's TOML overrides them key by key. `[llm]` says where the model
  is (`LlmSettings`); its API key is never in a file, only in the variable `api_key_env`
  names.
- Credentials are read from environment variables a desk names (`credential`), and the
  publishing test hooks from theirs (`publish_fault_delay`, `publish_kill_point`): no other
  module reads the environment for settings.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from newsdesk.errors import NewsdeskError
from newsdesk.options import (
    DeskDefaults,
    DiversitySettings,
    EngineSettings,
    FetchSettings,
    LlmSettings,
    Network,
    RankingWeights,
    WriterSettings,
    read_options,
)

CONFIG_FILE = "config.toml"
HOME_VARIABLE = "NEWSDESK_HOME"
KNOWN_KEYS = {"database_url", "allowed_networks", "fetch", "engine", "desk", "embedder",
              "writer", "llm", "ranking", "diversity"}
LLM_ENDPOINT = ("must be the http(s) address of an OpenAI-compatible API, "
                "e.g. http://127.0.0.1:8080/v1")
# Test hooks of publishing (see newsdesk.publish.atomic): seconds to sleep after each site
# file and around the switch, so crash-safety tests can SIGKILL a build in every phase; and
# `STEP` or `STEP:N` (the N-th time) at which publishing SIGKILLs itself.
FAULT_DELAY_VARIABLE = "NEWSDESK_PUBLISH_FAULT_DELAY"
KILL_AT_VARIABLE = "NEWSDESK_PUBLISH_KILL_AT"


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know about where things live and how to behave."""

    home: Path
    database_url: str
    fetch: FetchSettings = FetchSettings()
    engine: EngineSettings = EngineSettings()
    default_desk: str = "china-tech"
    embedder: str = "use-multilingual-v3"
    desks: DeskDefaults = DeskDefaults()  # every desk's options unless its TOML sets them

    @property
    def config_path(self) -> Path:
        return self.home / CONFIG_FILE

    @property
    def allowed_networks(self) -> tuple[Network, ...]:
        """Private or loopback networks that fetches may reach all the same."""
        return self.fetch.allowed_networks


def default_home() -> Path:
    """The data directory when NEWSDESK_HOME is not set."""
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "newsdesk"


def parse_networks(value: str | list[str] | None, *, origin: str) -> tuple[Network, ...]:
    """Parse a comma-separated list (or TOML list) of networks such as `127.0.0.0/8,::1`."""
    if not value:
        return ()
    items = value.split(",") if isinstance(value, str) else value
    networks: list[Network] = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise NewsdeskError(f"{origin}: {item!r} is not a network (e.g. 10.0.0.0/8)") from None
    return tuple(networks)


def read_config_file(path: Path) -> dict:
    """Read the TOML config file; a missing file is an empty config."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise NewsdeskError(f"{path}: not valid TOML: {exc}") from None
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise NewsdeskError(f"{path}: unknown setting {sorted(unknown)[0]!r}")
    return data


def credential(variable: str | None) -> str | None:
    """The value of the environment variable `variable`, which a desk names for a
    credential (SMTP user name and password, the LLM's API key); None when it is not
    named or not set. Credentials never come from files: this is where they are read."""
    return os.environ.get(variable) if variable else None


def publish_fault_delay() -> float:
    """Test hook: seconds to pause mid-publish, from NEWSDESK_PUBLISH_FAULT_DELAY (0: none)."""
    return float(os.environ.get(FAULT_DELAY_VARIABLE) or 0)


def publish_kill_point() -> str | None:
    """Test hook: the publishing step (`step` or `step:N`) at which to SIGKILL the
    process, from NEWSDESK_PUBLISH_KILL_AT; None in normal runs."""
    return os.environ.get(KILL_AT_VARIABLE) or None


def _table(data: dict, name: str, path: Path) -> dict:
    """The TOML table `[name]` of the config file (empty when absent)."""
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise NewsdeskError(f"{path}: {name} must be a table ([{name}]), not {table!r}")
    return table


def load_settings(home: Path | None = None) -> Settings:
    """Load settings from the data directory's config file and the environment."""
    home = home or Path(os.environ.get(HOME_VARIABLE) or default_home())
    home = home.expanduser()
    path = home / CONFIG_FILE
    data = read_config_file(path)
    database_url = (
        os.environ.get("NEWSDESK_DATABASE_URL")
        or data.get("database_url")
        or f"sqlite:///{home / 'newsdesk.db'}"
    )
    return Settings(
        home=home,
        database_url=database_url,
        fetch=read_options(FetchSettings, _table(data, "fetch", path), path, "fetch",
                           FetchSettings(allowed_networks=_allowed_networks(data, path))),
        engine=read_options(EngineSettings, _table(data, "engine", path), path, "engine"),
        desks=_desk_defaults(data, path),
        default_desk=data.get("desk", "china-tech"),
        embedder=os.environ.get("NEWSDESK_EMBEDDER") or data.get("embedder", "use-multilingual-v3"),
    )


def _allowed_networks(data: dict, path: Path) -> tuple[Network, ...]:
    """NEWSDESK_ALLOWED_NETWORKS if set (even empty), else the config file's list."""
    env_networks = os.environ.get("NEWSDESK_ALLOWED_NETWORKS")
    if env_networks is not None:
        return parse_networks(env_networks, origin="NEWSDESK_ALLOWED_NETWORKS")
    return parse_networks(data.get("allowed_networks"), origin=str(path))


def _desk_defaults(data: dict, path: Path) -> DeskDefaults:
    """The house's defaults for every desk: `[writer]` (with `[llm]`), `[ranking]` and
    `[diversity]`."""
    writer = read_options(WriterSettings, _table(data, "writer", path), path, "writer",
                          WriterSettings(llm=_llm(data, path)))
    if writer.backend == "llm" and not (writer.llm.endpoint and writer.llm.model):
        raise NewsdeskError(f"{path}: [writer] backend 'llm' needs [llm] endpoint and model")
    return DeskDefaults(
        writer=writer,
        ranking=read_options(RankingWeights, _table(data, "ranking", path), path, "ranking"),
        diversity=read_options(DiversitySettings, _table(data, "diversity", path), path,
                               "diversity"),
    )


def _llm(data: dict, path: Path) -> LlmSettings:
    """`[llm]`: where the model is and how long to wait for it; never its API key."""
    table = _table(data, "llm", path)
    if "api_key" in table:
        raise NewsdeskError(f"{path}: [llm] api_key is not read from a file: put the key in "
                            "an environment variable and name it in api_key_env")
    llm = read_options(LlmSettings, table, path, "llm")
    if llm.endpoint and not llm.endpoint.startswith(("http://", "https://")):
        raise NewsdeskError(f"{path}: [llm] endpoint {LLM_ENDPOINT}, not {llm.endpoint!r}")
    return llm
