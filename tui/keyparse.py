"""Esc run together with the next key stays a key of its own.

A terminal sends Alt+key as ESC followed by the key, so an Esc typed quickly
before another key (or sent with it in one write by tmux, or run together by a
slow link) arrives looking like Alt+key. Textual's parser (8.2) makes letters
and digits ``alt+q`` (the app unfolds those into Esc, then q), but for any other
key it drops the ESC: Esc then ``?``, ``/``, Space or Ctrl+P arrived as that key
alone, and the Esc the user typed was lost (on the sources screen, Esc then
``?`` opened the help there instead of going back first).

This parser keeps the ESC as an Esc key before such a key. It is installed for
the terminal drivers that read keys with Textual's parser (Linux and macOS);
headless runs (tests, ``run_test``) parse nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual._xterm_parser import XTermParser


class EscapeKeepingParser(XTermParser):
    """Textual's parser, with the Esc before a key that cannot take Alt kept."""

    def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        keys = list(super()._sequence_to_key_events(sequence, alt=alt))
        if alt and keys and not keys[0].key.startswith("alt+"):
            yield events.Key("escape", "\x1b")
        yield from keys


def install() -> None:
    """Read the terminal's keys with :class:`EscapeKeepingParser` from now on."""
    from textual.drivers import linux_driver

    # The driver reads keys with the parser its module imported: that name is replaced.
    if getattr(linux_driver, "XTermParser", None) is XTermParser:
        setattr(linux_driver, "XTermParser", EscapeKeepingParser)  # noqa: B010
