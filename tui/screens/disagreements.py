"""The disagreements: each disputed fact, every source's answer side by side.

Two views of the same facts (the claims whose sources disagree, and the
events the sources date differently; self-contradictions called out):

* **compact** (the default below :data:`WIDE` columns): one line per fact,
  its question and its competing answers with how many sources give each;
  the whole of the highlighted fact is under the list. Enter opens the fact's
  answers side by side (:class:`DisputeScreen`);
* **side by side**: every fact in turn, a column per answer with the excerpts
  that give it.

``v`` switches between them. Either opens at its first fact, its question and
its labels in view. Enter on an excerpt opens it in the reader; Back returns
to the same fact.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.events import Resize
from textual.widgets import Static

from store import Catalog, Claim, Event, plural
from tui.navigation import Location
from tui.present import Row, citation
from tui.screens.base import ExplorerScreen
from tui.text import MUTED, join, literal
from tui.widgets.footer import KeyFooter
from tui.widgets.header import Header
from tui.widgets.rows import RowList

#: Narrower than this, the disagreements open compact.
WIDE = 100


@dataclass(frozen=True, slots=True)
class Fact:
    """A disputed fact: its question, and each answer with the excerpts that give it."""

    id: str
    """``claim-<id>`` or ``event-<id>``."""
    question: Content
    """The question with its subject and labels ("contradicts itself: …")."""
    short: Content
    """The question and its labels, without the subject (for one line)."""
    answers: tuple[tuple[str, int], ...]
    """Each answer, with how many sources give it."""
    columns: tuple[tuple[Row, ...], ...]
    """A column per answer: the answer, then its excerpts."""

    @property
    def summary(self) -> Content:
        """The answers in one line: ``13 (2 sources) · 14 (1 source)``."""
        return join(
            *[
                part
                for i, (answer, count) in enumerate(self.answers)
                for part in (
                    (" · " if i else "", MUTED),
                    literal(answer, "bold"),
                    (f" ({plural(count, 'source')})", MUTED),
                )
            ]
        )


def _claim_fact(catalog: Catalog, claim: Claim) -> Fact:
    marks = []
    if claim.self_contradictions:
        outlets = ", ".join(sorted({catalog.article(a).outlet for a in claim.self_contradictions}))
        marks.append(f"contradicts itself: {outlets}")
    if claim.attributed:
        marks.append("positions reported, not facts asserted")
    label = (f"  [{'; '.join(marks)}]" if marks else "", "bold $warning")
    question = join(
        literal(claim.question, "bold"),
        ("  about ", MUTED),
        literal(claim.subject_name, "italic"),
        label,
    )
    short = join(literal(claim.question, "bold"), label)
    columns = []
    for value in claim.values:
        rows = [Row(literal(value.value, "bold"))]
        for evidence in value.evidence:
            article = catalog.article(evidence.article_id)
            paragraph = catalog.paragraph(evidence.paragraph_id)
            rows.append(
                Row(
                    join(
                        (citation(article, paragraph), "italic $accent"),
                        "\n",
                        literal(f"“{evidence.quote}”"),
                    ),
                    f"paragraph:{paragraph.id}",
                )
            )
        columns.append(tuple(rows))
    answers = tuple((v.value, len(v.article_ids)) for v in claim.values)
    return Fact(f"claim-{claim.id}", question, short, answers, tuple(columns))


def _date_fact(catalog: Catalog, event: Event) -> Fact:
    question = join(
        ("When? ", "bold"),
        literal(event.title, "bold"),
        ("  [sources date it differently]", "bold $warning"),
    )
    groups: dict[bool, list[Row]] = {
        True: [Row(literal(f"{event.date_label}", "bold"))],
        False: [Row(literal("Dated otherwise", "bold"))],
    }
    sources: dict[bool, set[str]] = {True: set(), False: set()}
    for item in event.evidence:
        if not item.date_phrase:
            continue
        article = catalog.article(item.evidence.article_id)
        paragraph = catalog.paragraph(item.evidence.paragraph_id)
        sources[item.agrees].add(article.id)
        groups[item.agrees].append(
            Row(
                join(
                    (citation(article, paragraph), "italic $accent"),
                    "\n",
                    literal(f"“{item.date_phrase}” → {item.resolved}"),
                ),
                f"paragraph:{paragraph.id}",
            )
        )
    answers = ((event.date_label, len(sources[True])), ("otherwise", len(sources[False])))
    columns = (tuple(groups[True]), tuple(groups[False]))
    return Fact(f"event-{event.id}", question, question, answers, columns)


def facts(catalog: Catalog, also: str | None = None) -> list[Fact]:
    """The disputed facts in order: claims (and the claim ``also``, disputed or not),
    then events dated differently."""
    found = [
        _claim_fact(catalog, claim)
        for claim in catalog.claims()
        if claim.disagreement or also in (claim.id, f"claim-{claim.id}")
    ]
    found += [_date_fact(catalog, event) for event in catalog.events() if event.disputed]
    return found


#: Disputes mounted before the first frame of the side by side view.
SOON = 4


class Dispute(Vertical):
    """A question, then one column per answer."""

    DEFAULT_CSS = """
    Dispute { height: auto; margin: 0 0 1 0; border: round $panel; }
    Dispute:focus-within { border: round $accent; }
    Dispute > .question { padding: 0 1; height: auto; }
    Dispute > Horizontal { height: auto; }
    Dispute RowList { width: 1fr; height: auto; max-height: 20; }
    """

    def __init__(self, fact: Fact) -> None:
        super().__init__(id=fact.id)
        self.fact = fact

    def compose(self) -> ComposeResult:
        yield Static(self.fact.question, classes="question")
        with Horizontal():
            for rows in self.fact.columns:
                column = RowList()
                column.rows = rows
                yield column

    def on_mount(self) -> None:
        for column in self.query(RowList):
            column.show(column.rows)


class FactList(RowList):
    """The disputed facts, one line each."""

    BINDINGS = [
        Binding("enter", "select", "Side by side"),
        Binding("down,j", "cursor_down", "Next fact"),
        Binding("up,k", "cursor_up", "Previous fact", show=False),
    ]


class DisagreementsScreen(ExplorerScreen):
    """Disputed facts: one line each, or every source's answer side by side."""

    CSS_PATH = "disagreements.tcss"
    BINDINGS = [
        Binding("escape", "app.back", "Back"),
        Binding("v", "switch_view", "Compact / side by side"),
        Binding("n", "step_fact(1)", "Next fact"),
        Binding("N", "step_fact(-1)", "Previous fact", show=False),
        Binding("right,l", "focus_next", "Next answer", show=False),
        Binding("left,h", "focus_previous", "Previous answer", show=False),
    ]

    def __init__(
        self, catalog: Catalog, at: str | None = None, *, compact: bool | None = None
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.at = at
        """The fact to open at (``claim-<id>``, ``event-<id>`` or a claim id)."""
        self.compact = compact
        """The view: ``None`` picks by width."""
        self._mounting = False
        self.facts = facts(catalog, at)

    def compose(self) -> ComposeResult:
        yield Header()
        claims = sum(1 for f in self.facts if f.id.startswith("claim-"))
        yield Static(
            join(
                (
                    f"{plural(claims, 'disputed fact')}, "
                    f"{plural(len(self.facts) - claims, 'event')} dated differently",
                    "bold",
                ),
                ("   v: compact / side by side", MUTED),
            ),
            id="caption",
        )
        yield FactList(id="facts")
        yield Static(id="fact", classes="row-line")
        # The side by side view is mounted when first shown (see _mount_disputes).
        yield VerticalScroll(id="disputes")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Disagreements"
        if self.compact is None:
            self.compact = self.app.size.width < WIDE
        rows = self.query_one("#facts", FactList)
        rows.show(
            [
                Row(join(fact.short, ("  ▸ ", MUTED), fact.summary), f"fact:{fact.id}")
                for fact in self.facts
            ]
        )
        self._layout(self.size.width)
        self._show_view()

    def _index(self) -> int:
        """The fact to open at (0: the first)."""
        wanted = {self.at, f"claim-{self.at}"}
        return next((i for i, f in enumerate(self.facts) if f.id in wanted), 0)

    def _show_view(self) -> None:
        rows = self.query_one("#facts", FactList)
        scroll = self.query_one("#disputes", VerticalScroll)
        rows.display = bool(self.compact)
        self.query_one("#fact", Static).display = bool(self.compact)
        scroll.display = not self.compact
        index = self._index()
        if self.compact:
            rows.highlighted = index
            rows.focus()
            self._fact_line()
            self.content_shown()
            return
        if not self._mounting:
            self._mounting = True
            self.run_worker(self._mount_disputes(index), group="disputes")
            return
        self._focus_dispute(index)

    def _focus_dispute(self, index: int) -> None:
        if not self.facts:
            return
        scroll = self.query_one("#disputes", VerticalScroll)
        try:
            dispute = scroll.query_one(f"#{self.facts[index].id}", Dispute)
        except NoMatches:
            return  # still being mounted: it gets the focus then
        first = next(iter(dispute.query(RowList)), None)
        if first is not None:
            first.focus(scroll_visible=False)
        # The question and its labels in view, not the first answer's column.
        self.call_after_refresh(scroll.scroll_to_widget, dispute, animate=False, top=True)

    async def _mount_disputes(self, index: int) -> None:
        """Mount the side by side view: the fact to show and the few after it
        first, drawn at once; then the rest, around them."""
        scroll = self.query_one("#disputes", VerticalScroll)
        soon = [Dispute(f) for f in self.facts[index : index + SOON]]
        if soon:
            await scroll.mount_all(soon)
        self._focus_dispute(self._index() if self.at else index)
        self.content_shown()
        await asyncio.sleep(0)  # let that frame be drawn
        later = [Dispute(f) for f in self.facts[index + SOON :]]
        if later:
            await scroll.mount_all(later)
        earlier = [Dispute(f) for f in self.facts[:index]]
        if earlier:
            await scroll.mount_all(earlier, before=soon[0])
            if not self.compact:
                self._focus_dispute(self._index())

    def action_step_fact(self, step: int) -> None:
        """To the next (or previous) fact, in either view."""
        current = self._current()
        ids = [f.id for f in self.facts]
        here = ids.index(current) if current in ids else -1
        self.at = ids[max(0, min(len(ids) - 1, here + step))] if ids else None
        self._show_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In the compact view the cursor keys move between facts; n/N are for the other."""
        if action == "step_fact" and self.compact:
            return False
        return True

    def action_switch_view(self) -> None:
        """Compact (one line a fact) or side by side (every answer in columns)."""
        self.at = self._current() or self.at
        self.compact = not self.compact
        # The choice sticks for the session: back here, or the next visit, keeps it.
        self.explorer.disagreements_compact = self.compact
        self._show_view()

    def here(self) -> Location:
        return Location("disagreements", item=self._current() or self.at)

    def _current(self) -> str | None:
        """The fact under the cursor or the focus."""
        if self.compact:
            target = self.query_one("#facts", FactList).current_target
            return target.partition(":")[2] if target else None
        focused = self.focused
        dispute = next(
            (a for a in (focused.ancestors if focused else []) if isinstance(a, Dispute)), None
        )
        return dispute.id if dispute is not None else None

    @on(RowList.Highlighted, "#facts")
    def _fact_line(self) -> None:
        """The whole of the fact under the cursor, under the list."""
        current = self._current()
        fact = next((f for f in self.facts if f.id == current), None)
        self.query_one("#fact", Static).update(
            join(fact.question, "\n", fact.summary) if fact else Content("")
        )

    @on(Resize)
    def _resized(self, event: Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.query_one("#disputes", VerticalScroll).set_class(width < WIDE, "-stacked")

    @on(RowList.Chosen, "#facts")
    def _open_fact(self, event: RowList.Chosen) -> None:
        event.stop()
        fact_id = event.target.partition(":")[2]
        # Back from the side by side returns here, to this fact.
        self.explorer.history.replace(Location("disagreements", item=fact_id))
        self.explorer.visit(Location("dispute", item=fact_id))

    @on(RowList.Chosen)
    def _read(self, event: RowList.Chosen) -> None:
        if event.target.startswith("fact:"):
            return  # the compact list's own (see _open_fact)
        dispute = next((a for a in event.row_list.ancestors if isinstance(a, Dispute)), None)
        if dispute is not None and dispute.id:
            # Back from the reader returns here, to this fact.
            self.explorer.history.replace(Location("disagreements", item=dispute.id))
        self.explorer.follow(event.target)


class DisputeScreen(ExplorerScreen):
    """One disputed fact: its question, and every source's answer side by side."""

    CSS_PATH = "disagreements.tcss"
    BINDINGS = [
        Binding("escape", "app.back", "Back"),
        Binding("right,l,tab", "focus_next", "Next answer"),
        Binding("left,h,shift+tab", "focus_previous", "Previous answer"),
    ]

    def __init__(self, catalog: Catalog, fact_id: str) -> None:
        super().__init__()
        self.catalog = catalog
        found = facts(catalog, fact_id)
        self.fact = next((f for f in found if f.id in (fact_id, f"claim-{fact_id}")), None)
        self.fact_id = fact_id

    def here(self) -> Location:
        return Location("dispute", item=self.fact_id)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="disputes"):
            if self.fact is not None:
                yield Dispute(self.fact)
            else:
                yield Static(literal("This fact is no longer disputed.", MUTED))
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Disagreement"
        self.query_one("#disputes").set_class(self.app.size.width < WIDE, "-stacked")
        first = next(iter(self.query(RowList)), None)
        if first is not None:
            first.focus(scroll_visible=False)
        self.content_shown()

    @on(RowList.Chosen)
    def _read(self, event: RowList.Chosen) -> None:
        self.explorer.follow(event.target)
