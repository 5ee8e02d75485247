"""Settings: the config file, environment overrides and clear errors."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from newsdesk.config import load_settings, parse_networks
from newsdesk.errors import NewsdeskError


def test_defaults_put_sqlite_in_the_data_directory(isolated_home: Path) -> None:
    settings = load_settings()
    assert settings.home == isolated_home
    assert settings.database_url == f"sqlite:///{isolated_home / 'newsdesk.db'}"


def test_environment_overrides_the_config_file(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (isolated_home / "config.toml").write_text(
        'database_url = "sqlite:////tmp/from-file.db"\nallowed_networks = ["10.0.0.0/8"]\n'
    )
    monkeypatch.delenv("NEWSDESK_ALLOWED_NETWORKS")
    from_file = load_settings()
    assert from_file.database_url == "sqlite:////tmp/from-file.db"
    assert from_file.allowed_networks == (ipaddress.ip_network("10.0.0.0/8"),)
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", "postgresql://x@127.0.0.1/y")
    monkeypatch.setenv("NEWSDESK_ALLOWED_NETWORKS", "192.168.0.0/16")
    from_env = load_settings()
    assert from_env.database_url == "postgresql://x@127.0.0.1/y"
    assert from_env.allowed_networks == (ipaddress.ip_network("192.168.0.0/16"),)


def test_allowed_networks_are_empty_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSDESK_ALLOWED_NETWORKS")
    assert load_settings().allowed_networks == ()


def test_bad_network_is_a_clear_error() -> None:
    with pytest.raises(NewsdeskError, match="'banana' is not a network"):
        parse_networks("127.0.0.0/8, banana", origin="NEWSDESK_ALLOWED_NETWORKS")


def test_unknown_or_broken_settings_are_clear_errors(isolated_home: Path) -> None:
    config = isolated_home / "config.toml"
    config.write_text("databse_url = 'x'\n")
    with pytest.raises(NewsdeskError, match="unknown setting 'databse_url'"):
        load_settings()
    config.write_text("[fetch]\nper_hots = 3\n")
    with pytest.raises(NewsdeskError, match="unknown \\[fetch\\] setting 'per_hots'"):
        load_settings()
    config.write_text("this is = = not toml")
    with pytest.raises(NewsdeskError, match="not valid TOML"):
        load_settings()
