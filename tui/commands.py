"""The command palette (Ctrl+P): every command, then any entity, event or article.

Two providers. :class:`CommandProvider` lists what the keys do: every screen
(timeline, sources, disagreements, tray, candidates, help, the search box),
every action of the screen the palette was opened on (from its live
bindings: copy with citation, pin, export the tray, filter, reported dates…),
the theme and quitting, each with its keys on the same line. Typing ranks them
with the palette's fuzzy matcher. :class:`JumpProvider` finds entities, events
and articles by the corpus's own search (typos forgiven).

Names come from the corpus, so every prompt is built as content, never as a
string (the palette parses strings as markup, and its matcher's highlighting
does too). Nothing has a second line: the kind is the badge, the keys follow
the title.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.widgets import Input, TextArea

from tui.present import KIND_BADGES
from tui.text import MUTED, highlighted, join

if TYPE_CHECKING:
    from store import Catalog
    from tui.app import DossierApp


@dataclass(frozen=True, slots=True)
class Command:
    """Something the palette can do, and the keys that do it too."""

    title: str
    keys: str
    run: Callable[[], object]


#: The app's own commands: (title, action, binding ids whose keys to show).
APP_COMMANDS = (
    ("Search box", "to_search", ("search",)),
    ("Timeline", "timeline", ("timeline-letter", "timeline")),
    ("Sources", "sources", ("sources-letter", "sources")),
    ("Disagreements", "disagreements", ("disagreements-letter", "disagreements")),
    ("Evidence tray", "tray", ("tray-letter", "tray")),
    ("New-entity candidates", "candidates", ("candidates-letter", "candidates")),
    ("Help: the keys of this screen", "help", ("help-letter", "help")),
    ("Copy with citation", "copy", ("copy",)),
    ("Pin to tray", "pin", ("pin",)),
    ("Back", "back", ("back",)),
    ("Forward", "forward", ("forward",)),
    ("Change theme", "change_theme", ()),
    ("Open the bundled corpus", "bundled_corpus", ()),
    ("Quit", "quit", ("quit-letter", "quit")),
)


#: Actions every list and scroll has: not worth a command each.
GENERIC = ("scroll_", "cursor_", "page_", "focus_", "select", "maximize", "minimize")


#: How close (0-100) a misspelt query must come to a command's title.
TYPO_CUTOFF = 80


class CommandProvider(Provider):
    """Every screen, every action of this screen, the theme and quitting."""

    @property
    def explorer(self) -> DossierApp:
        """The explorer app the palette belongs to."""
        return cast("DossierApp", self.app)

    def commands(self) -> list[Command]:
        """What can be done from the screen the palette was opened on, each once."""
        app = self.explorer
        found: list[Command] = []
        seen: set[str] = set()
        for title, action, ids in APP_COMMANDS:
            keys = " · ".join(app.key_for(binding_id) for binding_id in ids)
            found.append(Command(title, keys, partial(app.run_action, action)))
            seen.add(action)
        # The screen's own actions (and its widgets'), from the live bindings.
        by_action: dict[tuple[int, str], tuple[str, list[str], Callable[[], object]]] = {}
        for active in self.screen.active_bindings.values():
            binding, namespace = active.binding, active.node
            if namespace is app or not binding.description or not active.enabled:
                continue
            if binding.action.startswith(GENERIC) or isinstance(namespace, Input | TextArea):
                continue  # moving a cursor, scrolling, editing text: keys, not commands
            action = binding.action.removeprefix("app.")
            if action in seen:
                continue
            key = (id(namespace), binding.action)
            entry = by_action.get(key)
            if entry is None:
                run = partial(app.run_action, binding.action, namespace)
                entry = by_action[key] = (binding.description, [], run)
            display = app.get_key_display(binding)
            if display not in entry[1]:
                entry[1].append(display)
        for description, shown, run_it in by_action.values():
            found.append(Command(description, " · ".join(shown), run_it))
        return found

    @staticmethod
    def _display(title: Content, keys: str) -> Content:
        return join(title, (f"   {keys}" if keys else "", MUTED))

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(
                self._display(Content(command.title), command.keys),
                command.run,
                text=command.title,
            )

    async def search(self, query: str) -> Hits:
        from rapidfuzz import fuzz, utils

        matcher = self.matcher(query)
        wanted = query.strip()
        for command in self.commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    self._display(matcher.highlight(command.title), command.keys),
                    command.run,
                    text=command.title,
                )
            elif len(wanted) >= 4:
                # A misspelt command ("dissagrements", "timelne") is still found,
                # as names are, ranked below what matches as typed.
                close = fuzz.partial_ratio(wanted, command.title, processor=utils.default_process)
                if close >= TYPO_CUTOFF:
                    yield Hit(
                        close / 200,
                        self._display(Content(command.title), command.keys),
                        command.run,
                        text=command.title,
                    )


class JumpProvider(Provider):
    """Entities, events and articles matching what is typed, typos forgiven (the
    palette opens on the commands; names come as soon as something is typed)."""

    @property
    def explorer(self) -> DossierApp:
        """The explorer app the palette belongs to."""
        return cast("DossierApp", self.app)

    @property
    def _catalog(self) -> Catalog | None:
        return self.explorer.catalog

    async def search(self, query: str) -> Hits:
        catalog = self._catalog
        if catalog is None or not query.strip():
            return
        hits = catalog.search(query, limit=25, kinds=("entity", "event", "article"))
        best = hits[0].score if hits else 1.0
        for hit in hits:
            # Highlight the matched words of the title where the match was there.
            spans = [
                (s, e)
                for s, e in hit.spans
                if hit.snippet.startswith(hit.title) and e <= len(hit.title)
            ]
            prompt = join((f"{KIND_BADGES[hit.kind]}  ", "bold"), highlighted(hit.title, spans))
            yield Hit(
                score=max(0.01, min(1.0, hit.score / best if best > 0 else 0.5)),
                match_display=prompt,
                command=partial(self.explorer.follow, f"{hit.kind}:{hit.id}"),
                text=hit.title,
            )
