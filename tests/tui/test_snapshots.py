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

from tests.conftest import CORPUS, OWN, OWN_ARTICLES
from tests.tui.conftest import settle, wait_for
from tui.app import DossierApp

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(scope="session")
def shot_store(built_store: Path) -> Path:
    """The built store at a fixed path: the header names the store it has open."""
    import shutil

    from store.persist import index_path

    folder = Path("/tmp/dossier-snapshot-store")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    target = folder / "dossier.json"
    shutil.copy2(built_store, target)  # keeps the time the index was written for
    shutil.copy2(index_path(built_store), index_path(target))
    return target


@pytest.fixture(scope="module")
def shot_own_store() -> Path:
    """The bundled corpus with the user's own articles added (as ``own_store``), at
    a fixed path: the header names the corpus and the store."""
    import shutil

    from tui import cli

    root = Path("/tmp/dossier-snapshot-own")
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    corpus, db = root / "corpus", root / "store.json"
    shutil.copytree(CORPUS, corpus)
    for name, flags in OWN_ARTICLES:
        code = cli.main(["add", str(OWN / name), "--corpus", str(corpus), "--db", str(db), *flags])
        assert code == 0, name
    return db


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
def test_main_screen(snap_compare: SnapCompare, shot_store: Path, size: tuple[int, int]) -> None:
    keys = [*"katib", "space", *"hezbolah", "enter"]
    assert snap_compare(DossierApp(shot_store), terminal_size=size, run_before=prepare(*keys))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reader(snap_compare: SnapCompare, shot_store: Path, size: tuple[int, int]) -> None:
    follow = "paragraph:voa-2020-06-30-release-of-militants:p8"
    assert snap_compare(
        DossierApp(shot_store), terminal_size=size, run_before=prepare(follow=follow)
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reader_on_an_ambiguous_date(
    snap_compare: SnapCompare, shot_store: Path, size: tuple[int, int]
) -> None:
    """``w`` on "said Tuesday" in an article published on a Tuesday: both readings shown."""
    follow = "paragraph:voa-2020-06-30-release-of-militants:p11"
    assert snap_compare(
        DossierApp(shot_store), terminal_size=size, run_before=prepare(follow=follow, then=("w",))
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_timeline_of_reported_dates(
    snap_compare: SnapCompare, shot_store: Path, size: tuple[int, int]
) -> None:
    assert snap_compare(
        DossierApp(shot_store), terminal_size=size, run_before=prepare("tab", "t", "r")
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_timeline(snap_compare: SnapCompare, shot_store: Path, size: tuple[int, int]) -> None:
    assert snap_compare(DossierApp(shot_store), terminal_size=size, run_before=prepare("tab", "t"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_evidence_tray(
    snap_compare: SnapCompare,
    shot_store: Path,
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
    catalog = store.Catalog.open(shot_store)

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
    assert snap_compare(DossierApp(shot_store), terminal_size=size, run_before=prepare("down", "T"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sources(snap_compare: SnapCompare, shot_store: Path, size: tuple[int, int]) -> None:
    assert snap_compare(DossierApp(shot_store), terminal_size=size, run_before=prepare("tab", "s"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_disagreements(snap_compare: SnapCompare, shot_store: Path, size: tuple[int, int]) -> None:
    """Compact at 80x24 (a line a fact), side by side at 120x40; both at the first fact."""
    assert snap_compare(DossierApp(shot_store), terminal_size=size, run_before=prepare("tab", "d"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_disagreements_compact(
    snap_compare: SnapCompare, shot_store: Path, size: tuple[int, int]
) -> None:
    """The compact view at either size (v switches at 120x40), on the second fact."""
    keys = ("tab", "d") if size[0] < 100 else ("tab", "d", "v")
    assert snap_compare(
        DossierApp(shot_store), terminal_size=size, run_before=prepare(*keys, "down")
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_one_dispute_side_by_side(
    snap_compare: SnapCompare, shot_store: Path, size: tuple[int, int]
) -> None:
    """Enter on a fact of the compact view: its answers side by side."""
    keys = ("tab", "d") if size[0] < 100 else ("tab", "d", "v")
    assert snap_compare(
        DossierApp(shot_store), terminal_size=size, run_before=prepare(*keys, "down", "enter")
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare: SnapCompare, shot_store: Path, size: tuple[int, int]) -> None:
    """The keys of the main screen first, then those that work everywhere."""
    assert snap_compare(DossierApp(shot_store), terminal_size=size, run_before=prepare("f1"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_palette_lists_the_commands(
    snap_compare: SnapCompare, shot_store: Path, size: tuple[int, int]
) -> None:
    assert snap_compare(DossierApp(shot_store), terminal_size=size, run_before=prepare("ctrl+p"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_candidates(snap_compare: SnapCompare, shot_own_store: Path, size: tuple[int, int]) -> None:
    """The candidates of the user's own articles (tests/fixtures/own): names, typed, the
    first one's evidence and paragraphs below."""
    app = DossierApp(shot_own_store)
    assert snap_compare(app, terminal_size=size, run_before=prepare("tab", "C"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_proposed_events(
    snap_compare: SnapCompare, shot_own_store: Path, size: tuple[int, int]
) -> None:
    """The events the user's own articles propose, the first one's sentences below."""
    app = DossierApp(shot_own_store)
    assert snap_compare(app, terminal_size=size, run_before=prepare("tab", "C", "e"))
