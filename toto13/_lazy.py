"""Lazy re-exports for package ``__init__`` modules (PEP 562), so that ``import toto13`` or
``import toto13.cli`` loads only what is used: pandas, scipy.optimize and numba cost about a second
at start-up and most commands never touch them."""
from __future__ import annotations

import importlib
from typing import Any, Callable, Mapping


def lazy_exports(package: str, exports: Mapping[str, str]) -> tuple[Callable[[str], Any],
                                                                    Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package`` whose public ``name`` lives in module
    ``exports[name]`` (relative to the package, e.g. ``".generators"``).

    The attribute is imported on first access and then cached in the package's namespace, so later
    look-ups cost nothing. A name that is also a submodule's name must be imported eagerly instead:
    importing the submodule would bind the module object under that name first.
    """
    def __getattr__(name: str) -> Any:
        try:
            where = exports[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(where, package), name)
        setattr(importlib.import_module(package), name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(importlib.import_module(package))) | set(exports))

    return __getattr__, __dir__
