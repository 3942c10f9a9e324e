"""The evidence tray: the excerpts pinned with ``p``, in the writer's order.

Reorder with ``K``/``J`` (or shift+up/down), remove with ``x`` (``u`` puts it
back), give a pin a one-line note with ``n``, copy it with ``y``, open it in
the reader with Enter, and export the whole tray as Markdown with footnote
citations and a bibliography with ``e``. Every change is saved at once (see
:mod:`tui.evidence`). A pin whose paragraph changed in a rebuild says so:
re-anchored (found again by its quote) or orphaned (kept as it was).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from store import Catalog, DossierError, Pin, Tray, plural
from tui.dialogs.prompt import PromptScreen
from tui.navigation import Location
from tui.present import Row, citation
from tui.screens.base import ExplorerScreen
from tui.text import MUTED, badge, join, literal
from tui.widgets.footer import KeyFooter
from tui.widgets.header import Header
from tui.widgets.rows import RowList

if TYPE_CHECKING:
    from tui.evidence import TrayKeeper

#: Longest quote shown in the list (characters); the reader has the rest.
QUOTE_CHARS = 400


def _clip(text: str, limit: int = QUOTE_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: flat.rfind(" ", 0, limit)] + " …"


class TrayScreen(ExplorerScreen):
    """The pinned excerpts, in order, with their notes."""

    DEFAULT_CSS = """
    TrayScreen #tray-caption { height: auto; padding: 0 1; color: $text-muted; }
    TrayScreen #pins { height: 1fr; }
    """
    BINDINGS = [
        Binding("o", "open", "Open in reader"),
        Binding("K,shift+up", "move(-1)", "Move up"),
        Binding("J,shift+down", "move(1)", "Move down"),
        Binding("x,delete", "remove", "Remove"),
        Binding("u", "undo", "Undo remove"),
        Binding("n", "note", "Note"),
        Binding("e", "export", "Export"),
        Binding("escape", "app.back", "Back"),
    ]

    def __init__(self, catalog: Catalog, keeper: TrayKeeper, *, at: str | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.keeper = keeper
        self.pins: tuple[Pin, ...] = keeper.pins
        self.removed: list[tuple[int, Pin]] = []
        self.at = at
        """The pin to put the cursor on (its key), as when coming back from the reader."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="tray-caption")
        yield RowList(id="pins", spaced=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Evidence tray"
        self.show_pins(self.keeper.pins, self.at)
        self.query_one("#pins", RowList).focus()
        self.keeper.change(self._reread)  # another explorer may have changed it

    @staticmethod
    def _reread(tray: Tray) -> tuple[str, str | None]:
        tray.refresh()
        return "", None

    # Showing ---------------------------------------------------------------

    def _row(self, number: int, pin: Pin) -> Row:
        where: Content
        try:
            paragraph = self.catalog.paragraph(pin.paragraph_id)
            where = literal(citation(self.catalog.article(pin.article_id), paragraph), "bold")
        except DossierError:
            where = literal(pin.citation, "bold")
        parts: list[Content | tuple[str, str] | str] = [(f"{number}. ", MUTED), where]
        if pin.status == "re-anchored":
            parts += ["  ", badge("RE-ANCHORED", "bold $warning")]
        elif pin.status == "orphaned":
            parts += ["  ", badge("ORPHANED: no longer in the corpus", "bold $error")]
        parts += ["\n", literal(f"“{_clip(pin.text)}”")]
        if pin.note:
            parts += ["\n", ("Note: ", "italic $accent"), (pin.note, "italic")]
        return Row(join(*parts), f"pin:{pin.key}")

    def show_pins(self, pins: tuple[Pin, ...], focus: str | None = None) -> None:
        """Show the tray as it is now, the cursor on ``focus`` (a pin's key)."""
        rows = self.query_one("#pins", RowList)
        keep = rows.highlighted
        self.pins = pins
        if pins:
            rows.show([self._row(i, pin) for i, pin in enumerate(pins, start=1)])
            index = next((i for i, p in enumerate(pins) if p.key == focus), None)
            if index is None and keep is not None:
                index = min(keep, len(pins) - 1)
            if index is not None:
                rows.highlighted = index
                rows.scroll_to_highlight()
        else:
            rows.show([Row(Content.styled("Nothing is pinned yet.", "bold"))])
        self.content_shown()
        orphans = sum(1 for p in pins if p.status == "orphaned")
        count = plural(len(pins), "pinned excerpt")
        warning = f" · {orphans} orphaned (kept as pinned)" if orphans else ""
        self.query_one("#tray-caption", Static).update(
            join(
                (count + warning, "bold"),
                "\n",
                (
                    "p pins the selected excerpt anywhere · K/J reorder · x remove · u undo · "
                    "n note · y copy · e export Markdown",
                    "",
                ),
                "\n",
                (f"Saved in {self.keeper.path}", MUTED),
            )
        )

    @property
    def current(self) -> Pin | None:
        """The pin under the cursor."""
        rows = self.query_one("#pins", RowList)
        target = rows.current_target
        if not target:
            return None
        key = target.partition(":")[2]
        return next((p for p in self.pins if p.key == key), None)

    def here(self) -> Location:
        pin = self.current
        return Location("tray", item=pin.key if pin else None)

    @property
    def selected_paragraph(self) -> str | None:
        """What ``y`` copies: the pin's paragraph (none for an orphan)."""
        pin = self.current
        return pin.paragraph_id if pin is not None and pin.status != "orphaned" else None

    # Actions ----------------------------------------------------------------

    @on(RowList.Chosen, "#pins")
    def _chosen(self, event: RowList.Chosen) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        """Open the pin's paragraph in the reader."""
        pin = self.current
        if pin is None:
            return
        if pin.status == "orphaned":
            self.notify(
                "This excerpt is no longer in the corpus; its text and citation are kept here.",
                severity="warning",
            )
            return
        # Back from the reader returns here, to this pin.
        self.explorer.history.replace(Location("tray", item=pin.key))
        self.explorer.follow(f"paragraph:{pin.paragraph_id}")

    def action_move(self, step: int) -> None:
        """Move the pin up or down."""
        pin = self.current
        if pin is None:
            return
        key = pin.key
        self.keeper.change(lambda tray: self._moved(tray, key, step))

    @staticmethod
    def _moved(tray: Tray, key: str, step: int) -> tuple[str, str | None]:
        tray.move(key, step)
        return "", key

    def action_remove(self) -> None:
        """Remove the pin (``u`` undoes it)."""
        pin = self.current
        if pin is None:
            return
        index = self.pins.index(pin)
        self.removed.append((index, pin))

        def remove(tray: Tray) -> tuple[str, str | None]:
            tray.remove(pin.key)
            return f"Removed pin {index + 1}; u puts it back", None

        self.keeper.change(remove)

    def action_undo(self) -> None:
        """Put the last removed pin back where it was."""
        if not self.removed:
            self.notify("Nothing to undo", severity="warning")
            return
        index, pin = self.removed.pop()

        def restore(tray: Tray) -> tuple[str, str | None]:
            tray.restore(index, pin)
            return f"Pin {index + 1} is back", pin.key

        self.keeper.change(restore)

    def action_note(self) -> None:
        """Give the pin a one-line note (empty removes it)."""
        pin = self.current
        if pin is None:
            return

        def answered(note: str | None) -> None:
            if note is None:
                return

            def set_note(tray: Tray) -> tuple[str, str | None]:
                tray.set_note(pin.key, note)
                return ("Note saved" if note.strip() else "Note removed"), pin.key

            self.keeper.change(set_note)

        self.app.push_screen(
            PromptScreen(
                "Note for this excerpt (one line):",
                pin.note,
                "Enter saves · an empty note removes it · Esc cancels",
            ),
            answered,
        )

    def action_export(self) -> None:
        """Write the tray as Markdown (or CSL-JSON, for a .json file)."""
        if not self.pins:
            self.notify("Nothing is pinned yet: p pins the selected excerpt", severity="warning")
            return
        self._ask_export(str(Path.cwd() / "evidence.md"), confirmed=None)

    def _ask_export(self, suggestion: str, confirmed: Path | None) -> None:
        question = "Export the tray as Markdown with footnotes and sources, to:"
        hint = "A name ending in .json gets the CSL-JSON bibliography instead · Esc cancels"
        if confirmed is not None:
            question = f"{confirmed} exists. Enter replaces it; or give another name:"

        def answered(answer: str | None) -> None:
            if not answer or not answer.strip():
                return
            path = Path(answer.strip()).expanduser()
            if not path.is_absolute():
                path = Path.cwd() / path
            if path.is_dir():
                path = path / "evidence.md"
            if path.exists() and path != confirmed:
                self._ask_export(str(path), confirmed=path)
                return
            self._export(path)

        self.app.push_screen(PromptScreen(question, suggestion, hint), answered)

    def _export(self, path: Path) -> None:
        catalog = self.catalog
        form: Literal["markdown", "csl-json"] = (
            "csl-json" if path.suffix.lower() == ".json" else "markdown"
        )

        def export(tray: Tray) -> tuple[str, str | None]:
            tray.refresh()
            tray.export(catalog, path, form)
            what = "bibliography" if form == "csl-json" else plural(len(tray.pins), "excerpt")
            return f"Exported the {what} to {path}", None

        self.keeper.change(export)
