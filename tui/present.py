"""What the explorer shows, as content: hits, details, excerpts, citations.

Plain functions from store values to :class:`Content` and to :class:`Row`
lists, so that screens stay thin and every untrusted string passes through
:mod:`tui.text`. Building a :class:`Detail` calls the catalog, so the screens
run :func:`detail_of` in a worker thread.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from textual.content import Content

import store
from store import Article, Catalog, Claim, Excerpt, Hit, Paragraph, plural, relation_verb
from tui.text import MUTED, badge, highlighted, join, literal

KIND_BADGES = {"entity": "ENTITY", "event": "EVENT", "article": "ARTICLE", "paragraph": "TEXT"}
PARAGRAPH_LABELS = {
    "headline": "headline",
    "body": "",
    "summary": "summary",
    "caption": "caption",
    "credit": "credit",
    "boilerplate": "page furniture",
    "reader-comment": "reader comment",
}
MAX_EXCERPTS = 200


@dataclass(frozen=True, slots=True)
class Row:
    """One line (or a few) of a pane: what it shows, and what Enter opens."""

    prompt: Content
    target: str | None = None
    """``entity:<id>``, ``event:<id>``, ``article:<id>``, ``paragraph:<id>``
    (opens the reader), ``claim:<id>`` (opens the disagreements), or ``None``."""


@dataclass(frozen=True, slots=True)
class Detail:
    """Everything the detail and excerpt panes show for one item."""

    item: str
    title: Content
    rows: tuple[Row, ...]
    excerpts: tuple[Row, ...]
    excerpts_title: str
    entity_ids: tuple[str, ...] = ()
    """Entities of the item (itself, participants), to filter the timeline by."""


def citation(article: Article, paragraph: Paragraph) -> str:
    """``outlet · date · ¶N``."""
    return article.short_citation(paragraph.index)


def paragraph_label(paragraph: Paragraph) -> str:
    """What a paragraph is, when it is not plain reporting."""
    label = PARAGRAPH_LABELS.get(paragraph.kind, paragraph.kind)
    if paragraph.duplicate_of:
        label = f"{label}, repeated" if label else "repeated"
    return label


def _trimmed(
    snippet: str, spans: tuple[tuple[int, int], ...], limit: int
) -> tuple[str, list[tuple[int, int]]]:
    """At most ``limit`` characters of a snippet, keeping its first match in view."""
    if len(snippet) <= limit:
        return snippet, list(spans)
    start = max(0, min(spans[0][0] - limit // 4, len(snippet) - limit)) if spans else 0
    text = snippet[start : start + limit]
    head = "…" if start > 0 and not text.startswith("…") else ""
    shifted = [
        (s - start + len(head), e - start + len(head))
        for s, e in spans
        if s >= start and e <= start + limit
    ]
    return head + text.rstrip() + "…", shifted


def hit_prompt(hit: Hit, limit: int = 160) -> Content:
    """A search result in two lines: its kind and title, then the context or the
    snippet, with the matched words lit (the results pane shows each line whole or
    cut with an ellipsis, so that many results fit on a small terminal)."""
    snippet, spans = _trimmed(hit.snippet, hit.spans, limit)
    if hit.kind != "paragraph" and snippet.startswith(hit.title):
        # The match is in the name or title: it heads the row, lit; what it is follows.
        cut = len(hit.title)
        name = highlighted(snippet[:cut], [(s, min(e, cut)) for s, e in spans if s < cut])
        rest = snippet[cut:].removeprefix(" — ")
        shift = len(snippet) - len(rest)
        more = highlighted(
            rest, [(s - shift, e - shift) for s, e in spans if s >= shift], style=MUTED
        )
        return join(badge(KIND_BADGES[hit.kind]), " ", name, "\n", more)
    head = join(badge(KIND_BADGES[hit.kind]), " ", literal(hit.title, "bold"))
    if hit.paragraph_kind and hit.paragraph_kind not in ("body", "summary"):
        head = join(head, (f"  [{PARAGRAPH_LABELS.get(hit.paragraph_kind, '')}]", "italic"))
    return join(head, "\n", highlighted(snippet, spans, style=MUTED))


def excerpt_row(excerpt: Excerpt, note: str = "") -> Row:
    """An excerpt: where it comes from, then the paragraph with the mention lit;
    ``note`` says how it was linked when the annotations did not."""
    label = paragraph_label(excerpt.paragraph)
    if note:
        label = f"{label}, {note}" if label else note
    head = join(
        (citation(excerpt.article, excerpt.paragraph), "bold"),
        (f"  [{label}]" if label else "", "italic $warning"),
    )
    style = MUTED if excerpt.flagged else ""
    body = highlighted(excerpt.paragraph.text, excerpt.spans, style=style)
    return Row(join(head, "\n", body), f"paragraph:{excerpt.paragraph.id}")


def ordered(excerpts: tuple[Excerpt, ...]) -> list[Excerpt]:
    """Reporting first (by date, outlet), then captions, comments and repeats."""
    return sorted(excerpts, key=lambda e: e.flagged)


def _count_line(count: int, verb: str, what: str) -> str:
    """``1 paragraph mentions X``, ``3 paragraphs mention X``."""
    return f"{plural(count, 'paragraph')} {verb}{'s' if count == 1 else ''} {what}"


def _heading(text: str) -> Row:
    return Row(Content.styled(text, "bold underline"))


def _muted(text: str) -> Row:
    return Row(literal(text, MUTED))


def entity_detail(catalog: Catalog, entity_id: str) -> Detail:
    """Name, type, aliases, description, relations, events, company, outlets."""
    entity = catalog.entity(entity_id)
    rows: list[Row] = [
        Row(join(badge(entity.type.upper()), " ", literal(entity.name, "bold"))),
    ]
    spellings = [a for a in entity.aliases if a != entity.name]
    if spellings:
        rows.append(Row(join(("Also written: ", MUTED), literal(", ".join(spellings)))))
    if entity.search_aliases:
        rows.append(
            Row(
                join(
                    ("Elsewhere spelled: ", MUTED), literal(", ".join(entity.search_aliases), MUTED)
                )
            )
        )
    if entity.description:
        rows.append(Row(literal(entity.description, "italic")))
    if entity.automatic_count:
        # Automatic links (the user's own articles) are shown apart from curated ones.
        rows.append(
            Row(
                join(
                    ("Mentions: ", MUTED),
                    (f"{entity.curated_count} curated, ", ""),
                    (f"{entity.automatic_count} linked automatically", "italic $warning"),
                    ("  (close variants of its names, short forms after them)", MUTED),
                )
            )
        )
    if entity.adjective_count:
        rows.append(
            Row(
                join(
                    ("As an adjective: ", MUTED),
                    literal(", ".join(entity.adjectives)),
                    (f"  {entity.adjective_count} times, kept apart from its mentions", MUTED),
                )
            )
        )
    if entity.relations:
        rows.append(_heading("Relations"))
        for relation in entity.relations:
            verb = relation_verb(relation.type)
            if relation.source_id == entity.id:
                text = join((f"{verb} ", "italic"), literal(relation.target_name, "bold"))
                target = relation.target_id
            else:
                # Said of whom: "Ahmad Mulla Talal speaks for Mustafa al-Kadhimi", not "for it".
                text = join(
                    literal(relation.source_name, "bold"),
                    (f" {verb} ", "italic"),
                    literal(entity.name, "italic"),
                )
                target = relation.source_id
            sources = len({e.article_id for e in relation.evidence})
            text = join(text, (f"  ({plural(sources, 'source')})", MUTED))
            rows.append(Row(text, f"entity:{target}"))
    events = catalog.events(entity.id)
    if events:
        rows.append(_heading("Events"))
        for event in events:
            rows.append(
                Row(
                    join((event.date_label, "bold"), "  ", literal(event.title)),
                    f"event:{event.id}",
                )
            )
    company = catalog.co_mentions(entity.id, limit=8)
    if company:
        rows.append(_heading("Mentioned with"))
        for other in company:
            rows.append(
                Row(
                    join(
                        literal(other.name), (f"  {plural(other.paragraphs, 'paragraph')}", MUTED)
                    ),
                    f"entity:{other.entity_id}",
                )
            )
    outlets: Counter[str] = Counter()
    for article_id, count in entity.mention_counts:
        outlets[catalog.article(article_id).outlet] += count
    if outlets:
        rows.append(_heading("Mentions by outlet"))
        for outlet, count in outlets.most_common():
            rows.append(Row(join(literal(outlet), (f"  {count}", "bold"))))
    rows += _claim_rows(catalog.claims(entity.id))
    found = catalog.excerpts(entity.id)
    curated = ordered(tuple(e for e in found if not e.automatic))
    automatic = ordered(tuple(e for e in found if e.automatic))
    adjectives = ordered(catalog.excerpts(entity.id, adjectives=True)) if entity.adjectives else []
    # Curated mentions first, then the automatic ones, then its adjectives: each apart.
    shown = [excerpt_row(e) for e in curated]
    shown += [excerpt_row(e, _how(e)) for e in automatic]
    shown += [excerpt_row(e, "as an adjective") for e in adjectives]
    title = _count_line(len(found), "mention", entity.name)
    if automatic:
        title += f" ({len(automatic)} automatically)"
    if adjectives:
        uses = "uses" if len(adjectives) == 1 else "use"
        title += f"; {len(adjectives)} {uses} {'/'.join(entity.adjectives[:2])}"
    return Detail(
        item=f"entity:{entity.id}",
        title=literal(entity.name, "bold"),
        rows=tuple(rows),
        excerpts=tuple(shown[:MAX_EXCERPTS]),
        excerpts_title=title,
        entity_ids=(entity.id,),
    )


def _how(excerpt: Excerpt) -> str:
    """How an automatic excerpt's mentions were linked."""
    if "auto" in excerpt.methods:
        return "auto-linked"
    return "auto-linked by the full name used before"


