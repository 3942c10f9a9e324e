"""Reusable widgets of the explorer, each with its DEFAULT_CSS."""
