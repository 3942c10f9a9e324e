"""Build the store from a corpus: the ingest pipeline, end to end.

read → segment → classify → anchor evidence → resolve dates → link mentions →
write. Each stage is a plain function of values (:mod:`store.corpus`,
:mod:`store.annotations`, :mod:`store.segment`, :mod:`store.classify`,
:mod:`store.anchor`, :mod:`store.timex`, :mod:`store.link`); this module walks
the data through them once, in one direction, and hands the rows to
:mod:`store.persist`, which replaces the store in one atomic step.

:func:`check` runs every stage but the last and reports every problem at once;
:func:`build` refuses a corpus with any problem before anything is written, so
a failed build leaves the previous store exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..corpus.annotations import (
    Annotations,
    DatedQuoteSpec,
    EventSpec,
    QuoteSpec,
    alias_key,
    read_annotations,
)
from ..corpus.articles import ArticleSource, Corpus, day_of, read_corpus
from ..dates import period_end, value_period
from ..errors import CorpusError, CorpusErrors, StoreError, report_order
from ..model import AUTOMATIC_METHODS, PARAGRAPH_KINDS, REPORTING_KINDS, StoreMeta
from ..names import name_tokens, ranked_spellings
from ..persist import build_lock, check_store_path, index_path, save
from ..rows import MentionRow, NameRow, ParticipantRow, TimexRow
from ..schema import SCHEMA_VERSION, __version__
from ..search.documents import search_documents
from ..search.index import SearchIndex
from ..spans import SpanIndex
from .anchor import Anchor, ParagraphSpan, anchor_all
from .autolink import VariantMatcher
from .classify import classify
from .context import Linked, ParagraphReading, Reading, read_article, reading_of
from .dating import KnownEvent, date_article
from .link import AliasMatcher, Match, is_abbreviation
from .proposals import ArticleText, group, propose
from .segment import segment
from .timex import resolve
from .workers import Workers

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` while a build runs."""

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build produced."""

    meta: StoreMeta
    path: Path
    size_bytes: int
    seconds: float
    index_bytes: int = 0
    """Size of the search index written beside the store."""


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Everything wrong with a corpus (errors) or worth a look (warnings)."""

    errors: tuple[CorpusError, ...]
    warnings: tuple[CorpusError, ...]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when the corpus can be built."""
        return not self.errors


@dataclass(frozen=True, slots=True)
class _Ingested:
    """What reading, processing and anchoring a corpus made of it, ready to write."""

    corpus: Corpus
    """The corpus (its articles' texts already let go)."""
    tables: Mapping[str, Sequence[Row]]
    """The store's tables but ``meta``, by name."""
    errors: tuple[CorpusError, ...]
    """Problems that stop a build, in file and line order."""
    warnings: tuple[CorpusError, ...]
    """Things worth a look (``dossier check``)."""
    counts: Mapping[str, int]
    """Rows per table and paragraphs per kind."""


def _iso(value: dt.date) -> str:
    return value.isoformat()


def article_rows(source: ArticleSource) -> tuple[Row, list[Row]]:
    """The article's row and its paragraphs' rows (segment and classify)."""
    spans = segment(source.text)
    kinds = classify(
        source.text, spans, title=source.title, outlet=source.outlet, author=source.author
    )
    paragraphs = []
    for number, (span, kind) in enumerate(zip(spans, kinds, strict=True), start=1):
        paragraphs.append(
            {
                "id": f"{source.id}:p{number}",
                "article_id": source.id,
                "index": number,
                "kind": kind.kind,
                "text": source.text[span.start : span.end],
                "start": span.start,
                "end": span.end,
                "line": span.line,
                "duplicate_of": (
                    None if kind.duplicate_of is None else f"{source.id}:p{kind.duplicate_of + 1}"
                ),
            }
        )
    row = {
        "id": source.id,
        "file": source.file,
        "path": str(source.path),
        "outlet": source.outlet,
        "title": source.title,
        "author": source.author,
        "published": _iso(source.published),
        "published_precision": source.published_precision,
        "published_range": (
            [_iso(d) for d in source.published_range] if source.published_range else None
        ),
        "published_note": source.published_note,
        "url": source.url,
        "language": source.language,
        "accessed": source.accessed.isoformat() if source.accessed else None,
        "sha256": source.sha256,
        "paragraph_count": len(paragraphs),
        "line": source.line,
    }
    return row, paragraphs


def _evidence_row(anchor: Anchor) -> Row:
    return {
        "article": anchor.article_id,
        "paragraph": anchor.paragraph_id,
        "quote": anchor.quote,
        "start": anchor.start,
        "end": anchor.end,
        "file_start": anchor.file_start,
        "file_end": anchor.file_end,
    }


def _evidence(specs: Sequence[QuoteSpec], anchors: dict[QuoteSpec, Anchor]) -> list[Row]:
    return [_evidence_row(anchors[s]) for s in specs if s in anchors]


def _reference_days(article: ArticleSource) -> list[dt.date]:
    day = (
        article.published.date()
        if isinstance(article.published, dt.datetime)
        else article.published
    )
    if article.published_precision != "estimated" or not article.published_range:
        return [day]
    lo, hi = article.published_range
    return [lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1)]


