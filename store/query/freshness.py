"""Is a store up to date with its corpus?

A store is *fresh* when it was built with this schema version, from this
corpus directory, and the corpus fingerprint (names and bytes of every corpus
file) is unchanged. Anything else means a rebuild before use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..corpus.articles import corpus_fingerprint
from ..errors import StoreError, StoreNotFound
from ..persist import ReadOnlyStorage
from ..schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from .catalog import Catalog

State = Literal["fresh", "missing", "stale", "unreadable"]


@dataclass(frozen=True, slots=True)
class Freshness:
    """The state of a store relative to a corpus, and why."""

    state: State
    reason: str

    @property
    def needs_build(self) -> bool:
        """True unless the store is fresh."""
        return self.state != "fresh"


def freshness(corpus_dir: Path | str, db_path: Path | str) -> Freshness:
    """Compare the store at ``db_path`` with the corpus at ``corpus_dir``."""
    corpus = Path(corpus_dir).expanduser().resolve()
    try:
        data = ReadOnlyStorage(Path(db_path).expanduser()).read()
    except StoreNotFound:
        return Freshness("missing", "no store yet")
    except StoreError as exc:
        return Freshness("unreadable", exc.message)
    meta_table = data.get("meta") or {}
    meta = next(iter(meta_table.values()), None) if isinstance(meta_table, dict) else None
    if not isinstance(meta, dict):
        return Freshness("unreadable", "the store has no meta record")
    return _compare(
        meta.get("schema_version"), meta.get("corpus_dir"), meta.get("corpus_fingerprint"), corpus
    )


def _compare(version: object, built_from: object, fingerprint: object, corpus: Path) -> Freshness:
    if version != SCHEMA_VERSION:
        return Freshness("stale", "built by another version of dossier")
    if built_from != str(corpus):
        return Freshness("stale", "built from another corpus directory")
    if fingerprint != corpus_fingerprint(corpus):
        return Freshness("stale", "the corpus has changed since the last build")
    return Freshness("fresh", "up to date")


def open_current(
    corpus_dir: Path | str, db_path: Path | str, rebuild: Callable[[Freshness], object]
) -> Catalog:
    """The store at ``db_path``, opened for reading once it is up to date.

    Opening reads only the search index's header to learn how the store was
    built (much less than :func:`freshness`, which reads the whole store);
    when it is missing, unreadable or stale, ``rebuild(why)`` is called first
    and the new store opened.
    """
    from .catalog import Catalog

    corpus = Path(corpus_dir).expanduser().resolve()
    try:
        catalog = Catalog.open(db_path)
    except StoreNotFound:
        state = Freshness("missing", "no store yet")
    except StoreError as exc:
        state = Freshness("unreadable", exc.message)
    else:
        meta = catalog.meta
        state = _compare(meta.schema_version, meta.corpus_dir, meta.corpus_fingerprint, corpus)
        if not state.needs_build:
            return catalog
    rebuild(state)
    return Catalog.open(db_path)
