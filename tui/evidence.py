"""The explorer's side of citations and the evidence tray.

What gets copied with ``y`` (:func:`copy_text`), and :class:`TrayKeeper`, which
owns the tray while the explorer runs. Every change to the tray is a small
file written and fsynced, which is quick on a laptop and may not be on a
server's network home directory, so no change runs on the UI thread: each is
queued to one background thread (one, so that changes land in the order the
keys were pressed) and the screens hear back through :class:`TrayChanged` or
:class:`TrayFailed`, posted to the app.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeGuard, get_args

from textual.message import Message

from store import Catalog, DossierError, Pin, Tray, cite, printable

if TYPE_CHECKING:
    from textual.app import App

CopyFormat = Literal["text", "markdown", "pandoc"]
COPY_FORMATS: tuple[CopyFormat, ...] = get_args(CopyFormat)


def is_copy_format(name: str) -> TypeGuard[CopyFormat]:
    """True when ``name`` is one of :data:`COPY_FORMATS`."""
    return name in COPY_FORMATS


COPY_LABELS = {"text": "plain text", "markdown": "Markdown", "pandoc": "pandoc"}


def copy_text(catalog: Catalog, paragraph_id: str, form: CopyFormat) -> str:
    """The paragraph with its citation, as copied: control characters from the
    corpus are made visible, never pasted into the writer's terminal."""
    paragraph = catalog.paragraph(paragraph_id)
    article = catalog.article(paragraph.article_id)
    return printable(cite(article, paragraph, form), multiline=True)


@dataclass
class TrayChanged(Message):
    """The tray changed (or was re-read); ``pins`` is how it is now."""

    pins: tuple[Pin, ...]
    said: str
    """What to tell the user ("" for nothing)."""
    focus: str | None = None
    """The pin to put the cursor on."""


@dataclass
class TrayFailed(Message):
    """A change could not be saved; ``reason`` says why and what to do."""

    reason: str


Change = Callable[[Tray], tuple[str, str | None]]
"""Changes the tray; returns what to tell the user and the pin to focus."""


class TrayKeeper:
    """The tray of the explorer's corpus; changes run in order, off the UI thread."""

    def __init__(self, app: App[int], tray: Tray) -> None:
        self.app = app
        self.tray = tray
        self.pins: tuple[Pin, ...] = tuple(tray.pins)
        """The pins as last reported (what the screens show)."""
        self._queue = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dossier-tray")

    @property
    def path(self) -> Path:
        """Where the tray is kept."""
        return self.tray.path

    def change(self, what: Change) -> None:
        """Apply ``what`` to the tray in the background; report back to the app."""

        def run() -> None:
            try:
                said, focus = what(self.tray)
            except (DossierError, OSError, KeyError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                self.app.post_message(TrayFailed(printable(reason)))
                return
            self.app.post_message(TrayChanged(tuple(self.tray.pins), said, focus))

        self._queue.submit(run)

    def on_changed(self, event: TrayChanged) -> None:
        """Called by the app when a change is reported."""
        self.pins = event.pins

    def close(self) -> None:
        """Finish the changes still queued (each is a small file)."""
        self._queue.shutdown(wait=True)
