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
import threading
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


def index_path(db_path: Path) -> Path:
    """Where the search index of the store at ``db_path`` lives (``<store>.index``)."""
    return db_path.with_name(db_path.name + ".index")


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


def process_running(pid: int) -> bool:
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
        if process_running(pid) and age < older_than:
            continue
        with contextlib.suppress(OSError):
            tmp.unlink()
            swept.append(tmp)
    return swept


def lock_path_of(path: Path) -> Path:
    """The lock file of the store at ``path`` (``.<name>.lock`` beside it)."""
    return path.with_name(f".{path.name}.lock")


def check_store_path(path: Path) -> None:
    """Raise :class:`StoreError` unless a store can be written at ``path``.

    Checked before a build starts, so that a ``--db`` that is a directory, lies
    under a file, or sits on a read-only filesystem is one clear line at once,
    not an internal error after a long build. Makes the parent directory.
    """
    if path.is_dir():
        raise StoreError(path, "is a directory; give --db the path of a file (e.g. store.json)")
    for ancestor in path.parents:
        if ancestor.exists():
            if not ancestor.is_dir():
                raise StoreError(
                    path,
                    f"cannot be made: {ancestor} is a file, not a directory; choose another --db",
                )
            break
    for beside, what in ((index_path(path), "its search index"), (lock_path_of(path), "its lock")):
        if beside.is_dir():
            raise StoreError(
                path, f"{beside} is a directory where {what} goes; remove it or choose another --db"
            )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            path, f"cannot make {path.parent} ({exc.strerror}); choose another --db"
        ) from None
    if not os.access(path.parent, os.W_OK):
        raise StoreError(
            path, f"cannot be written: {path.parent} is read-only; choose another --db"
        )


#: Locks this process holds, by lock file and thread, with how often each was taken.
_HELD: dict[tuple[Path, int], int] = {}


@contextlib.contextmanager
def build_lock(path: Path, *, waiting: Callable[[str], object] | None = None) -> Iterator[None]:
    """Serialise builds of one store, and sweep the temporaries of killed ones.

    The lock is a separate file (``.<name>.lock``, holding the builder's
    process id), so readers never wait. A second build waits for the first
    (``waiting`` is told, with the holder's pid); the operating system releases
    the lock of a process that died. Taken again by the same thread, it is
    already held: whoever holds it may rebuild without deadlocking.
    """
    lock_path = lock_path_of(path)
    key = (lock_path.absolute(), threading.get_ident())
    if key in _HELD:
        _HELD[key] += 1
        try:
            yield
        finally:
            _HELD[key] -= 1
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+b")
    except IsADirectoryError:
        raise StoreError(
            path,
            f"{lock_path} is a directory where its lock goes; remove it or choose another --db",
        ) from None
    except OSError as exc:
        raise StoreError(
            path, f"cannot take the build lock {lock_path} ({exc.strerror}); choose another --db"
        ) from None
    try:
        if fcntl is not None:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if waiting is not None:
                    handle.seek(0)
                    holder = handle.read(32).decode("ascii", "replace").strip() or "?"
                    waiting(f"another build of {path} is running (process {holder}); waiting")
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n".encode())
        handle.flush()
        for stale in path.parent.glob(f".{path.name}.*{TMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                stale.unlink()
        _HELD[key] = 1
        try:
            yield
        finally:
            del _HELD[key]
    finally:
        handle.close()


StoreVersion = tuple[tuple[int, int, int], ...]
"""What :func:`store_version` returns: the identity of a store's files."""


def store_version(path: Path) -> StoreVersion | None:
    """Which store is at ``path`` now, cheaply (no file is read): the size,
    modification time and inode of the store and its index. A rebuild changes
    it; None when there is no store. An explorer polls this to notice that
    another process replaced the store."""
    found = []
    for part in (path, index_path(path)):
        try:
            stat = part.stat()
        except OSError:
            if part == path:
                return None
            found.append((0, 0, 0))
            continue
        found.append((stat.st_size, stat.st_mtime_ns, stat.st_ino))
    return tuple(found)


def build_running(path: Path) -> bool:
    """Whether a build of the store at ``path`` holds its lock now (then the
    store and its index may not yet match: wait for it to finish)."""
    if fcntl is None:  # pragma: no cover - Windows
        return False
    try:
        handle = open(lock_path_of(path), "rb")
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return False
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        return False


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
