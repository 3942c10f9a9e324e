"""The explorer's screens, one module each, with its ``.tcss`` beside it: the
main search / detail / excerpts screen, the reader, the timeline, the sources,
the disagreements, the evidence tray and the new-entity candidates.
:mod:`.base` gives every screen the app, typed.
"""

__all__ = [
    "base",
    "candidates",
    "disagreements",
    "loading",
    "main",
    "reader",
    "sources",
    "timeline",
    "tray",
]
