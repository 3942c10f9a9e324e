"""Make untrusted text safe to put on a terminal.

Article text, titles, aliases and annotations come from outside. Shown as
they are, an ESC or CSI sequence could clear the screen, an OSC 52 sequence
could write the user's clipboard, and a bidirectional override could make a
quote read differently from what the file says. This module replaces every
such character with a visible stand-in, so the text is shown literally and
the terminal receives no control byte from it.

It lives in ``store`` (not ``tui``) because the command line prints stored
text too, without importing the terminal UI.
"""

from __future__ import annotations

import json
import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
_UNSAFE_KEEP_NEWLINES = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")

REPLACEMENT = "\ufffd"


def _stand_in(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if ch == "\t":
        return " "
    if ch in "\n\r\u2028\u2029":
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟, ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return REPLACEMENT


def printable(text: str, *, multiline: bool = False) -> str:
    """``text`` with control characters and bidi overrides made visible.

    Every character becomes exactly one character, so offsets into the text
    (mentions, matched words) stay valid. With ``multiline`` newlines are
    kept (a carriage return becomes a space); otherwise every line break
    becomes a space.
    """
    if multiline:
        return _UNSAFE_KEEP_NEWLINES.sub(_stand_in, text)
    return _UNSAFE.sub(_stand_in, text)


def is_printable(text: str, *, multiline: bool = False) -> bool:
    """True when :func:`printable` would not change ``text``."""
    pattern = _UNSAFE_KEEP_NEWLINES if multiline else _UNSAFE
    return pattern.search(text) is None


_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029{_BIDI}]")


def json_text(data: object) -> str:
    """``data`` as indented JSON that is safe to print and loses nothing.

    Non-ASCII text stays readable (``ensure_ascii=False``); the characters
    that could act on a terminal are written as ``\\uXXXX`` escapes (JSON
    already escapes the C0 controls), which every JSON reader decodes back.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
