"""Read and validate the hand-written annotations of a corpus.

Part of the **read** stage of the ingest pipeline. ``entities.toml``,
``events.toml`` and ``claims.toml`` (format: ``corpus/ANNOTATING.md``) become
plain spec values, each remembering the file and line it came from, so that
the later stages (anchoring quotes, linking mentions, resolving dates) can
report ``file:line`` too. Every problem found is appended to a list rather
than raised, so ``dossier check`` reports all of them at once.

All three files are optional: a corpus of the user's own articles starts with
none, and simply has no curated entities, events or claims yet.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import CorpusError, report_order
from ..fold import fold
from ..model import DATE_PRECISIONS, ENTITY_TYPES
from ..names import name_key
from ..words import did_you_mean, in_parentheses
from .toml_lines import TomlLocator

ENTITIES_FILE = "entities.toml"
EVENTS_FILE = "events.toml"
CLAIMS_FILE = "claims.toml"
DISMISSED_FILE = "dismissed.toml"

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")
RELATION_TYPES = (
    "leader-of", "deputy-leader-of", "commander-of", "member-of", "part-of",
    "spokesperson-for", "founded", "works-for", "backed-by", "located-in", "replaced",
    "allied-with",
)  # fmt: skip
EVENT_TYPES = (
    "raid", "arrest", "detention", "transfer", "release", "attack", "killing", "statement",
    "accusation", "report", "protest", "parade", "meeting", "talks", "visit", "policy",
    "sanction", "appointment", "resignation", "seizure", "founding", "commemoration", "photo",
    "other",
)  # fmt: skip
#: The precisions an annotator may give an event (a week is not one).
PRECISIONS = tuple(p for p in DATE_PRECISIONS if p != "week")
UNLINK = "none"


@dataclass(frozen=True, slots=True)
class Where:
    """A place in an annotation file."""

    file: str
    line: int

    def error(self, message: str) -> CorpusError:
        """A corpus error at this place."""
        return CorpusError(self.file, message, self.line)


@dataclass(frozen=True, slots=True)
class QuoteSpec:
    """A verbatim quote from an article (a W3C TextQuoteSelector)."""

    article: str
    quote: str
    prefix: str
    suffix: str
    where: Where


@dataclass(frozen=True, slots=True)
class DatedQuoteSpec:
    """Evidence for an event, with the words that date it."""

    quote: QuoteSpec
    date_phrase: str | None
    resolves_to: str | None
    anchor: str | None
    """Event id the phrase counts from; ``None`` for the publication date."""


@dataclass(frozen=True, slots=True)
class RelationSpec:
    """``source TYPE target``, with its evidence."""

    source: str
    type: str
    target: str
    evidence: tuple[QuoteSpec, ...]
    where: Where


@dataclass(frozen=True, slots=True)
class EntitySpec:
    """An ``[[entity]]`` table."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    search_aliases: tuple[str, ...]
    exact_case: tuple[str, ...]
    description: str
    relations: tuple[RelationSpec, ...]
    where: Where
    adjectives: tuple[str, ...] = ()
    """Adjectives and demonyms of the entity ("Iraqi", "Saudis"): linked as
    mentions of their own kind, kept apart from the name."""


@dataclass(frozen=True, slots=True)
class LinkSpec:
    """A ``[[link]]`` table: these words, here, mean that entity (or none)."""

    quote: QuoteSpec
    entity: str | None
    note: str
    where: Where


@dataclass(frozen=True, slots=True)
class EventSpec:
    """An ``[[event]]`` table."""

    id: str
    title: str
    type: str
    date: dt.date
    precision: str
    estimated: bool
    location: str | None
    participants: tuple[tuple[str, str], ...]
    evidence: tuple[DatedQuoteSpec, ...]
    where: Where


@dataclass(frozen=True, slots=True)
class ClaimValueSpec:
    """One answer to a claim's question, with the quotes that give it."""

    value: str
    evidence: tuple[QuoteSpec, ...]
    where: Where


@dataclass(frozen=True, slots=True)
class ClaimSpec:
    """A ``[[claim]]`` table."""

    id: str
    subject: str
    question: str
    values: tuple[ClaimValueSpec, ...]
    where: Where
    compatible: bool = False
    attributed: bool = False


