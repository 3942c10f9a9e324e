"""Shared fixtures: the bundled corpus, a store built from it, a clean environment.

Everything comes from this repository (``corpus/``); no test reads anything
outside it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Protocol

import pytest

import store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
#: Articles of the user's own, with every trap of partial names and relative dates.
OWN = ROOT / "tests" / "fixtures" / "own"
#: Each of them with what ``dossier add`` is told (a saved page says it itself).
OWN_ARTICLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "maliki-killing.txt",
        ("--outlet", "Tigris Wire", "--published", "2021-01-04",
         "--title", "Security analyst Nabil al-Maliki shot dead outside his Baghdad home"),
    ),
    (
        "basra-protest.md",
        ("--outlet", "Gulf Notes", "--published", "2020-03-02",
         "--title", "Protesters storm militia office in Basra after activist's detention"),
    ),
    ("airport-rockets.html", ()),
)  # fmt: skip


class Dossier(Protocol):
    """The ``dossier`` fixtures: run the command line in this process, return
    (exit code, stdout, stderr)."""

    def __call__(self, *argv: str) -> tuple[int, str, str]: ...


@pytest.fixture(autouse=True)
def _isolated_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No test touches the user's cache, data or configured corpus."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("DOSSIER_CONFIG", raising=False)
    monkeypatch.delenv("DOSSIER_CORPUS", raising=False)
    monkeypatch.delenv("DOSSIER_DB", raising=False)
    monkeypatch.delenv("DOSSIER_DATA", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The bundled corpus (read-only: copy it before changing anything)."""
    return CORPUS


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from the bundled corpus."""
    path = tmp_path_factory.mktemp("store") / "dossier.json"
    store.build(CORPUS, path)
    return path


@pytest.fixture(scope="session")
def catalog(built_store: Path) -> store.Catalog:
    """The catalog of the bundled corpus."""
    return store.Catalog.open(built_store)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture(scope="session")
def own_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The bundled corpus with the three articles of :data:`OWN_ARTICLES` added by
    ``dossier add`` (read-only: copy it before changing anything): (corpus, store)."""
    from tui import cli

    root = tmp_path_factory.mktemp("own")
    corpus, db = root / "corpus", root / "store.json"
    shutil.copytree(CORPUS, corpus)
    for name, flags in OWN_ARTICLES:
        code = cli.main(["add", str(OWN / name), "--corpus", str(corpus), "--db", str(db), *flags])
        assert code == 0, name
    return corpus, db
