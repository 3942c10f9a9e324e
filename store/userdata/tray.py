"""The evidence tray: excerpts a writer pins, in order, with a note each.

What the user makes is kept like nothing else. The tray is one small JSON file
per corpus in the per-user data directory (:func:`store.paths.tray_path`),
replaced atomically on every change: a crash leaves the old tray or the new
one. (It is an ordered list rewritten whole each time, which is all a JSON
file needs; TinyDB's documents and ids would add nothing.) Opening it sweeps
the temporary files of writes that were interrupted.

Nothing the user made is ever silently replaced. A file that is not a tray
is moved aside to a backup of its own (a dated name with a random part, never
one that exists) and the problem reported; a tray written by a newer
dossier, or one that cannot be opened, is left as it is and refuses every
change.

Two explorers may share a tray: every change first re-reads the file if
someone else wrote it since, and pins are addressed by a key of their own,
never by position, so one never undoes the other's work.

Each pin remembers the paragraph's text and its citation as they were when
pinned. After a rebuild, a pin whose paragraph changed is re-anchored by that
text (found exactly, or failing that the closest paragraph of the same
article, if close enough), or kept as orphaned with its old text and
citation; it is never dropped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

import orjson

from ..errors import DossierError, NotFound
from ..model import Article, Paragraph
from ..persist import reserve_new, sweep_temporaries, write_atomic
from ..query.cite import bibliography, blockquote, cite_text, markdown_reference, md_escape
from ..sanitize import json_text, printable

if TYPE_CHECKING:
    from ..query.catalog import Catalog

TRAY_VERSION = 1
#: How close (rapidfuzz ratio, 0-100) a changed paragraph must be to re-anchor a pin.
REANCHOR_SCORE = 85.0

Status = Literal["ok", "re-anchored", "orphaned"]
STATUSES: tuple[Status, ...] = get_args(Status)


class TrayError(DossierError):
    """The tray file could not be read.

    ``backup`` is where it was kept (and a new, empty tray was started).
    Without a backup nothing was moved and the tray refuses every change: its
    file cannot be opened, or it was written by a newer dossier (``newer``).
    """

    def __init__(
        self, path: Path, backup: Path | None, reason: str, *, newer: bool = False
    ) -> None:
        self.path = path
        self.backup = backup
        self.reason = reason
        self.newer = newer
        if newer:
            what = (
                f"the evidence tray was written by a newer dossier ({reason}); it was left as "
                "it is and takes no changes until dossier is upgraded"
            )
        elif backup is not None:
            what = (
                f"the evidence tray could not be read ({reason}); it was kept as {backup} "
                "and a new, empty tray started"
            )
        else:
            what = (
                f"the evidence tray could not be read ({reason}); fix its permissions; "
                "nothing was changed"
            )
        super().__init__(f"{path}: {what}")


@dataclass(frozen=True, slots=True)
class Pin:
    """A pinned excerpt."""

    key: str
    """The pin's own id (stable while it is in the tray)."""
    paragraph_id: str
    """Where it is now (or was, when orphaned)."""
    article_id: str
    text: str
    """The paragraph's text, as pinned or as re-anchored."""
    citation: str
    """Its plain-text citation (kept for orphans)."""
    note: str = ""
    """The writer's one-line note."""
    pinned_at: str = ""
    """When it was pinned (ISO 8601, UTC)."""
    status: Status = "ok"
    """ok; re-anchored (the paragraph moved or changed); orphaned (gone)."""
    previous_text: str = ""
    """Before a re-anchoring that changed the words: the text as pinned."""

    def to_json(self) -> dict[str, Any]:
        """The pin as stored."""
        data = {
            "key": self.key,
            "paragraph": self.paragraph_id,
            "article": self.article_id,
            "text": self.text,
            "citation": self.citation,
            "note": self.note,
            "pinned_at": self.pinned_at,
            "status": self.status,
        }
        if self.previous_text:
            data["previous_text"] = self.previous_text
        return data

    @classmethod
    def from_json(cls, data: Any) -> Pin:
        """A pin from what was stored; ``ValueError`` when it is not one."""
        if not isinstance(data, dict):
            raise ValueError("a pin is not an object")
        for name in ("key", "paragraph", "article", "text"):
            if not isinstance(data.get(name), str) or not data[name]:
                raise ValueError(f"a pin has no {name!r}")
        status = data.get("status", "ok")
        return cls(
            key=data["key"],
            paragraph_id=data["paragraph"],
            article_id=data["article"],
            text=data["text"],
            citation=str(data.get("citation", "")),
            note=" ".join(str(data.get("note", "")).split()),
            pinned_at=str(data.get("pinned_at", "")),
            status=status if status in STATUSES else "ok",
            previous_text=str(data.get("previous_text", "")),
        )