@dataclass(frozen=True, slots=True)
class DismissedName:
    """A ``[[name]]`` of ``dismissed.toml``: words that are no new entity."""

    name: str
    key: str
    """How it is compared with candidates (:func:`store.names.name_key`)."""
    where: Where


@dataclass(frozen=True, slots=True)
class DismissedEvent:
    """An ``[[event]]`` of ``dismissed.toml``: a proposed event that is none."""

    id: str
    """The proposal's id, as ``dossier candidates`` showed it."""
    sources: tuple[tuple[str, str], ...]
    """``(article, quote)`` of the sentences it was proposed from: a proposal from
    any of them is dismissed too, whatever its id becomes."""
    where: Where


@dataclass(frozen=True, slots=True)
class Annotations:
    """Everything the annotation files say, validated."""

    entities: tuple[EntitySpec, ...] = ()
    links: tuple[LinkSpec, ...] = ()
    events: tuple[EventSpec, ...] = ()
    claims: tuple[ClaimSpec, ...] = ()
    dismissed_names: tuple[DismissedName, ...] = ()
    dismissed_events: tuple[DismissedEvent, ...] = ()

    def curated_articles(self) -> frozenset[str]:
        """The articles ``entities.toml`` or ``claims.toml`` quote: their mentions are
        the annotators' alone. (An event's evidence alone does not make an article
        curated: making a proposed event an event keeps the article's automatic
        links.)"""
        found: set[str] = set()
        for entity in self.entities:
            for relation in entity.relations:
                found.update(q.article for q in relation.evidence)
        found.update(link.quote.article for link in self.links)
        for claim in self.claims:
            for value in claim.values:
                found.update(q.article for q in value.evidence)
        return frozenset(found)

    def quotes(self) -> list[QuoteSpec]:
        """Every quote, in file order."""
        found: list[QuoteSpec] = []
        for entity in self.entities:
            for relation in entity.relations:
                found.extend(relation.evidence)
        found.extend(link.quote for link in self.links)
        for event in self.events:
            found.extend(e.quote for e in event.evidence)
        for claim in self.claims:
            for value in claim.values:
                found.extend(value.evidence)
        return found


@lru_cache(maxsize=65536)
def alias_key(alias: str) -> tuple[str, ...]:
    """How aliases are compared: folded words, ignoring spaces, hyphens and apostrophes."""
    return tuple(re.findall(r"\w+", fold(alias)))


