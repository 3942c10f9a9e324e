"""A hostile article is data: shown literally, no action run, no control byte emitted."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import signal
import struct
import sys
import time
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Static

import store
from tests.tui.conftest import settle
from tui.app import DossierApp
from tui.evidence import copy_text
from tui.screens.main import MainScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article import ArticleView
from tui.widgets.rows import RowList

ROOT = Path(__file__).resolve().parents[2]
PWNED = "pwned-by-an-article"
HOSTILE_TEXT = (
    "Hostile headline [bold red]not bold[/] [@click=app.screenshot('{pwned}')]click me[/]\n\n"
    "Markup [link=https://evil.example]a link[/link] and [@click=app.quit]quit[/] inside Baghdad.\n"
    "Escapes \x1b[2J\x1b[31mred\x1b[0m, OSC 52 \x1b]52;c;SGVsbG8=\x07, OSC 8 "
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\, NUL \x00 and C1 \x9b0m in Baghdad.\n"
    "Bidi \u202egnp.exe\u202c and \u2066isolate\u2069 near Baghdad.\n"
    "Invisible zero\u200bwidth, BOM\ufeff, word\u2060joiner and tags "
    + "".join(chr(0xE0000 + ord(c)) for c in "ignore the above")
    + " near Baghdad.\n"
    + "Baghdad "
    + "x" * 10_000
    + "\n"
)
TITLE = "[bold]Hostile[/] title \\u001b[2J [@click=app.quit]x[/]"


def hostile_corpus(root: Path, pwned: Path) -> Path:
    shutil.copytree(ROOT / "corpus", root)
    (root / "articles" / "hostile.txt").write_text(
        HOSTILE_TEXT.replace("{pwned}", str(pwned)), encoding="utf-8"
    )
    with (root / "articles.toml").open("a", encoding="utf-8") as handle:
        handle.write(
            "\n[[article]]\n"
            'id = "hostile"\n'
            'file = "articles/hostile.txt"\n'
            'outlet = "Evil [b]Outlet[/b]"\n'
            f'title = "{TITLE}"\n'
            "published = 2020-07-02\n"
        )
    return root


@pytest.fixture
def hostile_store(tmp_path: Path) -> tuple[Path, Path]:
    pwned = tmp_path / f"{PWNED}.svg"
    corpus = hostile_corpus(tmp_path / "corpus", pwned)
    db = tmp_path / "store.json"
    store.build(corpus, db)
    return db, pwned


CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
INVISIBLE = re.compile("[\u200b-\u200d\ufeff\u2060-\u2064\u180e\U000e0000-\U000e007f]")
#: The same, as the UTF-8 bytes a terminal would receive (every tag character
#: starts with F3 A0 80 or F3 A0 81).
INVISIBLE_BYTES = re.compile(
    rb"\xe2\x80[\x8b-\x8d]|\xef\xbb\xbf|\xe2\x81[\xa0-\xa4]|\xe1\xa0\x8e|\xf3\xa0[\x80\x81]"
)


def rendered_text(app: DossierApp) -> str:
    parts = []
    for widget in app.screen.query("*"):
        if isinstance(widget, Static):
            parts.append(str(widget.render()))
        if isinstance(widget, RowList):
            parts.extend(str(row.prompt) for row in widget.rows)
        if isinstance(widget, ArticleView):
            parts.extend(str(c) for block in widget.blocks for c in block.content(None))
    return "\n".join(parts)


def assert_no_actions(content: Content) -> None:
    for span in content.spans:
        style = span.style
        meta = getattr(style, "meta", None) or {}
        assert "@click" not in meta, span
        assert not getattr(style, "link", None), span


async def test_hostile_article_is_shown_literally(hostile_store: tuple[Path, Path]) -> None:
    db, pwned = hostile_store
    app = DossierApp(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        for ch in "hostile":
            await pilot.press(ch)
        await settle(pilot, app)
        main = app.screen
        assert isinstance(main, MainScreen)
        results = main.query_one("#results", RowList)
        assert any(r.target == "article:hostile" for r in results.rows)
        for row in results.rows:
            assert_no_actions(row.prompt)
        app.follow("paragraph:hostile:p2")
        await settle(pilot, app)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        shown = rendered_text(app)
        assert "[@click=app.quit]quit[/]" in shown
        assert "[link=https://evil.example]a link[/link]" in shown
        assert "[bold red]not bold[/]" in shown
        assert "␛[2J␛[31mred␛[0m" in shown and "␛]52;c;SGVsbG8=␇" in shown
        assert not CONTROL.search(shown)
        # Invisible characters are shown as stand-ins, one for one.
        assert not INVISIBLE.search(shown)
        assert "zero\ufffdwidth, BOM\ufffd, word\ufffdjoiner and tags " + "\ufffd" * 16 in shown
        for block in reader.blocks:
            for rendered in block.content(None):
                assert isinstance(rendered, Content)
                assert_no_actions(rendered)
        # Click all over the paragraphs: nothing runs.
        for y in range(0, 20):
            for x in range(0, 60, 3):
                await pilot.click(reader.text, offset=(x, y))
        await settle(pilot, app)
        assert app.is_running
        assert not pwned.exists()
        long_line = next(i for i, b in enumerate(reader.blocks) if len(b.paragraph.text) > 10_000)
        assert len(reader.text.lines_of(long_line)) >= 10_000 // 120


def test_a_copied_excerpt_carries_no_invisible_character(
    hostile_store: tuple[Path, Path],
) -> None:
    db, _ = hostile_store
    catalog = store.Catalog.open(db)
    paragraph = catalog.paragraph("hostile:p5")
    assert "\u200b" in paragraph.text  # stored as the file has it
    for form in ("text", "markdown", "pandoc"):
        copied = copy_text(catalog, paragraph.id, form)
        assert not INVISIBLE.search(copied), form
        assert "zero\ufffdwidth" in copied


def read_until(fd: int, needle: bytes, timeout: float, buffer: bytearray) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return needle in buffer
            if not chunk:
                return needle in buffer
            buffer.extend(chunk)
            if needle in buffer:
                return True
    return needle in buffer


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_no_hostile_byte_reaches_a_real_terminal(hostile_store: tuple[Path, Path]) -> None:
    """Drive the real command in a pseudo-terminal and record every byte it writes."""
    import fcntl
    import termios

    db, pwned = hostile_store
    corpus = db.parent / "corpus"
    pid, fd = pty.fork()
    if pid == 0:  # the child: run dossier as a user would
        os.environ.update(TERM="xterm-256color", COLUMNS="120", LINES="40", PYTHONPATH=str(ROOT))
        os.execv(
            sys.executable, [sys.executable, "-m", "tui", "--corpus", str(corpus), "--db", str(db)]
        )
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    output = bytearray()
    try:
        assert read_until(fd, b"Search", 20, output), output[-2000:]
        time.sleep(0.5)
        os.write(fd, b"hostile")
        assert read_until(fd, b"Hostile", 10, output)
        time.sleep(0.5)
        os.write(fd, b"\r")  # open the top hit
        time.sleep(1)
        os.write(fd, b"\t\to")  # to the excerpts, then the reader
        assert read_until(fd, b"quit[/]", 10, output), output[-3000:]
        time.sleep(1)
        os.write(fd, b"\x11")  # ctrl+q
        read_until(fd, b"\x1b[?1049l", 10, output)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    raw = bytes(output)
    # What the article carries never reaches the terminal as control sequences.
    assert b"\x1b]52;c;SGVsbG8=" not in raw
    assert b"\x1b[31mred" not in raw
    assert b"\x1b]8;;https://evil.example" not in raw
    assert b"\x00" not in raw and b"\xe2\x80\xae" not in raw  # NUL, RIGHT-TO-LEFT OVERRIDE
    assert b"\xc2\x9b" not in raw  # C1 CSI
    # Zero-width characters, the byte-order mark and tag characters neither: stand-ins.
    assert not INVISIBLE_BYTES.search(raw)
    assert "zero\ufffdwidth".encode() in raw
    # And it is shown, literally.
    assert "␛]52;c;SGVsbG8=".encode() in raw or b"52;c;SGVsbG8=" in raw
    assert not pwned.exists()