def _date_evidence(
    event: EventSpec,
    item: DatedQuoteSpec,
    articles: dict[str, ArticleSource],
    events: dict[str, EventSpec],
    errors: list[CorpusError],
    found: Sequence[tuple[str, TimexRow]] = (),
) -> dict[str, Any]:
    """Resolve one dating phrase and compare it with the annotation and the event.

    ``found`` are the dates the build found inside the quote, as written: a phrase
    that counts from the date the article mentioned last ("two days later"), or
    from the future the sentence speaks of, means what the build made of it
    there, which the annotation may give."""
    out: dict[str, Any] = {
        "date_phrase": item.date_phrase,
        "resolved": None,
        "rule": None,
        "agrees": True,
        "estimated": False,
        "ambiguous": False,
    }
    phrase, annotated = item.date_phrase, item.resolves_to
    if not phrase or not annotated:
        return out
    if annotated.endswith("0s") and annotated[:-2].isdigit():
        annotated = annotated[:3] + "X"  # "1980s", as TIMEX3 writes it
    where = item.quote.where
    article = articles[item.quote.article]
    if item.anchor:
        anchor_event = events[item.anchor]
        references = [anchor_event.date]
        name = f"{anchor_event.title!r}"
        estimated_reference = anchor_event.estimated
    else:
        references = _reference_days(article)
        name = "publication"
        estimated_reference = article.published_precision == "estimated"
    first = resolve(
        phrase,
        references[0] if len(references) == 1 else article.published,
        relative_to=name,
    )
    resolved, rule = annotated, "as annotated (a phrase dossier does not resolve)"
    here = next(
        (t for text, t in found if text == phrase and annotated in (t.value, t.alternative)), None
    )
    if first is not None and here is not None and annotated not in (first.value, first.alternative):
        # What the build made of the phrase where it stands: counted from the date
        # mentioned before it, or toward the future the sentence speaks of.
        out.update(resolved=annotated, rule=here.rule, ambiguous=here.ambiguous)
        out["estimated"] = here.estimated
        period = value_period(annotated)
        if period is not None:
            out["agrees"] = (
                period[0] <= period_end(event.date, event.precision) and event.date <= period[1]
            )
        return out
    if first is not None:
        accepted = {first.value} | ({first.alternative} if first.alternative else set())
        if annotated not in accepted:
            errors.append(
                where.error(
                    f"date_phrase {phrase!r} resolves to {first.value} ({first.rule}), "
                    f"not {annotated}; fix resolves_to"
                )
            )
            return out
        rule = first.rule
        out["ambiguous"] = first.ambiguous
        values = {r.value for r in (resolve(phrase, d) for d in references) if r}
        out["estimated"] = estimated_reference and len(values) > 1
    elif value_period(annotated) is None:
        errors.append(
            where.error(
                f"resolves_to {annotated!r} is not an ISO date such as 2020-06-25, 2020-06 or 2020"
            )
        )
        return out
    period = value_period(resolved)
    event_period = (event.date, period_end(event.date, event.precision))
    out.update(resolved=resolved, rule=rule)
    if period is not None:
        out["agrees"] = period[0] <= event_period[1] and event_period[0] <= period[1]
    return out


