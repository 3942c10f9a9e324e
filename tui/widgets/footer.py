"""The footer: the keys that work here, the focused pane's first, on one line.

Textual's ``Footer`` is a container of one widget per key, recomposed
whenever the bindings change (every focus change): at 80x24 that is most of
the time it takes a screen to appear. This footer is one widget that draws
the same line (and the command palette's key at the right edge), and is only
redrawn when the bindings change. A click on a key presses it, as with
Textual's.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget


class KeyFooter(Widget, can_focus=False):
    """The keys of the focused pane, then of the screen and the app, as Textual's
    footer lists them (``show=False`` bindings left out, one entry per action)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--palette",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyFooter > .key-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyFooter > .key-footer--palette {
        color: $foreground 20%;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._places: list[tuple[int, int, str, bool]] = []
        """Where each key was drawn: ``(start, end, key, enabled)`` columns."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh()

    def _entries(self) -> tuple[list[tuple[str, str, str, bool]], tuple[str, str, str] | None]:
        """``(key, shown key, description, enabled)`` per action, and the palette's."""
        active = self.screen.active_bindings
        seen: set[str] = set()
        entries = []
        for _node, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            entries.append(
                (binding.key, self.app.get_key_display(binding), binding.description, enabled)
            )
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                binding = found[1]
                palette = (binding.key, self.app.get_key_display(binding), binding.description)
        return entries, palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        entries, palette = self._entries()
        width = self.size.width
        right = Text()
        places = []
        if palette is not None:
            key, shown, description = palette
            right.append("▏", self.get_component_rich_style("key-footer--palette"))
            right.append(f"{shown} ", key_style)
            right.append(f"{description} ", description_style)
            start = width - right.cell_len
            places.append((start, width, key, True))
        room = width - right.cell_len
        left = Text(no_wrap=True, overflow="crop")
        for key, shown, description, enabled in entries:
            piece = Text.assemble((f" {shown} ", key_style), (f"{description} ", description_style))
            if not enabled:
                piece.stylize("dim")
            start = left.cell_len
            if start >= room:
                break
            left.append_text(piece)
            places.append((start, min(room, start + cell_len(piece.plain)), key, enabled))
        left.truncate(max(0, room), pad=True)
        self._places = places
        return Text.assemble(left, right, no_wrap=True, overflow="crop")

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._places:
            if start <= event.x < end:
                if enabled:
                    self.app.simulate_key(key.split(",")[0])
                else:
                    self.app.bell()
                return
