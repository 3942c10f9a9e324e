"""SVG snapshots of the screens at 80x24 and 120x40 (pytest-textual-snapshot).

Regenerate after a deliberate change with ``pytest tests/tui --snapshot-update``
and look at the SVGs before committing them. Snapshots are tied to the Textual
version the test extra pins.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path, PurePath
from typing import Any, Protocol

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import settle, wait_for
from tui.app import DossierApp

SIZES = [(80, 24), (120, 40)]

RunBefore = Callable[[Pilot[int]], Awaitable[None]]


class SnapCompare(Protocol):
    """The ``snap_compare`` fixture of pytest-textual-snapshot (untyped there)."""

    def __call__(
        self,
        app: str | PurePath | App[Any],
        press: Iterable[str] = ...,
        terminal_size: tuple[int, int] = ...,
        run_before: RunBefore | None = ...,
    ) -> bool: ...


def prepare(*keys: str, follow: str | None = None, then: tuple[str, ...] = ()) -> RunBefore:
    async def run_before(pilot: Pilot[int]) -> None:
        app = pilot.app
        assert isinstance(app, DossierApp)
        await settle(pilot, app)
        for field in app.screen.query(Input):
            field.cursor_blink = False
        for key in keys:
            await pilot.press(key)
            await settle(pilot, app)
        if follow:
            from tui.screens.reader import ReaderScreen

            app.follow(follow)
            await wait_for(
                pilot, lambda: isinstance(app.screen, ReaderScreen) and bool(app.screen.blocks)
            )
            await settle(pilot, app)
            await pilot.pause(0.3)
            reader = app.screen
            assert isinstance(reader, ReaderScreen)
            index = reader.paragraph_ids.index(reader.paragraph_id or "")
            reader._bring_into_view(index)  # settle the scroll before the shot
            await pilot.pause(0.3)
        for key in then:
            await pilot.press(key)
            await settle(pilot, app)
        for field in app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause(0.2)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare: SnapCompare, built_store: Path, size: tuple[int, int]) -> None:
    keys = [*"katib", "space", *"hezbolah", "enter"]
    assert snap_compare(DossierApp(built_store), terminal_size=size, run_before=prepare(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reader(snap_compare: SnapCompare, built_store: Path, size: tuple[int, int]) -> None:
    follow = "paragraph:voa-2020-06-30-release-of-militants:p8"
    assert snap_compare(
        DossierApp(built_store), terminal_size=size, run_before=prepare(follow=follow)
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reader_on_an_ambiguous_date(
    snap_compare: SnapCompare, built_store: Path, size: tuple[int, int]
) -> None:
    """``w`` on "said Tuesday" in an article published on a Tuesday: both readings shown."""
    follow = "paragraph:voa-2020-06-30-release-of-militants:p11"
    assert snap_compare(
        DossierApp(built_store), terminal_size=size, run_before=prepare(follow=follow, then=("w",))
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_timeline_of_reported_dates(
    snap_compare: SnapCompare, built_store: Path, size: tuple[int, int]
) -> None:
    assert snap_compare(
        DossierApp(built_store), terminal_size=size, run_before=prepare("tab", "t", "r")
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_timeline(snap_compare: SnapCompare, built_store: Path, size: tuple[int, int]) -> None:
    assert snap_compare(DossierApp(built_store), terminal_size=size, run_before=prepare("tab", "t"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_evidence_tray(
    snap_compare: SnapCompare,
    built_store: Path,
    size: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Three pins: one with a note, one re-anchored after a rebuild, one orphaned."""
    import json
    import shutil

    import store

    data = Path("/tmp/dossier-snapshot-data")  # fixed: the tray's path is on the screen
    shutil.rmtree(data, ignore_errors=True)
    monkeypatch.setenv("DOSSIER_DATA", str(data))
    catalog = store.Catalog.open(built_store)

    def pin(key: str, paragraph_id: str, **extra: str) -> dict[str, str]:
        paragraph = catalog.paragraph(paragraph_id)
        return {
            "key": key,
            "paragraph": paragraph_id,
            "article": paragraph.article_id,
            "text": paragraph.text,
            "citation": "",
            **extra,
        }

    voa = "voa-2020-06-30-release-of-militants"
    pins = [
        pin("0001", f"{voa}:p8", note="VOA says all 14; JPost says 11"),
        pin("0002", "jpost-2020-06-29-militias-burn-images:p18", status="re-anchored"),
        {
            "key": "0003",
            "paragraph": f"{voa}:p99",
            "article": voa,
            "text": "A paragraph a later version of the page no longer has.",
            "citation": "Voice of America, ¶99.",
            "status": "orphaned",
        },
    ]
    (data / "trays").mkdir(parents=True)
    (data / "trays" / "bundled.json").write_text(json.dumps({"version": 1, "pins": pins}))
    assert snap_compare(
        DossierApp(built_store), terminal_size=size, run_before=prepare("down", "T")
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_candidates(
    snap_compare: SnapCompare, own_store: tuple[Path, Path], size: tuple[int, int]
) -> None:
    """The candidates of the user's own articles (tests/fixtures/own): names, typed, the
    first one's evidence and paragraphs below."""
    app = DossierApp(own_store[1])
    assert snap_compare(app, terminal_size=size, run_before=prepare("tab", "C"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_proposed_events(
    snap_compare: SnapCompare, own_store: tuple[Path, Path], size: tuple[int, int]
) -> None:
    """The events the user's own articles propose, the first one's sentences below."""
    app = DossierApp(own_store[1])
    assert snap_compare(app, terminal_size=size, run_before=prepare("tab", "C", "e"))