def _event_rows(
    annotations: Annotations,
    anchors: dict[QuoteSpec, Anchor],
    articles: dict[str, ArticleSource],
    errors: list[CorpusError],
    timexes: Mapping[str, Sequence[Sequence[Any]]] | None = None,
) -> list[Row]:
    by_id = {e.id: e for e in annotations.events}
    rows = []
    for event in annotations.events:
        evidence = []
        for item in event.evidence:
            anchor = anchors.get(item.quote)
            if anchor is None:
                continue
            text = articles[anchor.article_id].text
            offset = anchor.file_start - anchor.start  # where the paragraph starts
            found = [
                (text[offset + t.start : offset + t.end], t)
                for t in map(TimexRow.decode, (timexes or {}).get(anchor.paragraph_id, ()))
                if anchor.start <= t.start and t.end <= anchor.end
            ]
            dating = _date_evidence(event, item, articles, by_id, errors, found)
            evidence.append({**_evidence_row(anchors[item.quote]), **dating})
        dated = [e for e in evidence if e["resolved"] and e["agrees"]]
        estimated = event.estimated or (bool(dated) and all(e["estimated"] for e in dated))
        rows.append(
            {
                "id": event.id,
                "title": event.title,
                "type": event.type,
                "date": event.date.isoformat(),
                "precision": event.precision,
                "estimated": estimated,
                "location": event.location,
                "participants": [list(ParticipantRow(*p)) for p in event.participants],
                "evidence": evidence,
            }
        )
    rows.sort(key=lambda r: (r["date"], r["id"]))
    return rows


AliasTriple = tuple[str, str, bool]
"""``(entity_id, alias, case_sensitive)``: what a worker needs to link."""


def alias_triples(annotations: Annotations) -> tuple[AliasTriple, ...]:
    """The aliases to link, with their case-sensitivity decided."""
    triples = []
    for entity in annotations.entities:
        exact = set(entity.exact_case)
        for alias in entity.aliases:
            triples.append((entity.id, alias, alias in exact or is_abbreviation(alias.strip())))
    return tuple(triples)


def adjective_triples(annotations: Annotations) -> tuple[AliasTriple, ...]:
    """The entities' adjectives ("Iraqi"), linked as mentions of their own kind."""
    return tuple(
        (entity.id, adjective, is_abbreviation(adjective.strip()))
        for entity in annotations.entities
        for adjective in entity.adjectives
    )


def reading(annotations: Annotations) -> Reading:
    """What reading names in context needs of the knowledge base."""
    return reading_of(
        ((e.id, e.type, e.aliases, e.search_aliases) for e in annotations.entities),
        (a for e in annotations.entities for a in e.adjectives),
        (d.name for d in annotations.dismissed_names),
    )


@dataclass(slots=True)
class _ArticleWork:
    """What segmenting, classifying, linking and term analysis make of one article."""

    row: Row
    paragraphs: list[Row]
    mentions: dict[str, list[list[Any]]]
    """Mentions by paragraph id, as stored (:class:`~store.rows.MentionRow`)."""
    names: dict[str, list[list[Any]]]
    """Names no entity accounts for, by paragraph id (:class:`~store.rows.NameRow`)."""
    used: Counter[tuple[str, tuple[str, ...]]]
    timexes: dict[str, list[list[Any]]]
    """Resolved date expressions by paragraph id, as stored (:class:`~store.rows.TimexRow`)."""
    proposals: list[Row] = field(default_factory=list)
    """The events the article's sentences propose, before grouping (the user's own
    articles only)."""


def known_events(annotations: Annotations) -> tuple[KnownEvent, ...]:
    """What dating needs of the knowledge base's events (to count from them)."""
    return tuple(
        KnownEvent(
            e.id,
            e.title,
            e.type,
            e.date,
            e.precision,
            tuple(sorted({item.quote.article for item in e.evidence})),
        )
        for e in annotations.events
        if not e.estimated
    )


