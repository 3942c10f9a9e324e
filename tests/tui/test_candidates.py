"""The candidates screen: a name no entity accounts for becomes an entity or an alias, a
proposed event an event; a false candidate is dismissed, and the dismissal taken back."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList

from tests.tui.conftest import settle, wait_for
from tui import cli
from tui.app import DossierApp
from tui.dialogs.entity import EntityPickScreen, TypeScreen
from tui.dialogs.prompt import PromptScreen
from tui.screens.candidates import CandidatesScreen, Change
from tui.screens.main import MainScreen

FIXTURES = Path(__file__).parents[1] / "fixtures" / "add"


@pytest.fixture
def grown(corpus_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the bundled corpus with three articles of the user's: (corpus, store)."""
    db = tmp_path / "store.json"
    notes = tmp_path / "beirut-notes.txt"
    notes.write_text(
        "Notes from Beirut\n\nThe reporter Samer el-Khoury filed this from Beirut on Monday.\n",
        encoding="utf-8",
    )
    for path, outlet in (
        (FIXTURES / "baghdad-briefing.txt", "Tigris Wire"),
        (FIXTURES / "militia-notes.md", "Gulf Notes"),
        (notes, "Gulf Notes"),
    ):
        code = cli.main(
            ["add", str(path), "--corpus", str(corpus_copy), "--db", str(db), "--outlet", outlet,
             "--title", path.stem, "--published", "2021-06-25"]
        )  # fmt: skip
        assert code == 0
    return corpus_copy, db


async def _candidates(pilot: Pilot[int], app: DossierApp) -> CandidatesScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, CandidatesScreen))
    screen = app.screen
    assert isinstance(screen, CandidatesScreen)
    await wait_for(pilot, lambda: screen.counted)
    await settle(pilot, app)
    return screen


async def _open_candidates(pilot: Pilot[int], app: DossierApp) -> CandidatesScreen:
    """From the main screen, once the store is open, to the candidates, counted."""
    await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    await settle(pilot, app)
    app.action_candidates()
    return await _candidates(pilot, app)


def _rows(screen: CandidatesScreen) -> list[str]:
    """The names (or the events' titles) shown."""
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(i)[-1]) for i in range(table.row_count)]


async def test_promote_a_candidate_then_merge_another_spelling_into_it(
    grown: tuple[Path, Path],
) -> None:
    corpus, db = grown
    entities_before = (corpus / "entities.toml").read_text(encoding="utf-8")
    app = DossierApp(db)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await _open_candidates(pilot, app)
        names = _rows(screen)
        assert names[0] == "Layla Haddad" and screen.found["Layla Haddad"][1] == 2
        assert {"Samir Khoury", "Samer el-Khoury"} <= set(names)
        assert "Layla Haddad" in str(screen.query_one("#where").render())

        # a: its type, then its name (offered as found), and it is an entity
        screen.query_one(DataTable).move_cursor(row=names.index("Samir Khoury"))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, TypeScreen))
        await pilot.press("enter")  # person, the first offered
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        assert app.screen.query_one(Input).value == "Samir Khoury"
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, CandidatesScreen) and app.screen is not screen,
        )
        screen = await _candidates(pilot, app)
        assert app.catalog is not None and app.catalog.path == db
        entity = app.catalog.entity("samir-khoury")
        assert (entity.name, entity.type, entity.mention_count) == ("Samir Khoury", "person", 1)
        assert "Samir Khoury" not in _rows(screen)
        text = (corpus / "entities.toml").read_text(encoding="utf-8")
        assert text.startswith(entities_before.split("\n\n[[entity]]")[0])  # header comments kept
        assert len(text.splitlines()) > len(entities_before.splitlines())

        # m: find the entity by fuzzy search, and the other spelling joins it
        screen.query_one(DataTable).move_cursor(row=_rows(screen).index("Samer el-Khoury"))
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, EntityPickScreen))
        picker = app.screen
        field = picker.query_one(Input)
        field.value = "samir khuri"
        await wait_for(pilot, lambda: picker.query_one(OptionList).option_count > 0)
        assert picker.query_one(OptionList).get_option_at_index(0).id == "samir-khoury"
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, CandidatesScreen) and app.screen is not screen,
        )
        screen = await _candidates(pilot, app)
        entity = app.catalog.entity("samir-khoury")
        assert entity.aliases == ("Samir Khoury", "Samer el-Khoury")
        assert entity.mention_count == 2
        assert "Samer el-Khoury" not in _rows(screen)


