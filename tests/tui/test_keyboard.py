"""The explorer as a keyboard tool: one focus model, keys that reach every screen, a
palette of commands, help in order, settings that persist."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from tests.tui.conftest import settle, wait_for, wait_for_workers
from tui.app import DossierApp
from tui.commands import CommandProvider
from tui.dialogs.help import HelpScreen
from tui.dialogs.prompt import PromptScreen
from tui.screens.candidates import CandidatesScreen
from tui.screens.disagreements import DisagreementsScreen, DisputeScreen
from tui.screens.main import MainScreen
from tui.screens.reader import ReaderScreen
from tui.screens.sources import SourcesScreen
from tui.screens.timeline import TimelineScreen
from tui.screens.tray import TrayScreen
from tui.widgets.rows import RowList


async def _main(pilot: Pilot[int], app: DossierApp) -> MainScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    await settle(pilot, app)
    main = app.screen
    assert isinstance(main, MainScreen)
    return main


async def _type(pilot: Pilot[int], main: MainScreen, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)
    await wait_for(pilot, lambda: main.results_for == text)


async def test_esc_steps_out_of_the_search_box_then_clears_the_query(app: DossierApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        main = await _main(pilot, app)
        query = main.query_one("#query", Input)
        await _type(pilot, main, "kadhimi")
        await pilot.press("escape")
        assert app.focused is main.query_one("#results", RowList)
        assert query.value == "kadhimi"
        # Now a letter is a key: t opens the timeline, it is not typed.
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        await pilot.press("escape")  # back
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await settle(pilot, app)
        assert query.value == "kadhimi"
        main.query_one("#results", RowList).focus()
        await pilot.press("escape")  # a second Esc clears the query
        await wait_for(pilot, lambda: main.results_for == "")
        assert query.value == "" and app.focused is main.query_one("#results", RowList)


async def test_letters_type_in_the_search_box_and_function_keys_open_screens(
    app: DossierApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        main = await _main(pilot, app)
        query = main.query_one("#query", Input)
        await _type(pilot, main, "ts")
        assert query.value == "ts" and isinstance(app.screen, MainScreen)
        for key, screen in (
            ("f2", TimelineScreen),
            ("f3", SourcesScreen),
            ("f4", DisagreementsScreen),
            ("f5", TrayScreen),
            ("f6", CandidatesScreen),
        ):
            main.action_focus_search()
            await settle(pilot, app)
            assert app.focused is query
            await pilot.press(key)
            await wait_for(pilot, lambda s=screen: isinstance(app.screen, s))  # type: ignore[misc]
            await pilot.press("slash")  # back to the search box, typing nothing
            await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
            await settle(pilot, app)
            assert app.focused is query and query.value == "ts"
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))


async def test_help_lists_the_screen_keys_first_then_the_editing_keys(app: DossierApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await _main(pilot, app)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        headings = [heading for heading, _ in help_screen.sections]
        assert headings == ["Screens, from anywhere", "Here", "Editing the search box"]
        screens = dict((text, keys) for keys, text in help_screen.sections[0][1])
        assert screens["Timeline"] == "f2 · t" and screens["Search box"] == "/"
        assert "f5 · T" in screens.values() and "f6 · C" in screens.values()
        here = [text for _, text in help_screen.sections[1][1]]
        assert "Results" in here  # Esc, from the search box
        editing = [text for _, text in help_screen.sections[2][1]]
        assert any("cursor" in text.lower() for text in editing)


async def test_the_palette_lists_every_screen_and_this_screens_actions_once(
    app: DossierApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await _main(pilot, app)
        app.follow("paragraph:voa-2020-06-30-release-of-militants:p8")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await settle(pilot, app)
        provider = CommandProvider(app.screen)
        commands = {c.title: c.keys for c in provider.commands()}
        titles = [c.title for c in provider.commands()]
        assert len(titles) == len(set(titles))  # no duplicate entries
        for title in ("Timeline", "Sources", "Disagreements", "Evidence tray"):
            assert title in commands
        assert commands["Timeline"] == "t · f2" and commands["Quit"] == "q · ^q"
        assert "Change theme" in commands and "Open the bundled corpus" in commands
        # The reader's own actions, with their keys.
        assert "n" in commands["Next mention"].split(" · ") and "Next date" in commands
        assert "Copy with citation" in commands and "Pin to tray" in commands


@pytest.mark.parametrize(
    ("typed", "screen"),
    [
        ("sources", SourcesScreen),
        ("dissagrements", DisagreementsScreen),
        ("timelne", TimelineScreen),
    ],
)
async def test_the_palette_runs_a_command_even_misspelt(
    app: DossierApp, typed: str, screen: type
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await _main(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*typed)
        await pilot.pause(0.8)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, screen))


async def test_filtering_the_timeline_is_offered_only_with_a_selection(app: DossierApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await _main(pilot, app)
        app.action_timeline()  # nothing shown on the main screen yet: no selection
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        await settle(pilot, app)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        if not timeline.entity_ids:
            keys = [b.binding.key for b in timeline.active_bindings.values()]
            assert "f" not in keys
        await pilot.press("escape")
        main = await _main(pilot, app)
        await _type(pilot, main, "askari")
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen) and timeline.entity_ids
        assert "f" in [b.binding.key for b in timeline.active_bindings.values()]


async def test_open_then_timeline_typed_together_filters_by_what_was_opened(
    app: DossierApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A query, Down, Enter and t sent at once (as tmux or a slow link delivers
    them): Enter opens the first result of that query, not of none, and the
    timeline is the one of what Enter opened, even before its detail is drawn
    (searching and details take a while here, as on a large store)."""
    import time

    import store
    from tui import present

    search, detail = store.Catalog.search, present.detail_of

    def slow_search(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)
        return search(*args, **kwargs)

    def slow_detail(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.4)
        return detail(*args, **kwargs)

    monkeypatch.setattr(store.Catalog, "search", slow_search)
    monkeypatch.setattr("tui.screens.main.detail_of", slow_detail)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in [*"kadhemi", "down", "enter", "t"]:
            await pilot.press(key)
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen), timeout=10)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        assert timeline.entity_ids == ("mustafa-al-kadhimi",)


