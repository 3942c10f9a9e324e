"""Promote a new-entity candidate to an entity, or merge it into one as an alias.

``entities.toml`` is written by hand and reviewed like code: its comments (the
``# People`` section headers, notes), its order and its formatting are the
annotator's, so an edit here changes only what it adds. :mod:`tomllib` reads
TOML but cannot write it, and writing parsed values back would lose every
comment; tomlkit keeps a document's formatting, so it makes the new text:

* :func:`promote` renders the new ``[[entity]]`` table with tomlkit and
  inserts it as text after the last entity of the same type (with its
  relations), so every byte around it stays as it was;
* :func:`merge` appends the spelling to the entity's ``aliases`` array in the
  tomlkit document, which writes the rest back as it read it.

Nothing is written until the edit has been checked: the name is a name
(something to match, no control characters), the type is known, the id free,
the spelling no entity's alias yet, and the new text, parsed again with
tomllib, says exactly what was meant and nothing else. Then the file is
replaced atomically and the annotations read back; if they no longer read
cleanly the previous bytes are put back and the first problem is raised. Every
refusal is a :class:`~store.errors.CorpusError` naming the file (and the line,
where there is one) and what to do. Like all of ``store``, this module never
imports Textual: the command line calls it, and so could any other front end.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError

from ..corpus.annotations import (
    ENTITIES_FILE,
    ID_PATTERN,
    Annotations,
    EntitySpec,
    alias_key,
    read_annotations,
)
from ..corpus.articles import BOM, read_corpus
from ..corpus.toml_lines import TomlLocator
from ..errors import CorpusError
from ..fold import fold
from ..model import ENTITY_TYPES
from ..sanitize import is_printable, printable
from ..words import closest, did_you_mean, in_parentheses
from .files import confined, replace_files

#: Written when no description is given (an entity needs one; say it is missing).
DEFAULT_DESCRIPTION = "Not described yet (added by dossier promote)."

_BY_HAND = "edit entities.toml by hand (see ANNOTATING.md)"


@dataclass(frozen=True, slots=True)
class _State:
    """``entities.toml`` and what it says, read before an edit."""

    root: Path
    path: Path
    before: bytes | None
    """The file's bytes; ``None`` when the corpus has no entities.toml yet."""
    text: str
    """The file's text, without a byte-order mark if it had one."""
    data: dict[str, Any]
    locator: TomlLocator
    articles: frozenset[str]
    annotations: Annotations
    bom: bool = False
    """The file starts with a UTF-8 byte-order mark (kept when it is written back)."""

    def owner(self, spelling: str) -> tuple[EntitySpec, str] | None:
        """The entity a spelling already names, and whether as ``aliases`` or
        ``search_aliases`` (compared as the build compares them)."""
        key = alias_key(spelling)
        for entity in self.annotations.entities:
            for field, spellings in (
                ("aliases", entity.aliases),
                ("search_aliases", entity.search_aliases),
            ):
                if any(alias_key(s) == key for s in spellings):
                    return entity, field
        return None

    def index(self, entity_id: str) -> int | None:
        """Position of the entity in the ``[[entity]]`` array."""
        tables = self.data.get("entity", [])
        for i, table in enumerate(tables if isinstance(tables, list) else []):
            if isinstance(table, dict) and table.get("id") == entity_id:
                return i
        return None

    def line_of(self, entity: EntitySpec, spelling: str, field: str) -> int:
        """The line that lists ``spelling`` for ``entity`` (else the entity's own line)."""
        i = self.index(entity.id)
        if i is None:
            return entity.where.line
        return self.locator.find(("entity", i), spelling, after=("entity", i, field))


def _read(corpus_dir: Path | str) -> _State:
    corpus = read_corpus(corpus_dir)
    root = corpus.root
    path = root / ENTITIES_FILE
    errors: list[CorpusError] = []
    annotations = read_annotations(root, corpus.listed_ids, errors)
    if errors:
        first = errors[0]
        raise CorpusError(
            first.file,
            f"{first.message} (nothing was changed: fix this first; 'dossier check' lists "
            "every problem)",
            first.line,
        )
    before = path.read_bytes() if path.exists() else None
    whole = before.decode("utf-8") if before is not None else ""
    text = whole.removeprefix(BOM)
    return _State(
        root,
        path,
        before,
        text,
        tomllib.loads(text),
        TomlLocator(text),
        corpus.listed_ids or frozenset(),
        annotations,
        bom=text != whole,
    )


