"""The explorer in a real pseudo-terminal: the bytes ``y`` writes, and ``p`` saving a pin.

``dossier`` is started as a user starts it, keys are typed into the terminal,
and everything the app writes is recorded: the clipboard must arrive as an
OSC 52 sequence carrying exactly the excerpt and its citation.
"""

from __future__ import annotations

import base64
import json
import os
import re
import select
import signal
import struct
import sys
import time
from pathlib import Path

import pytest

import store
from tui.evidence import copy_text
from tui.present import detail_of

ROOT = Path(__file__).resolve().parent.parent.parent
OSC52 = re.compile(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


class Terminal:
    """A program running in an 80x24 pseudo-terminal, its output recorded."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        import fcntl
        import pty
        import termios

        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child
            os.environ.update(env)
            os.execv(argv[0], argv)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.output = bytearray()

    def read_until(self, pattern: bytes | re.Pattern[bytes], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        found = (
            (lambda: pattern.search(self.output))
            if isinstance(pattern, re.Pattern)
            else (lambda: pattern in self.output)
        )
        while not found():
            left = deadline - time.monotonic()
            assert left > 0, f"timed out waiting for {pattern!r}"
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.1))
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                assert chunk, "the program ended"
                self.output.extend(chunk)

    def drain(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    self.output.extend(os.read(self.fd, 65536))
                except OSError:
                    return

    def type(self, keys: str, pause: float = 0.4) -> None:
        os.write(self.fd, keys.encode())
        self.drain(pause)

    def close(self) -> int:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            self.drain(0.1)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)
        raise AssertionError("the app did not exit")


def test_y_writes_osc52_with_the_citation_and_p_saves_the_pin(
    built_store: Path, tmp_path: Path
) -> None:
    catalog = store.Catalog.open(built_store)
    first_excerpt = detail_of(catalog, "entity:abu-mahdi-al-muhandis").excerpts[0].target
    assert first_excerpt is not None
    paragraph_id = first_excerpt.partition(":")[2]
    data = tmp_path / "data"
    env = {
        "TERM": "xterm-256color",
        "PYTHONPATH": str(ROOT),
        "DOSSIER_DATA": str(data),
        "COLUMNS": "80",
        "LINES": "24",
    }
    app = Terminal(
        [
            sys.executable,
            "-m",
            "tui",
            "--corpus",
            str(ROOT / "corpus"),
            "--db",
            str(built_store),
        ],
        env,
    )
    try:
        app.read_until(b"most mentioned")
        app.type("muhandes", pause=1.0)
        app.type("\r", pause=1.0)  # open the top hit: the detail pane takes the focus
        app.type("f")  # to the excerpts pane
        before = len(app.output)
        app.type("y", pause=0.2)
        app.read_until(OSC52)
        match = OSC52.search(app.output, before)
        assert match is not None
        copied = base64.b64decode(match.group(1)).decode("utf-8")
        assert copied == copy_text(catalog, paragraph_id, "text")
        assert copied.startswith("“Abu Mahdi al-Muhandis")
        assert "Jerusalem Center for Public Affairs, “Conflict Breaks Out" in copied
        # What was copied is also on the screen, to select by hand.
        app.read_until(b"OSC 52")
        app.type("\x1b")  # close it
        app.type("p", pause=1.0)
        tray = data / "trays" / "bundled.json"
        deadline = time.monotonic() + 10
        while not tray.exists() and time.monotonic() < deadline:
            app.drain(0.1)
        pins = json.loads(tray.read_text(encoding="utf-8"))["pins"]
        assert [p["paragraph"] for p in pins] == [paragraph_id]
        app.type("\x11")  # ctrl+q
    finally:
        code = app.close()
    assert code == 0


def test_enter_typed_while_starting_opens_and_the_next_key_follows(
    built_store: Path, tmp_path: Path
) -> None:
    """A query, Down, Enter and t typed at once while Python is still starting: the
    terminal, not yet raw, turns Enter's carriage return into a line feed; it is
    still Enter (it opens Kadhimi), and t opens the timeline of Kadhimi."""
    env = {"TERM": "xterm-256color", "PYTHONPATH": str(ROOT), "DOSSIER_DATA": str(tmp_path)}
    argv = [sys.executable, "-m", "tui", "--corpus", str(ROOT / "corpus"), "--db"]
    app = Terminal([*argv, str(built_store)], env)
    try:
        os.write(app.fd, b"kadhemi\x1b[B\rt")
        app.read_until(re.compile(rb"events, oldest first, of"))  # the caption, filtered
        os.write(app.fd, b"\x11")  # Ctrl+Q
    finally:
        code = app.close()
    assert code == 0


def test_keys_typed_early_or_run_together_all_land_where_meant(
    built_store: Path, tmp_path: Path
) -> None:
    env = {"TERM": "xterm-256color", "PYTHONPATH": str(ROOT), "DOSSIER_DATA": str(tmp_path)}
    argv = [sys.executable, "-m", "tui", "--corpus", str(ROOT / "corpus"), "--db"]
    app = Terminal([*argv, str(built_store)], env)
    try:
        os.write(app.fd, b"kadhemi")  # at once, while Python is still starting
        app.read_until(b"Mustafa al-Kadhimi")
        app.drain(1.0)
        # Drawn in the search box (and echoed before the app took the terminal):
        # never without its first letter.
        drawn = [
            bytes(app.output[m.start() - 1 : m.start()])
            for m in re.finditer(rb"adhemi", app.output)
        ]
        assert drawn and all(before in (b"k", b"K") for before in drawn), drawn
        # Esc then q in one write (as tmux sends them, or a slow link runs them
        # together) reads as Alt+Q: it is Esc (to the results), then q (quit).
        os.write(app.fd, b"\x1bq")
    finally:
        code = app.close()
    assert code == 0


def test_esc_run_together_with_a_key_that_takes_no_alt_is_kept(
    built_store: Path, tmp_path: Path
) -> None:
    """Esc then ``?`` in one write, on the sources screen: Esc goes back, then ``?``
    opens the help of the main screen. Textual's parser alone drops that Esc (as
    it does before ``/``, Space or a Ctrl key), and the help opened over the
    sources screen."""
    env = {"TERM": "xterm-256color", "PYTHONPATH": str(ROOT), "DOSSIER_DATA": str(tmp_path)}
    argv = [sys.executable, "-m", "tui", "--corpus", str(ROOT / "corpus"), "--db"]
    app = Terminal([*argv, str(built_store)], env)
    try:
        app.read_until(b"most mentioned")
        app.type("\x1bs", pause=0.2)  # out of the search box, then the sources
        app.read_until(b"Enter: read")
        app.drain(0.5)
        os.write(app.fd, b"\x1b?")
        app.read_until(b"Keys: ")
        app.drain(0.5)
        assert b"Keys: dossier" in app.output and b"Keys: Sources" not in app.output
        os.write(app.fd, b"\x11")  # Ctrl+Q
    finally:
        code = app.close()
    assert code == 0
