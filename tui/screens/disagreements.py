"""The disagreements: each disputed fact, every source's answer side by side.

One block per claim whose sources disagree, a column per answer with the
excerpts that give it (Enter opens one in the reader), and a last block for
events the sources date differently. Self-contradictions are called out.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import Footer, Header, Static

from store import Catalog, Claim, Event
from tui.navigation import Location
from tui.present import Row, citation
from tui.screens.base import ExplorerScreen
from tui.text import MUTED, join, literal
from tui.widgets.rows import RowList

NARROW = 100


def _claim_columns(catalog: Catalog, claim: Claim) -> list[list[Row]]:
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
        columns.append(rows)
    return columns


def _date_columns(catalog: Catalog, event: Event) -> list[list[Row]]:
    groups: dict[bool, list[Row]] = {
        True: [Row(literal(f"{event.date_label}", "bold"))],
        False: [Row(literal("Dated otherwise", "bold"))],
    }
    for item in event.evidence:
        if not item.date_phrase:
            continue
        article = catalog.article(item.evidence.article_id)
        paragraph = catalog.paragraph(item.evidence.paragraph_id)
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
    return [groups[True], groups[False]]


class Dispute(Vertical):
    """A question, then one column per answer."""

    DEFAULT_CSS = """
    Dispute { height: auto; margin: 0 0 1 0; border: round $panel; }
    Dispute:focus-within { border: round $accent; }
    Dispute > .question { padding: 0 1; height: auto; }
    Dispute > Horizontal { height: auto; }
    Dispute RowList { width: 1fr; height: auto; max-height: 20; }
    Dispute.-stacked > Horizontal { layout: vertical; }
    """

    def __init__(self, key: str, question: Content, columns: list[list[Row]]) -> None:
        super().__init__(id=key)
        self.question = question
        self.columns = columns

    def compose(self) -> ComposeResult:
        yield Static(self.question, classes="question")
        with Horizontal():
            for rows in self.columns:
                column = RowList()
                column.rows = tuple(rows)
                yield column

    def on_mount(self) -> None:
        for column in self.query(RowList):
            column.show(column.rows)


class DisagreementsScreen(ExplorerScreen):
    """Disputed facts, every source's answer side by side."""

    CSS_PATH = "disagreements.tcss"
    BINDINGS = [
        Binding("escape", "app.back", "Back"),
        Binding("right,l", "focus_next", "Next answer", show=False),
        Binding("left,h", "focus_previous", "Previous answer", show=False),
    ]

    def __init__(self, catalog: Catalog, claim_id: str | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.claim_id = claim_id

    def compose(self) -> ComposeResult:
        catalog = self.catalog
        claims = [
            c
            for c in catalog.claims()
            if c.disagreement or self.claim_id in (c.id, f"claim-{c.id}")
        ]
        disputed_dates = [e for e in catalog.events() if e.disputed]
        yield Header()
        yield Static(
            join(
                (
                    f"{len(claims)} disputed facts, {len(disputed_dates)} events dated differently",
                    "bold",
                ),
                ("   Tab: next block   Enter: read the source", MUTED),
            ),
            id="caption",
        )
        with VerticalScroll(id="disputes"):
            for claim in claims:
                marks = []
                if claim.self_contradictions:
                    outlets = ", ".join(
                        sorted({catalog.article(a).outlet for a in claim.self_contradictions})
                    )
                    marks.append(f"contradicts itself: {outlets}")
                if claim.attributed:
                    marks.append("positions reported, not facts asserted")
                question = join(
                    literal(claim.question, "bold"),
                    ("  about ", MUTED),
                    literal(claim.subject_name, "italic"),
                    (f"  [{'; '.join(marks)}]" if marks else "", "bold $warning"),
                )
                yield Dispute(f"claim-{claim.id}", question, _claim_columns(catalog, claim))
            for event in disputed_dates:
                question = join(
                    ("When? ", "bold"),
                    literal(event.title, "bold"),
                    ("  [sources date it differently]", "bold $warning"),
                )
                yield Dispute(f"event-{event.id}", question, _date_columns(catalog, event))
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Disagreements"
        self._layout(self.size.width)
        if self.claim_id:
            self.call_after_refresh(self._jump)
        else:
            first = next(iter(self.query(RowList)), None)
            if first is not None:
                first.focus()

    def _jump(self) -> None:
        for dispute in self.query(Dispute):
            if dispute.id in (self.claim_id, f"claim-{self.claim_id}"):
                self.query_one("#disputes", VerticalScroll).scroll_to_widget(
                    dispute, animate=False, top=True
                )
                column = next(iter(dispute.query(RowList)), None)
                if column is not None:
                    column.focus()
                return

    @on(Resize)
    def _resized(self, event: Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        for dispute in self.query(Dispute):
            dispute.set_class(width < NARROW, "-stacked")

    @on(RowList.Chosen)
    def _read(self, event: RowList.Chosen) -> None:
        dispute = next((a for a in event.row_list.ancestors if isinstance(a, Dispute)), None)
        if dispute is not None and dispute.id:
            # Back from the reader returns here, to this dispute.
            self.explorer.history.replace(Location("disagreements", item=dispute.id))
        self.explorer.follow(event.target)
