"""Is a store up to date with its corpus?

A store is *fresh* when it was built with this schema version, from this
corpus directory, and the corpus fingerprint (names and bytes of every corpus
file) is unchanged. Anything else means a rebuild before use.

The fingerprint is only computed when it has to be: when every corpus file
still has the size and modification time recorded at the build
(:func:`stamps_match`), the corpus is unchanged without reading it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..errors import CorpusError, CorpusErrors, StoreError, StoreNotFound, StoreOutdated
from ..schema import SCHEMA_VERSION
from ..words import plural

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
    state, _ = _state(Path(corpus_dir).expanduser().resolve(), Path(db_path).expanduser())
    return state


def _state(corpus: Path, db: Path) -> tuple[Freshness, Catalog | None]:
    """How the store compares with the corpus, and the store opened if it can be.

    Opening reads only the search index's header when the index belongs to
    the store (its tables wait until they are needed).
    """
    from .catalog import Catalog

    try:
        catalog = Catalog.open(db)
    except StoreNotFound:
        return Freshness("missing", "no store yet"), None
    except StoreOutdated:
        return Freshness("stale", "built by another version of dossier"), None
    except StoreError as exc:
        return Freshness("unreadable", exc.message), None
    meta = catalog.meta
    state = _compare(
        meta.schema_version, meta.corpus_dir, meta.corpus_fingerprint, corpus, meta.corpus_stamps
    )
    return state, catalog


def _compare(
    version: object,
    built_from: object,
    fingerprint: object,
    corpus: Path,
    stamps: tuple[tuple[str, int, int], ...] = (),
) -> Freshness:
    if version != SCHEMA_VERSION:
        return Freshness("stale", "built by another version of dossier")
    if built_from != str(corpus):
        return Freshness("stale", "built from another corpus directory")
    # Every file as it was when read: fresh, known from their sizes and times alone
    # (at 10,000 articles, reading them all would cost a lookup most of its time).
    if stamps_match(corpus, stamps):
        return Freshness("fresh", "up to date")
    from ..corpus.articles import corpus_fingerprint

    if fingerprint != corpus_fingerprint(corpus):
        return Freshness("stale", "the corpus has changed since the last build")
    return Freshness("fresh", "up to date")


def stamps_match(root: Path, stamps: Iterable[tuple[str, int, int]]) -> bool:
    """True when every corpus file has the size and modification time it had when
    the store was built, and the corpus has no other TOML file: unchanged,
    known without reading a byte (the articles are those ``articles.toml`` listed,
    and it is unchanged). False means: compare the fingerprints."""
    stamps = list(stamps)
    if not stamps:
        return False
    tomls = {p.name for p in root.glob("*.toml")}
    if not tomls <= {name for name, _, _ in stamps}:
        return False
    for name, size, mtime_ns in stamps:
        if mtime_ns < 0:
            return False
        try:
            info = os.stat(root / name)
        except OSError:
            return False
        if info.st_size != size or info.st_mtime_ns != mtime_ns:
            return False
    return True


def looks_fresh(corpus_dir: Path | str, db_path: Path | str) -> bool:
    """True when the store at ``db_path`` is surely fresh, known cheaply: its
    search index was written beside exactly this store file, for this schema
    and corpus directory, and every corpus file has its recorded size and time.

    Only the index's header and the files' sizes and times are read, and neither
    the store nor the search code is imported: the explorer can start drawing
    at once and open the store behind its first frame. False means "ask
    :func:`open_current`", which rebuilds when needed.
    """
    import struct

    import orjson

    from ..schema import INDEX_MAGIC

    corpus = Path(corpus_dir).expanduser().resolve()
    db = Path(db_path).expanduser()
    try:
        stat = db.stat()
        # The index beside the store (persist.index_path, not imported: it would
        # bring TinyDB in before the first frame).
        with open(db.with_name(db.name + ".index"), "rb") as handle:
            head = handle.read(len(INDEX_MAGIC) + 4)
            if not head.startswith(INDEX_MAGIC) or len(head) < len(INDEX_MAGIC) + 4:
                return False
            (length,) = struct.unpack_from("<I", head, len(INDEX_MAGIC))
            header = orjson.loads(handle.read(length))
    except (OSError, ValueError, struct.error):
        return False
    meta = header.get("meta") if isinstance(header, dict) else None
    if not isinstance(meta, dict):
        return False
    stamps = meta.get("corpus_stamps")
    return (
        header.get("store_stat") == {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
        and meta.get("schema_version") == SCHEMA_VERSION
        and meta.get("corpus_dir") == str(corpus)
        and isinstance(stamps, list)
        and all(
            isinstance(s, list) and len(s) == 3 and isinstance(s[0], str) and type(s[1]) is int
            for s in stamps
        )
        and all(type(s[2]) is int for s in stamps)
        and stamps_match(corpus, (tuple(s) for s in stamps))
    )


def open_current(
    corpus_dir: Path | str,
    db_path: Path | str,
    rebuild: Callable[[Freshness], object],
    *,
    say: Callable[[str], object] | None = None,
) -> Catalog:
    """The store at ``db_path``, opened for reading once it is up to date.

    When it is missing, unreadable or stale, ``rebuild(why)`` is called under
    the store's build lock, after checking again once the lock is held: of
    several lookups that find the store stale at once, one rebuilds and the
    others wait for it and open its result, instead of each reading the whole
    corpus and building again.

    When the rebuild fails because the corpus has errors and the previous
    store is intact, that store is answered from, and ``say`` is told once
    (the corpus's first problem, and that the store is from its last good
    build). An index file that did not match its store is written again,
    once, under the lock, so that later opens are fast again.
    """
    from ..persist import build_lock, index_path
    from .catalog import Catalog

    corpus = Path(corpus_dir).expanduser().resolve()
    db = Path(db_path).expanduser()
    state, catalog = _state(corpus, db)
    if state.needs_build:
        with build_lock(db, waiting=say):
            state, catalog = _state(corpus, db)
            if state.needs_build:
                try:
                    rebuild(state)
                except CorpusError as exc:
                    if catalog is None or catalog.meta.corpus_dir != str(corpus):
                        raise
                    if say is not None:
                        first = exc.errors[0] if isinstance(exc, CorpusErrors) else exc
                        more = len(exc.errors) - 1 if isinstance(exc, CorpusErrors) else 0
                        also = f" (and {plural(more, 'more problem')})" if more else ""
                        say(
                            f"the corpus has errors: {first}{also}; answering from the store "
                            f"of its last good build ({catalog.meta.built_at:%Y-%m-%d %H:%M} "
                            "UTC); run 'dossier check' to see them"
                        )
                    return catalog
                catalog = Catalog.open(db)
    assert catalog is not None
    if catalog.index_needs_repair:
        with build_lock(db, waiting=say):
            try:
                catalog.repair_index()
            except OSError as exc:
                # The answer does not need the file: the index is rebuilt in memory.
                if say is not None:
                    index = index_path(db)
                    why = "is a directory" if index.is_dir() else f"({exc.strerror or exc})"
                    say(
                        f"{index} {why}: the search index cannot be written there, so each "
                        "lookup rebuilds it; remove or move it, and run 'dossier build'"
                    )
    return catalog