def _stamp_now() -> str:
    """The date and time in a file name (local time, as the user reads a listing)."""
    return f"{dt.datetime.now():%Y%m%d-%H%M%S}"


def _set_aside(path: Path, reason: str) -> TrayError:
    """Move the unreadable file at ``path`` to a backup no other file has; the error to raise.

    Two trays set aside in the same second get two backups: the name has a
    random part and is taken exclusively (:func:`reserve_new`) before the file
    moves there. When the file cannot be moved it is left alone, and the
    error (with no backup) makes the tray refuse changes.
    """
    stamp = _stamp_now()
    try:
        backup = reserve_new(
            lambda: path.with_name(f"{path.name}.unreadable-{stamp}-{secrets.token_hex(3)}")
        )
    except OSError as exc:
        return TrayError(path, None, f"{reason}; it could not be moved aside: {exc.strerror}")
    try:
        os.replace(path, backup)
    except OSError as exc:
        with contextlib.suppress(OSError):
            backup.unlink()
        return TrayError(path, None, f"{reason}; it could not be moved aside: {exc.strerror}")
    return TrayError(path, backup, reason)


def _read(path: Path) -> tuple[list[Pin], tuple[int, int] | None]:
    """The pins in the file at ``path`` and its (size, mtime) stamp.

    Raises :class:`TrayError` when the file is not a tray (after moving it
    aside), cannot be opened, or was written by a newer dossier (both left
    alone).
    """
    try:
        raw = path.read_bytes()
        stat = path.stat()
    except FileNotFoundError:
        return [], None
    except OSError as exc:
        raise TrayError(path, None, exc.strerror or "unreadable") from None
    try:
        data = orjson.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not a dossier evidence tray")
        version = data.get("version")
        newer = type(version) is int and version > TRAY_VERSION  # True is no version
        if not newer:
            if "pins" not in data:
                raise ValueError("not a dossier evidence tray")
            if type(version) is not int or version != TRAY_VERSION:
                raise ValueError(f"tray version {version!r}, this dossier reads {TRAY_VERSION}")
            if not isinstance(data["pins"], list):
                raise ValueError("'pins' is not a list")
            pins = [Pin.from_json(item) for item in data["pins"]]
    except ValueError as exc:
        raise _set_aside(path, str(exc).splitlines()[0][:120]) from None
    if newer:
        # Its pins may hold what this version cannot know: left for the newer
        # dossier, never moved aside nor written over.
        reason = f"tray version {version}; this dossier reads version {TRAY_VERSION}"
        raise TrayError(path, None, reason, newer=True)
    return pins, (stat.st_size, stat.st_mtime_ns)