@pytest.mark.parametrize("where", ["timeline", "sources", "tray", "dispute"])
async def test_back_from_the_reader_returns_to_the_same_row(
    app: DossierApp, where: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DOSSIER_DATA", str(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        main = await _main(pilot, app)
        if where == "tray":
            for paragraph in ("p8", "p9", "p10"):
                app.follow(f"paragraph:voa-2020-06-30-release-of-militants:{paragraph}")
                await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
                await settle(pilot, app)
                await wait_for(pilot, lambda: app.keeper is not None)
                await pilot.press("p")
                await pilot.press("escape")
                await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
            await wait_for(pilot, lambda: app.keeper is not None and len(app.keeper.pins) == 3)
            main.query_one("#results", RowList).focus()
            await pilot.press("T")
            await wait_for(pilot, lambda: isinstance(app.screen, TrayScreen))
            await settle(pilot, app)
            await pilot.press("down", "down")
            rows = app.screen.query_one("#pins", RowList)
            before = rows.highlighted
            await pilot.press("enter")
        elif where == "dispute":
            main.query_one("#results", RowList).focus()
            await pilot.press("d")
            await wait_for(pilot, lambda: isinstance(app.screen, DisagreementsScreen))
            await settle(pilot, app)
            await pilot.press("v")  # compact at 120 columns too
            await pilot.press("down", "down", "enter")
            await wait_for(pilot, lambda: isinstance(app.screen, DisputeScreen))
            await settle(pilot, app)
            await pilot.press("enter")
        else:
            main.query_one("#results", RowList).focus()
            await pilot.press("t" if where == "timeline" else "s")
            screen_type = TimelineScreen if where == "timeline" else SourcesScreen
            await wait_for(pilot, lambda: isinstance(app.screen, screen_type))
            await settle(pilot, app)
            table = app.screen.query_one(DataTable)
            await wait_for(pilot, lambda: table.row_count > 3)
            await pilot.press("down", "down", "down")
            before = table.cursor_row
            await pilot.press("enter")
        if where == "timeline":
            # An event opens on the main screen; its first source opens the reader.
            await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
            await settle(pilot, app)
            await pilot.press("backspace")
        else:
            await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
            await settle(pilot, app)
            await pilot.press("escape")
        await settle(pilot, app)
        if where == "tray":
            await wait_for(pilot, lambda: isinstance(app.screen, TrayScreen))
            await settle(pilot, app)
            assert app.screen.query_one("#pins", RowList).highlighted == before
        elif where == "dispute":
            await wait_for(pilot, lambda: isinstance(app.screen, DisputeScreen))
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, DisagreementsScreen))
            await settle(pilot, app)
            facts = app.screen.query_one("#facts", RowList)
            assert facts.highlighted == 2
        else:
            await wait_for(pilot, lambda: isinstance(app.screen, screen_type))
            await settle(pilot, app)
            table = app.screen.query_one(DataTable)
            await wait_for(pilot, lambda: table.row_count > 3)
            assert table.cursor_row == before


