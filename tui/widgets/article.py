"""A whole article, drawn a screenful at a time.

The reader shows every paragraph of an article, and an article may have ten
thousand. A widget per paragraph makes Textual lay out all of them before the
first frame and on every change (seconds, for a long one). This widget draws
only what is on screen: its place is a paragraph and a line within it, each
paragraph is wrapped when it first comes into view (and kept, per width), and
moving a cursor redraws one paragraph. Nothing needs the height of the whole
article, so opening one costs the same whatever its length.

Each paragraph is drawn as a block: ``¶N`` and its kind on the first line,
then its text with mentions and dates lit, then a blank line. The selected
paragraph has a bar in the margin and a tinted background; paragraphs that are
not the article's own reporting (captions, credits, furniture, comments,
repeats) are dimmed. A column on the right shows where in the article the
screen is.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from store import REPORTING_KINDS, Mention, Paragraph, Timex
from tui.present import paragraph_label
from tui.text import (
    ADJECTIVE,
    AUTO,
    DATE,
    MATCH,
    UNSURE_DATE,
    highlighted,
    highlighted_more,
    join,
)

#: Paragraphs kept wrapped (per width and cursor); enough for many screens.
CACHED_BLOCKS = 400
#: Columns the margin takes: the selection bar, a space; and a space on the right.
LEFT, RIGHT = 2, 1


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph to draw, with what to light in it."""

    paragraph: Paragraph
    mentions: tuple[Mention, ...] = ()
    dates: tuple[Timex, ...] = ()
    adjectives: tuple[Mention, ...] = ()
    """Adjectives of entities ("Iraqi"): lit apart, not walked like names."""

    @property
    def secondary(self) -> bool:
        """Not the article's own reporting (dimmed)."""
        return self.paragraph.kind not in REPORTING_KINDS or self.paragraph.is_duplicate

    def content(self, current: Mention | Timex | None) -> tuple[Content, Content]:
        """The gutter line (``¶N [kind]``) and the text, ``current`` marked."""
        label = paragraph_label(self.paragraph)
        gutter = join(
            (f"¶{self.paragraph.index}", "bold"), (f" [{label}]" if label else "", "italic")
        )
        at = (current.start, current.end) if current else None
        # Dates first, so that a name inside a date phrase keeps its mark.
        body = highlighted(self.paragraph.text, (), multiline=True)
        body = highlighted_more(
            body, [(t.start, t.end) for t in self.dates if t.ambiguous or t.estimated],
            UNSURE_DATE, current=at,
        )  # fmt: skip
        body = highlighted_more(
            body, [(t.start, t.end) for t in self.dates if not (t.ambiguous or t.estimated)],
            DATE, current=at,
        )  # fmt: skip
        body = highlighted_more(
            body, [(m.start, m.end) for m in self.adjectives], ADJECTIVE, current=at
        )
        body = highlighted_more(
            body, [(m.start, m.end) for m in self.mentions if m.curated], MATCH, current=at
        )
        # Automatic mentions (in the user's own articles) look different.
        body = highlighted_more(
            body, [(m.start, m.end) for m in self.mentions if not m.curated], AUTO, current=at
        )
        return gutter, body


