"""Named exceptions of the data layer.

Every error a user can cause (a bad corpus, a missing store, an unknown id) is a
subclass of :class:`DossierError`, so the command line can tell user mistakes
(one clear line, exit code 2) from bugs (exit code 3) by type alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class DossierError(Exception):
    """Base class of every error the user can cause or fix."""


class CorpusError(DossierError):
    """The corpus cannot be read or is invalid.

    Carries the file and, where it is known, the 1-based line, so the message
    reads as ``file:line: what is wrong; what to do``.
    """

    def __init__(self, file: Path | str, message: str, line: int | None = None) -> None:
        self.file = Path(file)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        return f"{where}: {self.message}"


class CorpusSyntaxError(CorpusError):
    """A corpus file cannot be read as TOML (or as UTF-8): nothing in it can be
    checked, so it is reported first."""


def report_order(error: CorpusError) -> tuple[bool, str, int]:
    """How problems are listed: unreadable files first, then by file and line."""
    return (not isinstance(error, CorpusSyntaxError), str(error.file), error.line or 0)


class CorpusErrors(CorpusError):
    """Several corpus errors found at once (``dossier check`` reports them all)."""

    def __init__(self, errors: Sequence[CorpusError]) -> None:
        self.errors = tuple(errors)
        first = errors[0]
        super().__init__(first.file, first.message, first.line)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class StoreError(DossierError):
    """The store file is missing, unreadable, or of another schema version."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


class StoreNotFound(StoreError):
    """No store exists at the given path (run ``dossier build``)."""


class StoreOutdated(StoreError):
    """The store was written by another version of dossier: it is rebuilt, never misread."""


class NotFound(DossierError, KeyError):
    """An id that the store does not know."""

    kind = "item"

    def __init__(self, id: str) -> None:
        self.id = id
        super().__init__(id)

    def __str__(self) -> str:
        return f"no {self.kind} with id {self.id!r}"


class ArticleNotFound(NotFound):
    """No article has this id."""

    kind = "article"


class ParagraphNotFound(NotFound):
    """No paragraph has this id."""

    kind = "paragraph"


class EntityNotFound(NotFound):
    """No entity has this id."""

    kind = "entity"


class EventNotFound(NotFound):
    """No event has this id."""

    kind = "event"


class ClaimNotFound(NotFound):
    """No claim has this id."""

    kind = "claim"