async def test_nothing_matches_clears_the_detail_and_excerpts(app: DossierApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        main = await _main(pilot, app)
        await _type(pilot, main, "kataib")
        await wait_for(pilot, lambda: main.shown is not None)
        await pilot.press(*"zzzqqx")
        await wait_for(pilot, lambda: main.results_for == "kataibzzzqqx")
        await settle(pilot, app)
        assert main.shown is None
        assert main.query_one("#excerpts", RowList).rows == ()
        detail = "\n".join(str(r.prompt) for r in main.query_one("#detail", RowList).rows)
        assert "Kataib" not in detail
        assert "Nothing matches" in str(main.query_one("#detail-pane").border_title)


async def test_a_prompt_is_never_covered_by_notifications(
    app: DossierApp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DOSSIER_DATA", str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await _main(pilot, app)
        for n in range(5):
            app.notify(f"notice {n}", timeout=30)
        await pilot.pause()
        app.push_screen(PromptScreen("A question?", "", "Esc cancels"))
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        await settle(pilot, app)
        assert not list(app._notifications)


async def test_the_header_names_the_corpus_and_the_store(app: DossierApp) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        await _main(pilot, app)
        assert app.sub_title.startswith("bundled corpus · store ")
        assert app.sub_title.endswith(app.db_path.name)


async def test_the_theme_chosen_is_remembered_and_keys_can_be_changed(
    built_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('# mine\n[keys]\ntimeline = "f9"\n', "utf-8")
    monkeypatch.setenv("DOSSIER_CONFIG", str(config))
    app = DossierApp(built_store)
    async with app.run_test(size=(120, 40)) as pilot:
        main = await _main(pilot, app)
        main.action_focus_search()
        await pilot.press("f9")  # the config's key for the timeline
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        app.theme = "gruvbox"
        await wait_for_workers(app)
        await wait_for(pilot, lambda: 'theme = "gruvbox"' in config.read_text("utf-8"))
    assert config.read_text("utf-8").startswith("# mine")  # the user's lines stay
    again = DossierApp(built_store)
    async with again.run_test(size=(120, 40)) as pilot:
        await _main(pilot, again)
        assert again.theme == "gruvbox"


async def test_a_broken_config_is_said_once_and_the_explorer_opens(
    built_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('theme = "no-such-theme"\n[keys]\ntimelime = "f9"\n', "utf-8")
    monkeypatch.setenv("DOSSIER_CONFIG", str(config))
    said: list[str] = []
    monkeypatch.setattr(DossierApp, "notify", lambda self, message, **kw: said.append(str(message)))
    app = DossierApp(built_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await _main(pilot, app)
        await settle(pilot, app)
    assert any("'timelime' is not a key id; did you mean 'timeline'?" in s for s in said)
    assert any("no theme 'no-such-theme'" in s for s in said)


def test_readme_lists_every_key_id_the_config_file_takes() -> None:
    from tui.config import KEY_IDS

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    listed = readme.split("Key ids: ", 1)[1].split(". ", 1)[0]
    assert sorted(re.findall(r"`([a-z-]+)`", listed)) == sorted(KEY_IDS)
    bound = {b.id for b in DossierApp.BINDINGS if isinstance(b, Binding) and b.id}
    assert set(KEY_IDS) == bound


async def test_the_footer_lists_the_panes_keys_first_and_a_click_presses_one(
    app: DossierApp,
) -> None:
    from textual.command import CommandPalette

    from tui.widgets.footer import KeyFooter

    async with app.run_test(size=(80, 24)) as pilot:
        main = await _main(pilot, app)
        main.query_one("#excerpts", RowList).focus()
        await settle(pilot, app)
        footer = main.query_one(KeyFooter)
        line = footer.render().plain
        assert len(line) == 80 and line.rstrip().endswith("^p Commands")
        assert line.index("Copy") < line.index("Help")  # the excerpts' own keys first
        start = line.index("^p Commands")
        await pilot.click(KeyFooter, offset=(start + 1, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