def _claim_rows(claims: tuple[Claim, ...]) -> list[Row]:
    """A heading, then each claim's question, marked disputed or agreed."""
    if not claims:
        return []
    rows = [_heading("Claims")]
    for claim in claims:
        mark = "disputed" if claim.disagreement else "agreed"
        rows.append(
            Row(
                join(literal(claim.question), (f"  [{mark}]", "italic $warning")),
                f"claim:{claim.id}",
            )
        )
    return rows


def event_detail(catalog: Catalog, event_id: str) -> Detail:
    """Date and how each source dates it, type, place, participants, sources, claims."""
    event = catalog.event(event_id)
    rows: list[Row] = [Row(join(badge(event.type.upper()), " ", literal(event.title, "bold")))]
    precision = event.precision + (", estimated" if event.estimated else "")
    rows.append(
        Row(join(("Date: ", MUTED), (event.date_label, "bold"), (f"  ({precision})", MUTED)))
    )
    if event.location_id and event.location_name:
        rows.append(
            Row(
                join(("Where: ", MUTED), literal(event.location_name)),
                f"entity:{event.location_id}",
            )
        )
    if event.participants:
        rows.append(_heading("Who"))
        for participant in event.participants:
            rows.append(
                Row(
                    join(
                        literal(participant.name, "bold"), "  ", literal(participant.role, "italic")
                    ),
                    f"entity:{participant.entity_id}",
                )
            )
    rows.append(_heading("What each source says"))
    for item in event.evidence:
        evidence = item.evidence
        article = catalog.article(evidence.article_id)
        paragraph = catalog.paragraph(evidence.paragraph_id)
        line = join((citation(article, paragraph), "bold"), "\n", literal(f"“{evidence.quote}”"))
        if item.date_phrase:
            dating = f"“{item.date_phrase}” → {item.resolved}"
            note = []
            if item.estimated:
                note.append("estimated publication date")
            if item.ambiguous:
                note.append("ambiguous")
            if not item.agrees:
                note.append("disagrees with the other sources")
            line = join(
                line,
                "\n",
                literal(dating, "$accent"),
                (f"  ({item.rule})" if item.rule else "", MUTED),
                (f"  [{'; '.join(note)}]" if note else "", "bold $warning"),
            )
        rows.append(Row(line, f"paragraph:{paragraph.id}"))
    rows += _claim_rows(catalog.related_claims(event.id))
    excerpts = ordered(catalog.event_excerpts(event.id))
    entity_ids = tuple(p.entity_id for p in event.participants) + (
        (event.location_id,) if event.location_id else ()
    )
    return Detail(
        item=f"event:{event.id}",
        title=literal(event.title, "bold"),
        rows=tuple(rows),
        excerpts=tuple(excerpt_row(e) for e in excerpts),
        excerpts_title=_count_line(len(excerpts), "report", "it"),
        entity_ids=entity_ids,
    )


