"""What a start uses for the script, the measure and the theme: one rule for every choice.

1. ``config.yaml`` sets the defaults.
2. A choice made while reading (``t`` or a script from the command palette, ``+`` and
   ``-``, a theme from the palette) is remembered, and later starts use it, until the
   value in ``config.yaml`` changes: editing ``config.yaml`` is then the newer choice,
   and it wins.
3. A command-line flag (``--script``) applies to that run only and is never remembered.

The status line always shows the script in effect. Each remembered choice is kept
with the ``config.yaml`` value it overrode (``<name>.config``), which is how a later
edit of ``config.yaml`` is recognised.
"""

from __future__ import annotations

from typing import Protocol

CHOICES = ("script", "measure", "theme")


class SettingStore(Protocol):
    """What this module needs of :class:`reader.store.state.Store`."""

    def get_setting(self, name: str) -> str | None:
        """A remembered value, or None."""

    def set_settings(self, values: dict[str, str]) -> None:
        """Remember several values at once."""


def remembered(store: SettingStore | None, name: str, configured: str) -> str | None:
    """The choice remembered for ``name``, unless ``config.yaml`` (now ``configured``)
    changed since it was made; None when the configured default applies."""
    if store is None:
        return None
    value = store.get_setting(name)
    if value is None or store.get_setting(f"{name}.config") != configured:
        return None
    return value


def remember(store: SettingStore, name: str, value: str, configured: str) -> None:
    """Keep the reader's choice ``value`` for ``name``, with the configured value it overrides."""
    if store.get_setting(name) == value and store.get_setting(f"{name}.config") == configured:
        return
    store.set_settings({name: value, f"{name}.config": configured})
