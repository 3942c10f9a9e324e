"""Folding for matching, and making untrusted text safe for a terminal."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from store.fold import fold, squash
from store.sanitize import is_printable, printable


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_fold_keeps_length_so_offsets_stay_valid(text: str) -> None:
    assert len(fold(text)) == len(text)


def test_fold_ignores_case_accents_and_typographic_forms() -> None:
    assert fold("Iraq’s") == fold("IRAQ'S") == "iraq's"
    assert fold("Al-Hashd Al-Sha’bi") == "al-hashd al-sha'bi"
    assert fold("Muḥandis") == "muhandis"
    assert fold("“quoted” – dash") == '"quoted" - dash'
    assert squash("  Two\n lines  ") == "two lines"


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_printable_leaves_no_control_or_bidi_character(text: str) -> None:
    for multiline in (False, True):
        shown = printable(text, multiline=multiline)
        assert is_printable(shown, multiline=multiline)
        for ch in shown:
            code = ord(ch)
            assert not (code < 0x20 and ch != "\n") and not (0x7F <= code <= 0x9F)
            assert ch not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        assert len(shown) == len(text)  # offsets stay valid
        if not multiline:
            assert "\n" not in shown


def test_printable_makes_escape_sequences_visible() -> None:
    assert printable("a\x1b[2Jb") == "a␛[2Jb"
    assert printable("\x1b]52;c;SGVsbG8=\x07") == "␛]52;c;SGVsbG8=␇"
    assert printable("evil\u202eexe.txt") == "evil\ufffdexe.txt"
    assert printable("one\r\ntwo", multiline=True) == "one \ntwo"
    assert printable("plain [bold]text[/]") == "plain [bold]text[/]"
