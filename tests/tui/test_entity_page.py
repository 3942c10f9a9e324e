"""The entity page: automatic mentions and adjectives shown apart from curated mentions."""

from __future__ import annotations

from pathlib import Path

import store
from tui.present import entity_detail


def test_automatic_mentions_are_shown_apart(own_store: tuple[Path, Path]) -> None:
    catalog = store.Catalog.open(own_store[1])
    kadhimi = catalog.entity("mustafa-al-kadhimi")
    assert kadhimi.automatic_count >= 2 and kadhimi.curated_count > 0
    detail = entity_detail(catalog, kadhimi.id)
    rows = [row.prompt.plain for row in detail.rows]
    assert f"Mentions: {kadhimi.curated_count} curated, {kadhimi.automatic_count} linked" in (
        " ".join(rows)
    )
    excerpts = [row.prompt.plain for row in detail.excerpts]
    labelled = [i for i, text in enumerate(excerpts) if "auto-linked" in text.split("\n")[0]]
    # After every curated excerpt, labelled.
    assert labelled and labelled == list(range(len(excerpts) - len(labelled), len(excerpts)))
    assert "automatically" in detail.excerpts_title


def test_adjectives_are_shown_apart(catalog: store.Catalog) -> None:
    detail = entity_detail(catalog, "iraq")
    rows = [row.prompt.plain for row in detail.rows]
    assert any(text.startswith("As an adjective: Iraqi, Iraqis") for text in rows)
    heads = [row.prompt.plain.split("\n")[0] for row in detail.excerpts]
    assert any("as an adjective" in head for head in heads)
    assert "use Iraqi/Iraqis" in detail.excerpts_title