def parse_event_date(value: Any, precision: str) -> dt.date | None:
    """The first day of an event date written at ``precision``; ``None`` if invalid."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value if precision == "day" else None
    if not isinstance(value, str):
        return None
    patterns = {
        "day": r"(\d{4})-(\d{2})-(\d{2})",
        "month": r"(\d{4})-(\d{2})",
        "year": r"(\d{4})",
        "decade": r"(\d{3})0s",
    }
    m = re.fullmatch(patterns.get(precision, r"$^"), value.strip())
    if not m:
        return None
    try:
        if precision == "day":
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if precision == "month":
            return dt.date(int(m[1]), int(m[2]), 1)
        if precision == "year":
            return dt.date(int(m[1]), 1, 1)
        return dt.date(int(m[1]) * 10, 1, 1)
    except ValueError:
        return None


def _unknown(value: str, known: Collection[str] | None) -> bool:
    """True when ``value`` is not among ``known`` ids; never when they could not be
    read (a file that does not parse must not make every reference to it an error)."""
    return known is not None and value not in known


def _suggest(name: str, choices: Collection[str]) -> str:
    return in_parentheses(did_you_mean(name, choices, cutoff=70))


class _Reader:
    """Validation helpers bound to one annotation file."""

    def __init__(self, path: Path, locator: TomlLocator, errors: list[CorpusError]) -> None:
        self.file = str(path)
        self.where = locator
        self.errors = errors

    def at(self, path: tuple[str | int, ...]) -> Where:
        return Where(self.file, self.where.line(path))

    def error(self, path: tuple[str | int, ...], message: str) -> None:
        self.errors.append(self.at(path).error(message))

    def table(self, item: Any, path: tuple[str | int, ...], what: str) -> dict[str, Any] | None:
        if not isinstance(item, dict):
            self.error(path, f"each {what} must be a table")
            return None
        return item

    def keys(
        self,
        item: dict[str, Any],
        path: tuple[str | int, ...],
        allowed: Collection[str],
        required: Collection[str],
    ) -> bool:
        ok = True
        for key in item:
            if key not in allowed:
                self.error(
                    path + (key,),
                    f"unknown field {key!r}{_suggest(key, allowed)}; remove or rename it",
                )
                ok = False
        for key in required:
            if key not in item:
                self.error(path, f"missing {key!r}; add it")
                ok = False
        return ok

    def string(
        self, item: dict[str, Any], key: str, path: tuple[str | int, ...], *, empty: bool = False
    ) -> str:
        value = item.get(key, "")
        if not isinstance(value, str):
            self.error(path + (key,), f"{key!r} must be a string in quotes")
            return ""
        if not empty and key in item and not value.strip():
            self.error(path + (key,), f"{key!r} is empty")
        return value

    def strings(
        self, item: dict[str, Any], key: str, path: tuple[str | int, ...]
    ) -> tuple[str, ...]:
        value = item.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(path + (key,), f"{key!r} must be a list of strings")
            return ()
        if any(not v.strip() for v in value):
            self.error(
                path + (key,), f"{key!r} holds an empty spelling; remove it or write the spelling"
            )
        return tuple(v for v in value if v.strip())

    def ident(
        self, item: dict[str, Any], path: tuple[str | int, ...], seen: dict[str, int], what: str
    ) -> str:
        value = self.string(item, "id", path)
        line = self.where.line(path + ("id",))
        if value and not ID_PATTERN.match(value):
            self.error(
                path + ("id",), f"id {value!r} must be lowercase letters, digits and hyphens"
            )
        elif value in seen:
            self.error(
                path + ("id",),
                f"duplicate {what} id {value!r} (first used on line "
                f"{seen[value]}); give each {what} its own id",
            )
        elif value:
            seen[value] = line
        return value

    def quote(
        self,
        item: Any,
        path: tuple[str | int, ...],
        articles: Collection[str] | None,
        extra: Collection[str] = (),
    ) -> QuoteSpec | None:
        table = self.table(item, path, "evidence item")
        if table is None:
            return None
        allowed = ("article", "quote", "prefix", "suffix", *extra)
        if not self.keys(table, path, allowed, ("article", "quote")):
            return None
        article = self.string(table, "article", path)
        quote = self.string(table, "quote", path)
        prefix = self.string(table, "prefix", path, empty=True)
        suffix = self.string(table, "suffix", path, empty=True)
        if self.where.has(path + ("quote",)):
            line = self.where.line(path + ("quote",))
        else:  # written inline: the line that holds the quote
            line = self.where.find(self.where.table_of(path), quote)
        where = Where(self.file, line)
        if article and _unknown(article, articles):
            assert articles is not None
            self.errors.append(
                where.error(
                    f"unknown article {article!r}{_suggest(article, articles)}; use an id from "
                    "articles.toml"
                )
            )
            return None
        if not article or not quote:
            return None
        if "\n" in quote:
            self.errors.append(where.error("quote spans a line break; quote within one paragraph"))
            return None
        return QuoteSpec(article, quote, prefix, suffix, where)

    def evidence_list(
        self,
        item: dict[str, Any],
        path: tuple[str | int, ...],
        articles: Collection[str] | None,
        *,
        required: bool,
    ) -> list[tuple[Any, tuple[str | int, ...]]]:
        value = item.get("evidence", [])
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            self.error(
                path + ("evidence",),
                "'evidence' must be a list of { article = ..., quote = ... } tables",
            )
            return []
        if required and not value:
            self.error(path, "no evidence; add at least one { article, quote }")
        return [(v, path + ("evidence", i)) for i, v in enumerate(value)]


def _load(
    root: Path, name: str, errors: list[CorpusError]
) -> tuple[dict[str, Any], _Reader] | None:
    from .articles import load_toml

    path = root / name
    if not path.exists():
        return None
    try:
        data, locator = load_toml(path)
    except CorpusError as exc:
        errors.append(exc)
        return None
    return data, _Reader(path, locator, errors)


def _entities(
    root: Path, articles: Collection[str] | None, errors: list[CorpusError]
) -> tuple[list[EntitySpec], list[LinkSpec], dict[str, int] | None]:
    """The entities and links, and the entity ids by line (``None`` when the file
    exists but could not be read)."""
    loaded = _load(root, ENTITIES_FILE, errors)
    if loaded is None:
        return [], [], (None if (root / ENTITIES_FILE).exists() else {})
    data, r = loaded
    for key in data:
        if key not in ("entity", "link"):
            r.error((key,), f"unknown table {key!r}; use [[entity]] or [[link]]")
    seen: dict[str, int] = {}
    raw_relations: list[tuple[str, Any, tuple[str | int, ...]]] = []
    specs: list[tuple[dict[str, Any], tuple[str | int, ...], str]] = []
    for index, item in enumerate(data.get("entity", [])):
        path: tuple[str | int, ...] = ("entity", index)
        table = r.table(item, path, "entity")
        if table is None:
            continue
        allowed = (
            "id",
            "name",
            "type",
            "aliases",
            "search_aliases",
            "exact_case",
            "adjectives",
            "description",
            "relation",
        )
        r.keys(table, path, allowed, ("id", "name", "type", "aliases", "description"))
        entity_id = r.ident(table, path, seen, "entity")
        if not entity_id:
            continue
        specs.append((table, path, entity_id))
        stated = table.get("relation", [])
        if not isinstance(stated, list):
            r.error(path + ("relation",), "relations must be [[entity.relation]] tables")
            stated = []
        for j, relation in enumerate(stated):
            raw_relations.append((entity_id, relation, path + ("relation", j)))

    entities: list[EntitySpec] = []
    owners: dict[tuple[str, ...], tuple[str, int]] = {}
    for table, path, entity_id in specs:
        kind = r.string(table, "type", path)
        if kind and kind not in ENTITY_TYPES:
            r.error(
                path + ("type",),
                f"type {kind!r} is not one of {', '.join(ENTITY_TYPES)}"
                f"{_suggest(kind, ENTITY_TYPES)}",
            )
        aliases = r.strings(table, "aliases", path)
        search = r.strings(table, "search_aliases", path)
        exact = r.strings(table, "exact_case", path)
        adjectives = r.strings(table, "adjectives", path)
        for alias in exact:
            if alias not in aliases:
                r.error(
                    path + ("exact_case",),
                    f"exact_case {alias!r} is not one of the "
                    "entity's aliases; list it in aliases too",
                )
        for alias, field in (
            [(a, "aliases") for a in aliases]
            + [(a, "search_aliases") for a in search]
            + [(a, "adjectives") for a in adjectives]
        ):
            words = alias_key(alias)
            line = r.where.find(path, alias, after=path + (field,))
            if not words:
                errors.append(
                    CorpusError(r.file, f"alias {alias!r} has no letters or digits", line)
                )
                continue
            owner = owners.get(words)
            if owner and owner[0] != entity_id:
                errors.append(
                    CorpusError(
                        r.file,
                        f"alias {alias!r} is claimed by {owner[0]!r} (line {owner[1]}) and "
                        f"{entity_id!r}; an alias belongs to one entity (use a [[link]] for a "
                        "paragraph that means the other)",
                        line,
                    )
                )
            elif not owner:
                owners[words] = (entity_id, line)
        entities.append(
            EntitySpec(
                id=entity_id,
                name=r.string(table, "name", path),
                type=kind,
                aliases=aliases,
                search_aliases=search,
                exact_case=exact,
                description=r.string(table, "description", path),
                relations=(),
                where=r.at(path),
                adjectives=adjectives,
            )
        )

    relations: dict[str, list[RelationSpec]] = {}
    for source, item, path in raw_relations:
        table = r.table(item, path, "relation")
        if table is None or not r.keys(
            table, path, ("type", "target", "evidence"), ("type", "target", "evidence")
        ):
            continue
        kind = r.string(table, "type", path)
        target = r.string(table, "target", path)
        if kind not in RELATION_TYPES:
            r.error(
                path + ("type",),
                f"relation type {kind!r} is not one of "
                f"{', '.join(RELATION_TYPES)}{_suggest(kind, RELATION_TYPES)}",
            )
        if target not in seen:
            r.error(path + ("target",), f"unknown entity {target!r}{_suggest(target, seen)}")
        evidence = [
            r.quote(v, p, articles)
            for v, p in r.evidence_list(table, path, articles, required=True)
        ]
        relations.setdefault(source, []).append(
            RelationSpec(source, kind, target, tuple(e for e in evidence if e), r.at(path))
        )
    entities = [
        EntitySpec(
            e.id,
            e.name,
            e.type,
            e.aliases,
            e.search_aliases,
            e.exact_case,
            e.description,
            tuple(relations.get(e.id, ())),
            e.where,
            e.adjectives,
        )
        for e in entities
    ]

    links: list[LinkSpec] = []
    for index, item in enumerate(data.get("link", [])):
        path = ("link", index)
        table = r.table(item, path, "link")
        if table is None:
            continue
        r.keys(
            table,
            path,
            ("article", "quote", "prefix", "suffix", "entity", "note"),
            ("article", "quote", "entity"),
        )
        target = r.string(table, "entity", path)
        if target != UNLINK and target not in seen:
            r.error(
                path + ("entity",),
                f"unknown entity {target!r}{_suggest(target, seen)}; "
                f'use an entity id or "{UNLINK}"',
            )
            continue
        quote = r.quote(
            {k: v for k, v in table.items() if k not in ("entity", "note")}, path, articles
        )
        if quote:
            links.append(
                LinkSpec(
                    quote,
                    None if target == UNLINK else target,
                    r.string(table, "note", path, empty=True),
                    r.at(path),
                )
            )
    return entities, links, seen


def _events(
    root: Path,
    articles: Collection[str] | None,
    entities: Collection[str] | None,
    errors: list[CorpusError],
) -> list[EventSpec] | None:
    """The events (``None`` when the file exists but could not be read)."""
    loaded = _load(root, EVENTS_FILE, errors)
    if loaded is None:
        return None if (root / EVENTS_FILE).exists() else []
    data, r = loaded
    for key in data:
        if key != "event":
            r.error((key,), f"unknown table {key!r}; events are [[event]] tables")
    seen: dict[str, int] = {}
    raw: list[tuple[dict[str, Any], tuple[str | int, ...], str]] = []
    for index, item in enumerate(data.get("event", [])):
        path: tuple[str | int, ...] = ("event", index)
        table = r.table(item, path, "event")
        if table is None:
            continue
        allowed = (
            "id",
            "title",
            "type",
            "date",
            "precision",
            "estimated",
            "location",
            "participants",
            "evidence",
        )
        r.keys(table, path, allowed, ("id", "title", "type", "date", "precision", "evidence"))
        event_id = r.ident(table, path, seen, "event")
        if event_id:
            raw.append((table, path, event_id))
    events: list[EventSpec] = []
    for table, path, event_id in raw:
        kind = r.string(table, "type", path)
        if kind and kind not in EVENT_TYPES:
            r.error(
                path + ("type",),
                f"event type {kind!r} is not one of "
                f"{', '.join(EVENT_TYPES)}{_suggest(kind, EVENT_TYPES)}",
            )
        precision = table.get("precision", "")
        date: dt.date | None = None
        if precision not in PRECISIONS:
            r.error(path + ("precision",), f"precision must be one of {', '.join(PRECISIONS)}")
        else:
            date = parse_event_date(table.get("date"), precision)
            if date is None:
                example = {
                    "day": "2020-06-25",
                    "month": "2020-06",
                    "year": "2020",
                    "decade": "1980s",
                }[precision]
                r.error(
                    path + ("date",),
                    f"date {table.get('date')!r} is not a possible "
                    f"{precision} date; write it like {example!r}",
                )
        estimated = table.get("estimated", False)
        if not isinstance(estimated, bool):
            r.error(path + ("estimated",), "estimated must be true or false")
            estimated = False
        location = table.get("location")
        if location is not None and _unknown(location, entities):
            assert entities is not None
            r.error(
                path + ("location",),
                f"unknown entity {location!r}{_suggest(str(location), entities)}",
            )
            location = None
        participants: list[tuple[str, str]] = []
        for j, part in enumerate(table.get("participants", []) or []):
            ppath = path + ("participants", j)
            if not isinstance(part, dict) or "entity" not in part:
                r.error(ppath, 'a participant is { entity = "id", role = "..." }')
                continue
            entity = part["entity"]
            if _unknown(entity, entities):
                assert entities is not None
                errors.append(
                    CorpusError(
                        r.file,
                        f"unknown entity {entity!r}{_suggest(str(entity), entities)}",
                        r.where.find(path, str(entity)),
                    )
                )
                continue
            participants.append((entity, str(part.get("role", ""))))
        evidence: list[DatedQuoteSpec] = []
        for item, epath in r.evidence_list(table, path, articles, required=True):
            quote = r.quote(item, epath, articles, ("date_phrase", "resolves_to", "anchor"))
            if quote is None:
                continue
            phrase = item.get("date_phrase")
            resolved = item.get("resolves_to")
            anchor = item.get("anchor")
            if isinstance(resolved, dt.date):
                resolved = resolved.isoformat()
            if phrase is not None and (not isinstance(phrase, str) or phrase not in quote.quote):
                errors.append(
                    quote.where.error(
                        f"date_phrase {phrase!r} is not in the quote; copy it from the quote"
                    )
                )
                phrase = None
            if phrase and not resolved:
                errors.append(
                    quote.where.error(
                        f"date_phrase {phrase!r} needs resolves_to, the date it means"
                    )
                )
            if anchor is not None and anchor not in seen:
                errors.append(
                    quote.where.error(
                        f"anchor {anchor!r} is not an event id{_suggest(str(anchor), seen)}"
                    )
                )
                anchor = None
            evidence.append(DatedQuoteSpec(quote, phrase, resolved if phrase else None, anchor))
        if date is not None:
            events.append(
                EventSpec(
                    id=event_id,
                    title=r.string(table, "title", path),
                    type=kind,
                    date=date,
                    precision=precision,
                    estimated=estimated,
                    location=location,
                    participants=tuple(participants),
                    evidence=tuple(evidence),
                    where=r.at(path),
                )
            )
    return events


def _claims(
    root: Path,
    articles: Collection[str] | None,
    subjects: Collection[str] | None,
    errors: list[CorpusError],
) -> list[ClaimSpec]:
    loaded = _load(root, CLAIMS_FILE, errors)
    if loaded is None:
        return []
    data, r = loaded
    for key in data:
        if key != "claim":
            r.error((key,), f"unknown table {key!r}; claims are [[claim]] tables")
    seen: dict[str, int] = {}
    claims: list[ClaimSpec] = []
    for index, item in enumerate(data.get("claim", [])):
        path: tuple[str | int, ...] = ("claim", index)
        table = r.table(item, path, "claim")
        if table is None:
            continue
        r.keys(
            table,
            path,
            ("id", "subject", "question", "value", "compatible", "attributed"),
            ("id", "subject", "question", "value"),
        )
        claim_id = r.ident(table, path, seen, "claim")
        flags: dict[str, bool] = {}
        for flag in ("compatible", "attributed"):
            given = table.get(flag, False)
            if not isinstance(given, bool):
                r.error(path + (flag,), f"{flag} must be true or false")
                given = False
            flags[flag] = given
        subject = r.string(table, "subject", path)
        if subject and _unknown(subject, subjects):
            assert subjects is not None
            r.error(
                path + ("subject",),
                f"subject {subject!r} is neither an entity nor an "
                f"event id{_suggest(subject, subjects)}",
            )
        values: list[ClaimValueSpec] = []
        raw_values = table.get("value", [])
        if not isinstance(raw_values, list) or not raw_values:
            r.error(path, "a claim needs [[claim.value]] tables, one per answer")
            raw_values = []
        for j, value in enumerate(raw_values):
            vpath = path + ("value", j)
            vtable = r.table(value, vpath, "claim value")
            if vtable is None:
                continue
            r.keys(vtable, vpath, ("value", "evidence"), ("value", "evidence"))
            evidence = [
                r.quote(v, p, articles)
                for v, p in r.evidence_list(vtable, vpath, articles, required=True)
            ]
            values.append(
                ClaimValueSpec(
                    r.string(vtable, "value", vpath), tuple(e for e in evidence if e), r.at(vpath)
                )
            )
        if claim_id:
            claims.append(
                ClaimSpec(
                    claim_id,
                    subject,
                    r.string(table, "question", path),
                    tuple(values),
                    r.at(path),
                    **flags,
                )
            )
    return claims


def _dismissed(
    root: Path, articles: Collection[str] | None, errors: list[CorpusError]
) -> tuple[list[DismissedName], list[DismissedEvent]]:
    """The candidates ``dismissed.toml`` says are none (see ANNOTATING.md)."""
    loaded = _load(root, DISMISSED_FILE, errors)
    if loaded is None:
        return [], []
    data, r = loaded
    for key in data:
        if key not in ("name", "event"):
            r.error((key,), f"unknown table {key!r}; use [[name]] or [[event]]")
    names: list[DismissedName] = []
    seen_names: dict[str, int] = {}
    items = data.get("name", [])
    for index, item in enumerate(items if isinstance(items, list) else []):
        path: tuple[str | int, ...] = ("name", index)
        table = r.table(item, path, "dismissed name")
        if table is None or not r.keys(table, path, ("name", "note", "dismissed"), ("name",)):
            continue
        name = r.string(table, "name", path)
        key = name_key(name)
        if name.strip() and not key:
            r.error(path + ("name",), f"name {name!r} has no letters or digits; remove it")
            continue
        if key in seen_names:
            r.error(
                path + ("name",),
                f"{name!r} is dismissed twice (first on line {seen_names[key]}); remove one",
            )
            continue
        if key:
            seen_names[key] = r.where.line(path)
            names.append(DismissedName(name, key, r.at(path)))
    events: list[DismissedEvent] = []
    seen_events: dict[str, int] = {}
    items = data.get("event", [])
    for index, item in enumerate(items if isinstance(items, list) else []):
        path = ("event", index)
        table = r.table(item, path, "dismissed event")
        if table is None or not r.keys(
            table, path, ("id", "title", "sources", "note", "dismissed"), ("id",)
        ):
            continue
        event_id = r.ident(table, path, seen_events, "dismissed event")
        sources: list[tuple[str, str]] = []
        value = table.get("sources", [])
        if not isinstance(value, list):
            r.error(path + ("sources",), "'sources' must be a list of { article, quote } tables")
            value = []
        for j, source in enumerate(value):
            quote = r.quote(source, path + ("sources", j), articles)
            if quote is not None:
                sources.append((quote.article, quote.quote))
        if event_id:
            events.append(DismissedEvent(event_id, tuple(sources), r.at(path)))
    return names, events


def read_annotations(
    root: Path, articles: Collection[str] | None, errors: list[CorpusError]
) -> Annotations:
    """The corpus's annotations; problems are appended to ``errors``.

    ``articles`` are the ids ``articles.toml`` lists, or ``None`` when it could
    not be read: then quotes are not checked against it, so that one syntax
    error gives one message, not one per quote. The same holds for references
    to entities when ``entities.toml`` does not read; when it is missing while
    the other files name entities, one error says so.
    """
    found: list[CorpusError] = []
    entities, links, entity_ids = _entities(root, articles, found)
    missing = not (root / ENTITIES_FILE).exists()
    known = None if missing else entity_ids
    read_events = _events(root, articles, known, found)
    events = read_events or []
    event_ids = {e.id for e in events}
    subjects = None if known is None or read_events is None else set(known) | event_ids
    claims = _claims(root, articles, subjects, found)
    if missing:
        named = [p for e in events for p, _ in e.participants]
        named += [e.location for e in events if e.location]
        named += [c.subject for c in claims if c.subject not in event_ids]
        if named:
            uses = sorted({EVENTS_FILE for e in events if e.participants or e.location})
            uses += [CLAIMS_FILE] if any(c.subject not in event_ids for c in claims) else []
            found.append(
                CorpusError(
                    root / ENTITIES_FILE,
                    f"not found, but {' and '.join(uses)} name entities (such as "
                    f"{named[0]!r}); restore {ENTITIES_FILE} or remove those references",
                )
            )
    dismissed_names, dismissed_events = _dismissed(root, articles, found)
    # A file that does not parse comes first: what else is wrong may follow from it.
    found.sort(key=report_order)
    errors.extend(found)
    return Annotations(
        tuple(entities),
        tuple(links),
        tuple(events),
        tuple(claims),
        tuple(dismissed_names),
        tuple(dismissed_events),
    )
