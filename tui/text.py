"""Untrusted text as Textual content, never as markup.

Every string that comes from the corpus (article text, titles, outlets,
aliases, annotations) reaches a widget through these helpers: control
characters and bidi overrides are made visible by
:func:`store.sanitize.printable`, and the result is a :class:`Content`, which
Textual renders literally. A ``[@click=...]`` in an article stays text.
"""

from __future__ import annotations

from textual.content import Content
from textual.style import Style

from store.sanitize import printable


def literal(text: str, style: Style | str = "", *, multiline: bool = False) -> Content:
    """``text`` as literal content in ``style``."""
    return Content.styled(printable(text, multiline=multiline), style)


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
