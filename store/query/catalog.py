"""The query API: a read-only view of one store.

:class:`Catalog` opens a store through TinyDB (read-only storage: opening never
writes), indexes the rows it needs by id once, and answers with the frozen
dataclasses of :mod:`store.model`. TinyDB documents never leave this module.
A catalog never changes after it is opened, so it may be shared between
threads (the explorer searches in worker threads).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from ..dates import value_period
from ..errors import (
    ArticleNotFound,
    ClaimNotFound,
    EntityNotFound,
    EventNotFound,
    ParagraphNotFound,
    StoreError,
    StoreNotFound,
    StoreOutdated,
)
from ..model import (
    DATE_PRECISIONS,
    Article,
    Claim,
    ClaimValue,
    CoMention,
    DatePrecision,
    Entity,
    EntityType,
    Event,
    EventCandidate,
    EventEvidence,
    Evidence,
    Excerpt,
    Mention,
    MentionMethod,
    NameOccurrence,
    Paragraph,
    ParagraphKind,
    Participant,
    ProposedParticipant,
    ProposedSource,
    Relation,
    StoreMeta,
    Timex,
)
from ..persist import StoreVersion, index_path, open_readonly, store_version
from ..rows import TABLES, MentionRow, NameRow, ParticipantRow, TimexRow, article_from_row
from ..schema import SCHEMA_VERSION
from ..search.index import KINDS, SearchIndex
from ..search.ranking import NAMED_POOL, Hit, Searcher, named_first

_PRECISION_ORDER = {precision: rank for rank, precision in enumerate(DATE_PRECISIONS)}


def _meta_from(path: Path, meta: dict[str, Any]) -> StoreMeta:
    version = meta.get("schema_version")
    if version != SCHEMA_VERSION:
        raise StoreOutdated(
            path,
            f"was built with store schema {version}, this dossier reads schema "
            f"{SCHEMA_VERSION}; rebuild it with 'dossier build'",
        )
    return StoreMeta(
        schema_version=version,
        corpus_fingerprint=meta["corpus_fingerprint"],
        built_at=dt.datetime.fromisoformat(meta["built_at"]),
        corpus_dir=meta["corpus_dir"],
        counts=tuple(sorted(meta.get("counts", {}).items())),
        dossier_version=meta.get("dossier_version", ""),
        build_id=meta.get("build_id", ""),
        corpus_stamps=tuple(
            (str(name), int(size), int(mtime))
            for name, size, mtime in meta.get("corpus_stamps", ())
        ),
    )


def _read_tables(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every table of the store through TinyDB's (read-only) storage."""
    db = open_readonly(path)
    data = db.storage.read() or {}
    try:
        return {name: list(rows.values()) for name, rows in data.items()}
    except AttributeError:
        raise StoreError(path, "is not a dossier store; rebuild it with 'dossier build'") from None


def _store_stat(path: Path) -> dict[str, int]:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


