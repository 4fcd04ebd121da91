"""The shape of the package: imports go one way through the layers, no cycles, short units.

The layer order below is the one docs/development.md describes. A module may import from its own layer
and the layers below it, never from a layer above: not at the top, not inside a function, not through
a package's lazy export table. Within a layer, imports may go either way but never in a cycle.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "toto13"

#: Lowest first. A module belongs to the longest prefix listed.
LAYERS: list[tuple[str, ...]] = [
    ("toto13._lazy", "toto13._version", "toto13.errors", "toto13._cachedir", "toto13.executor"),
    ("toto13.rules", "toto13.hamming"),
    ("toto13.greedy",),
    ("toto13.estimators",),
    ("toto13.engine",),
    ("toto13.io",),
    ("toto13.tickets",),
    ("toto13.systems",),
    ("toto13.pool",),
    ("toto13.selection",),
    ("toto13.plan",),
    ("toto13.backtest",),
    ("toto13.cli",),
    ("toto13",),  # the root package re-exports from every stage
]

#: Longest function in the package (def line to last line, docstring included); compiled kernels
#: (decorated with ``jit``) are exempt: splitting them costs speed that the benchmarks measure.
MAX_FUNCTION_LINES = 80
#: Longest command-line module: commands parse, call the library, print.
MAX_CLI_MODULE_LINES = 120


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _resolve(module: str, path: Path, level: int, name: str | None) -> str:
    if not level:
        return name or ""
    base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = base[: len(base) - level + 1]
    return ".".join(base + ([name] if name else []))


def _target(name: str) -> str:
    """The module an imported name lives in: ``a.b.c`` if it is a module, else its parent."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name


def imports(module: str, *, lazy: bool = True) -> set[str]:
    """Every package module ``module`` imports: statements anywhere in it (top level, functions,
    ``TYPE_CHECKING`` blocks) and, with ``lazy``, the modules its lazy export table points to."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {_target(a.name) for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, path, node.level, node.module)
            found |= {_target(f"{base}.{a.name}") for a in node.names}
        elif lazy and isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "_EXPORTS" for t in node.targets):
            for value in ast.literal_eval(node.value).values():
                level = len(value) - len(value.lstrip("."))
                found.add(_target(_resolve(module, path, level, value.lstrip("."))))
    return {m for m in found if m.startswith("toto13") and m != module}


def layer(module: str) -> int:
    best, where = -1, -1
    for i, prefixes in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > best:
                best, where = len(p), i
    assert where >= 0, f"{module} is in no layer: add it to LAYERS (and docs/development.md)"
    return where


def test_every_module_has_a_layer():
    for module in MODULES:
        layer(module)


def test_no_module_imports_a_higher_layer():
    backward = [f"{m} (layer {layer(m)}) imports {t} (layer {layer(t)})"
                for m in MODULES for t in sorted(imports(m)) if layer(t) > layer(m)]
    assert not backward, "backward imports:\n" + "\n".join(backward)


def test_the_layer_check_sees_function_level_and_lazy_imports():
    # the checker itself: an import inside a function and a lazy export both count
    assert "toto13.io.crowd" in imports("toto13.cli._pool_args")     # inside PoolArgs.setup
    assert "toto13.io.rounds" in imports("toto13.backtest")            # "..io.rounds" in _EXPORTS


def test_no_import_cycles():
    graph = {m: imports(m, lazy=False) for m in MODULES}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                cycle = stack[stack.index(t):] + [t]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in MODULES:
        if m not in state:
            visit(m)


def _is_kernel(node: ast.FunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "jit" or isinstance(d, ast.Call)
               and isinstance(d.func, ast.Name) and d.func.id == "jit" for d in node.decorator_list)


def test_no_long_functions():
    long = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not _is_kernel(node):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long.append(f"{module}.{node.name}: {n} lines")
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(long)


def test_cli_modules_are_short():
    long = [f"{m}: {n} lines" for m, p in MODULES.items() if m.startswith("toto13.cli")
            for n in [len(p.read_text(encoding="utf-8").splitlines())] if n > MAX_CLI_MODULE_LINES]
    assert not long, f"command-line modules over {MAX_CLI_MODULE_LINES} lines:\n" + "\n".join(long)
