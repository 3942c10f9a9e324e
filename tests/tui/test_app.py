"""Pilot tests: the app opens the store, lists the articles, opens the reader."""

from __future__ import annotations

import contextlib
from pathlib import Path

from textual.widgets import OptionList
from textual.worker import WorkerCancelled

import store
from tui.app import DossierApp
from tui.screens.articles import ArticlesScreen
from tui.screens.reader import ParagraphView, ReaderScreen


async def test_opens_store_in_a_worker_and_lists_articles(built_store: Path) -> None:
    app = DossierApp(built_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ArticlesScreen)
        options = app.screen.query_one("#articles", OptionList)
        assert options.option_count == 5
        assert options.highlighted == 0
        assert app.focused is options


async def test_reader_shows_every_paragraph_with_its_kind(built_store: Path) -> None:
    app = DossierApp(built_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        catalog = app.catalog
        assert catalog is not None
        articles = catalog.articles()
        target = next(i for i, a in enumerate(articles) if a.outlet == "Diyaruna")
        for _ in range(target):
            await pilot.press("j")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        views = list(app.screen.query(ParagraphView))
        paragraphs = catalog.paragraphs(articles[target].id)
        assert [v.paragraph for v in views] == list(paragraphs)
        comment = next(v for v in views if v.paragraph.kind == "reader-comment")
        rendered = str(comment.render())
        assert rendered.startswith(f"¶{comment.paragraph.index} [reader comment]")
        assert comment.has_class("-secondary")
        body = next(v for v in views if v.paragraph.kind == "body")
        assert not body.has_class("-secondary")
        await pilot.press("escape")
        assert isinstance(app.screen, ArticlesScreen)


async def test_unreadable_store_exits_with_code_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("nonsense")
    app = DossierApp(bad)
    async with app.run_test() as pilot:
        with contextlib.suppress(WorkerCancelled):  # the app exits while it waits
            await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2


async def test_markup_in_a_title_is_shown_literally(tmp_path: Path, corpus_copy: Path) -> None:
    toml = corpus_copy / "articles.toml"
    in_toml = "[@click=app.quit]Click[/] [bold red]me\\u001b[2J"  # TOML escape for ESC
    toml.write_text(
        toml.read_text().replace(
            'title = "Iraq must keep pressure on Iran agents, experts say"',
            f'title = "{in_toml}"',
        )
    )
    db = tmp_path / "s.json"
    store.build(corpus_copy, db)
    app = DossierApp(db)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        options = app.screen.query_one("#articles", OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("[@click=app.quit]Click[/] [bold red]me␛[2J" in s for s in shown)
        await pilot.click(OptionList, offset=(10, 5))
        await pilot.pause()
        assert app.is_running
