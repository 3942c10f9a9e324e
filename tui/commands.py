"""The command palette (Ctrl+P): jump to any entity, event or article by name.

Names come from the corpus, so every prompt is built as content, never as a
string (the palette parses strings as markup, and its matcher's highlighting
does too). The help line holds only our own words.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.present import KIND_BADGES
from tui.text import highlighted, join

if TYPE_CHECKING:
    from store import Catalog
    from tui.app import DossierApp


class JumpProvider(Provider):
    """Entities, events and articles matching what is typed, typos forgiven."""

    @property
    def explorer(self) -> DossierApp:
        """The explorer app the palette belongs to."""
        return cast("DossierApp", self.app)

    @property
    def _catalog(self) -> Catalog | None:
        return self.explorer.catalog

    async def discover(self) -> Hits:
        catalog = self._catalog
        if catalog is None:
            return
        for entity in sorted(catalog.entities(), key=lambda e: -e.mention_count)[:15]:
            prompt = join((f"{KIND_BADGES['entity']}  ", "bold"), highlighted(entity.name, ()))
            yield DiscoveryHit(
                prompt,
                partial(self.explorer.follow, f"entity:{entity.id}"),
                text=entity.name,
                help="entity",
            )

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
                help=hit.kind,
            )