def article_detail(catalog: Catalog, article_id: str, focus: str | None = None) -> Detail:
    """Outlet, author, date, URL, paragraphs; with one paragraph in focus for a text hit."""
    article = catalog.article(article_id)
    paragraphs = catalog.paragraphs(article.id)
    rows: list[Row] = [
        Row(join(badge("ARTICLE"), " ", literal(article.title, "bold"))),
        Row(join(("Outlet: ", MUTED), literal(article.outlet, "bold"))),
        Row(join(("Author: ", MUTED), literal(article.author or "not named"))),
        Row(
            join(
                ("Published: ", MUTED),
                literal(article.published_label, "bold"),
                (f"  ({article.published_precision})", MUTED),
            )
        ),
    ]
    if article.published_note:
        rows.append(Row(literal(article.published_note, "italic " + MUTED)))
    rows.append(Row(join(("URL: ", MUTED), literal(article.url or "unknown"))))
    kinds = Counter(p.kind for p in paragraphs)
    summary = ", ".join(f"{n} {PARAGRAPH_LABELS[k] or 'body'}" for k, n in kinds.most_common())
    rows.append(Row(join(("Paragraphs: ", MUTED), (f"{len(paragraphs)} ({summary})", ""))))
    rows.append(
        Row(
            Content.styled("Read the whole article  (o)", "bold $accent"),
            f"paragraph:{focus or paragraphs[0].id}",
        )
    )
    shown = [p for p in paragraphs if p.kind in store.model.REPORTING_KINDS or p.id == focus]
    if focus:
        shown.sort(key=lambda p: p.id != focus)
    excerpts = []
    for paragraph in shown:
        spans = tuple((m.start, m.end) for m in catalog.mentions(paragraph.id))
        excerpts.append(excerpt_row(Excerpt(paragraph, article, spans)))
    item = f"paragraph:{focus}" if focus else f"article:{article.id}"
    return Detail(
        item=item,
        title=literal(article.title, "bold"),
        rows=tuple(rows),
        excerpts=tuple(excerpts),
        excerpts_title=(
            f"¶{catalog.paragraph(focus).index} of {article.outlet}"
            if focus
            else f"The article's {len(shown)} reporting paragraphs"
        ),
    )


def detail_of(catalog: Catalog, item: str) -> Detail:
    """The detail of ``entity:…``, ``event:…``, ``article:…`` or ``paragraph:…``."""
    kind, _, item_id = item.partition(":")
    if kind == "entity":
        return entity_detail(catalog, item_id)
    if kind == "event":
        return event_detail(catalog, item_id)
    if kind == "article":
        return article_detail(catalog, item_id)
    if kind == "paragraph":
        paragraph = catalog.paragraph(item_id)
        return article_detail(catalog, paragraph.article_id, focus=paragraph.id)
    raise store.NotFound(item)
