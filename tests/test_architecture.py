"""The shape of the code: packages reached through their public face, no import cycles, stages by capability.

Imports are read from the source with :mod:`ast` (every import, including those under ``TYPE_CHECKING`` and
inside functions), so these tests need nothing installed beyond the standard library.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "newsfuse"


def _module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules(src: Path = SRC) -> dict[str, Path]:
    return {_module_name(p, src): p for p in (src / PACKAGE).rglob("*.py")}


def _is_package(name: str, modules: dict[str, Path]) -> bool:
    return name in modules and modules[name].name == "__init__.py"


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports (a ``from pkg import mod`` names the module ``pkg.mod``)."""
    package = name if _is_package(name, modules) else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            for alias in node.names:
                candidate = f"{origin}.{alias.name}"
                found.add(candidate if candidate in modules else origin)
    return {m for m in found if m in modules}


def _graph(src: Path = SRC) -> dict[str, set[str]]:
    """Edges of what runs on import: the module itself and each enclosing package the importer is outside of."""
    modules = _modules(src)
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for target in _imports(name, path, modules):
            parts = target.split(".")
            for depth in range(1, len(parts) + 1):
                enclosing = ".".join(parts[:depth])
                inside = name == enclosing or name.startswith(enclosing + ".")
                if enclosing != name and not inside:
                    graph[name].add(enclosing)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    assert _cycles(_graph()) == []


def test_the_cycle_check_can_fail() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def private_imports(src: Path = SRC) -> list[str]:
    """Imports of another package's inner module: a package is reached only through its ``__init__``.

    This holds for sibling stage packages (``stages.claims`` never reaches into ``stages.figures.numbers``) and
    for the top-level packages alike (``web`` uses ``report``'s face, not ``report.html``).
    """
    modules = _modules(src)
    out = []
    for name, path in modules.items():
        for target in _imports(name, path, modules):
            if _is_package(target, modules):
                continue
            owner = target.rpartition(".")[0]
            if owner != PACKAGE and not (name == owner or name.startswith(owner + ".")):
                out.append(f"{name} -> {target}")
    return sorted(out)


def test_packages_are_reached_through_their_public_face() -> None:
    assert private_imports() == []


def test_stage_code_lives_in_capability_packages() -> None:
    """Directly under ``stages/`` there are only packages and helpers shared by two or more of them."""
    modules = _modules()
    stages = f"{PACKAGE}.stages"
    flat = [n for n in modules if n.rpartition(".")[0] == stages and not _is_package(n, modules)]
    users: dict[str, set[str]] = {n: set() for n in flat}
    for name, path in modules.items():
        if name.startswith(stages + "."):
            for target in _imports(name, path, modules):
                if target in users and name not in users:
                    users[target].add(name.split(".")[2])
    lonely = {n: sorted(u) for n, u in users.items() if len(u) < 2}
    assert not lonely, f"a module directly in stages/ must be shared by two or more stage packages: {lonely}"
    packages = [n for n in modules if n.rpartition(".")[0] == stages and _is_package(n, modules)]
    for package in packages:
        doc = ast.get_docstring(ast.parse(modules[package].read_text(encoding="utf-8")))
        assert doc and "\n" not in doc.strip(), f"{package} needs a one-line docstring saying what it owns"


#: a module directly in ``stages/`` or in one of its packages longer than this is split by capability
STAGE_MODULE_LINES = 600


def long_stage_modules(src: Path = SRC) -> dict[str, int]:
    """Modules under ``stages/`` (at its top level or inside a capability package) over the line limit."""
    out = {}
    for name, path in _modules(src).items():
        if name.startswith(f"{PACKAGE}.stages."):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > STAGE_MODULE_LINES:
                out[name] = lines
    return out


def test_no_stage_module_is_over_the_line_limit() -> None:
    assert long_stage_modules() == {}


def _tree(root: Path, files: dict[str, str]) -> Path:
    """A throw-away source tree of the project's shape: ``{"newsfuse/x/y.py": source}``."""
    for relative, source in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root


_STAGES = {
    "newsfuse/__init__.py": "",
    "newsfuse/stages/__init__.py": "",
    "newsfuse/stages/ferries/__init__.py": "from .timetable import sailings\n",
    "newsfuse/stages/ferries/timetable.py": "def sailings(): ...\n",
    "newsfuse/stages/tides/__init__.py": "from .gauge import level\n",
    "newsfuse/stages/tides/gauge.py": "def level(): ...\n",
}


def test_the_private_import_check_can_fail(tmp_path: Path) -> None:
    clean = _tree(tmp_path / "clean", _STAGES)
    assert private_imports(clean) == []
    reaching = _tree(tmp_path / "reaching", {**_STAGES, "newsfuse/stages/tides/gauge.py":
                                             "from ..ferries.timetable import sailings\n"})
    assert private_imports(reaching) == ["newsfuse.stages.tides.gauge -> newsfuse.stages.ferries.timetable"]
    absolute = _tree(tmp_path / "absolute", {**_STAGES, "newsfuse/stages/tides/gauge.py":
                                             "import newsfuse.stages.ferries.timetable\n"})
    assert private_imports(absolute) == ["newsfuse.stages.tides.gauge -> newsfuse.stages.ferries.timetable"]
    through_face = _tree(tmp_path / "face", {**_STAGES, "newsfuse/stages/tides/gauge.py":
                                             "from ..ferries import sailings\n"})
    assert private_imports(through_face) == []


def test_the_cycle_check_finds_a_cycle_in_source(tmp_path: Path) -> None:
    acyclic = _tree(tmp_path / "acyclic", {**_STAGES, "newsfuse/stages/tides/gauge.py": "from ..ferries import sailings\n"})
    assert _cycles(_graph(acyclic)) == []
    # a type-only import closes a cycle as well: it is a cycle the moment anyone evaluates the annotations
    cyclic = _tree(tmp_path / "cyclic", {
        **_STAGES,
        "newsfuse/stages/tides/gauge.py": "from ..ferries import sailings\n",
        "newsfuse/stages/ferries/timetable.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                                "    from ..tides import level\n",
    })
    assert _cycles(_graph(cyclic)) == [["newsfuse.stages.ferries", "newsfuse.stages.ferries.timetable",
                                        "newsfuse.stages.tides", "newsfuse.stages.tides.gauge"]]


def test_the_line_limit_check_can_fail(tmp_path: Path) -> None:
    short = _tree(tmp_path / "short", _STAGES)
    assert long_stage_modules(short) == {}
    long_body = "x = 1\n" * (STAGE_MODULE_LINES + 1)
    long = _tree(tmp_path / "long", {**_STAGES, "newsfuse/stages/tides/gauge.py": long_body,
                                     "newsfuse/stages/helpers.py": long_body})
    assert long_stage_modules(long) == {"newsfuse.stages.tides.gauge": STAGE_MODULE_LINES + 1,
                                        "newsfuse.stages.helpers": STAGE_MODULE_LINES + 1}