def _check_name(path: Path, what: str, value: str) -> str:
    """``value`` without surrounding whitespace, if it is a name dossier can match."""
    if not isinstance(value, str) or not value.strip():
        raise CorpusError(path, f"{what} is empty; give it as the articles write it")
    value = value.strip()
    if not is_printable(value) or any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise CorpusError(
            path,
            f"{what} {printable(value)!r} contains control characters (invisible ones too) "
            "or is not valid text; "
            "give it as the articles write it",
        )
    if not alias_key(value):
        raise CorpusError(
            path,
            f"{what} {value!r} has no letters or digits, so it would never be matched; "
            "give it as the articles write it",
        )
    return value


def _refuse_taken(state: _State, spelling: str, *, into: str | None = None) -> None:
    """Refuse a spelling some entity already has (``into``: the entity merged into)."""
    found = state.owner(spelling)
    if found is None:
        return
    entity, field = found
    line = state.line_of(entity, spelling, field)
    kind = "an alias" if field == "aliases" else "a search alias"
    if entity.id == into and field == "aliases":
        hint = "nothing to do"
    elif entity.id == into:
        hint = "search aliases are never linked; move it to the entity's aliases by hand"
    elif into is None:
        hint = f"add other spellings with 'dossier merge SPELLING --into {entity.id}'"
    else:
        hint = (
            "an alias belongs to one entity, so it cannot move; merge the full name the "
            "article uses instead (in your own articles its short forms go with it), or add "
            "a [[link]] where a paragraph means another (see ANNOTATING.md)"
        )
    raise CorpusError(
        state.path,
        f"{spelling!r} is already {kind} of {entity.id} ({entity.name}); {hint}",
        line,
    )


def slug(name: str) -> str:
    """An entity id made from a name: ``"Layla Haddad"`` gives ``"layla-haddad"``.

    Case and accents are folded, apostrophes dropped, and every other run of
    characters that are no ASCII letters or digits becomes one hyphen; at most
    80 characters, cut at a hyphen. Empty when the name has no ASCII letters or
    digits at all.
    """
    words = re.findall(r"[a-z0-9]+", re.sub(r"'", "", fold(name)))
    made = ""
    for word in words:
        longer = f"{made}-{word}" if made else word
        if len(longer) > 80:
            break
        made = longer
    return made or (words[0][:80] if words else "")


def _render(entity: dict[str, Any], newline: str) -> str:
    """The ``[[entity]]`` table as TOML text (strings escaped by tomlkit)."""
    table = tomlkit.table()
    table.add(tomlkit.comment(f"added by dossier promote on {dt.date.today().isoformat()}"))
    for key, value in entity.items():
        table.add(key, value)
    tables = tomlkit.aot()
    tables.append(table)
    document = tomlkit.document()
    document.append("entity", tables)
    return tomlkit.dumps(document).replace("\n", newline)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _after_type(state: _State, type: str) -> tuple[int, int] | None:
    """Where the new table goes: (character offset, its index in ``[[entity]]``).

    Just after the last entity of ``type`` (or the last entity), after its
    relations and before the blank lines and comments (section headers) that
    follow it; ``None`` when the file does not lend itself to that.
    """
    tables = state.data.get("entity")
    count = state.locator.count(("entity",))
    if not isinstance(tables, list) or not tables or len(tables) != count:
        return None
    same = [i for i, t in enumerate(tables) if isinstance(t, dict) and t.get("type") == type]
    i = same[-1] if same else count - 1
    lines = state.text.splitlines(keepends=True)
    header = state.locator.line(("entity", i))
    last = min(state.locator.end(("entity", i)), len(lines))
    while last > header and (not lines[last - 1].strip() or lines[last - 1].lstrip()[:1] == "#"):
        last -= 1
    if not lines[last - 1].endswith(("\n", "\r")):
        return None  # the entity ends the file without a newline: append instead
    return sum(len(line) for line in lines[:last]), i + 1