def variant_triples(annotations: Annotations) -> tuple[AliasTriple, ...]:
    """Every spelling, search-only ones too, for automatic linking."""
    triples = list(alias_triples(annotations))
    for entity in annotations.entities:
        for alias in entity.search_aliases:
            triples.append((entity.id, alias, is_abbreviation(alias.strip())))
    return tuple(triples)


@dataclass(frozen=True, slots=True)
class ArticlePlan:
    """What every article's processing needs to know of the knowledge base.

    One value, handed to each batch of articles (and pickled once per batch
    when they go to worker processes).
    """

    aliases: tuple[AliasTriple, ...]
    """The curated aliases, linked everywhere."""
    adjectives: tuple[AliasTriple, ...] = ()
    """The curated adjectives ("Iraqi" of Iraq), linked everywhere, kept apart."""
    reading: Reading = field(default_factory=Reading)
    """What reading names in context needs (:mod:`store.ingest.context`)."""
    variants: tuple[AliasTriple, ...] = ()
    """Every spelling, search-only ones too, for automatic linking."""
    curated: frozenset[str] = frozenset()
    """Articles the annotations quote: linked by the curated aliases only."""
    events: tuple[KnownEvent, ...] = ()
    """The events dating can count from."""
    want_usage: bool = False
    """Count which aliases are used (``dossier check`` warns of unused ones)."""


@dataclass(frozen=True, slots=True)
class _Matchers:
    aliases: AliasMatcher
    variants: VariantMatcher | None


_MATCHERS: dict[int, _Matchers] = {}


def _matchers(plan: ArticlePlan) -> _Matchers:
    """The compiled matchers of a plan, made once per set of aliases (per worker process)."""
    key = hash((plan.aliases, plan.adjectives, plan.variants))
    if key not in _MATCHERS:
        _MATCHERS.clear()
        _MATCHERS[key] = _Matchers(
            AliasMatcher(plan.aliases, plan.adjectives),
            VariantMatcher(plan.variants) if plan.variants else None,
        )
    return _MATCHERS[key]


