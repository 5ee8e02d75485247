"""The README stays honest about the command line: every command it shows exists, and
every command that exists is shown."""

from __future__ import annotations

import re

import typer

from newsdesk.cli import app
from tests.conftest import REPO_ROOT


def _commands() -> set[str]:
    """Every command and sub-command, as typed after `newsdesk`."""
    root = typer.main.get_command(app)
    names: set[str] = set()
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", {})
        names |= {f"{name} {sub}" for sub in subcommands} if subcommands else {name}
    return names


def _shown_in_readme() -> set[str]:
    """The commands the README's code blocks show (`newsdesk NAME [SUB]` at a line start)."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"^```[a-z]*\n(.*?)^```", readme, re.MULTILINE | re.DOTALL))
    shown: set[str] = set()
    for words in re.findall(r"^newsdesk ([a-z-]+(?: [a-z][a-z|-]*)?)", code, re.MULTILINE):
        name, _, sub = words.partition(" ")
        shown |= {f"{name} {s}" for s in sub.split("|")} if sub else {name}
        shown.add(name)
    return shown


def test_every_command_is_in_the_readme() -> None:
    shown = _shown_in_readme()
    assert sorted(c for c in _commands() if c not in shown) == []


def test_every_command_the_readme_shows_exists() -> None:
    commands = _commands()
    groups = {c.split(" ")[0] for c in commands}
    unknown = [c for c in _shown_in_readme() if c not in commands and c not in groups]
    assert unknown == []
