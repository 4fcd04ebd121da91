"""Start-up: the command line and the package import only what a command uses (issue: `toto13 --help`
took 1.5 s, nearly all of it pandas, scipy.optimize, numba and the estimators' model)."""
from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

import toto13
from toto13 import cli

HEAVY = ("pandas", "numba", "scipy.optimize", "matplotlib", "mpmath")


def loaded_after(code: str) -> list[str]:
    probe = f"{code}; import sys; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return out.stdout.split()


@pytest.mark.parametrize("code", ["import toto13.cli", "import toto13",
                                  "from toto13.cli import main; import toto13.cli.plan"])
def test_imports_load_neither_pandas_nor_numba(code):
    assert loaded_after(code) == []


def test_help_lists_every_command_as_the_commands_say():
    # The listing comes from cli.COMMANDS without importing the commands; it must read exactly as
    # click would print it from the loaded commands themselves.
    lazy = CliRunner().invoke(cli.main, ["--help"], prog_name="toto13").output
    for name in cli.COMMANDS:
        cli.main.get_command(None, name)
    eager = click.Group(name="main", commands=dict(cli.main.commands), help=cli.main.help,
                        context_settings=cli.main.context_settings)
    listing = CliRunner().invoke(eager, ["--help"], prog_name="toto13").output
    assert "Commands:" in lazy
    assert listing.split("Commands:")[1] == lazy.split("Commands:")[1]
    for name, (module, text) in cli.COMMANDS.items():
        command = cli.main.commands[name]
        assert command.help.split("\n\n")[0].strip() == text, name
        assert cli.main.commands[name].callback.__module__ == f"toto13.cli.{module}", name


def test_lazy_exports_resolve_and_fail_like_attributes():
    for name in toto13.__all__:
        assert getattr(toto13, name) is not None, name
    assert set(toto13.__all__) <= set(dir(toto13))
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        toto13.nope  # noqa: B018
    from toto13 import tickets, systems
    assert callable(tickets.evaluate) and callable(systems.verify)  # names shared with submodules


def test_a_one_row_plan_runs_without_pandas_numba_or_mpmath():
    code = ("import contextlib, io; from toto13.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    main(['plan', '--hit-rate', '1/2', '--safety', '0.9'], standalone_mode=False)")
    assert loaded_after(f"exec({code!r})") == []
