"""``--jobs`` and ``--scheduler``: where the commands that replay many rounds do their work."""
from __future__ import annotations

from typing import Any

import click

from ..executor import Workers
from ._numbers import option_int
from ._options import collected

__all__ = ["workers_options", "workers_from", "WORKER_FLAGS"]

#: The library's parameter names as these options (for ``library_errors``).
WORKER_FLAGS = {"jobs": "--jobs", "scheduler": "--scheduler"}

#: The command receives both as one dict ``where``; :func:`workers_from` makes it a Workers.
workers_options = collected(
    "where",
    click.option("--jobs", "jobs", default="1", show_default=True, metavar="N",
                 help="Play the rounds in N processes on this machine (0: every core this process "
                      "may use). The results are the same for any N."),
    click.option("--scheduler", "scheduler", default=None, metavar="ADDRESS",
                 help="Play the rounds on the Dask cluster whose scheduler is at ADDRESS (e.g. "
                      "tcp://10.0.0.5:8786; needs pip install 'toto13[dask]'). Overrides --jobs."))


def workers_from(where: dict[str, Any]) -> Workers:
    """The Workers the options name (a bad --jobs, or --scheduler without Dask: ``ValueError``)."""
    return Workers(option_int("--jobs", where["jobs"], 0), where["scheduler"])