def _by_entity(chosen: Iterable[Match]) -> dict[str, SpanIndex]:
    """The spans of the mentions chosen in a paragraph, by entity."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for m in chosen:
        spans.setdefault(m.entity_id, []).append((m.start, m.end))
    return {entity_id: SpanIndex(s) for entity_id, s in spans.items()}


def _within_own(candidate: Match, chosen_by_entity: Mapping[str, SpanIndex]) -> bool:
    """Whether ``candidate`` lies inside a chosen mention of its own entity."""
    own = chosen_by_entity.get(candidate.entity_id)
    return own is not None and own.contains(candidate.start, candidate.end)


def _process_articles(sources: Sequence[ArticleSource], plan: ArticlePlan) -> list[_ArticleWork]:
    """Segment, classify, link and date a batch of articles (in worker processes).

    Articles not in ``plan.curated`` (no annotation quotes them: the user's
    own) are also linked automatically, by close variants of the names.
    """
    matchers = _matchers(plan)
    matcher, auto = matchers.aliases, matchers.variants
    done = []
    for source in sources:
        row, paragraphs = article_rows(source)
        used: Counter[tuple[str, tuple[str, ...]]] = Counter()
        curated = source.id in plan.curated
        linking = auto if auto and not curated else None
        readings: list[ParagraphReading] = []
        for paragraph in paragraphs:
            text = paragraph["text"]
            candidates = matcher.candidates(text)
            chosen = matcher.choose(candidates) if candidates else []
            found = [
                Linked(m.start, m.end, m.entity_id, "adjective" if m.adjective else "alias", 100.0)
                for m in chosen
            ]
            runs = name_tokens(text)
            if linking is not None:
                auto_found = linking.find(text, [(m.start, m.end) for m in chosen], runs)
                # A longer automatic mention replaces the alias mentions inside it.
                replacing = SpanIndex((v.start, v.end) for v in auto_found)
                found = [m for m in found if not replacing.contains(m.start, m.end)]
                found += [Linked(v.start, v.end, v.entity_id, "auto", v.score) for v in auto_found]
                found.sort(key=lambda m: m.start)
            readings.append(
                ParagraphReading(
                    paragraph["id"],
                    paragraph["index"],
                    paragraph["kind"],
                    paragraph["duplicate_of"] is not None,
                    text,
                    found,
                    runs,
                )
            )
            if plan.want_usage and chosen:
                # An alias is used where it is a mention or lies inside a
                # mention of its own entity ("Kadhemi" in "Mustafa Kadhemi").
                chosen_by_entity = _by_entity(chosen)
                for c in candidates:
                    if _within_own(c, chosen_by_entity):
                        for alias in (c.alias, *c.shorter):
                            used[(c.entity_id, alias_key(alias))] += 1
        read_article(readings, plan.reading, curated=curated, outlet=source.outlet)
        mentions: dict[str, list[list[Any]]] = {}
        names: dict[str, list[list[Any]]] = {}
        for r in readings:
            if r.mentions:
                mentions[r.id] = [
                    list(MentionRow(m.entity_id, m.start, m.end, m.method, m.score))  # type: ignore[arg-type]
                    for m in r.mentions
                ]
            if r.names:
                names[r.id] = [list(n) for n in r.names]
        dated = date_article(
            source.id,
            day_of(source.published),
            source.published_range,
            ((p["id"], p["index"], p["text"]) for p in paragraphs),
            plan.events,
        )
        timexes = {pid: [list(d.row()) for d in found] for pid, found in dated.items()}
        proposed: list[Row] = []
        if not curated:
            text = ArticleText(source.id, source.text, {p["id"]: p["start"] for p in paragraphs})
            proposed = propose(text, readings, dated, plan.reading.types)
        done.append(_ArticleWork(row, paragraphs, mentions, names, used, timexes, proposed))
    return done


#: Articles handed to a worker at a time.
BATCH_ARTICLES = 100


def _all_articles(
    sources: Sequence[ArticleSource], plan: ArticlePlan, report: Progress, workers: Workers
) -> list[_ArticleWork]:
    """Every article processed, in order; in parallel on a large corpus."""
    total = len(sources)
    batches = [sources[i : i + BATCH_ARTICLES] for i in range(0, total, BATCH_ARTICLES)]
    done: list[_ArticleWork] = []
    for batch in workers.map(_process_articles, batches, [plan] * len(batches)):
        done.extend(batch)
        report("segmenting and linking articles", len(done), total)
    return done


def _mention_rows(
    paragraphs: list[Row],
    found: dict[str, list[list[Any]]],
    annotations: Annotations,
    anchors: dict[QuoteSpec, Anchor],
) -> list[Row]:
    """Mention rows, one per paragraph that mentions anything, curated links applied."""
    links: dict[str, list[tuple[Anchor, str | None]]] = {}
    for link in annotations.links:
        if link.quote in anchors:
            anchor = anchors[link.quote]
            links.setdefault(anchor.paragraph_id, []).append((anchor, link.entity))
    rows = []
    for paragraph in paragraphs:
        pid = paragraph["id"]
        mentions = found.get(pid, [])
        if pid in links:
            named = [MentionRow.decode(m) for m in mentions]
            for anchor, entity in links[pid]:
                named = [m for m in named if m.end <= anchor.start or m.start >= anchor.end]
                if entity is not None:
                    named.append(MentionRow(entity, anchor.start, anchor.end, "link", 100.0))
            named.sort(key=lambda m: m.start)
            mentions = [list(m) for m in named]
        if not mentions:
            continue
        flagged = paragraph["kind"] not in REPORTING_KINDS or paragraph["duplicate_of"] is not None
        rows.append(
            {
                "paragraph": pid,
                "article": paragraph["article_id"],
                "kind": paragraph["kind"],
                "flagged": flagged,
                "mentions": mentions,
            }
        )
    return rows


def _entity_rows(
    annotations: Annotations, anchors: dict[QuoteSpec, Anchor], mentions: list[Row]
) -> list[Row]:
    per_article: dict[str, Counter[str]] = {e.id: Counter() for e in annotations.entities}
    adjectives: dict[str, Counter[str]] = {e.id: Counter() for e in annotations.entities}
    automatic: Counter[str] = Counter()
    for row in mentions:
        for mention in row["mentions"]:
            m = MentionRow.decode(mention)
            if m.method == "adjective":
                adjectives[m.entity_id][row["article"]] += 1
                continue
            per_article[m.entity_id][row["article"]] += 1
            if m.method in AUTOMATIC_METHODS:
                automatic[m.entity_id] += 1
    rows = []
    for entity in annotations.entities:
        counts = per_article[entity.id]
        rows.append(
            {
                "id": entity.id,
                "name": entity.name,
                "type": entity.type,
                "aliases": list(entity.aliases),
                "search_aliases": list(entity.search_aliases),
                "exact_case": list(entity.exact_case),
                "adjectives": list(entity.adjectives),
                "adjective_counts": dict(sorted(adjectives[entity.id].items())),
                "automatic_count": automatic[entity.id],
                "description": entity.description,
                "relations": [
                    {"type": r.type, "target": r.target, "evidence": _evidence(r.evidence, anchors)}
                    for r in entity.relations
                ],
                "mention_counts": dict(sorted(counts.items())),
                "mention_count": sum(counts.values()),
            }
        )
    return rows


def _proposal_rows(
    proposed: list[Row],
    names: list[Row],
    annotations: Annotations,
    anchors: dict[QuoteSpec, Anchor],
    paragraphs: list[Row],
) -> list[Row]:
    """The event candidates: the sentences' proposals, less those an event's evidence
    already quotes and those ``dismissed.toml`` dismissed, grouped."""
    if not proposed:
        return []
    quoted: dict[str, SpanIndex] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    for event in annotations.events:
        for item in event.evidence:
            anchor = anchors.get(item.quote)
            if anchor is not None:
                spans.setdefault(anchor.paragraph_id, []).append((anchor.start, anchor.end))
    quoted = {pid: SpanIndex(found) for pid, found in spans.items()}
    gone = {source for d in annotations.dismissed_events for source in d.sources}
    kept = [
        row
        for row in proposed
        if (row["article"], row["quote"]) not in gone
        and not (
            row["paragraph"] in quoted
            and quoted[row["paragraph"]].overlaps(row["start"], row["end"])
        )
    ]
    # Display names: an entity's name; a candidate's spelling as the candidates list
    # shows it.
    spelled: dict[str, Counter[str]] = {}
    named = {r["paragraph"] for r in names}
    texts = {p["id"]: p["text"] for p in paragraphs if p["id"] in named}
    for row in names:
        text = texts[row["paragraph"]]
        for raw in row["names"]:
            n = NameRow.decode(raw)
            if not n.part:
                spelled.setdefault(n.key, Counter())[text[n.start : n.end]] += 1
    shown = {key: ranked_spellings(counts)[0] for key, counts in spelled.items()}
    shown.update({e.id: e.name for e in annotations.entities})
    return group(
        kept,
        dismissed_ids=frozenset(d.id for d in annotations.dismissed_events),
        taken_ids=frozenset(e.id for e in annotations.events),
        names=shown,
        types={e.id: e.type for e in annotations.entities},
    )


def _claim_rows(annotations: Annotations, anchors: dict[QuoteSpec, Anchor]) -> list[Row]:
    return [
        {
            "id": claim.id,
            "subject": claim.subject,
            "question": claim.question,
            "compatible": claim.compatible,
            "attributed": claim.attributed,
            "values": [
                {"value": v.value, "evidence": _evidence(v.evidence, anchors)} for v in claim.values
            ],
        }
        for claim in annotations.claims
    ]


def _unused_aliases(
    annotations: Annotations,
    used: Counter[tuple[str, tuple[str, ...]]],
    mentioned: set[str],
    metadata_names: set[tuple[str, ...]],
) -> list[CorpusError]:
    """Warnings for aliases that never occur and entities never mentioned.

    An entity named only in ``articles.toml`` (an outlet, an author) is not
    expected to be mentioned in the texts.
    """
    warnings = []
    for entity in annotations.entities:
        names = {alias_key(n) for n in (entity.name, *entity.aliases, *entity.search_aliases)}
        if entity.id not in mentioned and not names & metadata_names:
            warnings.append(
                entity.where.error(
                    f"entity {entity.id!r} is never mentioned in the articles; check its aliases"
                )
            )
        for alias in entity.aliases:
            if not used[(entity.id, alias_key(alias))]:
                warnings.append(
                    entity.where.error(
                        f"alias {alias!r} of {entity.id!r} never occurs in the articles; move it "
                        "to search_aliases if it is only a spelling to search for"
                    )
                )
        for adjective in entity.adjectives:
            if not used[(entity.id, alias_key(adjective))]:
                warnings.append(
                    entity.where.error(
                        f"adjective {adjective!r} of {entity.id!r} never occurs in the articles "
                        "(or a longer name always contains it); remove it"
                    )
                )
    return warnings


def _ingest(
    corpus_dir: Path | str, report: Progress, *, want_usage: bool, workers: Workers
) -> _Ingested:
    errors: list[CorpusError] = []
    report("reading corpus", 0, 1)
    corpus = read_corpus(corpus_dir, errors)
    annotations = read_annotations(corpus.root, corpus.listed_ids, errors)
    workers.plan(len(corpus.articles))
    plan = ArticlePlan(
        aliases=alias_triples(annotations),
        adjectives=adjective_triples(annotations),
        reading=reading(annotations),
        variants=variant_triples(annotations),
        # The articles the annotations quote are linked as curated, and only so.
        curated=annotations.curated_articles(),
        events=known_events(annotations),
        want_usage=want_usage,
    )
    work = _all_articles(corpus.articles, plan, report, workers)
    metadata_names = {alias_key(a.outlet) for a in corpus.articles} | {
        alias_key(a.author) for a in corpus.articles if a.author
    }
    articles = [w.row for w in work]
    paragraphs = [p for w in work for p in w.paragraphs]
    spans = {
        w.row["id"]: [ParagraphSpan(p["id"], p["start"], p["end"]) for p in w.paragraphs]
        for w in work
    }
    found = {pid: matches for w in work for pid, matches in w.mentions.items()}
    kinds_of = {p["id"]: p["kind"] for p in paragraphs}
    names = [
        {"paragraph": pid, "article": w.row["id"], "kind": kinds_of[pid], "names": rows}
        for w in work
        for pid, rows in w.names.items()
    ]
    del kinds_of
    timexes = [
        {"paragraph": pid, "article": w.row["id"], "timexes": dated}
        for w in work
        for pid, dated in w.timexes.items()
    ]
    used: Counter[tuple[str, tuple[str, ...]]] = Counter()
    for w in work:
        used.update(w.used)
    proposed = [row for w in work for row in w.proposals]
    del work

    report("anchoring annotations", 0, 1)
    sources = {a.id: a for a in corpus.articles}
    texts = {a.id: a.text for a in corpus.articles}
    quotes = [q for q in annotations.quotes() if q.article in sources]
    anchors = anchor_all(quotes, texts, spans, errors)
    by_paragraph = {row["paragraph"]: row["timexes"] for row in timexes}
    events = _event_rows(annotations, anchors, sources, errors, by_paragraph)
    del by_paragraph

    # The articles' texts are not needed any more: let them go.
    del texts, sources, spans
    corpus = replace(corpus, articles=())
    mentions = _mention_rows(paragraphs, found, annotations, anchors)
    entities = _entity_rows(annotations, anchors, mentions)
    proposals = _proposal_rows(proposed, names, annotations, anchors, paragraphs)
    del proposed
    claims = _claim_rows(annotations, anchors)
    warnings: list[CorpusError] = []
    # Which aliases the articles never use is only known of a corpus read whole:
    # with an article missing or articles.toml broken, every alias would be "unused".
    if want_usage and not errors:
        mentioned = {MentionRow.decode(m).entity_id for row in mentions for m in row["mentions"]}
        warnings = _unused_aliases(annotations, used, mentioned, metadata_names)

    kinds = Counter(p["kind"] for p in paragraphs)
    counts = {
        "articles": len(articles),
        "paragraphs": len(paragraphs),
        "entities": len(entities),
        "mentions": sum(len(r["mentions"]) for r in mentions),
        "events": len(events),
        "claims": len(claims),
        "disagreements": sum(1 for c in claims if len(c["values"]) > 1 and not c["compatible"]),
        "relations": sum(len(e["relations"]) for e in entities),
        "timexes": sum(len(r["timexes"]) for r in timexes),
        "names": sum(len(r["names"]) for r in names),
        "proposals": len(proposals),
    }
    counts.update({f"paragraphs.{kind}": kinds.get(kind, 0) for kind in PARAGRAPH_KINDS})
    tables: dict[str, Sequence[Row]] = {
        "articles": articles,
        "paragraphs": paragraphs,
        "entities": entities,
        "mentions": mentions,
        "events": events,
        "claims": claims,
        "timexes": timexes,
        "names": names,
        "proposals": proposals,
    }
    ordered = sorted(errors, key=report_order)
    return _Ingested(corpus, tables, tuple(ordered), tuple(warnings), counts)


def check(corpus_dir: Path | str, *, progress: Progress | None = None) -> CheckReport:
    """Validate the corpus at ``corpus_dir`` without building anything."""
    with Workers() as workers:
        done = _ingest(
            corpus_dir, progress or (lambda stage, n, total: None), want_usage=True, workers=workers
        )
    return CheckReport(done.errors, done.warnings, dict(done.counts))


def build(
    corpus_dir: Path | str,
    db_path: Path | str,
    *,
    progress: Progress | None = None,
    waiting: Callable[[str], object] | None = None,
) -> BuildResult:
    """Build the store at ``db_path`` from the corpus at ``corpus_dir``.

    Raises :class:`~store.errors.CorpusError` (or ``CorpusErrors``, every
    problem at once) for an invalid corpus, before touching the store, and
    :class:`~store.errors.StoreError` at once when no store can be written at
    ``db_path``. Two builds of one store never interleave: the second waits for
    the first (``waiting`` is told so) and holds the build lock throughout.
    """
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    db_path = Path(db_path).expanduser()
    check_store_path(db_path)
    with build_lock(db_path, waiting=waiting), Workers() as workers:
        done = _ingest(corpus_dir, report, want_usage=False, workers=workers)
        if done.errors:
            raise done.errors[0] if len(done.errors) == 1 else CorpusErrors(done.errors)
        try:
            return _write(done, db_path, report, started, workers)
        except OSError as exc:
            raise StoreError(
                db_path,
                f"cannot be written ({exc.strerror or exc}); "
                "free some space or choose another --db",
            ) from None


def _write(
    done: _Ingested, db_path: Path, report: Progress, started: float, workers: Workers
) -> BuildResult:
    """Index and write a corpus that passed every check."""
    built_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    build_id = f"{built_at:%Y%m%dT%H%M%S}-{secrets.token_hex(6)}"
    meta_row = {
        "schema_version": SCHEMA_VERSION,
        "corpus_fingerprint": done.corpus.fingerprint,
        "corpus_stamps": [list(stamp) for stamp in done.corpus.stamps],
        "built_at": built_at.isoformat(),
        "build_id": build_id,
        "corpus_dir": str(done.corpus.root),
        "counts": dict(done.counts),
        "dossier_version": __version__,
    }
    t = done.tables
    # The store, then its index, each replaced atomically (the caller holds the
    # build lock). The index records the size and time of the store it was
    # written beside; after a crash between the two, the old index does not
    # match the new store, and the catalog rebuilds it from the store instead
    # of trusting it (and dossier writes the repaired one, once).
    report("writing store", 0, 1)
    size = save(db_path, {**t, "meta": [meta_row]})
    stat = db_path.stat()
    report("indexing for search", 0, 1)
    index = SearchIndex.build(
        search_documents(t["articles"], t["paragraphs"], t["entities"], t["events"]),
        build_id,
        mapper=workers.map,
    )
    index.meta = meta_row
    index.store_stat = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    report("writing search index", 0, 1)
    index_size = index.save(index_path(db_path))
    del index
    report("writing search index", 1, 1)
    meta = StoreMeta(
        schema_version=SCHEMA_VERSION,
        corpus_fingerprint=done.corpus.fingerprint,
        built_at=built_at,
        corpus_dir=str(done.corpus.root),
        counts=tuple(sorted(done.counts.items())),
        dossier_version=__version__,
        build_id=build_id,
        corpus_stamps=done.corpus.stamps,
    )
    return BuildResult(meta, db_path, size, time.perf_counter() - started, index_size)
