"""Random integers, durations, text and file bytes as any command's arguments: the answer is
a result or one line on stderr, never a traceback and never an internal error (issue 20).

Runs in process through `main()`, the console entry point, over one data directory that
the examples share (so later examples meet what earlier ones stored).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.cli import app, main

LONG_RUNNING = {("serve",), ("run",), ("fetch",), ("backfill",), ("worker",)}
"""Commands that, given valid arguments, serve forever, fetch the network or start a Dask
cluster; their argument errors are covered by tests/security/test_one_line_errors.py."""


def leaf_commands() -> list[tuple[tuple[str, ...], Any]]:
    """Every runnable command of the app with its path, e.g. (("source", "add"), cmd)."""
    found = []

    def walk(command: Any, path: tuple[str, ...]) -> None:  # noqa: ANN401
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            found.append((path, command))
        for name, sub in (subcommands or {}).items():
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return [(path, command) for path, command in found if path not in LONG_RUNNING]


COMMANDS = leaf_commands()
INTEGERS = st.integers().map(str) | st.integers(-3, 3).map(str)
DURATIONS = (st.from_regex(r"\A[1-9][0-9]{0,3}[hdw]\Z") | st.from_regex(r"\A[0-9]{8,30}[hdw]\Z")
             | st.from_regex(r"\A-?[0-9]{1,5} ?[a-z]?\Z"))
TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="/\x00"),
               max_size=30)
INTEGER_TYPES = {"int", "int range"}  # the names of Click's types for an int
SUFFIXES = st.sampled_from([".jsonl", ".warc.gz", ".warc", ".opml", ".json", ""])


FUZZED = [(path, param.name) for path, command in COMMANDS for param in command.params
          if param.name != "help" and not getattr(param, "is_flag", False)]
"""Every (command, parameter) that takes a value."""


@st.composite
def command_lines(draw: st.DrawFn, folder: Path, path: tuple[str, ...], fuzzed: str
                  ) -> list[str]:
    """The command at `path` with a random value for its parameter `fuzzed` (a number for
    an integer; else a number, a duration, text or a file of random bytes), and for each
    other argument that file or a plain `x`."""
    command = dict(COMMANDS)[path]
    file = folder / f"input{draw(SUFFIXES)}"
    file.write_bytes(draw(st.binary(max_size=300)))
    param = next(p for p in command.params if p.name == fuzzed)
    values = INTEGERS if param.type.name in INTEGER_TYPES else st.one_of(
        INTEGERS, DURATIONS, TEXT, st.just(str(file)))
    args = [*path]
    for argument in (p for p in command.params if p.param_type_name == "argument"):
        if argument is param:
            args += draw(st.lists(values, min_size=1, max_size=2 if param.nargs == -1 else 1))
        elif argument.nargs != -1:
            args.append(str(file) if argument.type.name == "path" else "x")
    if param.param_type_name == "option":
        args += [draw(st.sampled_from(param.opts)), draw(values)]
    return [*args, "--no-check"] if path == ("source", "add") else args


@pytest.fixture
def fuzz_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSDESK_EMBEDDER", "hashing")
    monkeypatch.setenv("VISUAL", "false")  # an edition opened for editing is left unchanged
    monkeypatch.chdir(tmp_path)  # `source export -o NAME` writes here
    return tmp_path


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    return exited.value.code, capsys.readouterr().err


@pytest.mark.parametrize(("path", "fuzzed"), FUZZED,
                         ids=[" ".join(path) + f" {name}" for path, name in FUZZED])
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_random_arguments_never_give_a_traceback(
    path: tuple[str, ...], fuzzed: str, data: st.DataObject, fuzz_folder: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = data.draw(command_lines(fuzz_folder, path, fuzzed))
    code, err = run_main(args, capsys)
    assert "Traceback" not in err and "internal error" not in err, (args, err)
    if code != 0:
        assert code == 2, (args, code, err)
        lines = err.strip().splitlines()
        assert lines and lines[-1].startswith("newsdesk: error: "), (args, err)
        assert sum(line.startswith("newsdesk: error") for line in lines) == 1, (args, err)


def test_every_runnable_command_is_fuzzed_but_the_long_running_ones() -> None:
    fuzzed = {path for path, _ in COMMANDS}
    assert {("source", "add"), ("write-file",), ("eval", "clusters"), ("show",)} <= fuzzed
    assert not fuzzed & LONG_RUNNING
