"""Arabic script, transliterated to the Latin letters English texts spell names with.

The bundled corpus is English: it writes الكاظمي as *Kadhimi* (or *Kazimi*),
كتائب حزب الله as *Kataib Hezbollah*. A query in Arabic script is therefore
also searched as its transliteration, letter by letter, from a small table.
Arabic script writes no short vowels, so the transliteration has few
(``الكاظمي`` gives ``al-kazmi``); it meets the English spellings through the
consonant skeletons of names in :mod:`store.search.text`, which ignore vowels
(``kazmi`` and ``Kadhimi`` both give ``kzm``), and through typos.

Two habits of English spellings are followed: the article ``ال`` is written
``al-`` (a name particle search then sets aside), and ``الله`` is joined to
the word before it (``حزب الله`` is *Hezbollah*, ``نصر الله`` *Nasrallah*).
"""

from __future__ import annotations

import re

#: Letters (Arabic, and the Persian and Urdu ones news names use) and what they
#: are written as. Hamza and ayn become an apostrophe, which terms drop.
LETTERS = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "'", "ؤ": "'", "ئ": "'",
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "'", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "و": "u", "ي": "i", "ى": "a", "ة": "a",
    "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k", "ی": "i", "ۀ": "a", "ە": "a",
    # Short vowels, where a text marks them; other marks (sukun, shadda,
    # tanween, the elongating tatweel) are dropped.
    "\u064e": "a", "\u064f": "u", "\u0650": "i",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4",
    "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9",
    "،": ",", "؛": ";", "؟": "?",
}  # fmt: skip

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_WORD = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+")
_TABLE = {ord(k): v for k, v in LETTERS.items()}
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALLAH = "الله"


def has_arabic(text: str) -> bool:
    """True when ``text`` holds any character of the Arabic script."""
    return _ARABIC.search(text) is not None


def _word(word: str) -> str:
    """One Arabic word in Latin letters, its article as ``al-``."""
    prefix = ""
    if word.startswith(("ال", "أل")) and len(word) > 3:
        prefix, word = "al-", word[2:]
    elif word.startswith(("وال", "بال", "فال", "لل")) and len(word) > 4:
        # and the…, with the…, so the…, for the…: the name after them matters.
        prefix, word = "al-", word[3:] if word[1] != "ل" else word[2:]
    # Waw and ya are consonants at the start of a word (Yusuf, Wasit), long
    # vowels after it (Abu, Mahdi).
    head = {"و": "w", "ي": "y", "ی": "y"}.get(word[:1], "")
    if head:
        word = word[1:]
    # Marked short vowels first (they are in the table), then the other marks.
    latin = _MARKS.sub("", word.translate(_TABLE))
    return prefix + head + latin


def transliterate(text: str) -> str:
    """``text`` with every Arabic word written in Latin letters (the rest unchanged)."""
    words = _WORD.findall(text)
    if not words:
        return text
    out: list[str] = []
    position = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        piece = text[position:start]
        word = match.group()
        if word == _ALLAH and out and not piece.strip() and out[-1] and out[-1][-1].isalpha():
            # حزب الله: one word in English spellings (Hezbollah).
            out.append("allah")
        else:
            out.append(piece)
            out.append(_word(word))
        position = end
    out.append(text[position:])
    return "".join(out)
