"""The evidence tray: excerpts a writer pins, in order, with a note each.

What the user makes is kept like nothing else. The tray is one small JSON file
per corpus in the per-user data directory (:func:`store.paths.tray_path`),
replaced atomically on every change: a crash leaves the old tray or the new
one. (It is an ordered list rewritten whole each time, which is all a JSON
file needs; TinyDB's documents and ids would add nothing.) Opening it sweeps
the temporary files of writes that were interrupted.

Nothing the user made is ever silently replaced. A file that is not a tray
is moved aside to a backup of its own (a dated name with a random part, never
one that exists) and the problem reported; a pin that cannot be read goes
alone to a side file, byte for byte, and the rest of the tray loads; a tray
written by a newer dossier, or one that cannot be opened, is left as it is
and refuses every change.

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
import json
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
from ..words import plural

if TYPE_CHECKING:
    from ..query.catalog import Catalog

TRAY_VERSION = 1
#: How close (rapidfuzz ratio, 0-100) a changed paragraph must be to re-anchor a pin.
REANCHOR_SCORE = 85.0

Status = Literal["ok", "re-anchored", "orphaned"]
STATUSES: tuple[Status, ...] = get_args(Status)


class TrayError(DossierError):
    """The tray file could not be read, or not all of it.

    ``backup`` is where what could not be read was kept: the whole file (and a
    new, empty tray was started), or, when ``pins`` counts some, only those
    pins (the rest of the tray loaded). Without a backup nothing was moved and
    the tray refuses every change: its file cannot be opened, or it was written
    by a newer dossier (``newer``).
    """

    def __init__(
        self,
        path: Path,
        backup: Path | None,
        reason: str,
        *,
        pins: int = 0,
        newer: bool = False,
    ) -> None:
        self.path = path
        self.backup = backup
        self.reason = reason
        self.pins = pins
        """How many pins were set aside (0: the whole file, or nothing)."""
        self.newer = newer
        if newer:
            what = (
                f"the evidence tray was written by a newer dossier ({reason}); it was left as "
                "it is and takes no changes until dossier is upgraded"
            )
        elif backup is not None and pins:
            what = (
                f"{plural(pins, 'pin')} of the evidence tray could not be read ({reason}); "
                f"kept in {backup}; the rest of the tray loaded"
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


def _payload(pins: list[Pin]) -> bytes:
    """The tray file holding ``pins``."""
    data = {"version": TRAY_VERSION, "pins": [p.to_json() for p in pins]}
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"


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


def _pin_sources(raw: bytes) -> list[bytes]:
    """Each item of the tray's ``"pins"`` list exactly as the file has it.

    ``raw`` is a JSON object orjson has read; the standard library's decoder
    walks it because it tells where each value ends. The last ``"pins"``
    counts, as in orjson. Raises ``ValueError`` or ``IndexError`` if the walk
    fails.
    """
    text = raw.decode("utf-8")
    decoder = json.JSONDecoder()

    def skip(at: int) -> int:
        while at < len(text) and text[at] in " \t\n\r":
            at += 1
        return at

    def expect(at: int, char: str) -> int:
        if text[at] != char:
            raise ValueError(f"expected {char!r} at {at}")
        return skip(at + 1)

    items: list[bytes] = []
    at = expect(skip(0), "{")
    while text[at] != "}":
        key, at = decoder.raw_decode(text, at)
        at = expect(skip(at), ":")
        if key == "pins" and text[at] == "[":
            found = []
            at = skip(at + 1)
            while text[at] != "]":
                _, end = decoder.raw_decode(text, at)
                found.append(text[at:end].encode("utf-8"))
                at = skip(end)
                if text[at] == ",":
                    at = skip(at + 1)
            items = found
            at = skip(at + 1)
        else:
            _, at = decoder.raw_decode(text, at)
            at = skip(at)
        if text[at] == ",":
            at = skip(at + 1)
    return items


def _set_pins_aside(
    path: Path, raw: bytes, items: list[Any], pins: list[Pin], bad: list[tuple[int, str]]
) -> TrayError:
    """Keep the pins that cannot be read in a side file, then rewrite the tray without them.

    ``bad`` holds their positions in ``items`` (the file's pins) and why each
    cannot be read. The side file keeps each as the tray had it, byte for byte,
    with its position and the reason, under a name no other file has; it is
    written (and synced) before the tray loses them. Returns the error that
    reports it, or one with no backup (the tray then refuses changes) when
    either cannot be written.
    """
    try:
        sources = _pin_sources(raw)
    except (ValueError, IndexError):
        sources = []
    kept = []
    for position, _ in bad:
        source = sources[position] if len(sources) == len(items) else b""
        if not source or orjson.loads(source) != items[position]:
            source = orjson.dumps(items[position])  # the same value, if not the same bytes
        kept.append(source)
    header = {
        "tray": str(path),
        "set_aside_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "problems": [{"position": position + 1, "reason": why} for position, why in bad],
    }
    fields = [orjson.dumps(name) + b": " + orjson.dumps(value) for name, value in header.items()]
    fields.append(b'"pins": [\n' + b",\n".join(kept) + b"\n]")
    body = b"{\n" + b",\n".join(fields) + b"\n}\n"
    count, reason = len(bad), bad[0][1]
    stamp = _stamp_now()
    side: Path | None = None
    try:
        side = reserve_new(
            lambda: path.with_name(f"{path.name}.bad-pins-{stamp}-{secrets.token_hex(3)}.json")
        )
        write_atomic(side, body)
        write_atomic(path, _payload(pins))
    except OSError as exc:
        if side is not None:  # the tray still has them: nothing was changed
            with contextlib.suppress(OSError):
                side.unlink()
        why = f"{plural(count, 'pin')} could not be read ({reason}) nor kept aside: "
        why += exc.strerror or str(exc)
        return TrayError(path, None, why)
    return TrayError(path, side, reason, pins=count)


def _read(path: Path) -> tuple[list[Pin], tuple[int, int] | None, TrayError | None]:
    """The pins in the file at ``path``, its (size, mtime) stamp, and the pins set aside.

    Raises :class:`TrayError` when the file is not a tray (after moving it
    aside), cannot be opened, or was written by a newer dossier (both left
    alone). Pins that cannot be read are kept in a side file and the tray
    rewritten without them; the third value reports it.
    """
    try:
        raw = path.read_bytes()
        stat = path.stat()
    except FileNotFoundError:
        return [], None, None
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
    except ValueError as exc:
        raise _set_aside(path, str(exc).splitlines()[0][:120]) from None
    if newer:
        # Its pins may hold what this version cannot know: left for the newer
        # dossier, never moved aside nor written over.
        reason = f"tray version {version}; this dossier reads version {TRAY_VERSION}"
        raise TrayError(path, None, reason, newer=True)
    items: list[Any] = data["pins"]
    pins: list[Pin] = []
    bad: list[tuple[int, str]] = []
    for position, item in enumerate(items):
        try:
            pins.append(Pin.from_json(item))
        except ValueError as exc:
            bad.append((position, str(exc).splitlines()[0][:120]))
    if bad:
        problem = _set_pins_aside(path, raw, items, pins, bad)
        if problem.backup is None:
            raise problem
        try:
            stat = path.stat()
        except OSError:
            return pins, None, problem
        return pins, (stat.st_size, stat.st_mtime_ns), problem
    return pins, (stat.st_size, stat.st_mtime_ns), None


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
        self.set_aside: TrayError | None = None
        """The pins the first reading kept aside in a side file (to report), if any."""
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
        pins, stamp, set_aside = _read(path)
        tray = cls(path, pins)
        tray._stamp = stamp
        tray.set_aside = set_aside
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
        :class:`TrayError`) when the file cannot be read, or when some of its
        pins could not and were set aside (so that the user hears of it; the
        change can be made again).
        """
        if self.locked is not None:
            newer = self._refusal is not None and self._refusal.newer
            raise TrayError(self.path, None, self.locked, newer=newer)
        stamp = self._current_stamp()
        if stamp is None or stamp == self._stamp:
            return False
        self.pins, self._stamp, set_aside = _read(self.path)
        if set_aside is not None:
            raise set_aside
        return True

    def save(self) -> None:
        """Write the tray atomically."""
        write_atomic(self.path, _payload(self.pins))
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
    started; pins that cannot be read have been kept aside and the others
    loaded; a file that exists but cannot be opened, or that a newer dossier
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
        return tray, tray.set_aside or exc
    except OSError as exc:
        unsaved = TrayError(where, None, f"re-anchored pins not saved: {exc.strerror}")
        return tray, tray.set_aside or unsaved
    return tray, tray.set_aside