class ArticleView(Widget, can_focus=True):
    """The paragraphs of one article, a screenful drawn at a time (see the module)."""

    DEFAULT_CSS = """
    ArticleView { height: 1fr; }
    ArticleView > .article--secondary { color: $text-muted; }
    ArticleView > .article--headline { text-style: bold; }
    ArticleView > .article--selected { background: $accent 15%; }
    ArticleView > .article--bar { color: $accent; }
    ArticleView > .article--track { background: $panel; }
    ArticleView > .article--thumb { background: $primary 60%; }
    """
    COMPONENT_CLASSES = {
        "article--secondary",
        "article--headline",
        "article--selected",
        "article--bar",
        "article--track",
        "article--thumb",
    }
    BINDINGS = [
        Binding("down", "scroll_lines(1)", "Down", show=False),
        Binding("up", "scroll_lines(-1)", "Up", show=False),
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("home", "to_start", "Start", show=False),
        Binding("end", "to_end", "End", show=False),
    ]

    @dataclass
    class Clicked(Message):
        """A paragraph was clicked."""

        index: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.blocks: tuple[Block, ...] = ()
        self.top: tuple[int, int] = (0, 0)
        """The paragraph at the top of the screen, and its first line shown."""
        self.selected: int | None = None
        """The lit paragraph."""
        self.marked: tuple[int, Mention | Timex] | None = None
        """The mention or date under a cursor, and its paragraph."""
        self._wrapped: OrderedDict[tuple[object, ...], list[Strip]] = OrderedDict()
        self._visible: list[tuple[int, Strip]] | None = None

    # What is shown --------------------------------------------------------

    def show_blocks(self, blocks: tuple[Block, ...]) -> None:
        """Show these paragraphs, from the top."""
        self.blocks = blocks
        self.top = (0, 0)
        self.selected = None
        self.marked = None
        self._wrapped.clear()
        self._changed()

    def select(self, index: int | None) -> None:
        """Light paragraph ``index`` (``None``: none)."""
        if index != self.selected:
            self.selected = index
            self._changed()

    def mark(self, index: int, what: Mention | Timex | None) -> None:
        """Mark a mention or date of paragraph ``index`` (``None``: no mark)."""
        self.marked = (index, what) if what is not None else None
        self._changed()

    def _changed(self) -> None:
        self._visible = None
        self.refresh()

    # Drawing -----------------------------------------------------------------

    @property
    def _text_width(self) -> int:
        return max(8, self.size.width - LEFT - RIGHT - 1)  # and the position column

    def _style(self, block: Block, selected: bool) -> tuple[str, ...]:
        names = []
        if block.secondary:
            names.append("article--secondary")
        if block.paragraph.kind == "headline":
            names.append("article--headline")
        if selected:
            names.append("article--selected")
        return tuple(names)

    def lines_of(self, index: int) -> list[Strip]:
        """Paragraph ``index`` drawn at the current width: gutter, text, a blank line."""
        block = self.blocks[index]
        selected = index == self.selected
        current = self.marked[1] if self.marked and self.marked[0] == index else None
        width = self._text_width
        key = (index, width, selected, current, self.app.theme)
        cached = self._wrapped.get(key)
        if cached is not None:
            self._wrapped.move_to_end(key)
            return cached
        names = self._style(block, selected)
        style = self.get_visual_style(*names)
        base = style.rich_style
        bar = (
            Segment(
                "▌", self.get_component_rich_style("article--bar") + RichStyle(bgcolor=base.bgcolor)
            )
            if selected
            else Segment(" ", base)
        )
        margin, right = Segment(" ", base), Segment(" " * RIGHT, base)
        gutter, body = block.content(current)
        lines = []
        for content in (gutter, body):
            for strip in Visual.to_strips(self, content, width, None, style, pad=True):
                lines.append(Strip([bar, margin, *strip, right], width + LEFT + RIGHT))
        lines.append(Strip([bar, Segment(" " * (width + 1 + RIGHT), base)], width + LEFT + RIGHT))
        self._wrapped[key] = lines
        while len(self._wrapped) > CACHED_BLOCKS:
            self._wrapped.popitem(last=False)
        return lines

    def _screenful(self) -> list[tuple[int, Strip]]:
        """The lines on screen now, each with its paragraph."""
        if self._visible is None:
            height = self.size.height
            found: list[tuple[int, Strip]] = []
            index, skip = self.top
            while index < len(self.blocks) and len(found) < height:
                lines = self.lines_of(index)[skip:]
                found.extend((index, line) for line in lines[: height - len(found)])
                index, skip = index + 1, 0
            self._visible = found
        return self._visible

    def render_line(self, y: int) -> Strip:
        screen = self._screenful()
        width = self.size.width
        base = self.visual_style.rich_style
        line = screen[y][1] if y < len(screen) else Strip.blank(width - 1, base)
        return Strip([*line, self._position(y)], width)

    def _position(self, y: int) -> Segment:
        """One cell of the column that shows where in the article the screen is."""
        height = self.size.height
        total = len(self.blocks)
        screen = self._screenful()
        if not total or (self.top == (0, 0) and len(screen) < height):
            return Segment(" ", self.visual_style.rich_style)  # all of it is on screen
        shown = len({index for index, _ in screen}) or 1
        size = max(1, round(height * shown / total))
        start = min(height - size, round(height * self.top[0] / total))
        name = "article--thumb" if start <= y < start + size else "article--track"
        return Segment(" ", self.get_component_rich_style(name))

    def on_resize(self, event: events.Resize) -> None:
        self._visible = None

    # Moving ----------------------------------------------------------------

    @property
    def on_screen(self) -> tuple[int, ...]:
        """The paragraphs on screen, in order."""
        return tuple(dict.fromkeys(index for index, _ in self._screenful()))

    def _lines_after(self, top: tuple[int, int], limit: int) -> int:
        """How many lines there are from ``top`` on (counting at most ``limit``)."""
        index, skip = top
        count = 0
        while index < len(self.blocks) and count < limit:
            count += len(self.lines_of(index)) - skip
            index, skip = index + 1, 0
        return count

    def _last_top(self) -> tuple[int, int]:
        """The furthest place the top can be: the last lines fill the screen."""
        height = self.size.height
        index, need = len(self.blocks) - 1, height
        while index >= 0:
            lines = len(self.lines_of(index))
            if lines >= need:
                return (index, lines - need)
            need -= lines
            index -= 1
        return (0, 0)

    def scroll_lines(self, count: int) -> None:
        """Move the screen ``count`` lines down (up when negative)."""
        if not self.blocks:
            return
        index, skip = self.top
        if count > 0:
            last = self._last_top()
            while count > 0 and (index, skip) < last:
                height = len(self.lines_of(index))
                step = min(count, height - skip)
                skip += step
                count -= step
                if skip >= height:
                    index, skip = index + 1, 0
            self.top = min((index, skip), last)
        else:
            count = -count
            while count > 0 and (index, skip) > (0, 0):
                if skip == 0:
                    index -= 1
                    skip = len(self.lines_of(index))
                step = min(count, skip)
                skip -= step
                count -= step
            self.top = (index, skip)
        self._changed()

    def show_block(self, index: int, *, top: bool = False) -> None:
        """Bring paragraph ``index`` into view: at the top, or with as little scrolling as
        will show all of it (its end at the bottom of the screen)."""
        if not 0 <= index < len(self.blocks):
            return
        height = self.size.height
        first, skip = self.top
        if top or index < first or (index == first and skip > 0) or index - first > height:
            # Every paragraph takes at least three lines: one that far down is off screen.
            self.top = min((index, 0), self._last_top())
        else:
            to_end = sum(len(self.lines_of(i)) for i in range(first, index + 1)) - skip
            if to_end > height:
                self.top = (index, 0)
                lines = len(self.lines_of(index))
                if lines < height:
                    self.scroll_lines(lines - height)
                    return
        self._changed()

    def action_scroll_lines(self, count: int) -> None:
        """Scroll by lines."""
        self.scroll_lines(count)

    def action_page(self, pages: int) -> None:
        """Scroll by screens."""
        self.scroll_lines(pages * max(1, self.size.height - 1))

    def action_to_start(self) -> None:
        """To the top of the article."""
        self.top = (0, 0)
        self._changed()

    def action_to_end(self) -> None:
        """To the end of the article."""
        self.top = self._last_top()
        self._changed()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.scroll_lines(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.scroll_lines(-3)

    def on_click(self, event: events.Click) -> None:
        screen = self._screenful()
        if 0 <= event.y < len(screen):
            self.post_message(self.Clicked(screen[event.y][0]))
