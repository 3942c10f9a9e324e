"""Cut an article's text into paragraph spans with exact offsets.

Stage two of the ingest pipeline (read → **segment** → classify → ...). It
works on the decoded file exactly as it is, so every span satisfies
``text[start:end]`` being the paragraph and nothing between two spans but
whitespace. Nothing is dropped.

Two layouts occur in saved articles:

* one paragraph per line, paragraphs separated by one newline or by a blank
  line (the seed articles, and most text copied out of a browser);
* hard-wrapped text, where a paragraph runs over several short lines and
  paragraphs are separated by blank lines (e-mail, Markdown, ``fmt`` output).

A file is treated as hard-wrapped only when no line is longer than
:data:`WRAP_WIDTH` and at least one blank-line block has several lines.

A photo credit written at the end of a caption line ("... border (photo
credit: REUTERS)") becomes a paragraph of its own, so that a caption printed
once with its credit and once without is recognised as the same caption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Longest line of a file that can be hard-wrapped.
WRAP_WIDTH = 100

# The lookbehind tries the credit only where a run of spaces starts: tried
# from every space of a long run, "\s+" would rescan the rest of the run each
# time (quadratic), and a match can only start where its run starts anyway.
_TRAILING_CREDIT = re.compile(
    r"""(?<!\s)\s+(
        \(\s*(?:photo|image|picture|video)\s*(?:credit|courtesy|by)?\s*:[^()]*\)
      | \[\s*(?:photo|image|picture|video)\b[^\[\]]*\]
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]$")


@dataclass(frozen=True, slots=True)
class Span:
    """A paragraph's place in the text: ``text[start:end]``, starting on ``line``."""

    start: int
    end: int
    line: int
    joined: bool = False
    """True when the previous paragraph ends on the same line (a split credit)
    or on the line just before it (no blank line between them)."""


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] == "\ufeff"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lines(text: str) -> list[tuple[int, int, int]]:
    """Every line as (start, end, number), end excluding the newline."""
    out = []
    pos = 0
    number = 1
    while pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl == -1 else nl
        out.append((pos, end, number))
        if nl == -1:
            break
        pos = nl + 1
        number += 1
    return out


def is_hard_wrapped(text: str) -> bool:
    """Whether paragraphs run over several lines separated by blank lines.

    True when no line is longer than :data:`WRAP_WIDTH`, some blank-line block
    has several lines, and most lines inside such blocks (all but each block's
    last) do not end a sentence: wrapped lines break mid-sentence, while short
    one-line paragraphs each end with a full stop.
    """
    stripped = [text[s:e].strip().lstrip("\ufeff") for s, e, _ in _lines(text)]
    if not stripped or max(map(len, stripped)) > WRAP_WIDTH:
        return False
    inner: list[str] = []  # lines followed by another line of the same block
    for line, following in zip(stripped, stripped[1:] + [""], strict=True):
        if line and following:
            inner.append(line)
    if not inner:
        return False
    ended = sum(1 for line in inner if _SENTENCE_END.search(line))
    return ended / len(inner) < 0.5


def _split_credit(text: str, start: int, end: int, line: int, joined: bool) -> list[Span]:
    match = _TRAILING_CREDIT.search(text, start, end)
    if not match or match.start() == start:
        return [Span(start, end, line, joined)]
    head_end = _strip(text, start, match.start())[1]
    if head_end <= start:
        return [Span(start, end, line, joined)]
    credit_start = match.start(1)
    credit_line = line + text.count("\n", start, credit_start)
    return [Span(start, head_end, line, joined), Span(credit_start, end, credit_line, True)]


def segment(text: str) -> tuple[Span, ...]:
    """The paragraphs of ``text`` as spans, in order."""
    spans: list[Span] = []
    lines = _lines(text)
    if is_hard_wrapped(text):
        block: list[tuple[int, int, int]] = []
        for item in lines + [(len(text), len(text), -1)]:
            s, e, _ = item
            if item[2] != -1 and text[s:e].strip().lstrip("\ufeff"):
                block.append(item)
                continue
            if block:
                start, end = _strip(text, block[0][0], block[-1][1])
                line = text.count("\n", 0, start) + 1
                spans.extend(_split_credit(text, start, end, line, False))
                block = []
        return tuple(spans)
    previous_line = -10
    for s, e, number in lines:
        start, end = _strip(text, s, e)
        if start == end:
            continue
        joined = number == previous_line + 1
        spans.extend(_split_credit(text, start, end, number, joined))
        previous_line = number
    return tuple(spans)