class Catalog:
    """Everything one store knows, by id, as values.

    Opening reads the search index written beside the store, which is all a
    search needs; the TinyDB tables are read on the first call that needs
    them. (When the index is missing, stale or does not belong to the store,
    the tables are read at once and the index rebuilt from them.)
    """

    def __init__(
        self,
        path: Path,
        meta: StoreMeta,
        *,
        tables: dict[str, list[dict[str, Any]]] | None = None,
        index: SearchIndex | None = None,
        meta_row: dict[str, Any] | None = None,
        stat: dict[str, int] | None = None,
    ) -> None:
        self.path = path
        self._meta = meta
        self._meta_row = meta_row or {}
        self._stat = stat or {}
        self._index_matches = index is not None and bool(stat) and index.store_stat == stat
        self._lock = threading.RLock()
        self._loaded = False
        self._index = index
        self._searcher: Searcher | None = None
        self.index_state = "loaded" if index is not None else "not loaded"
        """How the search index was obtained: loaded, or rebuilt (and why)."""
        self.version: StoreVersion | None = None
        """The store's files as they were when it was opened (:func:`store_version`):
        a different version on disk means another process replaced the store."""
        if tables is not None:
            self._take(tables)

    def _take(self, tables: dict[str, list[dict[str, Any]]]) -> None:
        """Index the rows of every table by id."""
        self._article_rows = {row["id"]: row for row in tables.get("articles", [])}
        self._paragraph_rows = {row["id"]: row for row in tables.get("paragraphs", [])}
        self._by_article: dict[str, list[str]] = {aid: [] for aid in self._article_rows}
        for row in tables.get("paragraphs", []):
            self._by_article.setdefault(row["article_id"], []).append(row["id"])
        self._articles: dict[str, Article] = {}
        self._paragraphs: dict[str, Paragraph] = {}
        self._entity_rows = {row["id"]: row for row in tables.get("entities", [])}
        self._event_rows = {row["id"]: row for row in tables.get("events", [])}
        self._claim_rows = {row["id"]: row for row in tables.get("claims", [])}
        self._mention_rows = {row["paragraph"]: row for row in tables.get("mentions", [])}
        self._timex_rows = {row["paragraph"]: row for row in tables.get("timexes", [])}
        self._name_rows = list(tables.get("names", []))
        self._proposal_rows = {row["id"]: row for row in tables.get("proposals", [])}
        self._proposals: dict[str, EventCandidate] = {}
        self._entities: dict[str, Entity] = {}
        self._events: dict[str, Event] = {}
        self._by_entity: dict[str, list[tuple[str, int, int, MentionMethod]]] | None = None
        self._incoming: dict[str, list[tuple[str, dict[str, Any]]]] | None = None
        self._loaded = True

    def _load(self) -> None:
        """Read the TinyDB tables, once, on first need."""
        if self._loaded:
            return
        with self._lock:
            if not self._loaded:
                tables = _read_tables(self.path)
                try:
                    self._take(tables)
                except (KeyError, TypeError, ValueError) as exc:
                    raise StoreError(
                        self.path, f"is damaged ({exc!s}); rebuild it with 'dossier build'"
                    ) from None

    @classmethod
    def open(cls, db_path: Path | str) -> Catalog:
        """Open the store at ``db_path`` for reading.

        Raises :class:`~store.errors.StoreNotFound` when there is no store and
        :class:`~store.errors.StoreError` when it is unreadable or of another
        schema version. Nothing on disk is written.
        """
        path = Path(db_path).expanduser()
        version = store_version(path)
        try:
            stat = _store_stat(path)
        except FileNotFoundError:
            raise StoreNotFound(path, "no store here; run 'dossier build'") from None
        except OSError as exc:
            raise StoreError(path, f"cannot be read ({exc.strerror})") from None
        if path.is_dir():
            raise StoreError(path, "is a directory, not a store file")
        index: SearchIndex | None = None
        reason = "rebuilt: no index file"
        try:
            index = SearchIndex.load(index_path(path))
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError) as exc:
            reason = f"rebuilt: unreadable index ({exc})"
        if index is not None and index.store_stat == stat and index.meta:
            # The index was written beside exactly this store file: trust it
            # and leave the tables for later.
            opened = cls(
                path, _meta_from(path, index.meta), index=index, meta_row=index.meta, stat=stat
            )
            opened.version = version
            return opened
        tables = _read_tables(path)
        meta_rows = tables.get("meta") or []
        if not meta_rows:
            raise StoreError(path, "has no meta record; rebuild it with 'dossier build'")
        missing = [name for name in TABLES if name not in tables]
        if missing:
            raise StoreError(
                path, f"is damaged (no {', '.join(missing)} table); rebuild it with 'dossier build'"
            )
        try:
            meta = _meta_from(path, meta_rows[0])
            catalog = cls(path, meta, tables=tables, meta_row=meta_rows[0], stat=stat)
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreError(
                path, f"is damaged ({exc!s}); rebuild it with 'dossier build'"
            ) from None
        if index is not None and index.build_id == meta.build_id:
            catalog._index = index
            catalog.index_state = "loaded"
        else:
            catalog.index_state = reason if index is None else "rebuilt: index of another build"
        catalog.version = version
        return catalog

    @property
    def meta(self) -> StoreMeta:
        """How and from what the store was built."""
        return self._meta

    @property
    def index_needs_repair(self) -> bool:
        """True when the index file beside the store is missing, stale or of
        another build (so every open reads the whole store to rebuild it)."""
        return not self._index_matches

    def repair_index(self) -> bool:
        """Write the search index beside the store, so that later opens are fast again.

        Only when the index file did not match the store and the store is still
        the file this catalog read (else it is not this catalog's to repair).
        The caller holds the build lock (see :func:`store.open_current`).
        Returns True when the index was written. Opening never writes; this is
        the one call of the catalog that does.
        """
        with self._lock:
            if self._index_matches or not self._meta_row:
                return False
            try:
                current = _store_stat(self.path)
            except OSError:
                return False
            if current != self._stat:
                return False
            index = self.search_index()
            index.meta = self._meta_row
            index.store_stat = current
            index.save(index_path(self.path))
            self._index_matches = True
            return True

    # Articles -----------------------------------------------------------

    def _article(self, row: dict[str, Any]) -> Article:
        found = self._articles.get(row["id"])
        if found is None:
            found = self._articles[row["id"]] = article_from_row(row)
        return found

    def articles(self) -> tuple[Article, ...]:
        """Every article, oldest first, then by outlet and title."""
        self._load()
        items = [self._article(row) for row in self._article_rows.values()]
        return tuple(sorted(items, key=lambda a: (a.published_day, a.outlet, a.title, a.id)))

    def article(self, article_id: str) -> Article:
        """The article with this id; :class:`ArticleNotFound` otherwise."""
        self._load()
        row = self._article_rows.get(article_id)
        if row is None:
            raise ArticleNotFound(article_id)
        return self._article(row)

    # Paragraphs ---------------------------------------------------------

    def _paragraph(self, row: dict[str, Any]) -> Paragraph:
        found = self._paragraphs.get(row["id"])
        if found is None:
            found = Paragraph(
                id=row["id"],
                article_id=row["article_id"],
                index=row["index"],
                kind=cast(ParagraphKind, row["kind"]),
                text=row["text"],
                start=row["start"],
                end=row["end"],
                line=row.get("line", 0),
                duplicate_of=row.get("duplicate_of"),
            )
            self._paragraphs[row["id"]] = found
        return found

    def paragraphs(self, article_id: str) -> tuple[Paragraph, ...]:
        """The article's paragraphs in order; :class:`ArticleNotFound` for an unknown id."""
        self._load()
        ids = self._by_article.get(article_id)
        if ids is None:
            raise ArticleNotFound(article_id)
        return tuple(self._paragraph(self._paragraph_rows[pid]) for pid in ids)

    def paragraph(self, paragraph_id: str) -> Paragraph:
        """The paragraph with this id; :class:`ParagraphNotFound` otherwise."""
        self._load()
        row = self._paragraph_rows.get(paragraph_id)
        if row is None:
            raise ParagraphNotFound(paragraph_id)
        return self._paragraph(row)

    def iter_paragraphs(self, kinds: Iterable[ParagraphKind] | None = None) -> Iterable[Paragraph]:
        """Every paragraph of the store, article by article, optionally of some kinds."""
        self._load()
        wanted = set(kinds) if kinds is not None else None
        for row in self._paragraph_rows.values():
            if wanted is None or row["kind"] in wanted:
                yield self._paragraph(row)

    # Entities -----------------------------------------------------------

    def _mention_index(
        self,
    ) -> tuple[
        dict[str, list[tuple[str, int, int, MentionMethod]]],
        dict[str, list[tuple[str, dict[str, Any]]]],
    ]:
        """Mentions by entity (its adjectives under ``adjective:<id>``) and relations
        by target, built on first use."""
        with self._lock:
            if self._by_entity is None or self._incoming is None:
                by_entity: dict[str, list[tuple[str, int, int, MentionMethod]]] = {}
                for row in self._mention_rows.values():
                    for raw in row["mentions"]:
                        m = MentionRow.decode(raw)
                        key = f"adjective:{m.entity_id}" if m.method == "adjective" else m.entity_id
                        by_entity.setdefault(key, []).append(
                            (row["paragraph"], m.start, m.end, m.method)
                        )
                incoming: dict[str, list[tuple[str, dict[str, Any]]]] = {}
                for row in self._entity_rows.values():
                    for relation in row.get("relations", []):
                        incoming.setdefault(relation["target"], []).append((row["id"], relation))
                self._by_entity, self._incoming = by_entity, incoming
            return self._by_entity, self._incoming

    @staticmethod
    def _entities_in(mention_row: dict[str, Any]) -> set[str]:
        """The entities a row of the ``mentions`` table mentions (by name, not by an
        adjective)."""
        return {
            m.entity_id
            for m in map(MentionRow.decode, mention_row["mentions"])
            if m.method != "adjective"
        }

    def _name(self, entity_id: str) -> str:
        row = self._entity_rows.get(entity_id)
        return row["name"] if row else entity_id

    @staticmethod
    def _evidence(items: Iterable[dict[str, Any]]) -> tuple[Evidence, ...]:
        return tuple(
            Evidence(
                article_id=e["article"],
                paragraph_id=e["paragraph"],
                quote=e["quote"],
                start=e["start"],
                end=e["end"],
                file_start=e.get("file_start", 0),
                file_end=e.get("file_end", 0),
            )
            for e in items
        )

    def _relation(self, source: str, row: dict[str, Any]) -> Relation:
        return Relation(
            type=row["type"],
            source_id=source,
            source_name=self._name(source),
            target_id=row["target"],
            target_name=self._name(row["target"]),
            evidence=self._evidence(row.get("evidence", [])),
        )

    def _entity(self, row: dict[str, Any]) -> Entity:
        found = self._entities.get(row["id"])
        if found is None:
            _, incoming = self._mention_index()
            relations = [self._relation(row["id"], r) for r in row.get("relations", [])]
            relations += [self._relation(src, r) for src, r in incoming.get(row["id"], [])]
            counts = row.get("mention_counts", {})
            found = Entity(
                id=row["id"],
                name=row["name"],
                type=cast(EntityType, row["type"]),
                aliases=tuple(row.get("aliases", ())),
                search_aliases=tuple(row.get("search_aliases", ())),
                description=row.get("description", ""),
                relations=tuple(relations),
                mention_counts=tuple(sorted(counts.items())),
                mention_count=row.get("mention_count", sum(counts.values())),
                automatic_count=row.get("automatic_count", 0),
                adjectives=tuple(row.get("adjectives", ())),
                adjective_counts=tuple(sorted(row.get("adjective_counts", {}).items())),
            )
            self._entities[row["id"]] = found
        return found

    def entities(self, type: EntityType | str | None = None) -> tuple[Entity, ...]:
        """Every entity (or every one of a ``type``), by name."""
        self._load()
        rows = [r for r in self._entity_rows.values() if type is None or r["type"] == type]
        return tuple(sorted((self._entity(r) for r in rows), key=lambda e: e.name.casefold()))

    def entity(self, entity_id: str) -> Entity:
        """The entity with this id; :class:`EntityNotFound` otherwise."""
        self._load()
        row = self._entity_rows.get(entity_id)
        if row is None:
            raise EntityNotFound(entity_id)
        return self._entity(row)

    def mentions(self, paragraph_id: str) -> tuple[Mention, ...]:
        """Every mention in a paragraph, in order of position."""
        self._load()
        paragraph = self.paragraph(paragraph_id)
        row = self._mention_rows.get(paragraph_id)
        if row is None:
            return ()
        return tuple(
            Mention(
                entity_id=m.entity_id,
                paragraph_id=paragraph_id,
                article_id=paragraph.article_id,
                start=m.start,
                end=m.end,
                surface=paragraph.text[m.start : m.end],
                method=m.method,
                flagged=row.get("flagged", False),
                score=float(m.score),
            )
            for m in map(MentionRow.decode, row["mentions"])
        )

    # Dates in the text ---------------------------------------------------

    def paragraph_timexes(self, paragraph_id: str) -> tuple[Timex, ...]:
        """The date expressions of a paragraph, resolved, in order of position."""
        self._load()
        paragraph = self.paragraph(paragraph_id)
        row = self._timex_rows.get(paragraph_id)
        if row is None:
            return ()
        return tuple(
            Timex(
                paragraph_id=paragraph_id,
                article_id=paragraph.article_id,
                start=t.start,
                end=t.end,
                text=paragraph.text[t.start : t.end],
                value=t.value,
                precision=t.precision,
                first_day=(value_period(t.value) or (dt.date.min,))[0],
                rule=t.rule,
                reference=t.reference,
                ambiguous=t.ambiguous,
                alternative=t.alternative,
                estimated=t.estimated,
            )
            for t in map(TimexRow.decode, row["timexes"])
        )

    def timexes(self, article_id: str) -> tuple[Timex, ...]:
        """Every date expression of an article, resolved against its publication
        date (or the event or date it counts from), in reading order;
        :class:`ArticleNotFound` for an unknown id."""
        return tuple(t for p in self.paragraphs(article_id) for t in self.paragraph_timexes(p.id))

    def dated_paragraphs(self, entity_ids: Iterable[str] = ()) -> tuple[Timex, ...]:
        """The timeline of what the paragraphs report: every date expression
        (of paragraphs mentioning one of ``entity_ids``, if given), oldest
        first, finer dates before the coarser ones that contain them.
        """
        self._load()
        wanted = set(entity_ids)
        found: list[Timex] = []
        for paragraph_id in self._timex_rows:
            if wanted:
                row = self._mention_rows.get(paragraph_id)
                if row is None or not wanted & self._entities_in(row):
                    continue
            found.extend(self.paragraph_timexes(paragraph_id))
        found.sort(
            key=lambda t: (
                t.first_day,
                _PRECISION_ORDER.get(t.precision, 9),
                self.article(t.article_id).published_day,
                t.paragraph_id,
                t.start,
            )
        )
        return tuple(found)

    def _excerpt_key(self, excerpt: Excerpt) -> tuple[dt.date, str, str, int]:
        a = excerpt.article
        return (a.published_day, a.outlet, a.id, excerpt.paragraph.index)

    def excerpts(self, entity_id: str, *, adjectives: bool = False) -> tuple[Excerpt, ...]:
        """Every paragraph that mentions the entity, by article date, then outlet.

        ``spans`` are the entity's mentions in the paragraph's text, ``methods``
        how each was linked. With ``adjectives``, the paragraphs that use one of
        its adjectives instead ("Iraqi" for Iraq), kept apart from its mentions.
        """
        self._load()
        self.entity(entity_id)
        by_entity, _ = self._mention_index()
        key = f"adjective:{entity_id}" if adjectives else entity_id
        spans: dict[str, list[tuple[int, int, MentionMethod]]] = {}
        for paragraph_id, start, end, method in by_entity.get(key, []):
            spans.setdefault(paragraph_id, []).append((start, end, method))
        excerpts = []
        for paragraph_id, found in spans.items():
            paragraph = self.paragraph(paragraph_id)
            ordered = sorted(found)
            excerpts.append(
                Excerpt(
                    paragraph,
                    self.article(paragraph.article_id),
                    tuple((s, e) for s, e, _ in ordered),
                    tuple(m for _, _, m in ordered),
                )
            )
        return tuple(sorted(excerpts, key=self._excerpt_key))

    def co_mentions(self, entity_id: str, limit: int | None = None) -> tuple[CoMention, ...]:
        """Entities mentioned in the same paragraphs, most shared paragraphs first."""
        self._load()
        self.entity(entity_id)
        by_entity, _ = self._mention_index()
        paragraphs = {p for p, _, _, _ in by_entity.get(entity_id, [])}
        shared: Counter[str] = Counter()
        for paragraph_id in paragraphs:
            others = self._entities_in(self._mention_rows[paragraph_id])
            others.discard(entity_id)
            shared.update(others)
        ranked = sorted(shared.items(), key=lambda item: (-item[1], self._name(item[0])))
        if limit is not None:
            ranked = ranked[:limit]
        return tuple(
            CoMention(
                other, self._name(other), cast(EntityType, self._entity_rows[other]["type"]), count
            )
            for other, count in ranked
        )

    # Events -------------------------------------------------------------

    def _event(self, row: dict[str, Any]) -> Event:
        found = self._events.get(row["id"])
        if found is None:
            evidence = tuple(
                EventEvidence(
                    evidence=self._evidence([e])[0],
                    date_phrase=e.get("date_phrase"),
                    resolved=e.get("resolved"),
                    rule=e.get("rule"),
                    agrees=e.get("agrees", True),
                    estimated=e.get("estimated", False),
                    ambiguous=e.get("ambiguous", False),
                )
                for e in row.get("evidence", [])
            )
            location = row.get("location")
            found = Event(
                id=row["id"],
                title=row["title"],
                type=row["type"],
                date=dt.date.fromisoformat(row["date"]),
                precision=cast(DatePrecision, row["precision"]),
                estimated=row.get("estimated", False),
                location_id=location,
                location_name=self._name(location) if location else None,
                participants=tuple(
                    Participant(p.entity_id, self._name(p.entity_id), p.role)
                    for p in map(ParticipantRow.decode, row.get("participants", []))
                ),
                evidence=evidence,
            )
            self._events[row["id"]] = found
        return found

    def events(self, entity_id: str | None = None) -> tuple[Event, ...]:
        """Every event in date order, or those an entity takes part in or hosts."""
        self._load()
        if entity_id is not None:
            self.entity(entity_id)
        found = []
        for row in self._event_rows.values():
            if (
                entity_id is None
                or entity_id == row.get("location")
                or any(
                    ParticipantRow.decode(p).entity_id == entity_id
                    for p in row.get("participants", [])
                )
            ):
                found.append(self._event(row))
        return tuple(sorted(found, key=lambda e: (e.date, e.id)))

    def event(self, event_id: str) -> Event:
        """The event with this id; :class:`EventNotFound` otherwise."""
        self._load()
        row = self._event_rows.get(event_id)
        if row is None:
            raise EventNotFound(event_id)
        return self._event(row)

    def event_excerpts(self, event_id: str) -> tuple[Excerpt, ...]:
        """The paragraphs that report the event, the quote highlighted, by date then outlet."""
        self._load()
        event = self.event(event_id)
        spans: dict[str, list[tuple[int, int]]] = {}
        for item in event.evidence:
            e = item.evidence
            spans.setdefault(e.paragraph_id, []).append((e.start, e.end))
        excerpts = [
            Excerpt(p, self.article(p.article_id), tuple(sorted(found)))
            for p, found in ((self.paragraph(pid), f) for pid, f in spans.items())
        ]
        return tuple(sorted(excerpts, key=self._excerpt_key))

    # What the user's own articles propose -----------------------------------

    def name_occurrences(self) -> Iterable[NameOccurrence]:
        """Every occurrence of a new-entity candidate (a name no entity accounts
        for), article by article, in reading order."""
        self._load()
        for row in self._name_rows:
            paragraph = self.paragraph(row["paragraph"])
            for n in map(NameRow.decode, row["names"]):
                yield NameOccurrence(
                    paragraph.id,
                    paragraph.article_id,
                    n.start,
                    n.end,
                    paragraph.text[n.start : n.end],
                    n.key,
                    n.part,
                    n.took,
                    tuple(n.clues),
                )

    def _proposal(self, row: dict[str, Any]) -> EventCandidate:
        found = self._proposals.get(row["id"])
        if found is not None:
            return found
        sources = []
        for s in row["sources"]:
            paragraph = self.paragraph(s["paragraph"])
            d = s["date"]
            sources.append(
                ProposedSource(
                    evidence=Evidence(
                        s["article"],
                        s["paragraph"],
                        paragraph.text[s["start"] : s["end"]],
                        s["start"],
                        s["end"],
                        paragraph.start + s["start"],
                        paragraph.start + s["end"],
                    ),
                    prefix=s.get("prefix", ""),
                    suffix=s.get("suffix", ""),
                    date_phrase=d["phrase"],
                    resolved=d["value"],
                    precision=cast(DatePrecision, d["precision"]),
                    rule=d["rule"],
                    reference=d["reference"],
                    estimated=d["estimated"],
                    ambiguous=d["ambiguous"],
                    type=s["type"],
                    trigger=s["trigger"],
                    title=s["title"],
                    main=s.get("main", False),
                )
            )
        location = row.get("location")
        found = EventCandidate(
            id=row["id"],
            title=row["title"],
            type=row["type"],
            date=(value_period(row["date"]) or (dt.date.min,))[0],
            value=row["date"],
            precision=cast(DatePrecision, row["precision"]),
            estimated=row.get("estimated", False),
            participants=tuple(
                ProposedParticipant(
                    "entity" if p["kind"] == "entity" else "candidate",
                    p["id"],
                    self._name(p["id"]) if p["kind"] == "entity" else p["name"],
                    p["sources"],
                )
                for p in row["participants"]
            ),
            location_id=location,
            location_name=self._name(location) if location else None,
            sources=tuple(sources),
            main_of=tuple(row.get("main_of", ())),
            score=float(row.get("score", 0)),
        )
        self._proposals[row["id"]] = found
        return found

    def event_candidates(self) -> tuple[EventCandidate, ...]:
        """The events the user's own articles propose, in date order (see
        :func:`store.event_candidates` for them ranked)."""
        self._load()
        found = [self._proposal(row) for row in self._proposal_rows.values()]
        return tuple(sorted(found, key=lambda e: (e.date, e.id)))

    def event_candidate(self, candidate_id: str) -> EventCandidate:
        """The event candidate with this id; :class:`EventNotFound` otherwise."""
        self._load()
        row = self._proposal_rows.get(candidate_id)
        if row is None:
            raise EventNotFound(candidate_id)
        return self._proposal(row)

    # Claims -------------------------------------------------------------

    def _claim(self, row: dict[str, Any]) -> Claim:
        subject = row["subject"]
        if subject in self._entity_rows:
            subject_name = self._name(subject)
        elif subject in self._event_rows:
            subject_name = self._event_rows[subject]["title"]
        else:
            subject_name = subject
        return Claim(
            id=row["id"],
            subject_id=subject,
            subject_name=subject_name,
            question=row["question"],
            compatible=row.get("compatible", False),
            attributed=row.get("attributed", False),
            values=tuple(
                ClaimValue(v["value"], self._evidence(v.get("evidence", [])))
                for v in row.get("values", [])
            ),
        )

    def claims(self, subject_id: str | None = None) -> tuple[Claim, ...]:
        """Every claim (or those about one entity or event), disagreements first.

        Within each group, claims keep the order of ``claims.toml``.
        """
        self._load()
        found = [
            self._claim(r)
            for r in self._claim_rows.values()
            if subject_id is None or r["subject"] == subject_id
        ]
        # Disagreements first, each group in the order the annotations give.
        return tuple(sorted(found, key=lambda c: not c.disagreement))

    def related_claims(self, event_id: str) -> tuple[Claim, ...]:
        """The claims that bear on an event: those about it, and those about
        its participants or place whose evidence shares a paragraph with the
        event's (how many men were released bears on the release), disagreements
        first."""
        event = self.event(event_id)
        subjects = {event.id, *(p.entity_id for p in event.participants)}
        if event.location_id:
            subjects.add(event.location_id)
        paragraphs = {item.evidence.paragraph_id for item in event.evidence}
        found = [
            claim
            for claim in self.claims()
            if claim.subject_id == event.id
            or (
                claim.subject_id in subjects
                and any(
                    e.paragraph_id in paragraphs for value in claim.values for e in value.evidence
                )
            )
        ]
        return tuple(found)

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id; :class:`ClaimNotFound` otherwise."""
        self._load()
        row = self._claim_rows.get(claim_id)
        if row is None:
            raise ClaimNotFound(claim_id)
        return self._claim(row)

    # Search -------------------------------------------------------------

    def search_index(self) -> SearchIndex:
        """The search index, rebuilt from the tables if the file was missing or stale."""
        with self._lock:
            if self._index is None:
                from ..search.documents import search_documents  # only to rebuild a stale index

                self._load()
                docs = search_documents(
                    self._article_rows.values(),
                    self._paragraph_rows.values(),
                    self._entity_rows.values(),
                    self._event_rows.values(),
                )
                self._index = SearchIndex.build(docs, self._meta.build_id)
            return self._index

    def search(
        self, text: str, limit: int = 20, kinds: Iterable[str] | None = None
    ) -> tuple[Hit, ...]:
        """Entities, events, articles and paragraphs matching ``text``, best first.

        Tolerates typos and transliteration variants; ``kinds`` restricts the
        result to some of ``entity``, ``event``, ``article``, ``paragraph``.
        """
        if kinds is not None:
            kinds = tuple(kinds)
            unknown = set(kinds) - set(KINDS)
            if unknown:
                raise ValueError(f"unknown kinds {sorted(unknown)}; use {', '.join(KINDS)}")
        if self._searcher is None:
            self._searcher = Searcher(self.search_index())
        hits = self._searcher.search(text, limit=limit, kinds=kinds)
        if (kinds is not None and "entity" not in kinds) or len(text.split()) < 2:
            return hits
        # Entities the query names come first (looked for among entities alone:
        # events and paragraphs holding every word may outnumber any limit).
        named = self._searcher.search(text, limit=NAMED_POOL, kinds=("entity",))
        return tuple(named_first(hits, named)[:limit])

    def suggest(self, text: str) -> str | None:
        """For a query that finds nothing: a spelling that would, if one is close.

        First the nearest name or alias, or word of one (rapidfuzz ``QRatio``:
        whole strings, so a short alias inside a long query does not win; near
        ties go to the entity the corpus mentions most), then the query with
        each word replaced by the nearest word of the corpus. A suggestion is
        only made when searching for it finds something.
        """
        import math

        from rapidfuzz import fuzz, process, utils

        weight: dict[str, float] = {}
        for entity in self.entities():
            bonus = min(10.0, 2 * math.log2(1 + entity.mention_count))
            for name in (entity.name, *entity.aliases, *entity.search_aliases):
                for candidate in (name, *(w for w in name.split() if len(w) >= 4)):
                    weight[candidate] = max(weight.get(candidate, 0.0), bonus)
        near = process.extract(
            text,
            list(weight),
            scorer=fuzz.QRatio,
            processor=utils.default_process,
            score_cutoff=60,
            limit=8,
        )
        for name, _, _ in sorted(near, key=lambda m: -(m[1] + weight[m[0]])):
            if self.search(name, limit=1):
                return str(name)
        vocabulary = self.search_index().vocabulary
        fixed = []
        for word in utils.default_process(text).split():
            match = process.extractOne(word, vocabulary, scorer=fuzz.ratio, score_cutoff=60)
            if match is None:
                return None  # a word like nothing in the corpus: no honest guess
            fixed.append(str(match[0]))
        guess = " ".join(fixed)
        if fixed and self.search(guess, limit=1):
            return guess
        return None
