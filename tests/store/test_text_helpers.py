"""Folding for matching, and making untrusted text safe for a terminal."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from store.fold import fold, squash
from store.sanitize import is_printable, json_text, printable
from store.search.text import PARTICLES, normalise_word, term_spans


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


# Invisible characters: zero-width spaces and joiners, the byte-order mark, the
# word joiner and invisible operators, the Mongolian vowel separator, and tag
# characters (outside the Basic Multilingual Plane: one code point each).
INVISIBLE = (
    "\u200b\u200c\u200d\ufeff\u2060\u2061\u2062\u2063\u2064\u180e"
    "\U000e0000\U000e0001\U000e0020\U000e0041\U000e007e\U000e007f"
)


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(), st.sampled_from(INVISIBLE), st.characters(min_codepoint=0xE0000)
        )
    )
)
def test_printable_leaves_no_invisible_character_and_keeps_length(text: str) -> None:
    for multiline in (False, True):
        shown = printable(text, multiline=multiline)
        assert len(shown) == len(text)  # one code point for one: offsets stay valid
        assert is_printable(shown, multiline=multiline)
        assert not any(ch in INVISIBLE or 0xE0000 <= ord(ch) <= 0xE007F for ch in shown)
        # Nothing else moves: every character printable keeps is kept in place.
        for before, after in zip(text, shown, strict=True):
            assert after == before or after in "\ufffd " or 0x2400 <= ord(after) <= 0x2421


def test_invisible_characters_become_visible_stand_ins() -> None:
    assert printable("Kata\u200bib\ufeff Hez\u200dbollah") == "Kata\ufffdib\ufffd Hez\ufffdbollah"
    hidden = "ok" + "".join(chr(0xE0000 + ord(c)) for c in "ignore this") + "."
    assert printable(hidden) == "ok" + "\ufffd" * len("ignore this") + "."
    assert not is_printable("a\u2060b") and not is_printable("\U000e0041")
    assert not is_printable("a\u200bb", multiline=True)
    # The soft hyphen is drawn (one cell) and hides nothing: web text carries it in words.
    assert printable("Kata\u00adib") == "Kata\u00adib" and is_printable("Kata\u00adib")
    # Arabic letters, accents, emoji with their variation selector stay as they are.
    assert is_printable("كتائب حزب الله Muḥandis ❤\ufe0f")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(INVISIBLE))))
def test_json_text_escapes_invisible_characters_and_loses_nothing(text: str) -> None:
    shown = json_text({"text": text})
    assert json.loads(shown) == {"text": text}
    assert not any(ch in INVISIBLE or 0xE0000 <= ord(ch) <= 0xE007F for ch in shown)


def test_json_text_writes_a_tag_character_as_a_surrogate_pair() -> None:
    assert json_text(["\u200b\U000e0041"]) == '[\n  "\\u200b\\udb40\\udc41"\n]'


def _spans_word_by_word(text: str, wanted: set[str]) -> list[tuple[int, int]]:
    """term_spans as it was: every word of the text tried in Python."""
    term = re.compile(r"\w+(?:'\w+)*")
    chunk = re.compile(r"[\w']+(?:-[\w']+)+")
    folded = fold(text)
    found = []
    matched: set[str] = set()
    for match in term.finditer(folded):
        word = match.group()
        if "'" in word:
            word = normalise_word(word)
        if word in wanted:
            found.append(match.span())
            matched.add(word)
    missing = wanted - matched
    if missing and "-" in folded:
        for match in chunk.finditer(folded):
            parts = [normalise_word(p) for p in term.findall(match.group())]
            if "".join(p for p in parts if p not in PARTICLES) in missing:
                found.append(match.span())
    return sorted(found)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Iraq",
                "iraq’s",
                "Iraqi",
                "Kata'ib",
                "kataib",
                "al-Kadhimi",
                "x'",
                "'y",
                "''",
                "a-b",
                "Hash'd",
                "é",
                "ab",
                "b",
                "-",
                " ",
                ".",
                "'",
                "’",
                "Ab'c'd",
                "counter-terrorism",
                "\n",
                "1",
                "_",
                "ß",
                "İ",
            ]
        ),
        max_size=30,
    ).map("".join),
    st.sets(
        st.sampled_from(
            [
                "iraq",
                "iraqi",
                "kataib",
                "kadhimi",
                "al",
                "ab",
                "b",
                "abcd",
                "counterterrorism",
                "hashd",
                "x",
                "y",
                "e",
                "1",
                "_",
                "ss",
            ]
        )
    ),
)
def test_term_spans_finds_what_trying_every_word_found(text: str, wanted: set[str]) -> None:
    assert term_spans(text, wanted) == _spans_word_by_word(text, wanted)
