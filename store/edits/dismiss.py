"""``dossier dismiss``: record that a candidate is none, so that it never returns.

A false candidate (words that are no name, a sentence that proposes no
event) is written to the corpus's ``dismissed.toml``, which the build reads
(:mod:`store.corpus.annotations`): a dismissed name is never proposed again,
and no longer takes a known alias inside it ("Separately Maliki" gives
"Maliki" back to its entity); a dismissed event is never proposed again, nor
is any event its sentences propose. ``--undo`` takes a dismissal back.

The file is the user's, reviewed like the other annotations: a new entry
is appended as text (so its comments and order stay as they are), and an
entry taken back is removed with tomlkit, which keeps everything else. As
for every edit, nothing is written until everything is checked, the file is
replaced atomically, and a failed read-back or rebuild puts it back.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from ..corpus.annotations import DISMISSED_FILE, Annotations
from ..corpus.articles import BOM
from ..errors import CorpusError
from ..model import EventCandidate
from ..names import name_key
from ..query.candidates import Candidate, candidates, event_candidates
from ..query.catalog import Catalog
from ..sanitize import printable
from ..words import did_you_mean, in_parentheses
from .files import readable, replace_files
from .toml_text import toml_string

_HEADER = (
    "# Candidates that are none: dossier never proposes them again.\n"
    "# Written by 'dossier dismiss' (and the explorer's candidates screen, key x);\n"
    "# 'dossier dismiss --undo' takes one back. The format is in ANNOTATING.md.\n"
)


@dataclass(frozen=True, slots=True)
class Dismissed:
    """What ``dismiss`` did."""

    kind: str
    """``name`` or ``event``."""
    text: str
    """The name, or the event candidate's id."""
    undone: bool
    """True when a dismissal was taken back."""
    title: str = ""
    """The event candidate's title."""


def _state(root: Path) -> tuple[Path, str, bool, Annotations, frozenset[str]]:
    corpus, annotations = readable(root)
    path = corpus.root / DISMISSED_FILE
    whole = path.read_text("utf-8") if path.exists() else ""
    text = whole.removeprefix(BOM)
    return path, text, text != whole, annotations, corpus.listed_ids or frozenset()


def dismiss(
    corpus_dir: Path | str,
    catalog: Catalog,
    text: str,
    *,
    undo: bool = False,
    dry_run: bool = False,
    then: Callable[[], object] | None = None,
) -> Dismissed:
    """Dismiss the candidate ``text`` names (an event candidate's id, or a name as
    ``dossier candidates`` shows it), or with ``undo`` take its dismissal back.

    ``catalog`` is the store of the corpus at ``corpus_dir``, where the candidates
    are looked up. Raises :class:`CorpusError`, changing nothing, for a text that
    is no candidate (with the closest one), one already dismissed, an undo of
    something not dismissed, or a corpus whose annotations do not read cleanly
    to begin with.
    """
    root = Path(corpus_dir).expanduser().resolve()
    path, before, bom, annotations, articles = _state(root)
    wanted = text.strip()
    if not wanted or not name_key(wanted):
        raise CorpusError(path, "no candidate given; 'dossier candidates' lists them")
    key = name_key(wanted)
    named = next((d for d in annotations.dismissed_names if d.key == key), None)
    event = next((d for d in annotations.dismissed_events if d.id == wanted), None)
    if undo:
        if event is not None:
            table, index = "event", annotations.dismissed_events.index(event)
        elif named is not None:
            table, index = "name", annotations.dismissed_names.index(named)
        else:
            raise CorpusError(
                path,
                f"{printable(wanted)!r} is not dismissed; nothing to take back "
                f"({DISMISSED_FILE} lists what is)",
            )
        new = _removed(path, before, table, index)
        done = Dismissed(table, wanted, True)
    else:
        already = named.where if named is not None else event.where if event is not None else None
        if already is not None:
            raise CorpusError(
                path,
                f"{printable(wanted)!r} is already dismissed; 'dossier dismiss --undo "
                f"{printable(wanted)}' takes it back",
                already.line,
            )
        proposal = _event(catalog, wanted)
        if proposal is not None:
            entry = _event_entry(proposal)
            done = Dismissed("event", proposal.id, False, proposal.title)
        else:
            found = _name(catalog, wanted)
            if found is None:
                raise CorpusError(
                    path, f"no candidate {printable(wanted)!r}{_near(catalog, wanted)}"
                )
            entry = (
                f"[[name]]\nname = {toml_string(found.name)}\n"
                f"dismissed = {dt.date.today().isoformat()}\n"
            )
            done = Dismissed("name", found.name, False)
        new = _appended(before, entry)
    if not dry_run:
        data = ((BOM if bom else "") + new).encode("utf-8")
        replace_files(root, {path: data}, articles, then=then)
    return done


def _event(catalog: Catalog, wanted: str) -> EventCandidate | None:
    return next((e for e in catalog.event_candidates() if e.id == wanted), None)


def _name(catalog: Catalog, wanted: str) -> Candidate | None:
    key = name_key(wanted)
    return next((c for c in candidates(catalog) if c.key == key), None)


def _near(catalog: Catalog, wanted: str) -> str:
    choices = [c.name for c in candidates(catalog)] + [e.id for e in event_candidates(catalog)]
    hint = in_parentheses(did_you_mean(wanted, choices))
    return f"{hint}; 'dossier candidates' lists them (a name as written, an event by its id)"


def _event_entry(event: EventCandidate) -> str:
    lines = [
        "[[event]]",
        f"id = {toml_string(event.id)}",
        f"title = {toml_string(event.title)}",
        f"dismissed = {dt.date.today().isoformat()}",
        "sources = [",
    ]
    for source in event.sources:
        lines.append(
            f"  {{ article = {toml_string(source.evidence.article_id)}, "
            f"quote = {toml_string(source.evidence.quote)} }},"
        )
    lines.append("]")
    return "\n".join(lines) + "\n"


def _appended(before: str, entry: str) -> str:
    newline = "\r\n" if "\r\n" in before else "\n"
    head = before if before.strip() else _HEADER.replace("\n", newline)
    # One blank line between entries, however many the file ended with.
    return head.rstrip("\r\n") + newline * 2 + entry.replace("\n", newline)


def _removed(path: Path, before: str, table: str, index: int) -> str:
    """The file without the ``index``-th ``[[table]]``, everything else kept."""
    try:
        document = tomlkit.parse(before)
        array = document[table]
        del array[index]
        if not len(array):
            del document[table]
        text = tomlkit.dumps(document)
        expected: dict[str, Any] = tomllib.loads(before)
        del expected[table][index]
        if not expected[table]:
            del expected[table]
        if tomllib.loads(text) == expected:
            return text
    except (TOMLKitError, KeyError, IndexError, TypeError, tomllib.TOMLDecodeError):
        pass
    raise CorpusError(
        path, f"cannot take the dismissal back without changing anything else; edit {path.name}"
    )
