"""Make untrusted text safe to put on a terminal.

Article text, titles, aliases and annotations come from outside. Shown as
they are, an ESC or CSI sequence could clear the screen, an OSC 52 sequence
could write the user's clipboard, a bidirectional override could make a
quote read differently from what the file says, and invisible characters
(zero-width spaces and joiners, the byte-order mark, tag characters, which
can spell out a whole hidden sentence) take no cell where a terminal may
give them one, shifting borders, and ride along unseen into copies and
citations. This module replaces every such character with a visible
stand-in, so the text is shown literally and the terminal receives no
control byte from it.

The soft hyphen (U+00AD) is left alone: terminals draw it, and Rich counts
it as one cell, so it shifts nothing and hides nothing; text copied from web
pages carries it inside ordinary words, which a stand-in would litter.

It lives in ``store`` (not ``tui``) because the command line prints stored
text too, without importing the terminal UI.
"""

from __future__ import annotations

import json
import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Format characters drawn as nothing (Unicode category Cf, zero width): zero-width
#: space, non-joiner and joiner, the Mongolian vowel separator, the word joiner and
#: invisible operators, the deprecated shaping controls, the byte-order mark,
#: interlinear annotation marks, the Egyptian, shorthand and musical format
#: controls, and the whole tag block (U+E0000-U+E007F: invisible copies of ASCII).
#: Those Cf characters drawn with a glyph (the soft hyphen, Arabic number signs)
#: are not here.
_INVISIBLE = (
    "\u180e\u200b-\u200d\u2060-\u2065\u206a-\u206f\ufeff\ufff9-\ufffb"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f"
)
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}{_INVISIBLE}]")
_UNSAFE_KEEP_NEWLINES = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}{_INVISIBLE}]")

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
    """``text`` with control characters, bidi overrides and invisible characters
    made visible.

    Every character (code point: a tag character outside the Basic
    Multilingual Plane too) becomes exactly one character, so offsets into
    the text (mentions, matched words) stay valid. With ``multiline``
    newlines are kept (a carriage return becomes a space); otherwise every
    line break becomes a space.
    """
    if multiline:
        return _UNSAFE_KEEP_NEWLINES.sub(_stand_in, text)
    return _UNSAFE.sub(_stand_in, text)


def without_unsafe(text: str) -> str:
    """``text`` without control, bidi and invisible characters (nor line breaks):
    for short values read from a web page (its title, site, author), where they
    carry nothing and no offset refers to them."""
    return _UNSAFE.sub("", text)


def is_printable(text: str, *, multiline: bool = False) -> bool:
    """True when :func:`printable` would not change ``text``."""
    pattern = _UNSAFE_KEEP_NEWLINES if multiline else _UNSAFE
    return pattern.search(text) is None


_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029{_BIDI}{_INVISIBLE}]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # a tag character: JSON writes it as a UTF-16 surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_text(data: object) -> str:
    """``data`` as indented JSON that is safe to print and loses nothing.

    Non-ASCII text stays readable (``ensure_ascii=False``); the characters
    that could act on a terminal or hide in it are written as ``\\uXXXX``
    escapes (JSON already escapes the C0 controls), which every JSON reader
    decodes back.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(_json_escape, text)
