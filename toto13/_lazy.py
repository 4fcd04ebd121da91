"""Lazy re-exports for package ``__init__`` modules (PEP 562), so that ``import toto13`` or
``import toto13.cli`` loads only what is used: pandas, scipy.optimize and numba cost about a second
at start-up and most commands never touch them; and the old names of renamed objects, which stay
readable for one release with a :class:`DeprecationWarning`."""
from __future__ import annotations

import importlib
import warnings
from typing import Any, Callable, Mapping


def lazy_exports(package: str, exports: Mapping[str, str], renamed: Mapping[str, str] | None = None,
                 ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package`` whose public ``name`` lives in module
    ``exports[name]`` (relative to the package, e.g. ``".generators"``).

    The attribute is imported on first access and then cached in the package's namespace, so later
    look-ups cost nothing. A name that is also a submodule's name must be imported eagerly instead:
    importing the submodule would bind the module object under that name first. ``renamed`` maps old
    names to their new ones (see :func:`renamed_attributes`).
    """
    old_names = renamed_attributes(package, renamed or {})

    def __getattr__(name: str) -> Any:
        if renamed and name in renamed:
            return old_names(name)
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


def renamed_attributes(module: str, renamed: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` serving each old name in ``renamed`` (old -> new) as the new object,
    with a :class:`DeprecationWarning` that names the new one. Old names are kept for one release.

    Examples
    --------
    >>> import toto13.engine, warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     f = toto13.engine.safety_exact
    >>> f is toto13.engine.coverage_exact, str(w[0].message)
    (True, 'toto13.engine.safety_exact is renamed coverage_exact; the old name goes in the next release')
    """
    def __getattr__(name: str) -> Any:
        try:
            new = renamed[name]
        except KeyError:
            raise AttributeError(f"module {module!r} has no attribute {name!r}") from None
        warnings.warn(f"{module}.{name} is renamed {new}; the old name goes in the next release",
                      DeprecationWarning, stacklevel=2)
        return getattr(importlib.import_module(module), new)

    return __getattr__


def renamed_property(cls_name: str, old: str, new: str) -> property:
    """A read-only property ``old`` serving attribute ``new`` with a :class:`DeprecationWarning`."""
    def get(self: Any) -> Any:
        warnings.warn(f"{cls_name}.{old} is renamed {cls_name}.{new}; the old name goes in the next "
                      "release", DeprecationWarning, stacklevel=2)
        return getattr(self, new)

    return property(get, doc=f"Deprecated name of :attr:`{new}` (kept for one release).")
