"""Reusable widgets with their own ``DEFAULT_CSS``: :mod:`.rows`, the
keyboard-driven list every pane is built on.
"""

__all__ = ["rows"]
