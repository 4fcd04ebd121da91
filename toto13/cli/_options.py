"""Declaring the commands' options: choices, the output format, file arguments and option groups
(the numbers in them are parsed by :mod:`._numbers`)."""
from __future__ import annotations

import functools
from enum import Enum
from typing import Callable, Sequence

import click

__all__ = ["enum_choice", "format_option", "FILE", "option_group", "collected", "tip_output_options",
           "rounds_option", "MAX_ROUNDS"]


def enum_choice(enum: type[Enum]) -> click.Choice:
    """A ``click.Choice`` over an Enum's values."""
    return click.Choice([e.value for e in enum], case_sensitive=False)


def format_option(default: str = "table", choices: Sequence[str] = ("table", "json", "csv")):
    return click.option("--format", "fmt", type=click.Choice(list(choices), case_sensitive=False),
                        default=default, show_default=True, help="Output format.")


#: A file argument or option (not a directory), passed on as a string.
FILE = click.Path(dir_okay=False, path_type=str)


def option_group(*options: Callable) -> Callable:
    """One decorator applying several ``click.option`` decorators, in the order listed."""

    def apply(func: Callable) -> Callable:
        for option in reversed(options):
            func = option(func)
        return func

    return apply


def collected(name: str, *options: Callable) -> Callable:
    """Like :func:`option_group`, but the command receives the options' values as one dict ``name``
    (parameter name -> value), so a command with many options keeps a short signature."""
    group = option_group(*options)
    names = [param.name for param in group(lambda: None).__click_params__]

    def apply(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            kwargs[name] = {n: kwargs.pop(n) for n in names}
            return func(*args, **kwargs)

        return group(wrapper)

    return apply


#: The options of every command that writes a tip set: --out, --vouchers, --upload-dir, --force.
tip_output_options = option_group(
    click.option("--out", "out", required=True, type=FILE, help="Tip file to write (CSV column tip)."),
    click.option("--vouchers", is_flag=True, help="Also write the voucher and field of every tip."),
    click.option("--upload-dir", "upload_dir", default=None, type=click.Path(file_okay=False, path_type=str),
                 help="Also write upload files OUT-001.csv, ... of at most the rules' upload limit."),
    click.option("--force", is_flag=True, help="Overwrite existing files."))


#: The most rounds ``--rounds K`` takes (the Monte Carlo's time grows with K).
MAX_ROUNDS = 1000

#: ``--rounds K`` of the commands that price tips in a pool (parse it with
#: ``option_int("--rounds", rounds, 1, MAX_ROUNDS)``).
rounds_option = click.option(
    "--rounds", "rounds", default=None, metavar="K",
    help=f"Also show P(profit) and the total return at 5 / 50 / 95 % over K independent rounds "
         f"(1..{MAX_ROUNDS}; exact for K = 1, else a Monte Carlo of 20,000 paths seeded by --seed "
         "where the command has one, else by 0).")