def _parses_as(text: str, expected: dict[str, Any]) -> bool:
    try:
        return tomllib.loads(text) == expected
    except tomllib.TOMLDecodeError:
        return False


def _write(state: _State, text: str, then: Callable[[], object] | None) -> None:
    """Replace entities.toml with ``text``, then rebuild (``then``); put it back if the
    annotations no longer read or the rebuild fails."""
    data = ((BOM if state.bom else "") + text).encode("utf-8")
    replace_files(state.root, {state.path: data}, state.articles, then=then)


def _dedupe(spellings: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(spellings))


def promote(
    corpus_dir: Path | str,
    name: str,
    type: str,
    *,
    entity_id: str | None = None,
    aliases: Iterable[str] = (),
    description: str = "",
    dry_run: bool = False,
    then: Callable[[], object] | None = None,
) -> str:
    """Add an entity called ``name`` to the corpus's ``entities.toml``; returns its id.

    The id is ``entity_id``, else made from the name (:func:`slug`). Its
    aliases are the name and then ``aliases``, each once, in order; without a
    ``description`` a placeholder says it is missing. The table goes after the
    last entity of the same type; the rest of the file is unchanged, byte for
    byte.

    With ``dry_run`` everything is checked and nothing written. ``then`` (the
    rebuild of the store) runs once the file is written and read back; if it
    fails, the file is put back as it was and its error raised.

    Raises :class:`CorpusError`, changing nothing, for an unknown type, a
    name or spelling that is empty, has control characters or nothing to
    match, or is already another entity's alias, an invalid or taken id, or a
    corpus whose annotations do not read cleanly to begin with.
    """
    root = Path(corpus_dir).expanduser().resolve()
    path = root / ENTITIES_FILE
    name = _check_name(path, "the name", name)
    spellings = _dedupe([name, *(_check_name(path, "an alias", a) for a in aliases)])
    if type not in ENTITY_TYPES:
        hint = in_parentheses(did_you_mean(type, ENTITY_TYPES))
        raise CorpusError(
            path,
            f"type {printable(type)!r} is not one of {', '.join(ENTITY_TYPES)}{hint}; choose one",
        )
    if description and not is_printable(description):
        raise CorpusError(
            path,
            "the description contains control characters (invisible ones too); write one line",
        )
    description = " ".join(description.split()) or DEFAULT_DESCRIPTION
    new_id = entity_id.strip() if entity_id is not None else slug(name)
    if not new_id:
        raise CorpusError(
            path, f"cannot make an id from {name!r}; give one (--id), e.g. 'layla-haddad'"
        )
    if not ID_PATTERN.match(new_id):
        raise CorpusError(
            path,
            f"id {printable(new_id)!r} must be lowercase letters, digits and hyphens "
            "(at most 120), e.g. 'layla-haddad'",
        )
    state = _read(root)
    taken = next((e for e in state.annotations.entities if e.id == new_id), None)
    if taken is not None:
        raise CorpusError(
            state.path,
            f"id {new_id!r} is taken by {taken.name!r}; give another one (--id)",
            taken.where.line,
        )
    for spelling in spellings:
        _refuse_taken(state, spelling)

    entity = {
        "id": new_id,
        "name": name,
        "type": type,
        "aliases": spellings,
        "description": description,
    }
    newline = _newline(state.text)
    table = _render(entity, newline)
    old = state.data.get("entity", [])
    tables = list(old) if isinstance(old, list) else []
    attempts: list[tuple[str, int]] = []
    place = _after_type(state, type)
    if place is not None:
        offset, index = place
        text = state.text[:offset] + newline + table + state.text[offset:]
        attempts.append((text, index))
    head = state.text
    if head and not head.endswith("\n"):
        head += newline
    if head.strip() and not head.endswith(newline * 2):
        head += newline
    attempts.append((head + table, len(tables)))  # at the end: always valid TOML
    for text, index in attempts:
        expected = dict(state.data)
        expected["entity"] = tables[:index] + [entity] + tables[index:]
        if _parses_as(text, expected):
            if not dry_run:
                _write(state, text, then)
            return new_id
    raise CorpusError(state.path, f"cannot add {name!r} without changing anything else; {_BY_HAND}")


