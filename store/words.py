"""Words for messages: a count with its noun, and a "did you mean" for a near miss.

Every message dossier prints, on the command line or in the explorer, says
"1 mention" and "2 mentions", and suggests the nearest known spelling the same
way; both are written here once.
"""

from __future__ import annotations

from collections.abc import Iterable


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``count`` with its noun: ``1 mention``, ``2 mentions``, ``0 entries``."""
    if count == 1:
        return f"1 {noun}"
    return f"{count} {plural_form or noun + 's'}"


def closest(word: str, choices: Iterable[str], *, cutoff: float = 60) -> str | None:
    """The choice nearest ``word`` (rapidfuzz ``WRatio``), if any is at least ``cutoff``."""
    from rapidfuzz import process  # only when something is wrong

    best = process.extractOne(word, list(choices), score_cutoff=cutoff)
    return str(best[0]) if best else None


def did_you_mean(word: str, choices: Iterable[str], *, cutoff: float = 60) -> str:
    """``did you mean 'x'?`` for the choice nearest ``word``, or ``""`` when none is near."""
    near = closest(word, choices, cutoff=cutoff)
    return f"did you mean {near!r}?" if near else ""


def in_parentheses(hint: str) -> str:
    """A hint to append to a message: `` (did you mean 'x'?)``, or ``""`` for no hint."""
    return f" ({hint})" if hint else ""
