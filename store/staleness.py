"""Is a store up to date with its corpus?

A store is *fresh* when it was built with this schema version, from this
corpus directory, and the corpus fingerprint (names and bytes of every corpus
file) is unchanged. Anything else means a rebuild before use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .corpus import corpus_fingerprint
from .errors import StoreError, StoreNotFound
from .persist import ReadOnlyStorage
from .schema import SCHEMA_VERSION

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
    if meta.get("schema_version") != SCHEMA_VERSION:
        return Freshness("stale", "built by another version of dossier")
    if meta.get("corpus_dir") != str(corpus):
        return Freshness("stale", "built from another corpus directory")
    if meta.get("corpus_fingerprint") != corpus_fingerprint(corpus):
        return Freshness("stale", "the corpus has changed since the last build")
    return Freshness("fresh", "up to date")