class Tray:
    """Pinned excerpts, in order, saved after every change."""

    def __init__(self, path: Path, pins: list[Pin] | None = None) -> None:
        self.path = path
        self.pins: list[Pin] = pins or []
        self._stamp: tuple[int, int] | None = None
        self.locked: str | None = None
        """Why the tray must not be written (its file exists but cannot be opened,
        or a newer dossier wrote it)."""
        self._refusal: TrayError | None = None
        self.reanchored: list[tuple[Pin, Pin]] = []
        """The pins the last :meth:`reanchor` changed (before, after)."""

    # Reading and writing --------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> Tray:
        """The tray at ``path`` (empty when there is none yet).

        Raises :class:`TrayError` when the file is not a tray (after moving it
        aside, so that the caller can report it and go on with :meth:`empty`),
        cannot be read at all, or was written by a newer dossier (then
        :meth:`lock` the empty tray). Temporaries of interrupted writes are
        swept first.
        """
        sweep_temporaries(path)
        pins, stamp = _read(path)
        tray = cls(path, pins)
        tray._stamp = stamp
        return tray

    @classmethod
    def empty(cls, path: Path) -> Tray:
        """A new tray that will be saved at ``path``."""
        return cls(path)

    def lock(self, problem: TrayError) -> None:
        """Refuse every change, because of ``problem`` (a file that must not be written)."""
        self.locked = problem.reason
        self._refusal = problem

    def _current_stamp(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return (stat.st_size, stat.st_mtime_ns)

    def refresh(self) -> bool:
        """Re-read the file if another process changed it; True when it did.

        Every change calls this first, and so refuses to go on (raising
        :class:`TrayError`) when the file cannot be read.
        """
        if self.locked is not None:
            newer = self._refusal is not None and self._refusal.newer
            raise TrayError(self.path, None, self.locked, newer=newer)
        stamp = self._current_stamp()
        if stamp is None or stamp == self._stamp:
            return False
        self.pins, self._stamp = _read(self.path)
        return True

    def save(self) -> None:
        """Write the tray atomically."""
        payload = orjson.dumps(
            {"version": TRAY_VERSION, "pins": [p.to_json() for p in self.pins]},
            option=orjson.OPT_INDENT_2,
        )
        write_atomic(self.path, payload + b"\n")
        self._stamp = self._current_stamp()

    # Changing ----------------------------------------------------------------

    def _where(self, key: str) -> int:
        for i, pin in enumerate(self.pins):
            if pin.key == key:
                return i
        raise KeyError(key)

    def find(self, paragraph_id: str) -> Pin | None:
        """The pin of a paragraph, if it is pinned."""
        return next((p for p in self.pins if p.paragraph_id == paragraph_id), None)

    def pin(self, article: Article, paragraph: Paragraph, note: str = "") -> tuple[Pin, bool]:
        """Pin a paragraph at the end of the tray; returns the pin and whether it
        is new (a paragraph already pinned stays where it is)."""
        self.refresh()
        existing = self.find(paragraph.id)
        if existing is not None:
            return existing, False
        pin = Pin(
            key=secrets.token_hex(4),
            paragraph_id=paragraph.id,
            article_id=article.id,
            text=paragraph.text,
            citation=cite_text(article, paragraph),
            note=" ".join(note.split()),
            pinned_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        )
        self.pins.append(pin)
        self.save()
        return pin, True

    def remove(self, key: str) -> tuple[int, Pin] | None:
        """Unpin a pin; returns where it was and what it was (to undo)."""
        self.refresh()
        try:
            index = self._where(key)
        except KeyError:
            return None
        pin = self.pins.pop(index)
        self.save()
        return index, pin

    def restore(self, index: int, pin: Pin) -> None:
        """Put a removed pin back where it was (undo)."""
        self.refresh()
        if any(p.key == pin.key for p in self.pins):
            return
        self.pins.insert(max(0, min(index, len(self.pins))), pin)
        self.save()

    def move(self, key: str, step: int) -> int:
        """Move a pin up (``step < 0``) or down; returns its new position."""
        self.refresh()
        index = self._where(key)
        target = max(0, min(len(self.pins) - 1, index + step))
        if target != index:
            self.pins.insert(target, self.pins.pop(index))
            self.save()
        return target

    def set_note(self, key: str, note: str) -> Pin:
        """Give a pin its one-line note (an empty note removes it)."""
        self.refresh()
        index = self._where(key)
        self.pins[index] = replace(self.pins[index], note=" ".join(note.split()))
        self.save()
        return self.pins[index]

    # After a rebuild -----------------------------------------------------------

    def reanchor(self, catalog: Catalog) -> list[tuple[Pin, Pin]]:
        """Match every pin to the store as it is now; returns the pins that changed.

        A pin whose paragraph still has its text stays. Otherwise it moves to
        the paragraph of its article that holds its text, else to one anywhere
        in the corpus that does, else to the article's paragraph most like it
        (rapidfuzz ratio at least :data:`REANCHOR_SCORE`), else it is marked
        orphaned.
        """
        from rapidfuzz import fuzz

        paragraph, paragraphs_of = catalog.paragraph, catalog.paragraphs
        self.refresh()
        changed: list[tuple[Pin, Pin]] = []
        for i, pin in enumerate(self.pins):
            try:
                here = paragraph(pin.paragraph_id)
            except NotFound:
                here = None
            if here is not None and here.text == pin.text:
                updated = replace(
                    pin,
                    status="re-anchored" if pin.status == "orphaned" else pin.status,
                    citation=self._citation(catalog, here, pin.citation),
                )
                if updated != pin:
                    self.pins[i] = updated
                    changed.append((pin, updated))
                continue
            try:
                candidates = paragraphs_of(pin.article_id)
            except NotFound:
                candidates = ()
            best = next((p for p in candidates if pin.text in p.text), None)
            if best is None:
                best = next((p for p in catalog.iter_paragraphs() if pin.text in p.text), None)
            if best is None and candidates:
                closest = max(candidates, key=lambda p: fuzz.ratio(pin.text, p.text))
                if fuzz.ratio(pin.text, closest.text) >= REANCHOR_SCORE:
                    best = closest
            if best is None:
                updated = replace(pin, status="orphaned")
            else:
                updated = replace(
                    pin,
                    paragraph_id=best.id,
                    article_id=best.article_id,
                    status="re-anchored",
                    text=pin.text if pin.text in best.text else best.text,
                    previous_text=pin.previous_text or ("" if pin.text in best.text else pin.text),
                )
                updated = replace(updated, citation=self._citation(catalog, best, pin.citation))
            if updated != pin:
                self.pins[i] = updated
                changed.append((pin, updated))
        if changed:
            self.save()
        self.reanchored = changed
        return changed

    @staticmethod
    def _citation(catalog: Catalog, paragraph: Paragraph, fallback: str) -> str:
        """The paragraph's citation as the store has it now (titles get corrected)."""
        try:
            return cite_text(catalog.article(paragraph.article_id), paragraph)
        except NotFound:
            return fallback

    # Exporting -------------------------------------------------------------------

    def markdown(self, catalog: Catalog) -> str:
        """The pins as Markdown: each quote with a footnote citation and its note,
        then the footnotes, then the sources as a bibliography."""
        lines = ["# Evidence", ""]
        notes: list[str] = []
        sources: dict[str, Article] = {}
        for number, pin in enumerate(self.pins, start=1):
            lines += [f"{blockquote(pin.text)}[^{number}]", ""]
            if pin.note:
                lines += [f"*Note:* {md_escape(pin.note)}", ""]
            citation = md_escape(pin.citation)
            if pin.status == "orphaned":
                citation += " (no longer in the corpus as pinned)"
            else:
                try:
                    source = catalog.article(pin.article_id)
                    paragraph = catalog.paragraph(pin.paragraph_id)
                    citation = markdown_reference(source, paragraph) + "."
                    sources.setdefault(source.id, source)
                except NotFound:
                    pass
            notes.append(f"[^{number}]: {citation}")
        if not self.pins:
            lines += ["Nothing is pinned.", ""]
        lines += notes
        if sources:
            lines += ["", "## Sources", ""]
            lines += [f"- {markdown_reference(s)}." for s in sources.values()]
        return "\n".join(lines).rstrip() + "\n"

    def rendered(self, catalog: Catalog, form: Literal["markdown", "csl-json"]) -> str:
        """The export as text, safe to print: the Markdown, or the CSL-JSON bibliography."""
        if form == "csl-json":
            return json_text(self.csl_json(catalog)) + "\n"
        return printable(self.markdown(catalog), multiline=True)

    def export(self, catalog: Catalog, path: Path, form: Literal["markdown", "csl-json"]) -> int:
        """Write :meth:`rendered` to ``path`` atomically; returns the bytes written."""
        return write_atomic(path, self.rendered(catalog, form).encode("utf-8"))

    def csl_json(self, catalog: Catalog) -> list[dict[str, Any]]:
        """The bibliography of the pinned excerpts' articles, as CSL-JSON."""
        found = []
        for pin in self.pins:
            if pin.status == "orphaned":
                continue
            try:
                found.append(catalog.article(pin.article_id))
            except NotFound:
                continue
        return bibliography(found, catalog.meta.built_at.date())


def open_tray(catalog: Catalog, path: Path | None = None) -> tuple[Tray, TrayError | None]:
    """The evidence tray of the catalog's corpus, re-anchored to the store.

    Never raises for a bad file: the problem is returned beside the tray to
    report. A file that is not a tray has been kept aside and an empty tray
    started; a file that exists but cannot be opened, or that a newer dossier
    wrote, gives an empty tray that refuses every change, so that nothing
    overwrites it.
    """
    from ..paths import tray_path

    where = path or tray_path(catalog.meta.corpus_dir)
    try:
        tray = Tray.load(where)
    except TrayError as exc:
        tray = Tray.empty(where)
        if exc.backup is None:
            tray.lock(exc)
        return tray, exc
    try:
        tray.reanchor(catalog)
    except TrayError as exc:
        return tray, exc
    except OSError as exc:
        return tray, TrayError(where, None, f"re-anchored pins not saved: {exc.strerror}")
    return tray, None
