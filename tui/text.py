"""Untrusted text as Textual content, never as markup.

Every string that comes from the corpus (article text, titles, outlets,
aliases, annotations) reaches a widget through these helpers: control
characters, bidi overrides and invisible characters (zero-width, tags) are
made visible by :func:`store.sanitize.printable`, and the result is a
:class:`Content`, which Textual renders literally. A ``[@click=...]`` in an article stays text.

Sanitising maps every character to exactly one character, so offsets into the
original text (mentions, matched words) can be highlighted on the result.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.content import Content
from textual.style import Style

from store import printable

#: How a matched word or a mention stands out, with or without colour.
MATCH = "bold underline $accent"
#: The mention under the reader's cursor.
CURRENT = "bold reverse"
MUTED = "$text-muted"


def literal(text: str, style: Style | str = "", *, multiline: bool = False) -> Content:
    """``text`` as literal content in ``style``."""
    return Content.styled(printable(text, multiline=multiline), style)


def highlighted(
    text: str,
    spans: Iterable[tuple[int, int]],
    *,
    style: str = "",
    match: str = MATCH,
    multiline: bool = False,
    current: tuple[int, int] | None = None,
) -> Content:
    """``text`` literally, with ``spans`` (offsets into ``text``) highlighted."""
    content = Content.styled(printable(text, multiline=multiline), style)
    return highlighted_more(content, spans, match, current=current)


#: An automatic mention (a close variant of a name, in the user's own article).
AUTO = "underline italic $warning"
#: An adjective of an entity ("Iraqi"): lit apart from names, more quietly.
ADJECTIVE = "underline $text-muted"
#: A date the text gives ("last Thursday"), resolved.
DATE = "italic $success"
#: A date that could mean another day, or depends on an estimated publication date.
UNSURE_DATE = "italic bold $warning"


def highlighted_more(
    content: Content,
    spans: Iterable[tuple[int, int]],
    style: str,
    *,
    current: tuple[int, int] | None = None,
) -> Content:
    """``content`` with more ``spans`` highlighted in ``style``."""
    length = len(content.plain)
    for start, end in spans:
        start, end = max(0, start), min(length, end)
        if start < end:
            content = content.stylize(CURRENT if (start, end) == current else style, start, end)
    return content


def join(*parts: Content | tuple[str, str] | str) -> Content:
    """Assemble content from pieces; plain ``str`` pieces must be our own words.

    Untrusted pieces go in as :func:`literal` content or as ``(text, style)``
    tuples, whose text is sanitised here.
    """
    cleaned: list[Content | tuple[str, str] | str] = []
    for part in parts:
        if isinstance(part, tuple):
            cleaned.append((printable(part[0]), part[1]))
        else:
            cleaned.append(part)
    return Content.assemble(*cleaned)


def badge(label: str, style: str = "bold $accent") -> Content:
    """A short label such as ``ENTITY``, in our own words."""
    return Content.styled(f" {label} ", f"{style} reverse")


def cell(text: str, style: str = "") -> Text:
    """A table cell (``DataTable`` takes Rich text) that is never parsed as markup."""
    return Text(printable(text), style=style, no_wrap=True)


def around(text: str, start: int, end: int, width: int = 70) -> str:
    """The words around ``text[start:end]``, on one line, starting a few words before."""
    left = text[max(0, start - 24) : start]
    if start > 24:
        left = "…" + left.split(" ", 1)[-1] if " " in left else "…" + left
    line = " ".join((left + text[start:]).split())
    return line if len(line) <= width else line[: width - 1] + "…"
