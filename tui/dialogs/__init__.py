"""Modal dialogs of the explorer: a one-line question (:mod:`.prompt`, with the
:class:`~tui.dialogs.prompt.Dialog` base every dialog shares), an entity's type
or the entity a spelling belongs to (:mod:`.entity`), what was copied
(:mod:`.copied`), and the keys of the current screen (:mod:`.help`).
"""

__all__ = ["copied", "entity", "help", "prompt"]
