"""``dossier lookup``: a card for the best match, printed with Rich.

For a writer in another terminal: the fact and where it comes from, in well
under a second, then back to the draft. The cards are drawn from the same
dictionaries ``--json`` prints (:mod:`store.cards`), so the two always agree.

Rich, never Textual: this module is imported by the command line on every
lookup, and Textual alone takes longer to import than the whole lookup may.
Every piece of stored text goes through :func:`store.sanitize.printable` and
into a :class:`rich.text.Text` (never parsed as markup). On a terminal the
card is coloured and wrapped to its width (with ``NO_COLOR``, wrapped with no
escape code at all); piped, it is plain text, one line per paragraph.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from rich.text import Text

from store import printable

if TYPE_CHECKING:
    from rich.console import Console

#: Longest excerpt shown on a card (characters); ``--json`` has the full text.
EXCERPT_CHARS = 320

HEAD = "bold"
LABEL = "bold cyan"
MUTED = "dim"
MATCH = "bold yellow"
WARN = "bold red"


def console(stream: TextIO | None = None) -> Console | None:
    """A console for a terminal: styled unless ``NO_COLOR``, wrapped to its width;
    ``None`` for a pipe or a file, where each paragraph is one plain line (and
    Rich's console, a good part of a lookup's start, is not even imported).

    ``NO_COLOR`` (https://no-color.org) asks for no colour; a card's bold and
    dim are colour's stand-ins, so it sends no escape code at all, but long
    lines still wrap under their own start.
    """
    stream = stream or sys.stdout
    if not stream.isatty():
        return None
    from rich.console import Console

    class _Console(Console):
        """Rich's console, but a closed pipe is the command line's to handle: Rich
        would exit with code 1 (``dossier lookup … | head -1`` found what it
        looked for)."""

        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    styled = not os.environ.get("NO_COLOR")
    return _Console(
        file=stream,
        force_terminal=True,
        no_color=not styled,
        color_system="auto" if styled else None,
        highlight=False,
        markup=False,
        emoji=False,
    )


def _t(value: object, style: str = "") -> Text:
    return Text(printable(str(value)), style=style)


def _line(*parts: Text | str | tuple[object, str]) -> Text:
    line = Text()
    for part in parts:
        if isinstance(part, Text):
            line.append_text(part)
        elif isinstance(part, tuple):
            line.append_text(_t(part[0], part[1]))
        else:
            line.append(part)
    return line


def _clip(text: str, limit: int = EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > limit // 2 else limit] + " …"


def _quote(text: str, indent: str = "    ") -> Text:
    return _line(indent, (f"“{_clip(text)}”", ""))


def _section(title: str) -> Text:
    return _line("\n", (title, LABEL))


def highlighted(text: str, spans: Iterable[Sequence[int]], style: str = MATCH) -> Text:
    """``text`` with the matched words lit."""
    out = _t(text)
    for start, end in spans:
        out.stylize(style, start, end)
    return out


def entity_lines(card: dict[str, Any]) -> list[Text]:
    """An entity: type, aliases, description, relations, key events, top excerpts."""
    lines = [_line((card["title"], HEAD), "  ", (card["type"], MUTED))]
    others = [a for a in card["aliases"] if a != card["title"]]
    if others:
        lines.append(_line(("also ", MUTED), _t(" · ".join(others))))
    if card["description"]:
        lines.append(_t(card["description"]))
    lines.append(_line((f"{card['mentions']} mentions in the corpus", MUTED)))
    if card["relations"]:
        lines.append(_section("Relations"))
        for rel in card["relations"]:
            if rel["direction"] == "out":
                lines.append(_line("  ", (rel["verb"], "italic"), " ", (rel["name"], HEAD)))
            else:
                # Said of whom: "Ahmad Mulla Talal speaks for Mustafa al-Kadhimi".
                lines.append(
                    _line(
                        "  ",
                        (rel["name"], HEAD),
                        " ",
                        (f"{rel['verb']} ", "italic"),
                        (card["title"], "italic"),
                    )
                )
    if card["events"]:
        shown, total = len(card["events"]), card["event_count"]
        more = f" ({shown} of {total}, most reported)" if total > shown else ""
        lines.append(_line(_section("Key events"), (more, MUTED)))
        width = max(len(event["label"]) for event in card["events"])
        for event in card["events"]:
            label = (f"{event['label']:<{width}}", MUTED)
            lines.append(_line("  ", label, "  ", _t(event["title"])))
    if card["excerpts"]:
        lines.append(_section("Top excerpts"))
        for excerpt in card["excerpts"]:
            flag = "" if excerpt["kind"] in ("body", "headline", "summary") else excerpt["kind"]
            lines.append(
                _line(
                    "  ",
                    (excerpt["citation"], HEAD),
                    (f"  [{flag}]" if flag else "", WARN),
                    "  ",
                    (excerpt["paragraph"], MUTED),
                )
            )
            lines.append(_quote(excerpt["text"]))
    return lines


def event_lines(card: dict[str, Any]) -> list[Text]:
    """An event: date and precision, place, participants, each source, disagreements."""
    precision = card["precision"] + (", estimated" if card["estimated"] else "")
    lines = [_line((card["title"], HEAD), "  ", (card["type"], MUTED))]
    where = card["location"]["name"] if card["location"] else None
    lines.append(
        _line(
            (card["label"], HEAD),
            (f"  ({precision})", MUTED),
            ("  · " if where else "", MUTED),
            (where or "", ""),
        )
    )
    if card["dates_disputed"]:
        lines.append(_line(("Sources date it differently: see below.", WARN)))
    if card["participants"]:
        lines.append(_section("Participants"))
        for p in card["participants"]:
            lines.append(_line("  ", (p["name"], HEAD), "  ", (p["role"], MUTED)))
    if card["sources"]:
        lines.append(_section("What each source says"))
        for s in card["sources"]:
            dating = Text()
            if s["date_phrase"]:
                dating = _line(
                    "  ",
                    (f"“{s['date_phrase']}”", "italic"),
                    (f" → {s['resolved']}" if s["resolved"] else "", ""),
                    ("" if s["agrees"] else "  disagrees", WARN),
                )
            lines.append(_line("  ", (s["citation"], HEAD), dating))
            lines.append(_quote(s["quote"]))
    disputed = [c for c in card["claims"] if c["disagreement"]]
    if disputed:
        lines.append(_section("Where the sources disagree"))
        for claim in disputed:
            lines.append(_line("  ", (claim["question"], HEAD)))
            for value in claim["values"]:
                sources = "  — " + ", ".join(dict.fromkeys(value["sources"]))
                lines.append(_line("    ", (value["value"], ""), (sources, MUTED)))
            if claim["self_contradictions"]:
                who = ", ".join(claim["self_contradictions"])
                lines.append(_line("    ", (f"{who} says more than one of these", WARN)))
    agreed = [c for c in card["claims"] if not c["disagreement"]]
    if agreed:
        lines.append(_section("Also established"))
        for claim in agreed:
            answers = "; ".join(v["value"] for v in claim["values"])
            lines.append(_line("  ", (claim["question"], ""), "  ", (answers, MUTED)))
    return lines


def paragraph_lines(card: dict[str, Any]) -> list[Text]:
    """A paragraph: where it is from, its text, its citation."""
    kind = card["paragraph_kind"]
    lines = [
        _line(
            (card["title"], HEAD),
            ("" if card["reporting"] else f"  [{kind}: not the article's own reporting]", WARN),
            "  ",
            (card["id"], MUTED),
        ),
        _t(" ".join(card["text"].split())),
        _section("Cite"),
        _line("  ", _t(card["citation"])),
        _line("  ", (card["pandoc_citation"], "")),
        _line("  ", (f"dossier cite {card['id']} --format markdown|pandoc|csl-json", MUTED)),
    ]
    return lines


def article_lines(card: dict[str, Any]) -> list[Text]:
    """An article: title, outlet, author, date and how sure it is, URL."""
    lines = [
        _line((card["title"], HEAD)),
        _line(
            (card["outlet"], ""),
            (" · ", MUTED),
            (card["author"] or "author not named", "italic"),
            (" · ", MUTED),
            (card["published_label"], ""),
        ),
    ]
    if card["published_note"]:
        lines.append(_line(("date estimated: ", MUTED), _t(card["published_note"])))
    lines.append(_line((card["url"] or "original page unknown", MUTED)))
    lines.append(_line((f"{card['paragraphs']} paragraphs · {card['id']}", MUTED)))
    return lines


def card_lines(card: dict[str, Any]) -> list[Text]:
    """The lines of a card, whatever its kind."""
    draw = {
        "entity": entity_lines,
        "event": event_lines,
        "paragraph": paragraph_lines,
        "article": article_lines,
    }
    return draw[card["kind"]](card)


def hit_lines(hits: Sequence[dict[str, Any]]) -> list[Text]:
    """Ranked hits, one numbered entry each: kind, title, id, and the matched words."""
    width = len(str(len(hits)))
    lines = []
    for number, hit in enumerate(hits, start=1):
        lines.append(
            _line(
                (f"{number:>{width}}. ", MUTED),
                (f"{hit['kind']:<9} ", LABEL),
                (hit["title"], HEAD),
                "  ",
                (hit["id"], MUTED),
            )
        )
        snippet, spans = _after_title(hit)
        if snippet:
            lines.append(_line(" " * (width + 2), highlighted(snippet, spans)))
    return lines


def _after_title(hit: dict[str, Any]) -> tuple[str, list[Sequence[int]]]:
    """A hit's snippet without the title the line above already shows."""
    snippet, title = hit["snippet"], hit["title"]
    if snippet == title:
        return "", []
    prefix = f"{title} — "
    if not snippet.startswith(prefix):
        return snippet, hit["spans"]
    cut = len(prefix)
    spans: list[Sequence[int]] = [
        (max(start, cut) - cut, end - cut) for start, end in hit["spans"] if end > cut
    ]
    return snippet[cut:], spans


def others_line(hits: Sequence[dict[str, Any]]) -> list[Text]:
    """After a card: the next few hits, in case the best was not the one meant."""
    if not hits:
        return []
    line = _line("\n", ("Also: ", MUTED))
    for i, hit in enumerate(hits):
        if i:
            line.append(" · ", MUTED)
        line.append_text(_t(hit["title"]))
        line.append(f" ({hit['kind']})", MUTED)
    line.append("  (--all lists every match)", MUTED)
    return [line]


def print_lines(lines: Iterable[Text], out: Console | None) -> None:
    """Print ``lines``: to a terminal (``out``), coloured, a long line wrapping
    under itself, keeping its indent; else plain, one line each."""
    if out is None:
        sys.stdout.writelines(f"{line.plain}\n" for line in lines)
        return
    for line in lines:
        hang = _hang(line.plain)
        hang = hang if hang < out.width // 2 else 0
        # The rest of the line wraps in a column of its own, under its start
        # (no trailing spaces: a copied line is the text).
        for i, piece in enumerate(line[hang:].wrap(out, out.width - hang)):
            piece.rstrip()
            out.print(Text.assemble(line[:hang] if i == 0 else " " * hang, piece))


def _hang(plain: str) -> int:
    """Where a wrapped line's continuation starts: under the text after a short
    label column ("  2020-06-25    Counter-Terrorism Service raids…"), else under
    the line's own indent (0 for none)."""
    indent = len(plain) - len(plain.lstrip(" "))
    if not indent:
        return 0
    gap = plain.find("  ", indent)
    if 0 < gap <= indent + 16:
        after = len(plain) - len(plain[gap:].lstrip(" "))
        if after < len(plain):
            return after
    return indent
