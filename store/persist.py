"""TinyDB persistence: one JSON file, written atomically, read without writing.

The store is an ordinary TinyDB database (any TinyDB with ``JSONStorage`` can
open it) with two rules TinyDB's default storage does not keep:

* **Atomic writes.** A build assembles every table in a TinyDB over
  :class:`~tinydb.storages.MemoryStorage` (bulk ``insert_multiple``, no file
  rewrite per document), then writes the whole database once: a temporary file
  in the same directory, ``fsync``, ``os.replace`` over the old store, ``fsync``
  of the directory. A build killed at any instant leaves either the old store or
  the new one, never half of either.
* **Reading never writes.** :class:`ReadOnlyStorage` loads the file once and
  refuses writes; opening a store touches nothing on disk (TinyDB's
  ``JSONStorage`` opens files ``r+`` and creates missing ones).

orjson earns its place here: it parses and serialises the store several times
faster than the standard library, which is most of the time to open a store.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import string
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import MemoryStorage, Storage

from .errors import StoreError, StoreNotFound

try:  # POSIX only; elsewhere concurrent builds are not serialised.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

TMP_SUFFIX = ".tmp"
#: A temporary file older than this (seconds) is stale even when a process has its pid.
STALE_TEMPORARY_SECONDS = 3600.0


class ReadOnlyStorage(Storage):
    """A TinyDB storage that reads a JSON file once and never writes."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            raise StoreNotFound(self.path, "no store here; run 'dossier build'") from None
        except IsADirectoryError:
            raise StoreError(self.path, "is a directory, not a store file") from None
        except OSError as exc:
            raise StoreError(self.path, f"cannot be read ({exc.strerror})") from None
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise StoreError(
                self.path,
                "is not a dossier store (not valid JSON); rebuild it with 'dossier build'",
            ) from None
        if not isinstance(data, dict):
            raise StoreError(self.path, "is not a dossier store; rebuild it with 'dossier build'")
        self._data: dict[str, dict[str, Any]] = data

    def read(self) -> dict[str, dict[str, Any]]:
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raise StoreError(self.path, "the store is open read-only")


def open_readonly(path: Path) -> TinyDB:
    """A TinyDB over the store at ``path`` that will never write to it."""
    return TinyDB(path, storage=ReadOnlyStorage)


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def reserve_new(names: Callable[[], Path], *, attempts: int = 100) -> Path:
    """A path that no file had, created empty so that no one else takes it.

    ``names`` proposes a name on each call (it should hold a random part). The
    file is created exclusively (``O_EXCL``), so an existing file is never
    replaced; the caller then puts its content there with :func:`os.replace`
    or :func:`write_atomic`, which replace only the empty file reserved here.
    """
    for _ in range(attempts):
        path = names()
        try:
            with open(path, "xb"):
                pass
        except FileExistsError:
            continue
        return path
    raise FileExistsError(errno.EEXIST, f"no free name after {attempts} tries")


def write_atomic(path: Path, payload: bytes | Iterable[bytes | memoryview]) -> int:
    """Replace ``path`` with ``payload`` so that readers see old or new, never a mix.

    ``payload`` may come in pieces, written as they come, so that a large file
    never needs to be held whole in memory. Returns the size written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TMP_SUFFIX}")
    size = 0
    try:
        with open(tmp, "xb") as handle:
            for piece in [payload] if isinstance(payload, bytes | bytearray) else payload:
                handle.write(piece)
                size += len(piece)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)
    return size


def _temporaries(path: Path) -> Iterator[tuple[Path, int]]:
    """The temporaries :func:`write_atomic` left beside ``path``, with their writers' pids.

    Only names of exactly its shape (``.<name>.<pid>.<8 hex>.tmp``) count, so
    that another file's temporaries (``<name>.x`` has its own) are never taken.
    """
    prefix = f".{path.name}."
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(TMP_SUFFIX)):
            continue
        pid, dot, token = name[len(prefix) : -len(TMP_SUFFIX)].partition(".")
        if not (pid.isascii() and pid.isdigit() and dot and len(token) == 8):
            continue
        if all(c in string.hexdigits for c in token):
            yield Path(entry.path), int(pid)


def _running(pid: int) -> bool:
    """Whether a process with this pid runs (in doubt, yes: then only age counts)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":  # pragma: no cover - on Windows, signal 0 would end the process
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OverflowError, ValueError):
        return False  # no process can have it
    except OSError:
        return True  # someone else's process (EPERM)
    return True


def sweep_temporaries(path: Path, *, older_than: float = STALE_TEMPORARY_SECONDS) -> list[Path]:
    """Delete the temporaries that interrupted writes of ``path`` left; returns them.

    A temporary is stale when the process named in it is gone, or when it is
    older than ``older_than`` seconds (its pid has been reused: no write of a
    small file takes that long). A temporary of a live writer, being written
    now, is never touched.
    """
    swept = []
    now = time.time()
    for tmp, pid in _temporaries(path):
        try:
            age = now - tmp.stat().st_mtime
        except OSError:
            continue
        if _running(pid) and age < older_than:
            continue
        with contextlib.suppress(OSError):
            tmp.unlink()
            swept.append(tmp)
    return swept


@contextlib.contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """Serialise builds of one store and sweep temporaries of killed builds.

    The lock is a separate file (``.<name>.lock``), so readers never wait.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(f".{path.name}.lock")
    handle = open(lock_path, "a+b")
    try:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        for stale in path.parent.glob(f".{path.name}.*{TMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                stale.unlink()
        yield
    finally:
        handle.close()


def tinydb_pieces(tables: Mapping[str, Sequence[dict[str, Any]]]) -> Iterator[bytes]:
    """``tables`` as a TinyDB database file, one table at a time.

    Each table goes through TinyDB with one bulk ``insert_multiple`` (over a
    :class:`MemoryStorage`), so the file is exactly what TinyDB writes; only
    one table's copy is held at a time.
    """
    yield b"{"
    for number, (name, rows) in enumerate(tables.items()):
        db = TinyDB(storage=MemoryStorage)
        if rows:
            db.table(name).insert_multiple(rows)
        table = (db.storage.read() or {}).get(name, {})
        yield (b"," if number else b"") + orjson.dumps(name) + b":" + orjson.dumps(table)
        del db, table
    yield b"}"


def tinydb_payload(tables: Mapping[str, Sequence[dict[str, Any]]]) -> bytes:
    """``tables`` as the bytes of a TinyDB database file."""
    return b"".join(tinydb_pieces(tables))


def save(path: Path, tables: Mapping[str, Sequence[dict[str, Any]]]) -> int:
    """Write ``tables`` to the store at ``path`` atomically; returns its size."""
    return write_atomic(path, tinydb_pieces(tables))
