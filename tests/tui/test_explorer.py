"""Pilot tests: the flows a user goes through in the explorer."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.dom import DOMNode
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

import store
from tests.tui.conftest import settle, wait_for
from tui.app import DossierApp
from tui.dialogs.help import HelpScreen
from tui.screens.disagreements import DisagreementsScreen, Dispute
from tui.screens.main import MainScreen
from tui.screens.reader import ReaderScreen
from tui.screens.sources import SourcesScreen
from tui.screens.timeline import TimelineScreen
from tui.widgets.rows import RowList


async def type_query(pilot: Pilot[int], app: DossierApp, text: str) -> MainScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
    await settle(pilot, app)
    main = app.screen
    assert isinstance(main, MainScreen)
    main.action_focus_search()
    main.query_one("#query", Input).value = ""
    for ch in text:
        await pilot.press("space" if ch == " " else ch)
    await wait_for(pilot, lambda: main.results_for == text)
    await settle(pilot, app)
    return main


async def test_misspelled_name_finds_the_entity_and_opens_it(app: DossierApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        main = await type_query(pilot, app, "katib hezbolah")
        results = main.query_one("#results", RowList)
        assert results.rows[0].target == "entity:kataib-hezbollah"
        assert results.highlighted == 0
        # The top result is previewed without opening it (once typing has paused
        # for a moment: PREVIEW_DELAY).
        await wait_for(
            pilot, lambda: main.shown is not None and main.shown.item == "entity:kataib-hezbollah"
        )
        assert app.history.current is not None and app.history.current.item is None
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.history.current.item == "entity:kataib-hezbollah"
        assert app.focused is main.query_one("#detail", RowList)
        detail_text = "\n".join(str(r.prompt) for r in main.query_one("#detail", RowList).rows)
        assert "Kataib Hizbullah, Hizbullah Brigades, KH" in detail_text
        assert "Abu Mahdi al-Muhandis founded Kataib Hezbollah" in detail_text  # says who
        assert "Events" in detail_text and "Mentioned with" in detail_text
        assert "Mentions by outlet" in detail_text and "Voice of America" in detail_text
        excerpts = main.query_one("#excerpts", RowList)
        assert len(excerpts.rows) == 28
        assert all(r.target and r.target.startswith("paragraph:") for r in excerpts.rows)


async def test_excerpt_reader_mentions_back_and_forward(app: DossierApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        main = await type_query(pilot, app, "muhandes")
        await pilot.press("enter")
        await settle(pilot, app)
        main.query_one("#excerpts", RowList).focus()
        target = main.query_one("#excerpts", RowList).current_target
        assert target is not None
        await pilot.press("o")
        await settle(pilot, app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        paragraph_id = target.partition(":")[2]
        assert reader.paragraph_id == paragraph_id
        assert reader.text.selected == reader.paragraph_ids.index(paragraph_id)
        # The cursor starts on the first mention of the opened paragraph.
        assert reader.at is not None
        first = reader.cursor[reader.at]
        assert reader.blocks[first[0]].paragraph.id == paragraph_id
        await pilot.press("n")
        await pilot.press("N")
        assert reader.cursor[reader.at] == first
        entity_id = first[1].entity_id
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert main.shown is not None and main.shown.item == f"entity:{entity_id}"
        await pilot.press("backspace")
        await settle(pilot, app)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("alt+left")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert main.shown.item == "entity:abu-mahdi-al-muhandis"
        await pilot.press("alt+right")
        await settle(pilot, app)
        assert isinstance(app.screen, ReaderScreen)
        # Esc steps out of the reader, back to where it was opened from ...
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert main.shown.item == "entity:abu-mahdi-al-muhandis"
        # ... and / goes to the search box, from anywhere, typing nothing.
        await pilot.press("slash")
        await settle(pilot, app)
        query = main.query_one("#query", Input)
        assert app.focused is query and "/" not in query.value
        await pilot.press("slash")
        assert app.focused is query and "/" not in query.value


async def test_reader_dims_and_labels_what_is_not_reporting(app: DossierApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.follow("paragraph:diyaruna-2020-07-pressure-on-iran-agents:p36")
        await settle(pilot, app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        comment = next(b for b in reader.blocks if b.paragraph.kind == "reader-comment")
        assert comment.secondary
        gutter, _ = comment.content(None)
        assert str(gutter).startswith(f"¶{comment.paragraph.index} [reader comment]")
        furniture = next(b for b in reader.blocks if b.paragraph.kind == "boilerplate")
        assert "[page furniture]" in str(furniture.content(None)[0])
        body = next(b for b in reader.blocks if b.paragraph.kind == "body")
        assert not body.secondary
        assert len(reader.blocks) == 38


async def test_timeline_in_date_order_and_filtered_to_the_selection(app: DossierApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await type_query(pilot, app, "askari")
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("t")
        await settle(pilot, app)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        table = timeline.query_one(DataTable)
        assert table.row_count == len(timeline.events()) >= 1
        assert all(
            "askari" in e.id or any(p.entity_id == "abu-ali-al-askari" for p in e.participants)
            for e in timeline.events()
        )
        await pilot.press("f")
        await settle(pilot, app)
        assert table.row_count == 71
        dates = [e.date for e in timeline.events()]
        assert dates == sorted(dates)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.shown is not None and app.screen.shown.item.startswith("event:")


async def test_reader_walks_the_dates_and_says_what_each_resolves_to(app: DossierApp) -> None:
    voa = "voa-2020-06-30-release-of-militants"
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot, app)
        app.follow(f"paragraph:{voa}:p2")
        await settle(pilot, app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        status = reader.query_one("#status")
        said = [t.text for _, t in reader.dates]
        assert app.catalog is not None
        assert said == [t.text for t in app.catalog.timexes(voa)] and "Tuesday" in said
        for _ in range(said.index("Tuesday") + 1):
            await pilot.press("w")
        assert reader.date_at == said.index("Tuesday")
        # the date cursor starts from the selected paragraph, not from the top
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.press("w")
        assert reader.date_at == said.index("Tuesday") + 1
        await pilot.press("left_square_bracket", "W")
        assert reader.date_at == said.index("Tuesday")
        shown = str(status.render())
        assert "Tuesday → 2020-06-30 (day)" in shown and "ambiguous: or 2020-06-23" in shown
        assert "that day, or a week before" in shown
        index, tuesday = reader.dates[reader.date_at]
        assert reader.selected_paragraph == tuesday.paragraph_id
        # the mention cursor takes over, and the date is no longer marked
        await pilot.press("n")
        assert reader.date_at is None and reader.at is not None
        mention_index, mention = reader.cursor[reader.at]
        # W goes to the date before that mention, not to the last of the article
        await pilot.press("W")
        assert reader.date_at is not None
        before = [
            k
            for k, (i, t) in enumerate(reader.dates)
            if (i, t.start) < (mention_index, mention.start)
        ]
        assert reader.date_at == before[-1] and before[-1] != len(said) - 1
        # Enter on a date: the timeline of reported dates, at that row
        while reader.dates[reader.date_at][1] != tuesday:
            await pilot.press("w")
        await pilot.press("enter")
        await settle(pilot, app)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen) and timeline.reported
        table = timeline.query_one(DataTable)
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert key == f"{tuesday.paragraph_id}@{tuesday.start}"


async def test_timeline_places_paragraphs_by_the_dates_they_report(app: DossierApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.action_timeline()
        await settle(pilot, app)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen) and not timeline.reported
        await pilot.press("r")
        await settle(pilot, app)
        table = timeline.query_one(DataTable)
        assert app.catalog is not None
        if timeline.filtered:  # narrowed to the main screen's selection
            narrowed = app.catalog.dated_paragraphs(timeline.entity_ids)
            assert 0 < table.row_count == len(narrowed)
            await pilot.press("f")
            await settle(pilot, app)
        reported = app.catalog.dated_paragraphs()
        assert table.row_count == len(reported) > 40
        assert [c.label.plain for c in table.columns.values()][:2] == ["Date", "As written"]
        firsts = [t.first_day for t in reported]
        assert firsts == sorted(firsts)
        row = [str(cell) for cell in table.get_row_at(0)]
        first = reported[0]
        assert row[1] == first.text and first.text in row[-1]  # the words, then where
        await pilot.press("enter")
        await settle(pilot, app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.paragraph_id == first.paragraph_id
        await app.action_back()  # to the same view, at the same row
        await settle(pilot, app)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen) and timeline.reported
        table = timeline.query_one(DataTable)
        assert table.cursor_row == 0 and table.row_count == len(reported)
        await pilot.press("r")
        await settle(pilot, app)
        assert not timeline.reported and table.row_count == 71


async def test_disagreements_side_by_side_and_open_a_source(app: DossierApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        await pilot.press("escape")  # leave the search box so "d" is a key, not a letter
        await pilot.press("tab")
        await pilot.press("d")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, DisagreementsScreen)
        disputes = {d.id: d for d in screen.query(Dispute)}
        released = disputes["claim-detainees-released"]
        columns = list(released.query(RowList))
        assert len(columns) >= 3
        values = [str(c.rows[0].prompt) for c in columns]
        assert any("11" in v for v in values) and any("14" in v for v in values)
        assert "claim-kh-spokesman" in disputes and "claim-pmf-size" in disputes
        assert "event-arrest-of-14-militiamen" in disputes
        assert "contradicts itself: The Jerusalem Post" in str(
            disputes["claim-detention-date"].fact.question
        )
        columns[0].focus()
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ReaderScreen)


async def test_sources_and_reading_one(app: DossierApp) -> None:
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot, app)
        app.action_sources()
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, SourcesScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 5
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article_id == "jcpa-2020-06-29-conflict-government-militias"


async def test_command_palette_jumps_by_fuzzy_name(app: DossierApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        for ch in "soleimany":
            await pilot.press(ch)
        await pilot.pause(0.5)
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.shown is not None
        assert app.screen.shown.item == "entity:qasem-soleimani"


async def test_help_lists_the_live_keys(app: DossierApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("tab")  # out of the search box, where letters are typing
        await pilot.press("f1")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        descriptions = {d for _, d in help_screen.keys}
        assert {"Timeline", "Sources", "Disagreements", "Back", "Forward", "Quit"} <= descriptions
        keys = dict((d, k) for k, d in help_screen.keys)
        assert "alt+←" in keys["Back"] or "backspace" in keys["Back"]
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_stale_search_results_are_dropped(app: DossierApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        main = await type_query(pilot, app, "badr")
        before = main.query_one("#results", RowList).rows
        main.post_message(MainScreen.SearchCompleted("an older query", ()))
        await settle(pilot, app)
        assert main.query_one("#results", RowList).rows == before


async def test_quit_keys(app: DossierApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+q")
    assert app.return_code == 0


def all_bindings() -> list[tuple[str, Binding]]:
    from tui.screens.loading import LoadingScreen

    classes: list[type[DOMNode]] = [
        DossierApp,
        MainScreen,
        ReaderScreen,
        TimelineScreen,
        SourcesScreen,
        DisagreementsScreen,
        HelpScreen,
        LoadingScreen,
        RowList,
    ]
    found = []
    for cls in classes:
        for binding in cls.BINDINGS:
            assert isinstance(binding, Binding), (cls, binding)
            found.append((cls.__name__, binding))
    return found


def test_every_binding_has_a_description() -> None:
    missing = [(owner, b.key) for owner, b in all_bindings() if not b.description]
    assert missing == []


def test_every_action_of_a_binding_exists() -> None:
    from tui.screens.loading import LoadingScreen  # noqa: F401

    for owner, binding in all_bindings():
        action = binding.action
        if action.startswith("app."):
            assert hasattr(DossierApp, f"action_{action[4:]}"), (owner, action)


async def test_the_reader_opens_an_article_of_ten_thousand_paragraphs(
    corpus_copy: Path, tmp_path: Path
) -> None:
    lines = ["A very long article"] + [
        f"Paragraph {i}: Kataib Hezbollah said on Monday that Mustafa al-Kadhimi was wrong."
        for i in range(10_000)
    ]
    (corpus_copy / "articles" / "long.txt").write_text("\n\n".join(lines) + "\n", "utf-8")
    with open(corpus_copy / "articles.toml", "a", encoding="utf-8") as toml:
        toml.write(
            '\n[[article]]\nid = "long"\nfile = "articles/long.txt"\noutlet = "Long Wire"\n'
            'title = "A very long article"\npublished = 2020-07-01\n'
        )
    db = tmp_path / "long.json"
    store.build(corpus_copy, db)
    app = DossierApp(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        app.follow("paragraph:long:p5000")
        await wait_for(
            pilot, lambda: isinstance(app.screen, ReaderScreen) and bool(app.screen.blocks), 20
        )
        await settle(pilot, app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert len(reader.blocks) == 10_001
        # Opened at the paragraph, on its first mention, with it at the top of the screen.
        assert reader.text.on_screen[0] == 4999
        assert reader.at is not None and reader.cursor[reader.at][0] == 4999
        await pilot.press("n", "n", "n")
        assert reader.cursor[reader.at][0] == 5000  # two mentions a paragraph
        await pilot.press("end")
        assert reader.text.on_screen[-1] == 10_000
        await pilot.press("home")
        assert reader.text.on_screen[0] == 0
        # Dates from where the reader is (the mention under the cursor, in ¶5001 after
        # its date), not from the top: the next is ¶5002's.
        await pilot.press("w")
        assert reader.date_at is not None and reader.dates[reader.date_at][0] == 5001
        await pilot.press("W", "N")  # back to ¶5001's date, then the mention just before it
        assert reader.at is not None
        index, mention = reader.cursor[reader.at]
        assert index == 5000 and mention.entity_id == "kataib-hezbollah"


async def test_the_reader_opens_on_the_mention_of_the_entity_you_came_from(
    app: DossierApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        main = await type_query(pilot, app, "diyaruna")
        await pilot.press("enter")
        await settle(pilot, app)
        excerpts = main.query_one("#excerpts", RowList)
        excerpts.focus()
        await settle(pilot, app)
        await pilot.press("o")
        await wait_for(
            pilot, lambda: isinstance(app.screen, ReaderScreen) and bool(app.screen.blocks)
        )
        await settle(pilot, app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader.at is not None
        # ¶9 mentions Iran first; the cursor is on Diyaruna, whose excerpt it was.
        index, mention = reader.cursor[reader.at]
        assert reader.blocks[index].paragraph.id == reader.opened
        assert mention.entity_id == "diyaruna"
        assert any(
            m.entity_id != "diyaruna" and m.start < mention.start
            for m in reader.blocks[index].mentions
        )
