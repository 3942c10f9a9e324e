"""The house rules: two rooms, one door, layers, no cycles.

The import contracts in pyproject.toml (import-linter) say which package may
import which; :func:`test_import_contracts_hold` runs them, so a change that
breaks one fails the tests (and CI). The other tests check what a static graph
cannot see: what importing a module really loads.
"""

from __future__ import annotations

import ast
import os
import pkgutil
import subprocess
import sys
import typing
from pathlib import Path

import store

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_tui_never_imports_tinydb() -> None:
    offenders = [
        p.relative_to(ROOT) for p in (ROOT / "tui").rglob("*.py") if "tinydb" in imported_modules(p)
    ]
    assert offenders == []


def test_store_never_imports_textual_statically() -> None:
    offenders = [
        p.relative_to(ROOT)
        for p in (ROOT / "store").rglob("*.py")
        if imported_modules(p) & {"textual", "tui"}
    ]
    assert offenders == []


def test_importing_every_store_module_loads_no_textual() -> None:
    names = [m.name for m in pkgutil.walk_packages(store.__path__, "store.")]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_public_api_is_documented() -> None:
    for name in store.__all__:
        obj = getattr(store, name)
        if typing.get_origin(obj) is typing.Literal:
            continue  # an enumeration of values (documented where it is defined)
        if callable(obj) and not name.startswith("_"):
            assert obj.__doc__, f"store.{name} has no docstring"


def test_import_contracts_hold() -> None:
    """store never imports Textual, Rich, tui or the benchmarks; tui goes through
    store's door and never imports TinyDB; store's layers; no cycles."""
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), str(ROOT / "pyproject.toml"), "--no-cache", "--no-logo"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_command_line_loads_no_textual_and_no_benchmark() -> None:
    """A lookup must start fast: parsing the command line loads neither."""
    code = (
        "import sys\n"
        "from tui import cli\n"
        "cli.make_parser()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'bench', 'tinydb'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