@dataclass(frozen=True, slots=True)
class Merged:
    """What ``merge`` did."""

    spelling: str
    """The spelling, as given (stripped)."""
    entity_id: str
    """The entity it is now an alias of."""
    moved_from: str | None = None
    """The entity whose search aliases it was taken from (the target itself, when it
    was only a search alias of it), else ``None``."""


def merge(
    corpus_dir: Path | str,
    spelling: str,
    entity_id: str,
    *,
    dry_run: bool = False,
    then: Callable[[], object] | None = None,
) -> Merged:
    """Make ``spelling`` one of the ``aliases`` of entity ``entity_id`` in ``entities.toml``.

    Any spelling the articles use is accepted: a new-entity candidate's, one
    that automatic linking found, or a search alias (a spelling automatic
    linking matched), which is then moved: taken out of the ``search_aliases``
    it was in (the target's, or another entity's) and made a curated alias of
    the target. Only those arrays change (their formatting kept as far as
    tomlkit can: one line stays one line); every other byte of the file stays
    as it was.

    With ``dry_run`` everything is checked and nothing written; ``then`` (the
    rebuild) runs after the write, and a failure puts the file back.

    Raises :class:`CorpusError`, changing nothing, for an unknown entity (with
    the closest id), a spelling that is empty, has control characters or
    nothing to match, that is already the target's alias, or another entity's
    alias (an alias belongs to one entity: the curated articles' mentions
    depend on it), or a corpus whose annotations do not read cleanly to begin
    with.
    """
    root = Path(corpus_dir).expanduser().resolve()
    spelling = _check_name(root / ENTITIES_FILE, "the spelling", spelling)
    state = _read(root)
    index = state.index(entity_id)
    if index is None:
        ids = [e.id for e in state.annotations.entities]
        named = state.owner(entity_id) if alias_key(entity_id) else None
        near = named[0].id if named else None
        if near is None:
            near = closest(entity_id, ids)
        hint = f"; did you mean {near!r}?" if near else ""
        raise CorpusError(
            state.path,
            f"no entity with id {printable(entity_id)!r}{hint} "
            "('dossier lookup NAME' shows an entity's id)",
        )
    found = state.owner(spelling)
    moving: tuple[int, str] | None = None
    if found is not None and found[1] == "search_aliases":
        owner = state.index(found[0].id)
        key = alias_key(spelling)
        written = next(s for s in found[0].search_aliases if alias_key(s) == key)
        if owner is not None:
            moving = (owner, written)
    if moving is None:
        _refuse_taken(state, spelling, into=entity_id)

    expected = copy.deepcopy(state.data)
    if moving is not None:
        expected["entity"][moving[0]]["search_aliases"].remove(moving[1])
    expected["entity"][index]["aliases"].append(spelling)
    try:
        document = tomlkit.parse(state.text)
        if moving is not None:
            array = document["entity"][moving[0]]["search_aliases"]
            del array[list(array).index(moving[1])]
        document["entity"][index]["aliases"].append(spelling)
        text = tomlkit.dumps(document)
    except (TOMLKitError, KeyError, IndexError, TypeError, AttributeError, ValueError):
        text = ""
    ranges = [
        (state.locator.line(("entity", i)), state.locator.end(("entity", i)))
        for i in {index, *([moving[0]] if moving else [])}
    ]
    where = ("entity", index)
    if not (_parses_as(text, expected) and confined(state.text, text, ranges)):
        raise CorpusError(
            state.path,
            f"cannot add {spelling!r} to {entity_id} without changing anything else; {_BY_HAND}",
            state.locator.line(where + ("aliases",)),
        )
    if not dry_run:
        _write(state, text, then)
    moved_from = found[0].id if moving is not None and found is not None else None
    return Merged(spelling, entity_id, moved_from)
