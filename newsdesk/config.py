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
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from newsdesk.errors import NewsdeskError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

CONFIG_FILE = "config.toml"
HOME_VARIABLE = "NEWSDESK_HOME"
KNOWN_KEYS = {"database_url", "allowed_networks", "fetch", "desk", "embedder"}
FETCH_KEYS = {
    "max_connections",
    "per_host",
    "connect_timeout",
    "read_timeout",
    "total_timeout",
    "max_body_bytes",
    "max_items",
    "interval_minutes",
    "full_text",
}
FETCH_RANGES: dict[str, tuple[float, float]] = {
    "max_connections": (1, 1024),
    "per_host": (1, 64),
    "connect_timeout": (0.1, 3600),
    "read_timeout": (0.1, 3600),
    "total_timeout": (0.1, 86400),
    "max_body_bytes": (1024, 2**31 - 1),
    "max_items": (1, 1_000_000),
    "interval_minutes": (1, 525_600),
}
"""The accepted range of each number of [fetch] (bounds included); timeouts in seconds."""


@dataclass(frozen=True)
class FetchSettings:
    """Politeness and resource limits for fetching sources and article pages."""

    max_connections: int = 16
    per_host: int = 2
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_body_bytes: int = 10 * 2**20
    max_items: int = 1000
    interval_minutes: int = 60
    full_text: bool = True


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know about where things live and how to behave."""

    home: Path
    database_url: str
    allowed_networks: tuple[Network, ...] = ()
    fetch: FetchSettings = field(default_factory=FetchSettings)
    default_desk: str = "china-tech"
    embedder: str = "use-multilingual-v3"

    @property
    def config_path(self) -> Path:
        return self.home / CONFIG_FILE


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


def _fetch_settings(raw: dict, path: Path) -> FetchSettings:
    unknown = set(raw) - FETCH_KEYS
    if unknown:
        raise NewsdeskError(f"{path}: unknown [fetch] setting {sorted(unknown)[0]!r}")
    for key, value in raw.items():
        _check_fetch_value(key, value, FetchSettings.__dataclass_fields__[key].type, path)
    return FetchSettings(**raw)


def _check_fetch_value(key: str, value: object, kind: object, path: Path) -> None:
    """Refuse a [fetch] value of the wrong type, or a number that is not finite and in range."""
    where = f"{path}: [fetch] {key}"
    if kind == "bool":
        if not isinstance(value, bool):
            raise NewsdeskError(f"{where} must be true or false, not {value!r}")
        return
    allowed = int if kind == "int" else (int, float)
    if isinstance(value, bool) or not isinstance(value, allowed):
        raise NewsdeskError(f"{where} must be {'a whole' if kind == 'int' else 'a'} number, "
                            f"not {value!r}")
    low, high = FETCH_RANGES[key]
    if not low <= value <= high:  # also false for nan; inf is out of range
        shown = repr(value) if abs(value) < 1e30 or isinstance(value, float) else "larger"
        raise NewsdeskError(f"{where} must be between {low:g} and {high:g}, not {shown}")


def load_settings(home: Path | None = None) -> Settings:
    """Load settings from the data directory's config file and the environment."""
    home = home or Path(os.environ.get(HOME_VARIABLE) or default_home())
    home = home.expanduser()
    data = read_config_file(home / CONFIG_FILE)
    database_url = (
        os.environ.get("NEWSDESK_DATABASE_URL")
        or data.get("database_url")
        or f"sqlite:///{home / 'newsdesk.db'}"
    )
    env_networks = os.environ.get("NEWSDESK_ALLOWED_NETWORKS")
    if env_networks is not None:
        networks = parse_networks(env_networks, origin="NEWSDESK_ALLOWED_NETWORKS")
    else:
        networks = parse_networks(data.get("allowed_networks"), origin=str(home / CONFIG_FILE))
    return Settings(
        home=home,
        database_url=database_url,
        allowed_networks=networks,
        fetch=_fetch_settings(data.get("fetch", {}), home / CONFIG_FILE),
        default_desk=data.get("desk", "china-tech"),
        embedder=os.environ.get("NEWSDESK_EMBEDDER") or data.get("embedder", "use-multilingual-v3"),
    )
