"""Pilot tests: copying an excerpt with its citation (y) and the evidence tray (p, T)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

import store
from store import paths
from tests.tui.conftest import settle, wait_for
from tests.tui.test_explorer import type_query
from tui.app import DossierApp
from tui.dialogs.copied import CopiedScreen, CopiedText
from tui.dialogs.prompt import PromptScreen
from tui.evidence import copy_text
from tui.screens.reader import ReaderScreen
from tui.screens.tray import TrayScreen
from tui.widgets.rows import RowList


def _tray_file() -> Path:
    return paths.tray_path(paths.bundled_corpus_dir())


def _stored_pins() -> list[dict[str, Any]]:
    pins: list[dict[str, Any]] = json.loads(_tray_file().read_text(encoding="utf-8"))["pins"]
    return pins


def _notes(app: DossierApp) -> list[str]:
    return [n.message for n in app._notifications]


async def _excerpts_of(pilot: Pilot[int], app: DossierApp, query: str) -> RowList:
    main = await type_query(pilot, app, query)
    await pilot.press("enter")
    await settle(pilot, app)
    excerpts = main.query_one("#excerpts", RowList)
    excerpts.focus()
    await pilot.pause()
    assert (excerpts.current_target or "").startswith("paragraph:")
    return excerpts


async def test_y_copies_the_excerpt_with_its_citation_and_shows_it(app: DossierApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        excerpts = await _excerpts_of(pilot, app, "muhandes")
        paragraph_id = (excerpts.current_target or "").partition(":")[2]
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, CopiedScreen)
        assert app.catalog is not None
        expected = copy_text(app.catalog, paragraph_id, "text")
        assert app.clipboard == expected
        shown = app.screen.query_one("#copied-text", CopiedText)
        assert shown.text == expected
        # Line for line as copied; a URL is never broken in the middle.
        lines = [str(w.render()) for w in shown.query(Static)]
        assert lines == expected.split("\n")
        assert expected.splitlines()[1].endswith(".")  # outlet, title, date, ¶N, URL.
        await pilot.press("2")  # Markdown
        await pilot.pause()
        assert app.clipboard == copy_text(app.catalog, paragraph_id, "markdown")
        assert app.clipboard.startswith("> ") and "\n>\n> — " in app.clipboard
        await pilot.press("3")  # pandoc
        await pilot.pause()
        assert app.clipboard.endswith(f", para. {app.catalog.paragraph(paragraph_id).index}]")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CopiedScreen)
        # The last format chosen is the one y copies next.
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == copy_text(app.catalog, paragraph_id, "pandoc")


async def test_y_without_an_excerpt_says_what_to_do(app: DossierApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        main = await type_query(pilot, app, "kadhemi")
        main.query_one("#results", RowList).focus()
        main.query_one("#excerpts", RowList).show([])  # nothing selected anywhere
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, CopiedScreen)
        assert any(m.startswith("Select an excerpt first") for m in _notes(app))


async def test_y_in_the_reader_copies_the_paragraph_read(app: DossierApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        excerpts = await _excerpts_of(pilot, app, "muhandes")
        paragraph_id = (excerpts.current_target or "").partition(":")[2]
        await pilot.press("o")
        await settle(pilot, app)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, CopiedScreen)
        assert app.screen.paragraph_id == paragraph_id


async def test_brackets_select_paragraphs_in_the_reader_for_y_and_p(app: DossierApp) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        excerpts = await _excerpts_of(pilot, app, "muhandes")
        opened = (excerpts.current_target or "").partition(":")[2]
        await pilot.press("o")
        await settle(pilot, app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        index = reader.paragraph_ids.index(opened)
        await pilot.press("right_square_bracket", "right_square_bracket")
        chosen = reader.blocks[index + 2]
        assert reader.selected_paragraph == chosen.paragraph.id
        assert reader.text.selected == index + 2  # lit, and the opened one no longer
        assert reader.at is None  # the mention cursor stayed behind
        await pilot.press("left_square_bracket")
        assert reader.selected_paragraph == reader.blocks[index + 1].paragraph.id
        await pilot.press("p")
        await wait_for(pilot, lambda: app.keeper is not None and len(app.keeper.pins) == 1)
        assert app.keeper is not None
        assert app.keeper.pins[0].paragraph_id == reader.blocks[index + 1].paragraph.id
        # Walking the mentions moves the selection with them.
        await pilot.press("n")
        assert reader.at is not None
        assert reader.selected_paragraph == reader.blocks[reader.cursor[reader.at][0]].paragraph.id


async def test_pin_reorder_note_remove_undo_export_and_persist(
    built_store: Path, tmp_path: Path
) -> None:
    app = DossierApp(built_store)
    async with app.run_test(size=(100, 32)) as pilot:
        excerpts = await _excerpts_of(pilot, app, "muhandes")
        first = (excerpts.current_target or "").partition(":")[2]
        await pilot.press("p")
        await wait_for(pilot, lambda: app.keeper is not None and len(app.keeper.pins) == 1)
        await pilot.press("down")
        second = (excerpts.current_target or "").partition(":")[2]
        assert second != first
        await pilot.press("p")
        await wait_for(pilot, lambda: app.keeper is not None and len(app.keeper.pins) == 2)
        await pilot.press("p")  # the same again: no duplicate
        await wait_for(pilot, lambda: any("Already in the tray" in m for m in _notes(app)))
        assert [p["paragraph"] for p in _stored_pins()] == [first, second]

        await pilot.press("T")
        await pilot.pause()
        tray = app.screen
        assert isinstance(tray, TrayScreen)
        pins = tray.query_one("#pins", RowList)
        assert len(pins.rows) == 2 and pins.highlighted == 0
        await pilot.press("down", "K")  # the second moves up
        await wait_for(pilot, lambda: [p["paragraph"] for p in _stored_pins()] == [second, first])
        assert tray.current is not None and tray.current.paragraph_id == second

        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"says who", "enter")
        await wait_for(pilot, lambda: _stored_pins()[0]["note"] == "says who")
        assert "Note: says who" in str(pins.rows[0].prompt)

        await pilot.press("x")
        await wait_for(pilot, lambda: len(_stored_pins()) == 1)
        await pilot.press("u")
        await wait_for(pilot, lambda: len(_stored_pins()) == 2)
        assert [p["paragraph"] for p in _stored_pins()] == [second, first]

        target = tmp_path / "draft" / "evidence.md"
        await pilot.press("e")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        prompt.query_one("#prompt-input", Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, lambda: target.exists())
        exported = target.read_text(encoding="utf-8")
        assert exported.startswith("# Evidence\n") and "*Note:* says who" in exported
        assert "[^1]: " in exported and "[^2]: " in exported and "## Sources" in exported
        # Exporting again asks before replacing the file.
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#prompt-input", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert "exists" in str(app.screen.question)
        await pilot.press("escape")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TrayScreen)

    # A new run finds the tray as it was left.
    again = DossierApp(built_store)
    async with again.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: again.keeper is not None)
        assert again.keeper is not None
        assert [p.paragraph_id for p in again.keeper.pins] == [second, first]
        assert [p.note for p in again.keeper.pins] == ["says who", ""]


async def test_a_broken_tray_is_reported_and_kept_aside(app: DossierApp) -> None:
    _tray_file().parent.mkdir(parents=True, exist_ok=True)
    _tray_file().write_text("{ not a tray")
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: app.keeper is not None)
        await pilot.pause()
        message = next(m for m in _notes(app) if "could not be read" in m)
        (backup,) = _tray_file().parent.glob("bundled.json.unreadable-*")
        assert str(backup) in message
        assert backup.read_text() == "{ not a tray"


async def test_a_bad_pin_is_reported_once_and_the_others_shown(
    app: DossierApp, built_store: Path
) -> None:
    catalog = store.Catalog.open(built_store)
    paragraph = catalog.paragraph("voa-2020-06-30-release-of-militants:p10")
    good = {"key": "00000002", "paragraph": paragraph.id, "article": paragraph.article_id}
    good |= {"text": paragraph.text, "citation": "old"}
    _tray_file().parent.mkdir(parents=True, exist_ok=True)
    _tray_file().write_text(json.dumps({"version": 1, "pins": [{"key": 3}, good]}))
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: app.keeper is not None)
        await pilot.pause()
        assert app.keeper is not None and [p.key for p in app.keeper.pins] == ["00000002"]
        (side,) = _tray_file().parent.glob("bundled.json.bad-pins-*.json")
        (message,) = [m for m in _notes(app) if "could not be read" in m]
        assert message == (
            f"{_tray_file()}: 1 pin of the evidence tray could not be read (a pin has no "
            f"'key'); kept in {side}; the rest of the tray loaded"
        )
    assert json.loads(side.read_text())["pins"] == [{"key": 3}]


async def test_a_tray_of_a_newer_dossier_is_left_alone_and_refuses_pins(app: DossierApp) -> None:
    _tray_file().parent.mkdir(parents=True, exist_ok=True)
    _tray_file().write_text('{"version": 2, "pins": []}')
    async with app.run_test(size=(100, 32)) as pilot:
        await _excerpts_of(pilot, app, "muhandes")
        await wait_for(pilot, lambda: app.keeper is not None)
        await pilot.pause()
        (message,) = [m for m in _notes(app) if "newer dossier" in m]
        assert message.endswith(
            "(tray version 2; this dossier reads version 1); it was left as it is and takes "
            "no changes until dossier is upgraded"
        )
        await pilot.press("p")
        await wait_for(
            pilot, lambda: any(n.title == "Evidence tray: not saved" for n in app._notifications)
        )
    assert [p.name for p in _tray_file().parent.iterdir()] == ["bundled.json"]
    assert _tray_file().read_text() == '{"version": 2, "pins": []}'


async def test_orphaned_pins_are_announced_and_shown(app: DossierApp, built_store: Path) -> None:
    catalog = store.Catalog.open(built_store)
    paragraph = catalog.paragraph("voa-2020-06-30-release-of-militants:p10")
    _tray_file().parent.mkdir(parents=True, exist_ok=True)
    gone = {
        "key": "00000001",
        "paragraph": "voa-2020-06-30-release-of-militants:p999",
        "article": "voa-2020-06-30-release-of-militants",
        "text": "A paragraph that a later version of the article no longer has.",
        "citation": "Voice of America, ¶999.",
    }
    kept = {"key": "00000002", "paragraph": paragraph.id, "article": paragraph.article_id}
    kept |= {"text": paragraph.text, "citation": "old"}
    _tray_file().write_text(json.dumps({"version": 1, "pins": [gone, kept]}))
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: app.keeper is not None)
        await pilot.pause()
        assert any("1 orphaned (kept as pinned)" in m for m in _notes(app))
        await pilot.press("down", "T")  # from the results (in the search box, T is typed)
        await pilot.pause()
        rows = app.screen.query_one("#pins", RowList).rows
        assert "ORPHANED" in str(rows[0].prompt) and "no longer has" in str(rows[0].prompt)
        assert "ORPHANED" not in str(rows[1].prompt)
        await pilot.press("enter")  # an orphan cannot be opened: said so
        await pilot.pause()
        assert isinstance(app.screen, TrayScreen)
        assert any("no longer in the corpus" in m for m in _notes(app))
    assert [p["status"] for p in _stored_pins()] == ["orphaned", "ok"]
