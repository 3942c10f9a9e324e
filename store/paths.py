"""Where the corpus and the store live by default.

The corpus is ``--corpus``, else ``$DOSSIER_CORPUS``, else the corpus bundled
with dossier (shipped inside the wheel, so it works after a plain
``pip install .`` from any directory). The store is ``--db``, else
``$DOSSIER_DB``, else a file in the per-user cache directory named after the
corpus it was built from, so two corpora never overwrite each other's store.

platformdirs earns its place here: it knows each platform's per-user cache
and data directories (XDG on Linux, ``~/Library`` on macOS, ``%LOCALAPPDATA%``
on Windows).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

APP_NAME = "dossier"
_HERE = Path(__file__).resolve().parent


def bundled_corpus_dir() -> Path:
    """The corpus shipped with dossier.

    In an installed wheel it is ``store/bundled_corpus``; in a source checkout
    (or an editable install) it is the repository's ``corpus/``.
    """
    shipped = _HERE / "bundled_corpus"
    if (shipped / "articles.toml").is_file():
        return shipped
    return _HERE.parent / "corpus"


def cache_dir() -> Path:
    """Per-user cache directory (stores are derived data: safe to delete)."""
    import platformdirs  # only when a default is needed

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Per-user data directory (what the user makes: pins, notes);
    ``$DOSSIER_DATA`` when set."""
    env = os.environ.get("DOSSIER_DATA")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def corpus_key(corpus_dir: Path | str) -> str:
    """A file name for things kept per corpus: ``bundled``, or the corpus
    directory's name and a hash of its full path."""
    resolved = Path(corpus_dir).expanduser().resolve()
    if resolved == bundled_corpus_dir().resolve():
        return "bundled"
    slug = re.sub(r"[^a-z0-9]+", "-", resolved.name.lower()).strip("-") or "corpus"
    import hashlib

    return f"{slug}-{hashlib.sha256(str(resolved).encode()).hexdigest()[:10]}"


def tray_path(corpus_dir: Path | str) -> Path:
    """Where the evidence tray of a corpus is kept, in the per-user data directory."""
    return data_dir() / "trays" / f"{corpus_key(corpus_dir)}.json"


def user_corpus_dir() -> Path:
    """The corpus ``dossier add`` grows when no other is chosen: a copy of the
    bundled one in the per-user data directory (the bundled one is never changed)."""
    return data_dir() / "corpus"


def default_corpus_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``explicit``, else ``$DOSSIER_CORPUS``, else your own corpus once
    ``dossier add`` has made one, else the bundled corpus."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("DOSSIER_CORPUS")
    if env:
        return Path(env).expanduser()
    mine = user_corpus_dir()
    if (mine / "articles.toml").is_file():
        return mine
    return bundled_corpus_dir()


def default_db_path(corpus_dir: Path, explicit: str | os.PathLike[str] | None = None) -> Path:
    """``explicit``, else ``$DOSSIER_DB``, else a cache file for this corpus."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("DOSSIER_DB")
    if env:
        return Path(env).expanduser()
    return cache_dir() / "stores" / f"{corpus_key(corpus_dir)}.json"