async def test_a_refused_change_says_why_and_writes_nothing(
    grown: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, db = grown
    before = (corpus / "entities.toml").read_bytes()
    app = DossierApp(db)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await _open_candidates(pilot, app)
        said: list[str] = []
        monkeypatch.setattr(app, "notify", lambda message, **kw: said.append(str(message)))
        screen.change(Change("promote", "Layla Haddad", "spaceship"))
        await wait_for(pilot, lambda: bool(said))
        assert "spaceship" in said[0] and "person" in said[0]
        assert (corpus / "entities.toml").read_bytes() == before
        assert app.screen is screen and not screen.busy


async def test_from_the_bundled_corpus_the_change_goes_to_your_own_copy(built_store: Path) -> None:
    import store
    from store.paths import bundled_corpus_dir, user_corpus_dir

    bundled = bundled_corpus_dir() / "entities.toml"
    before = bundled.read_bytes()
    app = DossierApp(built_store)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await _open_candidates(pilot, app)
        # The bundled corpus's names are all accounted for, and it has no articles of yours.
        assert _rows(screen) == []
        assert "every capitalised name is accounted for" in str(screen.query_one("#where").render())
        await pilot.press("e")
        assert "none of your articles" in str(screen.query_one("#where").render())
        screen.change(Change("promote", "Zara Quill", "person"))
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, CandidatesScreen) and app.screen is not screen,
            timeout=30,
        )
        assert bundled.read_bytes() == before
        mine = user_corpus_dir()
        assert "Zara Quill" in (mine / "entities.toml").read_text(encoding="utf-8")
        assert app.catalog is not None and app.catalog.path == store.default_db_path(mine)
        assert Path(app.catalog.meta.corpus_dir) == mine.resolve()


async def test_a_proposed_event_becomes_an_event(grown: tuple[Path, Path]) -> None:
    corpus, db = grown
    app = DossierApp(db)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await _open_candidates(pilot, app)
        await pilot.press("e")
        titles = _rows(screen)
        assert titles and screen.view == "events"
        key = screen.current
        assert key is not None and key.startswith("event:")
        proposal = screen.events[key]
        assert proposal.date_label in str(screen.query_one(DataTable).get_row_at(0)[0])
        assert proposal.sources[0].date_phrase in str(screen.query_one("#where").render())
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, PromptScreen))
        assert app.screen.query_one(Input).value == proposal.title
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, CandidatesScreen) and app.screen is not screen,
            timeout=30,
        )
        screen = await _candidates(pilot, app)
        assert app.catalog is not None
        event = app.catalog.event(proposal.id)
        assert (event.title, event.type, event.date_label) == (
            proposal.title, proposal.type, proposal.date_label,
        )  # fmt: skip
        assert proposal.id not in {e.id for e in app.catalog.event_candidates()}
        assert f'id = "{proposal.id}"' in (corpus / "events.toml").read_text("utf-8")


async def test_dismiss_a_false_candidate_then_take_it_back(grown: tuple[Path, Path]) -> None:
    corpus, db = grown
    app = DossierApp(db)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await _open_candidates(pilot, app)
        names = _rows(screen)
        screen.query_one(DataTable).move_cursor(row=names.index("Samer el-Khoury"))
        await pilot.press("x")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, CandidatesScreen) and app.screen is not screen,
            timeout=30,
        )
        screen = await _candidates(pilot, app)
        assert "Samer el-Khoury" not in _rows(screen)
        assert 'name = "Samer el-Khoury"' in (corpus / "dismissed.toml").read_text("utf-8")
        await pilot.press("u")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, CandidatesScreen) and app.screen is not screen,
            timeout=30,
        )
        screen = await _candidates(pilot, app)
        assert "Samer el-Khoury" in _rows(screen)
        assert "Samer el-Khoury" not in (corpus / "dismissed.toml").read_text("utf-8")


async def test_the_timeline_shows_proposed_events_marked(own_store: tuple[Path, Path]) -> None:
    from tui.screens.timeline import TimelineScreen

    app = DossierApp(own_store[1])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await settle(pilot, app)
        app.action_timeline()
        await wait_for(pilot, lambda: isinstance(app.screen, TimelineScreen))
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        await settle(pilot, app)
        if screen.filtered:
            await pilot.press("f")
            await settle(pilot, app)
        table = screen.query_one(DataTable)
        before = table.row_count
        assert "c: also the 11 your articles propose" in str(screen.query_one("#caption").render())
        await pilot.press("c")
        await settle(pilot, app)
        assert table.row_count == before + 11
        keys = [str(row.key.value) for row in table.ordered_rows]
        proposed = [i for i, k in enumerate(keys) if k.startswith("proposal:")]
        assert all(str(table.get_row_at(i)[5]).startswith("(proposed)") for i in proposed)
        killing = keys.index("proposal:2020-12-31-killing-nabil-al-maliki")
        table.move_cursor(row=killing)
        await pilot.press("enter")
        from tui.screens.reader import ReaderScreen

        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
